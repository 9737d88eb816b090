"""Reading the input safely, hashing ByteRanges in a stream, and describing incremental revisions.

Why one module: these are the PDF-structure facts every signature check needs, independent of the
signature format (CMS or GB/T 38540 SES):

- :func:`load_input` turns bytes or a path into a pyHanko reader, or a typed :class:`PdfInputError`
  (size limit checked *before* reading a file; encryption, truncation and garbage detected).
- :func:`digest_byte_range` hashes the signed bytes with SM3 and/or SHA-256 in 1 MiB chunks from a
  memoryview (no copy of the 20 MB document per algorithm).
- :func:`check_byte_range` catches signature wrapping: a ByteRange that does not start at 0, does not
  end at the end of its revision, overlaps, leaves bytes other than the /Contents hex string
  unsigned, or whose gap holds something other than *this* signature's /Contents.
- :func:`describe_revisions` lists each incremental update with a factual summary of what changed
  (pages, content streams, annotations, fields) and pyHanko's classification of the change.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eseal.engine.pdf.verify.errors import (
    EncryptedPdfError,
    NotAPdfError,
    PdfInputError,
    PdfTooLargeError,
    TruncatedPdfError,
)

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from eseal.engine.pdf.report.model import RevisionInfo

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
CHUNK = 1 << 20
_EOF_RE = re.compile(rb"%%EOF[ \t]*(?:\r\n|\r|\n)?")


@dataclass
class LoadedPdf:
    data: bytes
    name: str
    reader: PdfFileReader


def read_input(source: bytes | bytearray | memoryview | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
               name: str | None = None) -> tuple[bytes, str]:
    """Bytes of the document and a display name; the size limit is checked before reading a file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise PdfTooLargeError(len(data), max_bytes)
        return data, name or "document.pdf"
    path = Path(source)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PdfInputError(f"cannot read {path}: {exc.strerror}", message_zh="无法读取文件") from exc
    if size > max_bytes:
        raise PdfTooLargeError(size, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PdfInputError(f"cannot read {path}: {exc.strerror}", message_zh="无法读取文件") from exc
    return data, name or path.name


def load_input(source: bytes | bytearray | memoryview | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
               name: str | None = None) -> LoadedPdf:
    data, display = read_input(source, max_bytes=max_bytes, name=name)
    head = data[:1024]
    if b"%PDF-" not in head:
        raise NotAPdfError("input does not start with a %PDF- header")
    if b"%%EOF" not in data[-2048:]:
        raise TruncatedPdfError("no %%EOF marker at the end of the file (truncated?)")
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        encrypted = reader.encrypt_dict is not None
    except (PdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError,
            RecursionError, OverflowError) as exc:
        raise TruncatedPdfError(f"cannot parse the PDF structure: {exc}") from exc
    if encrypted:
        raise EncryptedPdfError("the PDF is encrypted")
    try:
        _ = reader.root  # catalog must resolve
    except (PdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError,
            RecursionError, OverflowError) as exc:
        raise TruncatedPdfError(f"cannot read the document catalog: {exc}") from exc
    return LoadedPdf(data=data, name=display, reader=reader)


# ---------------------------------------------------------------------------------------------------
# hashing


def _new_hasher(algorithm: str) -> Any:
    algorithm = algorithm.lower().replace("-", "")
    if algorithm == "sm3":
        from eseal.engine.gm.sm3 import new

        return new()
    return hashlib.new(algorithm)


def _finish(h: Any) -> bytes:
    return h.finalize() if hasattr(h, "finalize") else h.digest()


def digest_segments(data: bytes | memoryview, segments: Iterable[tuple[int, int]],
                    algorithms: Iterable[str]) -> dict[str, bytes]:
    """Hash the concatenation of ``(offset, length)`` segments with each algorithm, chunk by chunk."""
    view = memoryview(data)
    hashers = {alg: _new_hasher(alg) for alg in algorithms}
    for offset, length in segments:
        end = offset + length
        pos = offset
        while pos < end:
            chunk = view[pos:min(pos + CHUNK, end)]
            for h in hashers.values():
                h.update(chunk)
            pos += CHUNK
    return {alg: _finish(h) for alg, h in hashers.items()}


def byte_range_segments(byte_range: list[int]) -> list[tuple[int, int]]:
    return [(byte_range[i], byte_range[i + 1]) for i in range(0, len(byte_range) - 1, 2)]


def digest_byte_range(data: bytes | memoryview, byte_range: list[int], algorithms: Iterable[str]) -> dict[str, bytes]:
    return digest_segments(data, byte_range_segments(byte_range), algorithms)


def document_digests(data: bytes) -> dict[str, str]:
    d = digest_segments(data, [(0, len(data))], ("sha256", "sm3"))
    return {k: v.hex() for k, v in d.items()}


def stream_digests(data: bytes | memoryview, byte_ranges: Iterable[list[int]],
                   algorithms: Iterable[str] = ("sha256", "sm3"),
                   ) -> tuple[dict[str, bytes], dict[tuple[int, ...], dict[str, bytes]]]:
    """Whole-file digests and every well-formed ``[0 a b c]`` ByteRange's digests in ONE pass.

    A signature's first segment is a prefix of the file, so one running hasher per algorithm walks the
    file once; at each signature's gap the running state is copied (``hash.copy()``) and only that
    signature's second segment — the short tail of its own revision — is hashed a second time. A
    20 MB file with one signature costs one SM3 + one SHA-256 pass instead of two SM3 passes.
    ByteRanges of any other shape (not starting at 0, more segments, out of bounds) are left out:
    callers hash those with :func:`digest_byte_range`.
    """
    algs = tuple(algorithms)
    view = memoryview(data)
    size = len(view)
    plans: dict[tuple[int, ...], tuple[int, int, int]] = {}
    for br in byte_ranges:
        try:
            key = tuple(int(x) for x in br)
        except (TypeError, ValueError):
            continue
        if len(key) != 4 or key[0] != 0 or min(key) < 0:
            continue
        _s1, l1, s2, l2 = key
        if s2 < l1 or s2 + l2 > size:
            continue
        plans[key] = (l1, s2, s2 + l2)
    running = {alg: _new_hasher(alg) for alg in algs}
    ranges: dict[tuple[int, ...], dict[str, bytes]] = {}
    pos = 0
    for key, (gap_start, tail_start, tail_end) in sorted(plans.items(), key=lambda kv: kv[1][0]):
        _feed(running.values(), view, pos, gap_start)
        pos = gap_start
        forks = {alg: h.copy() for alg, h in running.items()}
        _feed(forks.values(), view, tail_start, tail_end)
        ranges[key] = {alg: _finish(h) for alg, h in forks.items()}
    _feed(running.values(), view, pos, size)
    return {alg: _finish(h) for alg, h in running.items()}, ranges


def _feed(hashers: Iterable[Any], view: memoryview, start: int, end: int) -> None:
    hs = list(hashers)
    while start < end:
        chunk = view[start:min(start + CHUNK, end)]
        for h in hs:
            h.update(chunk)
        start += CHUNK


# ---------------------------------------------------------------------------------------------------
# ByteRange sanity (signature wrapping)


def revision_end_offsets(reader: PdfFileReader, data: bytes) -> list[int]:
    """Offset just past each revision's ``%%EOF`` (+EOL), oldest first."""
    ends = []
    for rev in range(reader.xrefs.total_revisions):
        meta = reader.xrefs.get_xref_container_info(rev)
        m = _EOF_RE.search(data, meta.end_location)
        ends.append(m.end() if m else len(data))
    return ends


@dataclass(frozen=True)
class ByteRangeProblem:
    """One structural problem of a /ByteRange: a stable code, the English technical detail, a Chinese sentence.

    Why a code: the report's human message is Chinese (it is shown to users), while the English detail
    (with offsets) stays in ``coverage.byte_range_problems`` for integrators; both come from the code,
    never from matching the English text.
    """

    code: str
    detail: str

    @property
    def message_zh(self) -> str:
        return BYTE_RANGE_PROBLEM_ZH[self.code]


#: code -> Chinese sentence shown in the 原文杂凑 reason (docs/verification-report.md §5)
BYTE_RANGE_PROBLEM_ZH: dict[str, str] = {
    "not_integers": "字节范围不是整数数组",
    "wrong_length": "字节范围不是4个数",
    "negative": "字节范围含负数",
    "not_from_start": "字节范围不是从文件开头（偏移0）开始",
    "overlap": "字节范围的两段重叠或顺序颠倒",
    "beyond_eof": "字节范围超出文件末尾",
    "gap_not_hex_string": "两段之间未签名的部分不是单个十六进制字符串",
    "gap_not_hex": "两段之间未签名的部分不是有效的十六进制数据",
    "gap_not_contents": "两段之间未签名的部分不是本签名的 /Contents（字节范围指向了别处）",
    "revision_end_mismatch": "字节范围的结尾与所签文档修订的结尾不一致",
}


def check_byte_range(data: bytes, byte_range: Any, contents: bytes,
                     revision_end: int | None) -> list[ByteRangeProblem]:
    """Structural problems of a signature's /ByteRange (code + English explanation each).

    An empty list means: two segments, starting at 0, contiguous around exactly one hex string that
    decodes to this signature's /Contents, and ending at the end of the signature's revision.
    """
    problems: list[ByteRangeProblem] = []
    try:
        br = [int(x) for x in byte_range]
    except (TypeError, ValueError):
        return [ByteRangeProblem("not_integers", "ByteRange is not an array of integers")]
    size = len(data)
    if len(br) != 4:
        return [ByteRangeProblem("wrong_length", f"ByteRange has {len(br)} numbers instead of 4")]
    s1, l1, s2, l2 = br
    if min(br) < 0:
        return [ByteRangeProblem("negative", "ByteRange holds negative numbers")]
    if s1 != 0:
        problems.append(ByteRangeProblem("not_from_start", "ByteRange does not start at offset 0"))
    if s2 < s1 + l1:
        problems.append(ByteRangeProblem("overlap", "ByteRange segments overlap or are out of order"))
    if s2 + l2 > size:
        problems.append(ByteRangeProblem("beyond_eof", "ByteRange points beyond the end of the file"))
        return problems
    gap_start, gap_end = s1 + l1, s2
    gap = data[gap_start:gap_end]
    if not (gap.startswith(b"<") and gap.endswith(b">")):
        problems.append(ByteRangeProblem("gap_not_hex_string", "the unsigned gap is not exactly one hex string"))
    else:
        hex_body = re.sub(rb"\s", b"", gap[1:-1])
        try:
            raw = bytes.fromhex(hex_body.decode("ascii"))
        except ValueError:
            problems.append(ByteRangeProblem("gap_not_hex", "the unsigned gap is not valid hexadecimal"))
        else:
            if raw != contents:
                problems.append(ByteRangeProblem(
                    "gap_not_contents",
                    "the unsigned gap is not this signature's /Contents (ByteRange points elsewhere)"))
    if revision_end is not None and s2 + l2 != revision_end:
        problems.append(ByteRangeProblem(
            "revision_end_mismatch", f"ByteRange ends at {s2 + l2} but the signed revision ends at {revision_end}"))
    return problems


# ---------------------------------------------------------------------------------------------------
# revisions


def _pages(resolver: Any) -> list[Any]:
    """Page dictionaries (with their references) of one historical revision, in order."""
    from pyhanko.pdf_utils import generic

    out: list[tuple[Any, Any]] = []

    def walk(node_ref: Any, depth: int) -> None:
        if depth > 64:
            return
        node = node_ref.get_object() if isinstance(node_ref, generic.IndirectObject) else node_ref
        if not isinstance(node, generic.DictionaryObject):
            return
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in node.get("/Kids", []) if isinstance(node.get("/Kids"), generic.ArrayObject) else []:
                walk(kid, depth + 1)
        else:
            out.append((node_ref, node))

    try:
        walk(resolver.root.raw_get("/Pages"), 0)
    except (KeyError, AttributeError):
        return []
    return out


def _ref_id(obj: Any) -> Any:
    from pyhanko.pdf_utils import generic

    if isinstance(obj, generic.IndirectObject):
        return (obj.idnum, obj.generation)
    return None


def _page_fingerprint(page: Any) -> dict[str, Any]:
    from pyhanko.pdf_utils import generic

    contents = page.raw_get("/Contents") if "/Contents" in page else None
    if isinstance(contents, generic.IndirectObject):
        target = contents.get_object()
        if isinstance(target, generic.ArrayObject):
            contents_ids = [_ref_id(c) for c in target]
        else:
            contents_ids = [_ref_id(contents)]
    elif isinstance(contents, generic.ArrayObject):
        contents_ids = [_ref_id(c) for c in contents]
    else:
        contents_ids = []
    annots_raw = page.raw_get("/Annots") if "/Annots" in page else None
    annots = annots_raw.get_object() if isinstance(annots_raw, generic.IndirectObject) else annots_raw
    annot_ids = [_ref_id(a) for a in annots] if isinstance(annots, generic.ArrayObject) else []
    res = page.raw_get("/Resources") if "/Resources" in page else None
    return {"contents": contents_ids, "annots": annot_ids, "resources": _ref_id(res) if res is not None else None}


def _revision_changes(reader: PdfFileReader, rev: int) -> dict[str, Any]:
    """What revision ``rev`` changed compared with ``rev - 1`` (facts only, no judgement)."""
    explicit = reader.xrefs.explicit_refs_in_revision(rev)
    old = reader.get_historical_resolver(rev - 1)
    new = reader.get_historical_resolver(rev)
    new_objects = 0
    for ref in explicit:
        try:
            reader.xrefs.get_introducing_revision(ref)
            if reader.xrefs.get_introducing_revision(ref) == rev:
                new_objects += 1
        except KeyError:
            pass
    old_pages = _pages(old)
    new_pages = _pages(new)
    changed_content: list[int] = []
    added_annots: dict[int, int] = {}
    changed_pages: list[int] = []
    explicit_ids = {(r.idnum, r.generation) for r in explicit}
    for i, (new_ref, new_page) in enumerate(new_pages):
        if i >= len(old_pages):
            break
        _old_ref, old_page = old_pages[i]
        fo, fn = _page_fingerprint(old_page), _page_fingerprint(new_page)
        content_ids = {c for c in fn["contents"] if c is not None}
        if fo["contents"] != fn["contents"] or content_ids & explicit_ids:
            changed_content.append(i + 1)
        elif fo["resources"] != fn["resources"] or (fn["resources"] in explicit_ids):
            changed_content.append(i + 1)  # resources swapped: XObjects/fonts may draw differently
        n_added = len([a for a in fn["annots"] if a not in fo["annots"]])
        if n_added:
            added_annots[i + 1] = n_added
        if _ref_id(new_ref) in explicit_ids:
            changed_pages.append(i + 1)
    return {
        "objects_written": len(explicit),
        "objects_added": new_objects,
        "pages_before": len(old_pages),
        "pages_after": len(new_pages),
        "pages_added": max(0, len(new_pages) - len(old_pages)),
        "pages_removed": max(0, len(old_pages) - len(new_pages)),
        "pages_with_changed_content": changed_content,
        "pages_with_added_annotations": added_annots,
        "page_dictionaries_rewritten": changed_pages,
    }


_CLASS_MESSAGES = {
    "initial": "原始文档",
    "signature": "追加签章（许可的修改）",
    "lta_update": "追加验证数据或文档时间戳（许可的修改）",
    "form_filling": "表单填写或追加签章（许可的修改）",
    "annotation": "追加注释",
    "other": "非许可的修改",
    "unsigned": "签章前的修订",
}


def describe_revisions(reader: PdfFileReader, data: bytes, sig_fields_by_rev: dict[int, list[str]],
                       first_signed_rev: int | None) -> list[RevisionInfo]:
    """One :class:`RevisionInfo` per revision.

    Revisions up to the first signed one are just listed; every later revision is diffed against the
    previous one and classified with pyHanko's default diff policy plus our own page-level facts
    (a new page or changed page content is never "permitted", whatever the policy says).
    """
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel, SuspiciousModification

    from eseal.engine.pdf.report.model import RevisionInfo

    ends = revision_end_offsets(reader, data)
    total = reader.xrefs.total_revisions
    out: list[RevisionInfo] = []
    for rev in range(total):
        fields = sig_fields_by_rev.get(rev, [])
        if rev == 0 or first_signed_rev is None or rev <= first_signed_rev:
            cls = "initial" if rev == 0 else ("signature" if fields else "unsigned")
            out.append(RevisionInfo(rev, ends[rev], fields, {}, cls, True, _CLASS_MESSAGES[cls]))
            continue
        try:
            changes = _revision_changes(reader, rev)
        except Exception as exc:  # broken historical structure: report, do not crash
            log.debug("revision %d: cannot summarise changes: %s", rev, exc)
            changes = {"error": str(exc)[:200]}
        reason, technical = "", None
        try:
            result = DEFAULT_DIFF_POLICY.apply(
                old=reader.get_historical_resolver(rev - 1), new=reader.get_historical_resolver(rev)
            )
            level = result.modification_level
            cls = {
                ModificationLevel.NONE: "lta_update",
                ModificationLevel.LTA_UPDATES: "lta_update",
                ModificationLevel.FORM_FILLING: "signature" if fields else "form_filling",
                ModificationLevel.ANNOTATIONS: "annotation",
            }.get(level, "other")
            if result.changed_form_fields:
                reason = "变更的表单域: " + ", ".join(sorted(result.changed_form_fields))
        except SuspiciousModification as exc:
            cls = "other"
            technical = _short(str(exc))
            reason = suspicious_modification_zh(str(exc))
        except Exception as exc:
            cls = "other"
            technical = _short(f"{type(exc).__name__}: {exc}")
            reason = "无法分析该修订的结构"
        if changes.get("pages_added") or changes.get("pages_removed") or changes.get("pages_with_changed_content"):
            cls = "other"
        permitted = cls in ("signature", "lta_update", "form_filling")
        msg = _CLASS_MESSAGES[cls]
        facts = _facts_zh(changes)
        if facts:
            msg += "：" + facts
        if reason and not permitted:
            msg += f"（{reason}）"
        out.append(RevisionInfo(rev, ends[rev], fields, changes, cls, permitted, msg, technical))
    return out


# pyHanko's diff policy explains a disallowed change in English; the report shows a Chinese sentence
# chosen from the kind of change (the English original goes to RevisionInfo.technical_detail).
_SUSPICIOUS_ZH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Fields \{(.*)\} were deleted after signing"), "签名后删除了表单域 {names}"),
    (re.compile(r"More form fields added than expected.*new fields named \{(.*)\}"),
     "签名后新增了未经许可的表单域 {names}"),
    (re.compile(r"form field (\S+) is locked"), "签名后修改了已锁定的表单域 {names}"),
    (re.compile(r"Value of signature field (\S+)"), "签名域 {names} 的签名值被替换或损坏"),
    (re.compile(r"/Type of form field"), "签名后篡改了表单域的类型"),
    (re.compile(r"\bDSS\b|\bVRI\b"), "签名后追加的验证数据(DSS)结构异常"),
    (re.compile(r"Metadata|XMP"), "签名后文档元数据被非许可地修改"),
    (re.compile(r"were freed"), "签名后删除了文档中已有的对象"),
    (re.compile(r"clobbers or reuses|Unexpected stream|overridden|keys differ|was deleted from dictionary|"
                r"Values for dict key"), "签名后改写了已签名的文档对象"),
]


def suspicious_modification_zh(message: str) -> str:
    """Chinese sentence for a pyHanko ``SuspiciousModification`` message (generic for unknown ones)."""
    for pattern, template in _SUSPICIOUS_ZH:
        m = pattern.search(message)
        if m:
            names = ""
            if m.groups():
                names = "、".join(n.strip().strip("'\"") for n in m.group(1).split(",") if n.strip())[:80]
            return template.format(names=names).replace("  ", " ")
    return "签名后文档对象被非许可地修改"


def _facts_zh(changes: dict[str, Any]) -> str:
    parts = []
    if changes.get("pages_added"):
        parts.append(f"新增 {changes['pages_added']} 页")
    if changes.get("pages_removed"):
        parts.append(f"删除 {changes['pages_removed']} 页")
    if changes.get("pages_with_changed_content"):
        parts.append("第 " + "、".join(str(p) for p in changes["pages_with_changed_content"]) + " 页内容被改动")
    if changes.get("pages_with_added_annotations"):
        parts.append("第 " + "、".join(str(p) for p in changes["pages_with_added_annotations"]) + " 页新增注释/控件")
    return "，".join(parts)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
