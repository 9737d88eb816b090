"""The incremental revisions of a document: where each ends, and what each later one changed.

:func:`describe_revisions` lists each incremental update with a factual summary of what changed
(pages, content streams, annotations, fields) and pyHanko's classification of the change.
(Reading the input: ``io/source.py``; hashing: ``io/digests.py``; ByteRange checks: ``byte_range.py``.)
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from eseal.engine.pdf.io.pages import page_objects
from eseal.engine.pdf.report.model import RevisionChanges, RevisionInfo
from eseal.engine.pdf.report.texts import pages_zh, zh

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader

log = logging.getLogger(__name__)

_EOF_RE = re.compile(rb"%%EOF[ \t]*(?:\r\n|\r|\n)?")



def revision_end_offsets(reader: PdfFileReader, data: bytes) -> list[int]:
    """Offset just past each revision's ``%%EOF`` (+EOL), oldest first."""
    ends = []
    for rev in range(reader.xrefs.total_revisions):
        meta = reader.xrefs.get_xref_container_info(rev)
        m = _EOF_RE.search(data, meta.end_location)
        ends.append(m.end() if m else len(data))
    return ends


# ---------------------------------------------------------------------------------------------------
# revisions


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


def _revision_changes(reader: PdfFileReader, rev: int) -> RevisionChanges:
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
    old_pages = page_objects(old)
    new_pages = page_objects(new)
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
    return RevisionChanges(
        objects_written=len(explicit),
        objects_added=new_objects,
        pages_before=len(old_pages),
        pages_after=len(new_pages),
        pages_added=max(0, len(new_pages) - len(old_pages)),
        pages_removed=max(0, len(old_pages) - len(new_pages)),
        pages_with_changed_content=changed_content,
        pages_with_added_annotations=added_annots,
        page_dictionaries_rewritten=changed_pages,
    )


def _class_zh(cls: str) -> str:
    """Chinese name of a revision class (report.texts ``revision.<class>``)."""
    return zh(f"revision.{cls}")


def describe_revisions(reader: PdfFileReader, data: bytes, sig_fields_by_rev: dict[int, list[str]],
                       first_signed_rev: int | None) -> list[RevisionInfo]:
    """One :class:`RevisionInfo` per revision.

    Revisions up to the first signed one are just listed; every later revision is diffed against the
    previous one and classified with pyHanko's default diff policy plus our own page-level facts
    (a new page or changed page content is never "permitted", whatever the policy says).
    """
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel, SuspiciousModification

    ends = revision_end_offsets(reader, data)
    total = reader.xrefs.total_revisions
    out: list[RevisionInfo] = []
    for rev in range(total):
        fields = sig_fields_by_rev.get(rev, [])
        if rev == 0 or first_signed_rev is None or rev <= first_signed_rev:
            cls = "initial" if rev == 0 else ("signature" if fields else "unsigned")
            out.append(RevisionInfo(rev, ends[rev], fields, None, cls, True, _class_zh(cls)))
            continue
        changes: RevisionChanges | None = None
        changes_error = None
        try:
            changes = _revision_changes(reader, rev)
        except Exception as exc:  # broken historical structure: report, do not crash
            log.debug("revision %d: cannot summarise changes: %s", rev, exc)
            changes_error = str(exc)[:200]
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
                reason = zh("revision.changed_fields", names=", ".join(sorted(result.changed_form_fields)))
        except SuspiciousModification as exc:
            cls = "other"
            technical = _short(str(exc))
            reason = suspicious_modification_zh(str(exc))
        except Exception as exc:
            cls = "other"
            technical = _short(f"{type(exc).__name__}: {exc}")
            reason = zh("revision.unanalysable")
        if changes and (changes.pages_added or changes.pages_removed or changes.pages_with_changed_content):
            cls = "other"
        permitted = cls in ("signature", "lta_update", "form_filling")
        msg = _class_zh(cls)
        facts = _facts_zh(changes) if changes else ""
        if facts:
            msg += "：" + facts
        if reason and not permitted:
            msg += f"（{reason}）"
        out.append(RevisionInfo(rev, ends[rev], fields, changes, cls, permitted, msg, technical, changes_error))
    return out


# pyHanko's diff policy explains a disallowed change in English; the report shows a Chinese sentence
# chosen from the kind of change (the English original goes to RevisionInfo.technical_detail).
_SUSPICIOUS: list[tuple[re.Pattern[str], str]] = [  # pattern -> report.texts code
    (re.compile(r"Fields \{(.*)\} were deleted after signing"), "modification.fields_deleted"),
    (re.compile(r"More form fields added than expected.*new fields named \{(.*)\}"), "modification.fields_added"),
    (re.compile(r"form field (\S+) is locked"), "modification.field_locked"),
    (re.compile(r"Value of signature field (\S+)"), "modification.signature_value"),
    (re.compile(r"/Type of form field"), "modification.field_type"),
    (re.compile(r"\bDSS\b|\bVRI\b"), "modification.dss"),
    (re.compile(r"Metadata|XMP"), "modification.metadata"),
    (re.compile(r"were freed"), "modification.freed"),
    (re.compile(r"clobbers or reuses|Unexpected stream|overridden|keys differ|was deleted from dictionary|"
                r"Values for dict key"), "modification.rewritten"),
]


def suspicious_modification_zh(message: str) -> str:
    """Chinese sentence for a pyHanko ``SuspiciousModification`` message (generic for unknown ones)."""
    for pattern, code in _SUSPICIOUS:
        m = pattern.search(message)
        if m:
            names = ""
            if m.groups():
                names = "、".join(n.strip().strip("'\"") for n in m.group(1).split(",") if n.strip())[:80]
            return zh(code, names=names).replace("  ", " ")
    return zh("modification.other")


def _facts_zh(changes: RevisionChanges) -> str:
    parts = []
    if changes.pages_added:
        parts.append(zh("revision.pages_added", count=changes.pages_added))
    if changes.pages_removed:
        parts.append(zh("revision.pages_removed", count=changes.pages_removed))
    if changes.pages_with_changed_content:
        parts.append(zh("revision.content_changed", pages=pages_zh(changes.pages_with_changed_content)))
    if changes.pages_with_added_annotations:
        parts.append(zh("revision.annotations_added", pages=pages_zh(changes.pages_with_added_annotations)))
    return "，".join(parts)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
