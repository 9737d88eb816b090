"""Pieces shared by the GM and PAdES signature verifiers: context, coverage, lifecycle, items.

Why: both profiles must produce the same 8 items with the same meaning; everything that is not
format-specific (ByteRange structure, later revisions, the seal-lifecycle hook) is decided once, here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from eseal.engine.pdf.io.digests import digest_byte_range
from eseal.engine.pdf.report.model import (
    CheckItem,
    CheckStatus,
    Coverage,
    Indication,
    ItemCode,
    Problem,
    RevisionInfo,
    SealLifecycleCheck,
    SubIndication,
)
from eseal.engine.pdf.report.texts import zh
from eseal.engine.pdf.verify.byte_range import check_byte_range
from eseal.engine.pdf.verify.certs import certificate_info
from eseal.engine.pdf.verify.lifecycle import SealLifecycle, SealState
from eseal.engine.pdf.verify.policy import DEFAULT_POLICY, VerificationPolicy
from eseal.engine.pdf.verify.revisions import suspicious_modification_zh
from eseal.engine.pdf.verify.revocation import RevocationEvidence
from eseal.engine.pdf.verify.trailing import trailing_data
from eseal.engine.pdf.verify.trust import TrustStore
from eseal.engine.pki import validate_certificate

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader


@dataclass
class VerifyContext:
    data: bytes
    reader: PdfFileReader
    trust: TrustStore
    now: datetime
    lifecycle: SealLifecycle | None
    revision_ends: list[int]
    revisions: list[RevisionInfo] = field(default_factory=list)
    timestamp_tolerance_s: float = 600.0  # claimed vs proven time: larger gaps are reported
    # digests of each signature's ByteRange (tuple of its 4 numbers) → {"sm3"|"sha256": digest},
    # computed in the same single pass over the file as the document digests (io.digests.stream_digests)
    range_digests: dict[tuple[int, ...], dict[str, bytes]] = field(default_factory=dict)
    policy: VerificationPolicy = DEFAULT_POLICY
    # CRLs and OCSP responses of the document's DSS (read once, shared by every signature)
    dss_evidence: RevocationEvidence = field(default_factory=RevocationEvidence)

    # chain validations against the trust store (certificate DER, time) -> ValidationResult, shared by
    # every signature: a seal's maker, holder and signer certificates are asked about several times
    chains: dict[tuple[bytes, datetime], Any] = field(default_factory=dict, repr=False)
    # certification paths found (certificate, anchors, intermediates -> path), whatever the time: E3 #11
    paths: dict[Any, Any] = field(default_factory=dict, repr=False)
    # parsed certificates by DER (E3 #11: a seal's maker and signer certificates recur in every signature,
    # and asn1crypto keeps what it decoded — names, validity, extensions — on the one parsed object)
    certs: dict[bytes, Any] = field(default_factory=dict, repr=False)
    # id(certificate) -> (the certificate, its report CertificateInfo): E3 #11, see certificate_info
    infos: dict[int, tuple[Any, Any]] = field(default_factory=dict, repr=False)

    def certificate(self, der: bytes) -> Any:
        """``asn1crypto.x509.Certificate.load(der)``, parsed once per DER and verification."""
        from asn1crypto import x509 as asn1_x509

        key = bytes(der)
        cert = self.certs.get(key)
        if cert is None:
            cert = self.certs[key] = asn1_x509.Certificate.load(key)
        return cert

    def certificate_info(self, cert: Any) -> Any:
        """``certs.certificate_info(cert)``, made once per certificate object and verification (E3 #11: the
        maker and signer certificates, parsed once by :meth:`certificate`, recur in every signature; the
        answer is a frozen dataclass of immutable values, so every report may hold the one object)."""
        hit = self.infos.get(id(cert))
        if hit is None or hit[0] is not cert:
            hit = self.infos[id(cert)] = (cert, certificate_info(cert))
        return hit[1]

    def store_chain(self, cert: Any, at: datetime) -> Any:
        """``validate_certificate`` of ``cert`` at ``at`` with the trust store's anchors, CAs and CRLs
        (revocation not required), computed once per (certificate, time) and verification."""
        key = (cert.dump(), at)
        if key not in self.chains:
            self.chains[key] = validate_certificate(
                cert, trust_roots=self.trust.anchors, intermediates=self.trust.intermediates,
                crls=self.trust.crls, at=at, require_revocation=False, paths=self.paths)
        return self.chains[key]

    def byte_range_digest(self, byte_range: list[int], algorithm: str) -> bytes:
        """The ByteRange digest from the shared pass, else hashed now (odd-shaped ByteRanges)."""
        cached = self.range_digests.get(tuple(byte_range), {}).get(algorithm)
        if cached is not None:
            return cached
        return digest_byte_range(self.data, byte_range, (algorithm,))[algorithm]


_LEVELS = ("NONE", "LTA_UPDATES", "FORM_FILLING", "ANNOTATIONS", "OTHER")  # texts: coverage.level.<level>


def _level_zh(level: str | None) -> str:
    return zh(f"coverage.level.{level}") if level in _LEVELS else ""


def evaluate_coverage(
    ctx: VerifyContext,
    *,
    byte_range: list[int],
    contents: bytes,
    signed_revision: int | None,
    coverage_level: str,
    modification_level: str | None,
    diff_message: str | None,
    problems: list[Problem],
) -> Coverage:
    """ByteRange structure + later revisions -> :class:`Coverage`, appending problems."""
    if coverage_level not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
        modification_level = "OTHER"  # as pyHanko: a nonstandard coverage admits no modification level
    rev_end = ctx.revision_ends[signed_revision] if signed_revision is not None else None
    br_problems = check_byte_range(ctx.data, byte_range, contents, rev_end)
    size = len(ctx.data)
    try:
        br = [int(x) for x in byte_range]
        signed_bytes = sum(br[1::2])
        covers_whole = len(br) == 4 and br[0] == 0 and br[2] + br[3] == size and not br_problems
    except (TypeError, ValueError):
        br, signed_bytes, covers_whole = [], 0, False
    later = [r for r in ctx.revisions if signed_revision is not None and r.index > signed_revision]
    not_permitted = [r for r in later if not r.permitted]
    trailing = trailing_data(ctx.data, ctx.revision_ends)
    permitted = not br_problems and not not_permitted and modification_level != "OTHER" and coverage_level in (
        "ENTIRE_FILE", "ENTIRE_REVISION") and not trailing.redefined
    if br_problems:
        msg = zh("coverage.byte_range_invalid", problems="；".join(p.message_zh for p in br_problems))
        problems.append(Problem(SubIndication.FORMAT_FAILURE, Indication.TOTAL_FAILED, msg))
    elif coverage_level not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
        msg = zh("coverage.revision_not_covered")
        problems.append(Problem(SubIndication.FORMAT_FAILURE, Indication.TOTAL_FAILED, msg))
    elif covers_whole:
        msg = zh("coverage.whole_file")
    else:
        msg = zh("coverage.later_revisions", count=len(later), level=_level_zh(modification_level))
        if not later and trailing.size and not trailing.redefined:
            # Not a PDF update (no xref/trailer) and it defines no object: readers ignore it, nothing
            # visible changed. Say so rather than "not modified", but keep the verdict (a warning).
            msg = zh("coverage.trailing_bytes", count=trailing.size)
        if not_permitted or modification_level == "OTHER":
            details = "；".join(zh("coverage.revision_detail", index=r.index, message=r.message) for r in not_permitted)
            if not details and diff_message:
                details = suspicious_modification_zh(diff_message)  # pyHanko's English stays out
            msg = zh("coverage.disallowed", details=details) if details else zh("coverage.level.OTHER")
            problems.append(Problem(SubIndication.DISALLOWED_MODIFICATION, Indication.TOTAL_FAILED, msg))
        if trailing.redefined:
            # E3 #2: objects redefined after the last %%EOF are what an xref-recovering reader shows
            t_msg = zh("trailing.redefines", count=trailing.size, objects="、".join(trailing.redefined))
            msg = t_msg if not later else f"{msg}；{t_msg}"
            problems.append(Problem(SubIndication.DISALLOWED_MODIFICATION, Indication.TOTAL_FAILED, t_msg))
        elif later and trailing.size:
            msg = f"{msg}；{zh('trailing.junk', count=trailing.size)}"  # E3 #2: reported after a DSS too
    return Coverage(
        byte_range=br,
        covers_whole_file=covers_whole,
        signed_revision=signed_revision,
        signed_bytes=signed_bytes,
        level=coverage_level,
        modification_level=modification_level,
        permitted=permitted,
        later_revisions=len(later),
        message=msg,
        byte_range_problems=[p.detail for p in br_problems],
        byte_range_problem_codes=[p.code for p in br_problems],
    )


def trailing_unsigned_bytes(ctx: VerifyContext) -> int:
    """Bytes after the last revision's ``%%EOF`` that are not whitespace (appended garbage, not an update)."""
    return trailing_data(ctx.data, ctx.revision_ends).size


def document_hash_item(hash_ok: bool | None, coverage: Coverage, algorithm: str, computed_hex: str | None,
                       expected_hex: str | None) -> CheckItem:
    details: dict[str, Any] = {
        "algorithm": algorithm,
        "computed": computed_hex,
        "expected": expected_hex,
        "covers_whole_file": coverage.covers_whole_file,
        "later_revisions": coverage.later_revisions,
        "modification_level": coverage.modification_level,
    }
    alg = {"sm3": "SM3", "sha256": "SHA-256"}.get(algorithm, algorithm.upper())
    if hash_ok is False:
        return CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.FAIL,
                         zh("hash.mismatch", alg=alg), details)
    if hash_ok is None:
        return CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.UNKNOWN, zh("hash.not_computed"), details)
    if coverage.byte_range_problems or coverage.level not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
        return CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.FAIL,
                         zh("hash.ok_but", alg=alg, coverage=coverage.message), details)
    if not coverage.permitted:
        return CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.FAIL, zh("hash.ok_but", alg=alg, coverage=coverage.message),
                         details)
    return CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.PASS, zh("hash.ok", alg=alg, coverage=coverage.message), details)


def lifecycle_check(ctx: VerifyContext, es_id: str | None, at: datetime | None,
                    problems: list[Problem]) -> tuple[SealLifecycleCheck | None, CheckStatus | None, str | None]:
    """Ask the platform's hook about the seal at the signing time. Returns (answer, status, reason)."""
    if ctx.lifecycle is None or not es_id or at is None:
        return None, None, None
    try:
        answer = ctx.lifecycle.seal_status_at(es_id, at)
    except Exception as exc:  # the hook is the platform's code: never let it crash verification
        # ...and never let a failing hook read as "seal fine": the seal may have been revoked.
        msg = zh("lifecycle.hook_failed")
        problems.append(Problem(SubIndication.TRY_LATER, Indication.INDETERMINATE, msg))
        return SealLifecycleCheck(None, str(exc)[:200]), CheckStatus.UNKNOWN, msg
    info = SealLifecycleCheck(answer.state, answer.reason, answer.since, at)
    if answer.state is SealState.ACTIVE:
        return info, CheckStatus.PASS, zh("lifecycle.active")
    if answer.state is SealState.UNKNOWN:
        return info, CheckStatus.UNKNOWN, zh("lifecycle.unknown")
    label = zh(f"lifecycle.state.{answer.state.value}")
    msg = (zh("lifecycle.not_active_reason", state=label, reason=answer.reason) if answer.reason
           else zh("lifecycle.not_active", state=label))
    problems.append(Problem(SubIndication.SEAL_INVALID, Indication.TOTAL_FAILED, msg))
    return info, CheckStatus.FAIL, msg


def timestamp_difference(claimed: datetime | None, proven: datetime | None) -> float | None:
    if claimed is None or proven is None:
        return None
    return round((proven - claimed).total_seconds(), 3)


def not_applicable(code: ItemCode, reason: str) -> CheckItem:
    return CheckItem(code, CheckStatus.NOT_APPLICABLE, reason)
