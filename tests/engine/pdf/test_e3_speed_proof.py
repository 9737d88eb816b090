"""[E3] #11: the seal proof's helpers as written for speed (``signature_revision._plain_grown`` checks the
entries' types with one set comparison, ``_plain_same_except`` compares copies without the allowed keys)
answer as the plain loops they replace, and leave the objects read untouched."""

from __future__ import annotations

import itertools

from eseal.engine.pdf.verify.plain_objects import Keyword, PdfString, Real, Ref
from eseal.engine.pdf.verify.signature_revision import _plain_grown, _plain_same_except


def _grown_as_before(old_list, new_list, new_refs):
    if not isinstance(old_list, list) or not isinstance(new_list, list):
        return None
    if not all(isinstance(x, Ref) for x in old_list) or not all(isinstance(x, Ref) for x in new_list):
        return None
    if new_list[: len(old_list)] != old_list:
        return None
    added = new_list[len(old_list):]
    return None if any(k not in new_refs for k in added) else added


_VALUES = [Ref(5, 0), Ref(6, 0), Ref(7, 1), (5, 0), [5, 0], 5, Real("5"), Keyword("null"), "/R", PdfString(b"(5)")]


def test_grown_answers_as_the_loop_it_replaces():
    new_refs = {Ref(6, 0), Ref(7, 1)}
    lists = [[], *([v] for v in _VALUES), *([a, b] for a, b in itertools.product(_VALUES, repeat=2))]
    compared = 0
    for old, new in itertools.product(lists[:40], lists):
        assert _plain_grown(old, new, new_refs) == _grown_as_before(old, new, new_refs), (old, new)
        compared += 1
    for odd in (None, {}, (Ref(5, 0),), Ref(5, 0)):
        assert _plain_grown(odd, [Ref(6, 0)], new_refs) is None and _plain_grown([], odd, new_refs) is None
    assert _plain_grown([Ref(5, 0)], [Ref(5, 0), Ref(6, 0), Ref(7, 1)], new_refs) == [Ref(6, 0), Ref(7, 1)]
    assert compared > 1000


def test_same_except_leaves_the_dictionaries_as_read():
    old = {"/Type": "/Page", "/Annots": [Ref(1, 0)], "/SigFlags": 3}
    new = {"/Type": "/Page", "/Annots": [Ref(1, 0), Ref(2, 0)]}
    kept_old, kept_new = {**old}, {**new}
    assert _plain_same_except(old, new, {"/Annots", "/SigFlags"})
    assert not _plain_same_except(old, new, {"/Annots"})
    assert old == kept_old and new == kept_new
