"""One stamp of a submission (选章 + 单页 / 多页 / 骑缝 + where): parsed and checked against the document before
anything is signed, turned into the engine's :class:`StampRequest` (positions in mm from the displayed page's
top-left, the seal's top-left corner)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from eseal.engine.pdf import StampRequest
from eseal.platform.core import PlatformError

MODES = ("single", "multi", "seam")
MODE_LABELS = {"single": "单页签章", "multi": "多页签章", "seam": "骑缝签章"}
MAX_STAMPS = 20
MAX_COORD_MM = 5000.0


@dataclass(frozen=True)
class Stamp:
    """What the client sends per stamp: ``page`` (single), ``pages`` (multi / seam; None = all pages),
    ``x_mm`` / ``y_mm`` (seam: only ``y_mm``; None = the default spot)."""

    seal_id: int
    mode: str = "single"
    page: int = 1
    pages: tuple[int, ...] | None = None
    x_mm: float | None = None
    y_mm: float | None = None


def _bad(message: str, field: str = "stamps") -> PlatformError:
    return PlatformError("sign.bad_stamp", message, field)


def check_stamps(stamps: list[Stamp] | tuple[Stamp, ...], page_count: int) -> tuple[Stamp, ...]:
    """The stamps, checked: 1..20 of them, known modes, pages inside the document, finite positions; seam needs
    two consecutive pages and no x. (The engine still checks that the seal fits inside the page.)"""
    if not stamps:
        raise _bad("请先在文档上放置印章")
    if len(stamps) > MAX_STAMPS:
        raise _bad(f"一次最多提交{MAX_STAMPS}个签章")
    out = []
    for stamp in stamps:
        if stamp.mode not in MODES:
            raise _bad("签章方式无效", "mode")
        for value in (stamp.x_mm, stamp.y_mm):
            if value is not None and (not math.isfinite(value) or not 0 <= value <= MAX_COORD_MM):
                raise _bad("签章位置无效", "x_mm")
        if stamp.mode == "single":
            if not 1 <= stamp.page <= page_count:
                raise _bad("签章页码超出文档页数", "page")
            out.append(Stamp(stamp.seal_id, "single", stamp.page, None, stamp.x_mm, stamp.y_mm))
            continue
        pages = tuple(sorted(set(stamp.pages))) if stamp.pages else tuple(range(1, page_count + 1))
        if any(not 1 <= p <= page_count for p in pages):
            raise _bad("签章页码超出文档页数", "pages")
        if stamp.mode == "seam":
            if len(pages) < 2 or pages != tuple(range(pages[0], pages[-1] + 1)):
                raise _bad("骑缝签章至少需要连续的2页", "pages")
            if stamp.x_mm is not None:
                raise _bad("骑缝签章的位置固定在页面右边缘，只能调整高度", "x_mm")
        out.append(Stamp(stamp.seal_id, stamp.mode, pages[0], pages, stamp.x_mm, stamp.y_mm))
    return tuple(out)


def stamp_request(stamp: Stamp) -> StampRequest:
    if stamp.mode == "single":
        return StampRequest.from_mm(mode="single", page=stamp.page, x_mm=stamp.x_mm, y_mm=stamp.y_mm)
    return StampRequest.from_mm(mode=stamp.mode, pages=stamp.pages, x_mm=stamp.x_mm, y_mm=stamp.y_mm)


def placements_json(stamp: Stamp) -> str:
    pages = [stamp.page] if stamp.mode == "single" else list(stamp.pages or ())
    return json.dumps({"pages": pages, "x_mm": stamp.x_mm, "y_mm": stamp.y_mm}, separators=(",", ":"))
