"""The verification report's human strings are Chinese (the manual's UI language).

English engine/pyHanko text belongs in technical fields (``details``, ``byte_range_problems``,
``technical_detail``); a run of 3+ ASCII letters in a ``reason``/``message`` is a leak unless it is a
technical token users see in the manual (ByteRange, SM2, PAdES, …) or a name taken from the document
itself (signature field, certificate subject, SubFilter).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

#: Technical tokens the Chinese UI legitimately contains (standards, algorithms, PDF keys, formats).
TECHNICAL_TOKENS = (
    "GB/T 38540-2020", "GM/T 0031-2014", "GM/T 0031-2025", "GB/T 38540", "GM/T 0031", "GB/T", "GM/T",
    "/ByteRange", "ByteRange", "/SubFilter", "SubFilter", "/Contents", "Contents", "propertyInfo",
    "dataHash", "timeInfo", "SES_Signature", "SESeal", "esID", "SHA-256", "SM2", "SM3", "ECDSA", "RSA",
    "PDF", "PAdES", "CAdES", "CMS", "TSA", "ETSI", "CRL", "DSS", "XMP", "PNG", "UTC", "ID",
)

_ASCII_WORD = re.compile(r"[A-Za-z]{3,}")


def _names(report: Any) -> set[str]:
    """Names that come from the document/PKI, not from our wording (allowed verbatim)."""
    names: set[str] = set()
    for sig in report.signatures:
        names.update(x for x in (sig.field_name, sig.filter, sig.sub_filter, sig.times.timestamp_authority) if x)
        for cert in (sig.signer, sig.seal.maker if sig.seal else None):
            if cert is not None:
                names.update(x for x in (cert.subject, cert.common_name, cert.organization, cert.issuer) if x)
        if sig.seal is not None:
            names.add(sig.seal.name)
        for it in sig.items:
            for key in ("chain", "path"):
                names.update(str(n) for n in it.details.get(key) or [])
    for rev in report.revisions:
        names.update(rev.signature_fields)
    return names


def human_strings(report: Any) -> Iterator[tuple[str, str]]:
    """(where, text) for every string of the report that is shown to users."""
    yield "message", report.message
    for rev in report.revisions:
        yield f"revisions[{rev.index}].message", rev.message
    for sig in report.signatures:
        where = f"signatures[{sig.index}]"
        yield f"{where}.message", sig.message
        for p in sig.problems:
            yield f"{where}.problems.message", p.message
        for it in sig.items:
            yield f"{where}.items[{it.code.value}].reason", it.reason
        if sig.coverage is not None:
            yield f"{where}.coverage.message", sig.coverage.message


def english_leaks(report: Any, extra_names: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """(where, offending word, text) for each ASCII word that is neither a technical token nor a name."""
    allowed = sorted({*_names(report), *extra_names, *TECHNICAL_TOKENS}, key=len, reverse=True)
    leaks = []
    for where, text in human_strings(report):
        stripped = text
        for token in allowed:
            stripped = stripped.replace(token, " ")
        leaks.extend((where, m.group(0), text) for m in _ASCII_WORD.finditer(stripped))
    return leaks


def assert_chinese_report(report: Any) -> None:
    leaks = english_leaks(report)
    assert not leaks, "English text in human report strings:\n" + "\n".join(
        f"  {where}: {word!r} in {text!r}" for where, word, text in leaks)
