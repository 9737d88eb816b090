"""Sample PDFs with Chinese text for the demo's business documents (企业开办登记申请书, 不动产登记申请表, …): real
one-page A4 documents drawn with reportlab in an embedded CJK TrueType font, so previews and stamping work on
them like on any upload."""

from __future__ import annotations

import io
from dataclasses import dataclass

from eseal.engine.pdf import CJK_FONT, ReportFontError, register_cjk_font
from eseal.platform.core import PlatformError

FONT = CJK_FONT


@dataclass(frozen=True)
class Sample:
    """A business document of the demo: which source sends it, its 事项类型, its title and body lines."""

    source_code: str
    matter_type: str
    title: str
    lines: tuple[str, ...]


def _register_font() -> None:
    try:
        register_cjk_font()
    except ReportFontError as exc:
        raise PlatformError("invalid_input", "系统缺少中文字体，无法生成示例文档") from exc


def render_sample(title: str, lines: tuple[str, ...], *, holder: str) -> bytes:
    """A one-page A4 PDF: the title, the holder line, the body lines and a signature box (盖章处)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    _register_font()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=True)
    c.setTitle(title)
    c.setAuthor("统一电子印章管理平台（示例）")
    width, height = A4
    c.setFont(FONT, 20)
    c.drawCentredString(width / 2, height - 30 * mm, title)
    c.setFont(FONT, 11)
    y = height - 48 * mm
    c.drawString(25 * mm, y, f"申请人／单位：{holder}")
    for line in lines:
        y -= 9 * mm
        c.drawString(25 * mm, y, line)
    c.rect(width - 85 * mm, 40 * mm, 60 * mm, 45 * mm)
    c.drawString(width - 80 * mm, 78 * mm, "盖章处：")
    c.setFont(FONT, 8)
    c.drawCentredString(width / 2, 15 * mm, "本文档为演示数据，由统一电子印章管理平台生成")
    c.showPage()
    c.save()
    return out.getvalue()
