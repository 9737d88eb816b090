"""Build the golden corpus: PDFs, trust material and the expected JSON report of each (run by hand, once).

    .venv/bin/python tests/engine/pdf/golden/make_corpus.py [OUTPUT_DIR]

The PDFs are made with the helpers of the PDF tests (``_verify_pki``, ``_sign_fixtures`` and a few
test-module functions), so the corpus covers what those tests exercise. Each case names a trust set
(a directory of CA certificates and CRLs, no private keys), an optional seal-lifecycle answer and a
validation time. The expected JSON is what the code at generation time wrote (``_golden.verify_case``);
the corpus of this repository was generated before R1's refactor of engine/pdf, from its flat layout.
Re-running makes new keys and times: every file changes, so only re-run when the JSON is meant to change.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # _golden, and the PDF tests' helper modules

import _golden  # noqa: E402
import _sign_fixtures as sf  # noqa: E402
import _verify_pki as vp  # noqa: E402


def _signing() -> Any:
    import importlib
    from types import SimpleNamespace

    from eseal.engine import pdf

    names = {"sign_gm": "eseal.engine.pdf.gm_profile", "sign_pades": "eseal.engine.pdf.pades_profile",
             "StampRequest": "eseal.engine.pdf.stamping", "SealAppearance": "eseal.engine.pdf.appearance"}
    if all(hasattr(pdf, n) for n in names):
        return pdf
    return SimpleNamespace(**{n: getattr(importlib.import_module(m), n) for n, m in names.items()})


def _incremental(doc: bytes, edit: Any) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(doc), strict=False)
    edit(w)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _overlay(w: Any) -> None:
    from pyhanko.pdf_utils import generic

    font = w.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Font"),
        generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
        generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica")}))
    w.add_stream_to_page(0, generic.StreamObject(stream_data=b"q 1 1 1 rg 60 700 400 30 re f 0 0 0 rg "
                                                 b"BT /FX 14 Tf 72 710 Td (AMOUNT: 999,999.00) Tj ET Q"),
                         resources=generic.DictionaryObject({generic.NameObject("/Font"): generic.DictionaryObject(
                             {generic.NameObject("/FX"): font})}))


def _annotation(w: Any) -> None:
    from pyhanko.pdf_utils import generic

    page = w.root["/Pages"]["/Kids"][0].get_object()
    annot = w.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
        generic.NameObject("/Rect"): generic.ArrayObject([generic.NumberObject(x) for x in (60, 700, 460, 730)]),
        generic.NameObject("/Contents"): generic.TextStringObject("AMOUNT 999,999"),
        generic.NameObject("/DA"): generic.TextStringObject("/Helv 14 Tf 0 g")}))
    annots = page.get("/Annots")
    arr = generic.ArrayObject(list(annots.get_object()) if annots is not None else [])
    arr.append(annot)
    page[generic.NameObject("/Annots")] = arr
    w.update_container(page)


def _page_added(w: Any) -> None:
    from pyhanko.pdf_utils import generic

    w.insert_page(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Page"),
        generic.NameObject("/MediaBox"): generic.ArrayObject([generic.NumberObject(x) for x in (0, 0, 595, 842)]),
        generic.NameObject("/Contents"): w.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 50 50 100 100 re f")),
        generic.NameObject("/Resources"): generic.DictionaryObject()}))


def _byte_changed(doc: bytes) -> bytes:
    out = bytearray(doc)
    pos = out.index(b"/MediaBox")  # inside the first signed segment
    out[pos + 1] = ord("N")
    return bytes(out)


def _write_trust(name: str, store: Any, root: Path) -> None:
    """A trust set as files: anchors and helper certificates (PEM), CRLs (DER). No keys."""
    from asn1crypto import pem

    d = root / "trust" / name
    d.mkdir(parents=True, exist_ok=True)
    for i, c in enumerate(store.anchors):
        (d / f"anchor_{i:02d}.pem").write_bytes(pem.armor("CERTIFICATE", c.dump()))
    for i, c in enumerate(store.intermediates):
        (d / f"cert_{i:02d}.pem").write_bytes(pem.armor("CERTIFICATE", c.dump()))
    for i, c in enumerate(store.crls):
        (d / f"crl_{i:02d}.crl").write_bytes(c.dump())


def build(root: Path) -> None:
    import test_attack_pdf as attack
    import test_verify_gm_certs as gm_certs
    import test_verify_gm_holder_certs as holders

    s = _signing()
    pki, g, ca = vp.make_pki(), vp.gm_pki(), sf.ca_material()
    t0 = max(vp.NOW, sf.NOW)
    now = (t0 + timedelta(hours=1)).isoformat()

    def gm(pdf: bytes, **kw: Any) -> bytes:
        return s.sign_gm(pdf, seal_der=g.seal_der, signer=g.signer, signer_cert_der=g.signer_cert.dump(),
                         timestamper=vp.gm_timestamper(), signer_name="杭州测试科技有限公司", **kw)

    def local_gm(pdf: bytes) -> bytes:
        return s.sign_gm(pdf, seal_der=ca.seal_der, signer=ca.sm2_signer, signer_cert_der=ca.sm2_cert_der,
                         timestamper=ca.ca.tsa("sm2"))

    def local_pades(pdf: bytes, **kw: Any) -> bytes:
        return s.sign_pades(pdf, signer=ca.ecdsa_signer, cert=ca.ecdsa_cert, chain=ca.ecdsa_chain,
                            seal_der=ca.seal_der, timestamper=ca.ca.tsa("ecdsa"), **kw)

    gm_doc = vp.sign_gm_pdf(vp.base_pdf())
    pades_doc = vp.sign_pades(vp.base_pdf())  # pyHanko's own signer: a "foreign" PAdES B-T
    three = vp.sign_gm_pdf(vp.sign_gm_pdf(vp.sign_gm_pdf(vp.base_pdf(3), page=1), page=3), page=2)
    holder_doc, holder_trust = holders._revoked_case()
    a, b, c, d = (int(x) for x in attack._byte_range_span(gm_doc).groups())
    from eseal.engine.pki.signer import ECDSASoftwareSigner

    claimed_revoked = s.sign_pades(
        vp.base_pdf(), signer=ECDSASoftwareSigner(pki.revoked.key), cert=pki.revoked.a_cert, chain=[pki.root.a_cert],
        seal_der=None, appearance=s.SealAppearance(sf.red_seal_png(), 40, 40), claimed_time_only=True,
        now=pki.revoked_at - timedelta(days=2))
    lca_crls = [x.dump() for x in ca.ca.crls("ecdsa")]

    cases: list[tuple[str, bytes, str | None, dict[str, Any]]] = [
        ("unsigned", vp.base_pdf(), "full", {}),
        ("gm_single", gm_doc, "full", {}),
        ("gm_multi", gm(vp.base_pdf(3), request=s.StampRequest(mode="multi", pages=(1, 3))), "full", {}),
        ("gm_seam", gm(vp.base_pdf(3), request=s.StampRequest(mode="seam")), "full", {}),
        ("gm_claimed_time", vp.sign_gm_pdf(vp.base_pdf(), timestamp=False), "full", {}),
        ("gm_three_signatures", three, "full", {}),
        ("gm_then_pades", vp.sign_pades(gm_doc, field_name="Later", page=1), "full", {}),
        ("gm_no_trust", gm_doc, None, {}),
        ("gm_byte_changed", _byte_changed(gm_doc), "full", {}),
        ("gm_shadow_overlay", _incremental(gm_doc, _overlay), "full", {}),
        ("gm_bytes_after_eof", gm_doc + b"\n% appended after signing\n1 0 obj (x) endobj\n", "full", {}),
        ("gm_byte_range_forged", attack._resign_with_byte_range(gm_doc, (a, b, c, d - 20)), "full", {}),
        ("gm_field_removed", attack._strip_signature_fields(gm_doc), "full", {}),
        ("gm_seal_expired", vp.sign_gm_pdf(vp.base_pdf(), seal_der=g.expired_seal_der), "full", {}),
        ("gm_signer_expired", gm_certs._signed_with_cert(vp.NOW - timedelta(days=60), vp.NOW - timedelta(days=10)),
         "full", {}),
        ("gm_holder_revoked", holder_doc, "full_holder_crl", {}),
        ("pades_bt_foreign", pades_doc, "full", {}),
        ("pades_claimed_time", vp.sign_pades(vp.base_pdf(), timestamp=False), "full", {}),
        ("pades_untrusted_root", pades_doc, "other_root", {}),
        ("pades_byte_changed", _byte_changed(pades_doc), "full", {}),
        ("pades_annotation_overlay", _incremental(pades_doc, _annotation), "full", {}),
        ("pades_page_added", _incremental(pades_doc, _page_added), "full", {}),
        ("pades_subfilter_swapped", pades_doc.replace(b"/ETSI.CAdES.detached", b"/GBT38540.SES       ", 1),
         "full", {}),
        ("pades_signer_revoked", vp.sign_pades(vp.base_pdf(), pki.revoked), "full", {}),
        ("pades_signer_expired", vp.sign_pades(vp.base_pdf(), pki.expired), "full", {}),
        ("pades_revoked_after_proven_time",
         vp.sign_pades(vp.base_pdf(), pki.revoked, tsa_time=pki.revoked_at - timedelta(days=2)), "full", {}),
        ("pades_revoked_claimed_no_poe", claimed_revoked, "full", {}),
        ("pades_expired_at_validation", vp.sign_pades(vp.base_pdf(), timestamp=False), "full",
         {"now": (t0 + timedelta(days=400)).isoformat()}),
        ("eseal_pades_bt_lifecycle_active", local_pades(sf.make_pdf(1)), "localca", {"lifecycle": "active"}),
        ("eseal_pades_blt_lifecycle_suspended", local_pades(sf.make_pdf(1), lt_crls=lca_crls,
                                                            trust_roots=ca.ca.trust_roots("ecdsa")),
         "localca", {"lifecycle": "suspended"}),
        ("eseal_gm_lifecycle_revoked", local_gm(sf.make_pdf(1)), "localca", {"lifecycle": "revoked"}),
        ("eseal_gm_lifecycle_down", local_gm(sf.make_pdf(2)), "localca", {"lifecycle": None}),
    ]

    for sub in ("corpus", "trust", "expected"):
        shutil.rmtree(root / sub, ignore_errors=True)
        (root / sub).mkdir(parents=True)
    _write_trust("full", vp.full_trust(), root)
    _write_trust("full_holder_crl", holder_trust, root)
    _write_trust("other_root", _golden.api().TrustStore(anchors=[pki.other_root.a_cert]), root)
    _write_trust("localca", _golden.api().TrustStore.from_directory(ca.ca.directory), root)

    manifest = []
    for name, data, trust, extra in cases:
        (root / "corpus" / f"{name}.pdf").write_bytes(data)
        case: dict[str, Any] = {"name": name, "file": f"{name}.pdf", "trust": trust, "now": now, **extra}
        manifest.append(case)
    (root / "cases.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    _golden.CORPUS, _golden.TRUST = root / "corpus", root / "trust"
    for case in manifest:
        text = _golden.verify_case(case)
        (root / "expected" / f"{case['name']}.json").write_text(text, encoding="utf-8")
        rep = json.loads(text)
        print(f"{case['name']:40s} {rep['indication']:14s} {rep['sub_indication']}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
