"""[E3] #11: the plain reader finds an object version's offset in the revision's own xref section
(``PlainObjects._offset``) where pyHanko's ``get_historical_ref`` would walk the sections back; the answer
is pyHanko's for every object number any section names, in every revision, with its own generation and
with others (reused numbers, freed entries, objects in object streams), and the objects read are the same."""

from __future__ import annotations

from test_e3_speed_written import _files, _reader

from eseal.engine.pdf.verify.plain_objects import PlainObjects, Ref, Unsure


def _named(reader) -> set[Ref]:
    """Every (number, generation) any section names, with the neighbouring generations too."""
    keys: set[Ref] = set()
    for rev in range(reader.xrefs.total_revisions):
        data = reader.xrefs.get_xref_data(rev)
        pairs = set(data.explicit_refs_in_revision) | {(n, g) for n, (g, _o) in data.standard_xrefs.items()}
        pairs |= {(n, 0) for n in data.xrefs_in_objstm} | {(n, g - 1) for n, g in data.freed.items() if g > 0}
        for num, gen in pairs:
            keys |= {Ref(num, gen), Ref(num, gen + 1)} | ({Ref(num, gen - 1)} if gen else set())
    return keys


def test_offsets_equal_pyhankos_historical_ref():
    compared = objstm = 0
    for data in _files():
        reader = _reader(data)
        objs = PlainObjects(reader, data)
        for key in sorted(_named(reader)):
            for rev in range(reader.xrefs.total_revisions):
                expected = reader.xrefs.get_historical_ref(key, rev)
                assert objs._offset(key, rev) == expected, (key, rev)
                compared += 1
                objstm += not isinstance(expected, int) and expected is not None
    assert compared > 3000 and objstm > 10, (compared, objstm)


def test_objects_read_equal_a_fresh_reader_asking_pyhanko_for_the_offset(monkeypatch):
    """Every object version read through the section tables is the one read at pyHanko's offset."""
    checked = 0
    for data in _files():
        reader = _reader(data)
        fast, slow = PlainObjects(reader, data), PlainObjects(reader, data)
        monkeypatch.setattr(slow, "_offset", lambda key, rev: reader.xrefs.get_historical_ref(key, rev))
        for rev in range(reader.xrefs.total_revisions):
            for key in sorted(fast._explicit(rev)):
                results = []
                for objs in (fast, slow):
                    try:
                        results.append(objs.get(key, rev))
                    except Unsure as exc:
                        results.append(("unsure", str(exc)))
                assert results[0] == results[1], (key, rev)
                checked += 1
    assert checked > 500


def test_the_name_reader_makes_pyhankos_names_before_and_after_install(monkeypatch):
    """pdf_names.read_name binds pyHanko's NameObject once (install), and still makes it when not bound."""
    import io

    from pyhanko.pdf_utils import generic

    from eseal.engine.pdf.verify import pdf_names

    pdf_names.install()
    for bound in (pdf_names._name_object, None):
        monkeypatch.setattr(pdf_names, "_name_object", bound)
        stream = io.BytesIO(b"/Annots [")
        name = pdf_names.read_name(stream)
        assert type(name) is generic.NameObject and name == "/Annots" and stream.tell() == 7
