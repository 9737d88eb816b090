"""[E3] A page tree or a form whose nodes list the same node twice on every level (``/Kids [n n]``, 2^depth
paths) or list themselves: every walk of the engine visits each node once, so verification (public and
unauthenticated in the app) answers instead of walking 2^60 paths. Found by attack in E3 #11's session."""

from __future__ import annotations

import re
import threading

import pytest

from eseal.engine.pdf import Indication, verify_pdf
from eseal.engine.pdf.io.source import has_signature, load_input

DEPTH = 40  # 2^40 paths: minutes without the rule, milliseconds with it


def _pdf(objects: dict[int, bytes]) -> bytes:
    out = b"%PDF-1.7\n"
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[i] if i in offsets else b"0000000000 65535 f \n"
                    for i in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return out


def page_tree_bomb() -> bytes:
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"}
    first = 10
    objs[2] = b"<< /Type /Pages /Kids [3 0 R %d 0 R] /Count 2 >>" % first
    for i in range(DEPTH):
        n = first + i
        kids = b"%d 0 R %d 0 R" % (n + 1, n + 1) if i < DEPTH - 1 else b"3 0 R %d 0 R" % n  # the last lists itself
        objs[n] = b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count 1 >>" % kids
    return _pdf(objs)


def field_tree_bomb() -> bytes:
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [10 0 R] >> >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"}
    for i in range(DEPTH):
        n = 10 + i
        kids = b"/Kids [%d 0 R %d 0 R]" % (n + 1, n + 1) if i < DEPTH - 1 else b"/FT /Tx /V (x)"
        objs[n] = b"<< /T (f%d) %s >>" % (i, kids)
    return _pdf(objs)


def _finishes(fn, seconds: float = 120):
    """Run ``fn`` in a thread; its result, or a failure when it has not answered in ``seconds``."""
    box: dict[str, object] = {}
    t = threading.Thread(target=lambda: box.setdefault("value", fn()), daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "still walking the tree"
    return box["value"]


@pytest.mark.parametrize("make", [page_tree_bomb, field_tree_bomb])
def test_verification_of_a_tree_bomb_answers(make):
    data = make()
    assert len(re.findall(rb" obj", data)) > DEPTH
    report = _finishes(lambda: verify_pdf(data))
    assert report.indication is Indication.INDETERMINATE and not report.signatures


def test_the_size_allowance_walks_a_field_bomb_once():
    doc = load_input(field_tree_bomb()).reader
    assert _finishes(lambda: has_signature(doc)) is False
