"""[E3] #11: the fast PDF array reader (verify/pdf_arrays.py) reads exactly as pyHanko's does — the same
values of the same types, the same references and ``container_ref``, the same stream position, the same
error — on arrays it reads itself and on those it hands back; and every object of a multi-seal file parses
to the same pyHanko objects with and without it. (Speed itself: bench/pdf.py --multi.)"""

from __future__ import annotations

import io

import pytest
from _verify_pki import base_pdf, every_object_dump, sign_gm_pdf

from eseal.engine.pdf.verify import pdf_arrays

ARRAY_CASES = [
    b"[ 1 0 R 2 0 R ]", b"[1 0 R]", b"[]", b"[ ]", b"[\n1 0 R\r\n2 0 R\n]", b"[ 0 0 595.2756 841.8898 ]",
    b"[1 2 3]", b"[ 5 1 0 R ]", b"[ 1 2 R ]", b"[ 1 00000 R ]", b"[ 1 000000 R ]", b"[ 01 0 R ]", b"[ 0 0 R ]",
    b"[ 1  0 R ]", b"[ 1\t0 R ]", b"[ 1 0\nR ]", b"[\t1 2 ]", b"[ 1 2 ]%c\n", b"[ 1 %c\n 2 ]", b"[ 1 0 Rx ]",
    b"[ 1 0 R0 ]", b"[ +5 -3 -0 +.5 -.5 5. .5 -1.25 ]", b"[ 1-2 ]", b"[ 1,2 ]", b"[ 1.2.3 ]", b"[ . ]",
    b"[ - ]", b"[ + ]", b"[ 12345678901 0 R ]", b"[ 1234567890 12345 R ]", b"[ 1234567890 123456 R ]",
    b"[ 1234567890123456789 ]", b"[ 123456789012345678 ]", b"[ 1 0 R", b"[ 1 2", b"[", b"1 0 R ]",
    b"[ /Name 1 ]", b"[ [ 1 2 ] ]", b"[ (s) ]", b"[ <41> ]", b"[ true ]", b"[ null ]", b"[ << >> ]",
    b"[ 1 0 R ] trailing", b"[ 1 2 ]]", b"[ 1\x000 R ]", b"[ 1 0 R\x00]", b"[ 2 0 R 2 0 R ]",
    b"[ " + b" ".join(b"%d 0 R" % i for i in range(1, 2000)) + b" ]",
    b"[ " + b" ".join(b"%d" % i for i in range(1, 3000)) + b" ]",
]


class _Handler:
    def get_pdf_handler(self):
        return self


def _read(fn, data: bytes, container_ref):
    from pyhanko.pdf_utils import generic

    s = io.BytesIO(data)
    try:
        value = fn(s, container_ref, in_content_stream=generic.ContentOpReading.NO)
    except Exception as exc:  # the same error class as pyHanko's reader
        return ("error", type(exc).__name__)
    items = [(type(v).__name__, "null" if isinstance(v, generic.NullObject) else repr(v), v.container_ref is container_ref,
              getattr(getattr(v, "reference", None), "pdf", None) is container_ref) for v in value]
    return (type(value).__name__, items, s.tell())


@pytest.mark.parametrize("data", ARRAY_CASES, ids=lambda d: d[:40].decode("latin-1"))
def test_fast_array_reader_reads_as_pyhanko_does(data):
    from pyhanko.pdf_utils import generic

    pdf_arrays.install()
    assert generic.ArrayObject.read_from_stream is pdf_arrays.read_array
    handler = _Handler()
    assert _read(pdf_arrays.read_array, data, handler) == _read(pdf_arrays._original, data, handler)


def test_inside_a_content_stream_pyhankos_reader_decides():
    from pyhanko.pdf_utils import generic

    for mode in (generic.ContentOpReading.GRAPHIC_OPS, generic.ContentOpReading.IN_OBJECT):
        fast, slow = io.BytesIO(b"[ 1 0 R ]"), io.BytesIO(b"[ 1 0 R ]")
        try:
            a = repr(pdf_arrays.read_array(fast, _Handler(), in_content_stream=mode))
        except Exception as exc:
            a = type(exc).__name__
        try:
            b = repr(pdf_arrays._original(slow, _Handler(), in_content_stream=mode))
        except Exception as exc:
            b = type(exc).__name__
        assert (a, fast.tell()) == (b, slow.tell())


def test_every_object_of_a_multi_seal_file_parses_as_with_pyhankos_reader():
    from _verify_pki import gm_pki
    from pyhanko.pdf_utils import generic

    from eseal.engine.pdf.sign.gm import sign_gm
    from eseal.engine.pdf.stamp.placement import StampRequest

    g = gm_pki()
    pdf = sign_gm(sign_gm_pdf(base_pdf(4)), seal_der=g.seal_der, signer=g.signer,
                  signer_cert_der=g.signer_cert.dump(), request=StampRequest(mode="multi"), claimed_time_only=True)

    pdf_arrays.install()
    fast = every_object_dump(pdf)
    generic.ArrayObject.read_from_stream = staticmethod(pdf_arrays._original)  # type: ignore[method-assign]
    try:
        slow = every_object_dump(pdf)
    finally:
        pdf_arrays.install()
    assert len(fast) > 20 and fast == slow
