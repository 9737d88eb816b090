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
from eseal.engine.pdf.verify.byte_range import check_byte_range
from eseal.engine.pdf.verify.lifecycle import SealLifecycle, SealState
from eseal.engine.pdf.verify.revisions import suspicious_modification_zh
from eseal.engine.pdf.verify.trust import TrustStore

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

    def byte_range_digest(self, byte_range: list[int], algorithm: str) -> bytes:
        """The ByteRange digest from the shared pass, else hashed now (odd-shaped ByteRanges)."""
        cached = self.range_digests.get(tuple(byte_range), {}).get(algorithm)
        if cached is not None:
            return cached
        return digest_byte_range(self.data, byte_range, (algorithm,))[algorithm]


_LEVEL_ZH = {
    "NONE": "签名后文档未被修改",
    "LTA_UPDATES": "签名后仅追加了验证数据或文档时间戳",
    "FORM_FILLING": "签名后仅追加了签章或填写了表单",
    "ANNOTATIONS": "签名后追加了注释",
    "OTHER": "签名后文档被非许可地修改",
}


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
    permitted = not br_problems and not not_permitted and modification_level != "OTHER" and coverage_level in (
        "ENTIRE_FILE", "ENTIRE_REVISION")
    if br_problems:
        msg = "签名字节范围(ByteRange)异常：" + "；".join(p.message_zh for p in br_problems)
        problems.append(Problem(SubIndication.FORMAT_FAILURE, Indication.TOTAL_FAILED, msg))
    elif coverage_level not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
        msg = "签名未完整覆盖其所在的文档修订"
        problems.append(Problem(SubIndication.FORMAT_FAILURE, Indication.TOTAL_FAILED, msg))
    elif covers_whole:
        msg = "签名覆盖整个文件（/Contents 除外）"
    else:
        msg = f"签名覆盖其所在修订；其后还有 {len(later)} 次增量修订：" + _LEVEL_ZH.get(modification_level or "", "")
        trailing = trailing_unsigned_bytes(ctx)
        if not later and trailing:
            # Not a PDF update (no xref/trailer): readers ignore it, nothing visible changed. Say so
            # rather than "未被修改", but keep the verdict (a warning, documented in verification-report.md).
            msg = f"签名覆盖文档的最后一次修订；但文件末尾另有 {trailing} 字节未签名的附加数据（不是PDF增量更新，不改变文档内容）"
        if not_permitted or modification_level == "OTHER":
            details = "；".join(f"修订{r.index}：{r.message}" for r in not_permitted)
            if not details and diff_message:
                details = suspicious_modification_zh(diff_message)  # pyHanko's English stays out
            msg = f"签名后文档被非许可地修改（{details}）" if details else _LEVEL_ZH["OTHER"]
            problems.append(Problem(SubIndication.DISALLOWED_MODIFICATION, Indication.TOTAL_FAILED, msg))
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
    end = ctx.revision_ends[-1] if ctx.revision_ends else len(ctx.data)
    return len(ctx.data[end:].strip())


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
                         f"原文{alg}杂凑值与签名中的杂凑值不一致，签名范围内的内容已被篡改", details)
    if hash_ok is None:
        return CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.UNKNOWN, "无法计算原文杂凑", details)
    if coverage.byte_range_problems or coverage.level not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
        return CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.FAIL,
                         f"{alg}杂凑值一致，但{coverage.message}", details)
    if not coverage.permitted:
        return CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.FAIL, f"{alg}杂凑值一致，但{coverage.message}", details)
    return CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.PASS, f"{alg}杂凑值一致；{coverage.message}", details)


def lifecycle_check(ctx: VerifyContext, es_id: str | None, at: datetime | None,
                    problems: list[Problem]) -> tuple[SealLifecycleCheck | None, CheckStatus | None, str | None]:
    """Ask the platform's hook about the seal at the signing time. Returns (answer, status, reason)."""
    if ctx.lifecycle is None or not es_id or at is None:
        return None, None, None
    try:
        answer = ctx.lifecycle.seal_status_at(es_id, at)
    except Exception as exc:  # the hook is the platform's code: never let it crash verification
        # ...and never let a failing hook read as "seal fine": the seal may have been revoked.
        msg = "印章状态查询失败，无法确认签章时印章是否有效"
        problems.append(Problem(SubIndication.TRY_LATER, Indication.INDETERMINATE, msg))
        return SealLifecycleCheck(None, str(exc)[:200]), CheckStatus.UNKNOWN, msg
    info = SealLifecycleCheck(answer.state, answer.reason, answer.since, at)
    if answer.state is SealState.ACTIVE:
        return info, CheckStatus.PASS, "平台记录显示签章时印章处于正常状态"
    if answer.state is SealState.UNKNOWN:
        return info, CheckStatus.UNKNOWN, "平台无此印章的记录"
    label = {SealState.SUSPENDED: "已停用", SealState.REVOKED: "已注销", SealState.EXPIRED: "已过期"}[answer.state]
    msg = f"平台记录显示签章时印章{label}" + (f"（{answer.reason}）" if answer.reason else "")
    problems.append(Problem(SubIndication.SEAL_INVALID, Indication.TOTAL_FAILED, msg))
    return info, CheckStatus.FAIL, msg


def timestamp_difference(claimed: datetime | None, proven: datetime | None) -> float | None:
    if claimed is None or proven is None:
        return None
    return round((proven - claimed).total_seconds(), 3)


def not_applicable(code: ItemCode, reason: str) -> CheckItem:
    return CheckItem(code, CheckStatus.NOT_APPLICABLE, reason)
