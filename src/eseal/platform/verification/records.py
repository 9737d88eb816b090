"""What the platform's own records say about each signature of a verified file: the signing row made on this
platform (found by the hash of the file the stamping stored: its whole output's SHA-256), its instant and mode, and —
for a signing made under a grant ([G1]) — the grant and the use number.

The revision a signature closes is the file up to the end of its ``/ByteRange`` (``bytes[:a+b+c+d]`` for
``[a b c d]``); the stamping's output may go on past it: a PAdES signing adds a DSS revision after the signature.
So a signature's candidates are the prefixes ending at its end and at every revision end after it and before the
next signature's end (the engine's ``revisions[].end_offset``, each also with the end-of-line bytes that follow
it, and the file's length); one SHA-256 pass over the file yields every prefix digest (``hashlib`` copies at each
end), one query finds the rows, and a signature takes the row of its shortest matching candidate. A revision added
after the platform's output (metadata, DSS, by another tool) leaves that output a prefix of the file, found the same.

A file signed here and changed afterwards (one byte of the page text) no longer has any stored revision's hash,
yet it still carries the platform's signature value: for a signature the hash did not find, the revisions as long
as its ByteRange end are candidates, and the one whose ``/Contents`` (``bytes[a+b:c]``, the signature value)
is byte for byte the file's is its signing — reported with ``matches_platform_copy`` False, so the report says the
file differs from what the platform signed instead of 「非本平台签章」.

For a signing made under a grant, :class:`GrantTerms` are the terms in force when the use was taken: the window
and count of the grant's last ``create`` / ``change`` event before its ``use`` event (a window changed afterwards
does not rewrite what the report says about an earlier use), the grantor and the acting person.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from eseal.engine.pdf import VerificationReport
from eseal.platform.accounts import Account
from eseal.platform.core import DbSession
from eseal.platform.documents import DocumentRevision, Signing
from eseal.platform.grants import Grant, GrantEvent
from eseal.platform.seals import Seal


@dataclass(frozen=True)
class GrantTerms:
    """The grant a signing was made under, as it stood when its use was taken. ``grantee`` is the person's name
    unmasked: the owner's views mask it, the public page never shows it."""

    grant_id: int
    grantor: str  # the enterprise that granted
    grantee: str  # the acting person
    starts_at: datetime | None
    ends_at: datetime | None
    uses_total: int | None  # None: unlimited


@dataclass(frozen=True)
class SigningRecord:
    """The platform's row for one signature (None in :class:`SignatureRecords` when the platform has none)."""

    at: datetime
    mode: str  # single | multi | seam
    seal_name: str | None
    owner_is_enterprise: bool | None
    grant_id: int | None  # [G1]: set when the stamping was made under a grant
    use_number: int | None
    matches_platform_copy: bool = True  # False: same signature value, but the signed bytes differ from the platform's
    grant: GrantTerms | None = None  # the grant's terms (None: no grant, or its row is gone)


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def grant_terms(db: DbSession, signing: Signing) -> GrantTerms | None:
    """The terms of the grant ``signing`` was made under, when it used one and the grant still exists."""
    grant = db.get(Grant, signing.grant_id) if signing.grant_id is not None else None
    if grant is None:
        return None
    starts_at, ends_at, uses_total = grant.starts_at, grant.ends_at, grant.uses_total
    use_id = db.scalar(select(GrantEvent.id).where(GrantEvent.grant_id == grant.id, GrantEvent.action == "use",
                                                   GrantEvent.signing_id == signing.id).limit(1))
    terms = select(GrantEvent.detail).where(GrantEvent.grant_id == grant.id,
                                            GrantEvent.action.in_(("create", "change")))
    terms = terms.where(GrantEvent.id < use_id) if use_id is not None else terms.where(GrantEvent.at <= signing.at)
    detail = db.scalar(terms.order_by(GrantEvent.id.desc()).limit(1))
    if detail:
        try:
            data = json.loads(detail)
        except ValueError:
            data = None
        if isinstance(data, dict):
            starts_at, ends_at = _instant(data.get("starts_at")), _instant(data.get("ends_at"))
            total = data.get("uses_total")
            uses_total = total if isinstance(total, int) else None
    grantor = db.get(Account, grant.enterprise_account_id)
    person = db.get(Account, signing.acting_account_id or grant.grantee_account_id)
    return GrantTerms(grant_id=grant.id, grantor=grantor.display_name if grantor is not None else "",
                      grantee=(person.person_name or "") if person is not None else "",
                      starts_at=starts_at, ends_at=ends_at, uses_total=uses_total)


def revision_digests(data: bytes | memoryview, ends: list[int]) -> dict[int, str]:
    """SHA-256 of ``data[:end]`` for each end offset, in one pass."""
    view = memoryview(data)
    h = hashlib.sha256()
    pos = 0
    out: dict[int, str] = {}
    for end in sorted({e for e in ends if 0 < e <= len(view)}):
        h.update(view[pos:end])
        pos = end
        out[end] = h.copy().hexdigest()
    return out


def _byte_range(report: VerificationReport, index: int) -> tuple[int, int, int, int] | None:
    sig = report.signatures[index]
    br = sig.coverage.byte_range if sig.coverage is not None else None
    if not br or len(br) != 4:
        return None
    a, b, c, d = (int(v) for v in br)
    return a, b, c, d


def signature_end(report: VerificationReport, index: int) -> int | None:
    br = _byte_range(report, index)
    return None if br is None else br[2] + br[3]


_EOL = b"\r\n"


def _with_eol(data: bytes | memoryview, end: int) -> list[int]:
    """``end`` and the ends past the end-of-line bytes that follow it (a revision's ``%%EOF`` line break)."""
    out = [end]
    view = memoryview(data)
    while end < len(view) and view[end] in _EOL and end - out[0] < 2:
        end += 1
        out.append(end)
    return out


def candidate_ends(report: VerificationReport, data: bytes | memoryview) -> list[tuple[int, ...]]:
    """Per signature (same order as ``report.signatures``), the lengths the platform's stored output of its signing
    may have, shortest first: its own end, then the revision ends after it and before the next signature's end
    (the DSS revision a PAdES signing adds, or a revision added after the platform's output), and the file's length
    when in that span. Empty for a signature without a usable ``/ByteRange``."""
    size = len(data)
    sig_ends = [signature_end(report, i) for i in range(len(report.signatures))]
    known = sorted({e for e in sig_ends if e is not None and 0 < e <= size})
    rev_ends = sorted({e for r in report.revisions for e in _with_eol(data, r.end_offset) if 0 < e <= size} | {size})
    out: list[tuple[int, ...]] = []
    for end in sig_ends:
        if end is None or not 0 < end <= size:
            out.append(())
            continue
        later = [e for e in known if e > end]
        stop = later[0] if later else size + 1
        out.append(tuple(sorted({end, *(e for e in rev_ends if end < e < stop)})))
    return out


MAX_CANDIDATES = 20  # revisions of the same length read back to compare a signature value


def _by_signature_value(db: DbSession, data: bytes | memoryview, br: tuple[int, int, int, int],
                        sizes: tuple[int, ...],
                        read: Callable[[str], bytes]) -> tuple[Signing, Seal | None, str | None] | None:
    """The signing whose stored revision has one of the ``sizes`` (the signature's candidate lengths) and the same
    ``/Contents`` bytes as the file."""
    a, b, c, d = br
    end = c + d
    if not 0 <= a + b < c <= end <= len(data) or not sizes:
        return None
    value = bytes(memoryview(data)[a + b:c])
    if not value.strip(b"<>0"):  # an empty (zero-padded) hole identifies nothing
        return None
    query = (select(DocumentRevision.blob_sha256, Signing, Seal, Account.kind)
             .join(Signing, Signing.to_revision_id == DocumentRevision.id)
             .outerjoin(Seal, Seal.id == Signing.seal_id)
             .outerjoin(Account, Account.id == Signing.owner_account_id)
             .where(DocumentRevision.size.in_(sizes)).order_by(Signing.id.desc()).limit(MAX_CANDIDATES))
    for blob_sha256, signing, seal, kind in db.execute(query):
        if read(blob_sha256)[a + b:c] == value:
            return signing, seal, kind
    return None


def signing_records(db: DbSession, report: VerificationReport, data: bytes | memoryview, *,
                    read: Callable[[str], bytes] | None = None) -> list[SigningRecord | None]:
    """One entry per signature of ``report`` (same order): the platform's signing row, or None. ``read`` (the bytes
    of a blob by its SHA-256) lets a signature the revision hash missed be found by its signature value."""
    candidates = candidate_ends(report, data)
    digests = revision_digests(data, [e for ends in candidates for e in ends])
    wanted = set(digests.values())
    rows: dict[str, tuple[Signing, Seal | None, str | None]] = {}
    if wanted:
        query = (select(DocumentRevision.sha256, Signing, Seal, Account.kind)
                 .join(Signing, Signing.to_revision_id == DocumentRevision.id)
                 .outerjoin(Seal, Seal.id == Signing.seal_id)
                 .outerjoin(Account, Account.id == Signing.owner_account_id)
                 .where(DocumentRevision.sha256.in_(wanted)))
        for row in db.execute(query):
            rows.setdefault(row[0], (row[1], row[2], row[3]))
    out: list[SigningRecord | None] = []
    for index, ends in enumerate(candidates):
        hit = next((rows[digests[e]] for e in ends if digests.get(e) in rows), None)
        matches = hit is not None
        br = _byte_range(report, index)
        if hit is None and read is not None and br is not None:
            hit = _by_signature_value(db, data, br, ends, read)
        if hit is None:
            out.append(None)
            continue
        signing, seal, kind = hit
        out.append(SigningRecord(at=signing.at, mode=signing.mode, seal_name=seal.name if seal else None,
                                 owner_is_enterprise=(kind == "enterprise") if kind else None,
                                 grant_id=signing.grant_id, use_number=signing.use_number,
                                 matches_platform_copy=matches, grant=grant_terms(db, signing)))
    return out
