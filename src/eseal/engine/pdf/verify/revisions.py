"""The incremental revisions of a document: where each ends, and what each later one changed.

:func:`describe_revisions` lists each incremental update with a factual summary of what changed
(pages, content streams, annotations, fields) and pyHanko's classification of the change.
(Reading the input: ``io/source.py``; hashing: ``io/digests.py``; ByteRange checks: ``byte_range.py``.)
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from eseal.engine.pdf.report.model import RevisionChanges, RevisionInfo
from eseal.engine.pdf.report.texts import pages_zh, zh
from eseal.engine.pdf.verify.field_changes import (
    doc_mdp_permission,
    judge_field_changes,
    need_appearances_turned_on,
)
from eseal.engine.pdf.verify.page_history import PageHistory, plain_pages, plain_prints
from eseal.engine.pdf.verify.plain_objects import PlainObjects, Unsure
from eseal.engine.pdf.verify.revision_kinds import classify_written
from eseal.engine.pdf.verify.signature_revision import added_signature_fields, plain_added_signature_fields

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


def _revision_changes(reader: PdfFileReader, rev: int, cache: PageHistory | None = None) -> RevisionChanges:
    """What revision ``rev`` changed compared with ``rev - 1`` (facts only, no judgement)."""
    cache = cache or PageHistory(reader)
    old_pages, new_pages = cache.pages(rev - 1), cache.pages(rev)
    return _changes(reader, rev, [_ref_id(r) for r, _p in old_pages], [_ref_id(r) for r, _p in new_pages],
                    cache.prints(rev - 1), cache.prints(rev))


def _plain_revision_changes(objs: PlainObjects, rev: int) -> RevisionChanges:
    """:func:`_revision_changes` from the plain reader (raises ``Unsure`` where it cannot tell)."""
    old_pages, new_pages = plain_pages(objs, rev - 1), plain_pages(objs, rev)
    return _changes(objs.reader, rev, [r for r, _p in old_pages], [r for r, _p in new_pages],
                    plain_prints(objs, rev - 1), plain_prints(objs, rev), objs.written(rev))


def _changes(reader: PdfFileReader, rev: int, old_keys: list[Any], new_keys: list[Any],
             old_prints: list[dict[str, Any]], new_prints: list[dict[str, Any]],
             written: tuple[frozenset[Any], frozenset[Any]] | None = None) -> RevisionChanges:
    explicit: Any
    if written is None:
        explicit = reader.xrefs.explicit_refs_in_revision(rev)
        new_objects = 0
        for ref in explicit:
            try:
                if reader.xrefs.get_introducing_revision(ref) == rev:
                    new_objects += 1
            except KeyError:
                pass
    else:
        explicit, new_objects = written[0], len(written[1])
    changed_content: list[int] = []
    added_annots: dict[int, int] = {}
    changed_pages: list[int] = []
    explicit_ids = {(r.idnum, r.generation) for r in explicit}
    for i, new_key in enumerate(new_keys):
        if i >= len(old_keys):
            break
        fo, fn = old_prints[i], new_prints[i]
        content_ids = {c for c in fn["contents"] if c is not None}
        if fo["contents"] != fn["contents"] or content_ids & explicit_ids:
            changed_content.append(i + 1)
        elif fo["resources"] != fn["resources"] or (fn["resources"] in explicit_ids):
            changed_content.append(i + 1)  # resources swapped: XObjects/fonts may draw differently
        n_added = len([a for a in fn["annots"] if a not in fo["annots"]])
        if n_added:
            added_annots[i + 1] = n_added
        if new_key in explicit_ids:
            changed_pages.append(i + 1)
    return RevisionChanges(
        objects_written=len(explicit),
        objects_added=new_objects,
        pages_before=len(old_keys),
        pages_after=len(new_keys),
        pages_added=max(0, len(new_keys) - len(old_keys)),
        pages_removed=max(0, len(old_keys) - len(new_keys)),
        pages_with_changed_content=changed_content,
        pages_with_added_annotations=added_annots,
        page_dictionaries_rewritten=changed_pages,
    )


def _class_zh(cls: str) -> str:
    """Chinese name of a revision class (report.texts ``revision.<class>``)."""
    return zh(f"revision.{cls}")


#: classifications a later revision may have without breaking the signatures before it
PERMITTED_CLASSES = frozenset({"signature", "lta_update", "metadata", "unreferenced", "form_filling"})

#: classification -> the pyHanko-style modification level shown in ``coverage.modification_level``
_LEVEL_OF_CLASS = {"lta_update": 1, "metadata": 1, "unreferenced": 1, "signature": 2, "form_filling": 2,
                   "annotation": 3, "other": 4}
_LEVEL_NAMES = ("NONE", "LTA_UPDATES", "FORM_FILLING", "ANNOTATIONS", "OTHER")


def modification_level_after(revisions: list[RevisionInfo], signed_revision: int | None) -> str | None:
    """The worst change of the revisions after ``signed_revision``, shared by every signature (no re-diff)."""
    if signed_revision is None:
        return None
    level = 0
    for r in revisions:
        if r.index > signed_revision:
            level = max(level, _LEVEL_OF_CLASS.get(r.classification, 4 if not r.permitted else 1))
    return _LEVEL_NAMES[level]


def describe_revisions(reader: PdfFileReader, data: bytes, sig_fields_by_rev: dict[int, list[str]],
                       first_signed_rev: int | None, objects: PlainObjects | None = None) -> list[RevisionInfo]:
    """One :class:`RevisionInfo` per revision, each later revision analysed once for all signatures.

    Revisions up to the first signed one are just listed; every later revision is diffed against the
    previous one with pyHanko's default diff policy (given the document's DocMDP), then our own rules
    are applied (``field_changes``: NeedAppearances, form fields over signed pages, /Lock; page facts:
    a new page or changed page content is never permitted) and the revision is named by what it
    really writes (``revision_kinds``: metadata, DSS, unreferenced objects).

    The page facts and the "only signature fields were added" proof are first read with the plain
    reader (``plain_objects``, one parse per object version); where it is unsure, pyHanko's objects
    decide as before.
    """
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel, SuspiciousModification
    from pyhanko.sign.fields import MDPPerm

    ends = revision_end_offsets(reader, data)
    total = reader.xrefs.total_revisions
    cache = PageHistory(reader)
    out: list[RevisionInfo] = []
    for rev in range(total):
        fields = sig_fields_by_rev.get(rev, [])
        if rev == 0 or first_signed_rev is None or rev <= first_signed_rev:
            cls = "initial" if rev == 0 else ("signature" if fields else "unsigned")
            out.append(RevisionInfo(rev, ends[rev], fields, None, cls, True, _class_zh(cls)))
            continue
        changes: RevisionChanges | None = None
        changes_error = None
        plain_changes, fast, plain_decided = _plain_facts(objects, rev, bool(fields))
        try:
            changes = plain_changes or _revision_changes(reader, rev, cache)
        except Exception as exc:  # broken historical structure: report, do not crash
            log.debug("revision %d: cannot summarise changes: %s", rev, exc)
            changes_error = str(exc)[:200]
        reason, technical, finding, text_code = "", None, None, None
        if not plain_decided:
            try:
                fast = added_signature_fields(reader, rev) if fields else None
            except Exception as exc:  # the whitelist could not decide: pyHanko's analysis does
                log.debug("revision %d: fast signature check failed: %s", rev, exc)
                fast = None
        if fast is not None and set(fast) <= set(fields):
            # only signature fields were added (verify/signature_revision.py): no full diff needed
            cls = "signature"
            if changes and (changes.pages_added or changes.pages_removed or changes.pages_with_changed_content):
                cls = "other"
            msg = _class_zh(cls) + (("：" + _facts_zh(changes)) if changes and _facts_zh(changes) else "")
            out.append(RevisionInfo(rev, ends[rev], fields, changes, cls, cls == "signature", msg, None,
                                    changes_error))
            continue
        old, new = reader.get_historical_resolver(rev - 1), reader.get_historical_resolver(rev)
        try:
            p = doc_mdp_permission(old)
            result = DEFAULT_DIFF_POLICY.apply(old=old, new=new, doc_mdp=MDPPerm(p) if p in (1, 2) else None)
            level = result.modification_level
            cls = {
                ModificationLevel.NONE: "lta_update",
                ModificationLevel.LTA_UPDATES: "lta_update",
                ModificationLevel.FORM_FILLING: "signature" if fields else "form_filling",
                ModificationLevel.ANNOTATIONS: "annotation",
            }.get(level, "other")
            written = {(r.idnum, r.generation) for r in reader.xrefs.explicit_refs_in_revision(rev)}
            finding = judge_field_changes(old, new, set(result.changed_form_fields), cache.annot_pages(rev), written)
            if finding is not None:
                reason = finding.message
                cls = ("signature" if fields else "form_filling") if finding.permitted else "other"
            elif result.changed_form_fields and not fields:
                reason = zh("revision.changed_fields", names=", ".join(sorted(result.changed_form_fields)))
            if need_appearances_turned_on(old, new):
                also = "；" + reason if finding is not None and not finding.permitted else ""
                cls, reason = "other", zh("fields.need_appearances") + also
            if cls == "lta_update" and not fields:
                cls, text_code, reason = _name_quiet_revision(reader, rev, level is ModificationLevel.NONE)
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
        permitted = cls in PERMITTED_CLASSES
        msg = zh(text_code) if text_code and cls == "lta_update" else _class_zh(cls)
        facts = _facts_zh(changes) if changes else ""
        if facts:
            msg += "：" + facts
        if reason and not permitted:
            msg += f"（{reason}）"
        elif reason and (finding is not None or cls in ("metadata", "unreferenced")):
            msg += ("；" if facts else "：") + reason  # a permitted change, named
        out.append(RevisionInfo(rev, ends[rev], fields, changes, cls, permitted, msg, technical, changes_error))
    return out


def _plain_facts(objects: PlainObjects | None, rev: int,
                 signs: bool) -> tuple[RevisionChanges | None, list[str] | None, bool]:
    """(page facts, names of the only added signature fields, whether the proof was decided) from the
    plain reader; (None, None, False) wherever it is unsure."""
    if objects is None:
        return None, None, False
    try:
        changes = _plain_revision_changes(objects, rev)
    except Unsure as exc:
        log.debug("revision %d: plain reader unsure about the pages: %s", rev, exc)
        return None, None, False
    except Exception as exc:  # a defect of the plain reader must not decide anything
        log.debug("revision %d: plain page facts failed", rev, exc_info=exc)
        return None, None, False
    if not signs:
        return changes, None, True
    try:
        return changes, plain_added_signature_fields(objects, rev), True
    except Unsure as exc:
        log.debug("revision %d: plain reader unsure about the signature proof: %s", rev, exc)
    except Exception as exc:
        log.debug("revision %d: plain signature proof failed", rev, exc_info=exc)
    return changes, None, False


def _name_quiet_revision(reader: PdfFileReader, rev: int, no_change: bool) -> tuple[str, str, str]:
    """A revision pyHanko found harmless (NONE / LTA_UPDATES): what is it really?

    (classification, text code of the message, Chinese detail). DSS and "nothing changed" keep the
    ``lta_update`` classification (permitted, the JSON vocabulary), with their own wording.
    """
    try:
        kinds = classify_written(reader, rev)
    except Exception as exc:  # unusual structure: keep the generic wording
        log.debug("revision %d: cannot classify the written objects: %s", rev, exc)
        return "lta_update", "revision.lta_update", ""
    if kinds.metadata_only:
        what = "、".join(zh(f"revision.meta.{k}") for k, n in (("info", kinds.info), ("xmp", kinds.xmp)) if n)
        extra = zh("revision.metadata_also_unreferenced", count=kinds.unreferenced) if kinds.unreferenced else ""
        return "metadata", "revision.metadata", zh("revision.metadata_detail", what=what) + extra
    if kinds.unreferenced_only:
        return "unreferenced", "revision.unreferenced", zh("revision.unreferenced_detail", count=kinds.unreferenced)
    if kinds.dss and not kinds.other:
        return "lta_update", "revision.dss", ""
    if no_change and not kinds.other:
        return "lta_update", "revision.no_change", ""
    return "lta_update", "revision.lta_update", ""


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
