"""The shared prelude of both signing profiles: open the document and add the seal field with its appearances."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.io.document import open_for_signing
from eseal.engine.pdf.stamp.annots import make_annotations_indirect
from eseal.engine.pdf.stamp.appearance import SealAppearance
from eseal.engine.pdf.stamp.locks import FieldLock, covered_field_names, seal_lock
from eseal.engine.pdf.stamp.placement import (
    PlanResult,
    StampRequest,
    add_seal_field,
    list_pages,
    next_field_name,
    plan_widgets,
)


@dataclass
class OpenStamp:
    """A document opened for one incremental revision with the new seal field and its appearances added."""

    writer: Any
    field_name: str
    field_ref: Any  # the new /Sig field (pyHanko indirect reference), whose /V the signature becomes
    plan: PlanResult
    lock: FieldLock  # the new field's /Lock (repeated in the signature's /Reference)


def open_stamp(pdf: bytes, appearance: SealAppearance, request: StampRequest, *, max_bytes: int) -> OpenStamp:
    """Start one stamping operation: both signing profiles begin exactly like this and differ only in
    what they put into /Contents."""
    writer = open_for_signing(pdf, max_bytes=max_bytes)
    pages = list_pages(writer, pdf)
    plan = plan_widgets([p.frame for p in pages], appearance.width_pt, appearance.height_pt, request)
    field_name = next_field_name(writer, gm_format.FIELD_PREFIX)
    by_page: dict[int, list] = {}
    for w in plan.widgets:
        by_page.setdefault(w.page_index, []).append(w.rect)
    covered = covered_field_names((pages[i].ref.get_object(), rects) for i, rects in by_page.items())
    lock = seal_lock(field_name, covered)
    make_annotations_indirect(writer, pages, set(by_page))
    field_ref = add_seal_field(writer, field_name, pages, plan, appearance, lock=lock)
    return OpenStamp(writer, field_name, field_ref, plan, lock)
