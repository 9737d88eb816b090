"""Property-based robustness: arbitrary and mutated bytes only ever raise SesFormatError.

And whatever parses must also verify without raising (a verifier must report, not crash).
Bounded (max_examples 200, no deadline) so the file runs in seconds.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ses_helpers import DOC
from ses_v1 import build_v1_seal, build_v1_signature

from eseal.engine import ses
from eseal.engine.gm.sm3 import sm3

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


def _exercise(data: bytes) -> None:
    for parse in (ses.parse_seal, ses.parse_signature, ses.parse_any):
        try:
            obj = parse(data)
        except ses.SesFormatError as exc:
            assert str(exc)  # message names the problem
            continue
        if isinstance(obj, ses.Seal):
            assert all(isinstance(r, ses.CheckResult) for r in ses.verify_seal(obj))
        else:
            assert all(isinstance(r, ses.CheckResult) for r in ses.verify_signature(obj, data=DOC))


@FUZZ
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    _exercise(data)


@FUZZ
@given(st.lists(st.integers(0, 255), min_size=1, max_size=64), st.integers(1, 4))
def test_der_looking_prefixes(body: list[int], depth: int) -> None:
    """Nested SEQUENCE headers with garbage inside get deeper than uniform random bytes do."""
    data = bytes(body)
    for _ in range(depth):
        data = b"\x30" + (bytes([len(data)]) if len(data) < 128 else b"\x82" + len(data).to_bytes(2, "big")) + data
    _exercise(data)


def _mutations() -> st.SearchStrategy:
    return st.lists(
        st.tuples(st.sampled_from(["flip", "set", "delete", "insert", "truncate"]), st.integers(0, 10**9),
                  st.integers(0, 255)),
        min_size=1, max_size=4,
    )


def _mutate(data: bytes, ops: list[tuple[str, int, int]]) -> bytes:
    buf = bytearray(data)
    for op, pos, val in ops:
        if not buf:
            break
        i = pos % len(buf)
        if op == "flip":
            buf[i] ^= 1 << (val % 8)
        elif op == "set":
            buf[i] = val
        elif op == "delete":
            del buf[i]
        elif op == "insert":
            buf.insert(i, val)
        else:
            del buf[i:]
    return bytes(buf)


@pytest.fixture(scope="module")
def stamped_signature(seal_der: bytes, company, ca) -> bytes:
    tsa = ca.tsa("sm2")
    return ses.build_signature(seal_der=seal_der, data_hash=sm3(DOC), property_info="p", signer=company.signer,
                               signer_cert_der=company.cert_der, timestamp=lambda v: tsa.stamp_data(v, "sm3"))


@FUZZ
@given(_mutations(), st.booleans(), st.booleans())
def test_mutated_v4_objects(signature_der: bytes, seal_der: bytes, stamped_signature: bytes, ops,
                            header_bias: bool, stamped: bool) -> None:
    base = (stamped_signature if stamped else signature_der) if header_bias else seal_der
    if header_bias:
        # bias mutations towards the structural bytes in front of the large picture
        ops = [(op, pos % 400, val) for op, pos, val in ops] if not stamped else ops
    _exercise(_mutate(base, ops))


@FUZZ
@given(_mutations())
def test_mutated_v1_objects(ca, company, picture, ops) -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    seal = build_v1_seal(maker_signer=ca.maker_signer(), maker_cert=ca.maker_cert.dump(), certs=[company.cert_der],
                         name="n", es_id="e", seal_type=1, picture=b"p", start=now, end=now + dt.timedelta(days=1))
    sig = build_v1_signature(seal_der=seal, signer=company.signer, signer_cert=company.cert_der,
                             time_info=b"2026-01-01 10:00:00", data_hash=sm3(DOC), property_info="x")
    _exercise(_mutate(sig, ops))
    _exercise(_mutate(seal, [(op, pos % 200, v) for op, pos, v in ops]))


def test_specific_malformations_name_the_field(seal_der: bytes) -> None:
    cases = {
        b"": "empty input",
        b"\x30\x80\x00\x00": "indefinite length",
        b"\x30\x05\x02\x01": "runs past the end",
        b"\x04\x00": "expected SEQUENCE",
        b"\x30\x84\xff\xff\xff\xff": "runs past the end",
        b"\x30\x89" + b"\x01" * 9: "too large",
        b"\x30\x00": "SESeal: has 0 elements",
    }
    for data, needle in cases.items():
        try:
            ses.parse_seal(data)
        except ses.SesFormatError as exc:
            assert needle in str(exc), (data, str(exc))
        else:
            raise AssertionError(f"{data!r} parsed")
    # wrong header ID deep inside names the full path
    bad = seal_der.replace(b"\x16\x02ES", b"\x16\x02EX", 1)
    try:
        ses.parse_seal(bad)
    except ses.SesFormatError as exc:
        assert exc.field == "SESeal.eSealInfo.header.ID"
    else:
        raise AssertionError("bad header ID accepted")


def test_not_bytes_is_a_format_error() -> None:
    try:
        ses.parse_seal("text")  # type: ignore[arg-type]
    except ses.SesFormatError as exc:
        assert "expected bytes" in str(exc)
