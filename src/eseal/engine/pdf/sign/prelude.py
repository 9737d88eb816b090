"""The shared prelude of both signing profiles: open the document and add the seal field with its appearances."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.io.document import open_for_signing
from eseal.engine.pdf.stamp.appearance import SealAppearance
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
    plan: PlanResult


def open_stamp(pdf: bytes, appearance: SealAppearance, request: StampRequest, *, max_bytes: int) -> OpenStamp:
    """Start one stamping operation: both signing profiles begin exactly like this and differ only in
    what they put into /Contents."""
    writer = open_for_signing(pdf, max_bytes=max_bytes)
    pages = list_pages(writer, pdf)
    plan = plan_widgets([p.frame for p in pages], appearance.width_pt, appearance.height_pt, request)
    field_name = next_field_name(writer, gm_format.FIELD_PREFIX)
    add_seal_field(writer, field_name, pages, plan, appearance)
    return OpenStamp(writer, field_name, plan)
