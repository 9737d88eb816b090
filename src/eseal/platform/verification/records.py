"""What the platform's own records say about each signature of a verified file: the signing row made on this
platform (found by the hash of the revision the signature closes: a stamping stores that revision's SHA-256), its
instant and mode, and — for a signing made under a grant ([G1]) — the grant and the use number.

The revision a signature closes is the file up to the end of its ``/ByteRange`` (``bytes[:a+b+c+d]`` for
``[a b c d]``); one SHA-256 pass over the file yields every prefix digest (``hashlib`` copies at each end).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from eseal.engine.pdf import VerificationReport
from eseal.platform.accounts import Account
from eseal.platform.core import DbSession
from eseal.platform.documents import DocumentRevision, Signing
from eseal.platform.seals import Seal


@dataclass(frozen=True)
class SigningRecord:
    """The platform's row for one signature (None in :class:`SignatureRecords` when the platform has none)."""

    at: datetime
    mode: str  # single | multi | seam
    seal_name: str | None
    owner_is_enterprise: bool | None
    grant_id: int | None  # [G1]: set when the stamping was made under a grant
    use_number: int | None


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


def signature_end(report: VerificationReport, index: int) -> int | None:
    sig = report.signatures[index]
    br = sig.coverage.byte_range if sig.coverage is not None else None
    if not br or len(br) != 4:
        return None
    return int(br[2]) + int(br[3])


def signing_records(db: DbSession, report: VerificationReport, data: bytes | memoryview) -> list[SigningRecord | None]:
    """One entry per signature of ``report`` (same order): the platform's signing row, or None."""
    ends = [signature_end(report, i) for i in range(len(report.signatures))]
    digests = revision_digests(data, [e for e in ends if e is not None])
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
    for end in ends:
        hit = rows.get(digests.get(end, "")) if end is not None else None
        if hit is None:
            out.append(None)
            continue
        signing, seal, kind = hit
        out.append(SigningRecord(at=signing.at, mode=signing.mode, seal_name=seal.name if seal else None,
                                 owner_is_enterprise=(kind == "enterprise") if kind else None,
                                 grant_id=signing.grant_id, use_number=signing.use_number))
    return out
