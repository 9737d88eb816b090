"""The certificate application form (数字证书申请表): a one-page A4 PDF with the applicant's data, drawn with
reportlab and a embedded CJK TrueType font; the second rendering carries the signer's handwritten signature
in the signature box. ID numbers and phones appear masked (the form is stored as evidence; clear ID numbers
stay encrypted in the database only)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from eseal.engine.beijing import beijing_text
from eseal.engine.pdf import CJK_FONT, ReportFontError, register_cjk_font
from eseal.platform.core import PlatformError

FONT = CJK_FONT
A4_MM = (210.0, 297.0)
# the signature box (mm from the bottom-left corner) and where the platform seal goes (mm from the top-left)
SIGNATURE_BOX_MM = (30.0, 52.0, 80.0, 30.0)  # x, y, width, height
PLATFORM_SEAL_MM = (140.0, 200.0)  # x, y from the top (StampRequest.from_mm)


@dataclass(frozen=True)
class FormData:
    role_label: str  # 单位法人 / 经办人 / 本人
    person_name: str
    id_type_label: str
    id_masked: str
    phone_masked: str
    unit_name: str | None
    credit_code: str | None
    seal_labels: tuple[str, ...]
    method_label: str
    application_id: int
    created_at: datetime


def _register_font() -> None:
    try:
        register_cjk_font()
    except ReportFontError as exc:
        raise PlatformError("seal_application.form_font_missing", "系统缺少中文字体，无法生成申请表") from exc


def render_form(data: FormData, signature_png: bytes | None = None, signed_at: datetime | None = None) -> bytes:
    """The form as PDF bytes; with ``signature_png`` the signature is drawn into the signature box."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    _register_font()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=True)
    c.setTitle("数字证书申请表")
    c.setAuthor("统一电子印章管理平台")
    width, height = A4
    c.setFont(FONT, 20)
    c.drawCentredString(width / 2, height - 30 * mm, "数字证书申请表")
    c.setFont(FONT, 10)
    c.drawRightString(width - 20 * mm, height - 38 * mm, f"申请编号：{data.application_id:08d}")
    rows: list[tuple[str, str]] = []
    if data.unit_name:
        rows += [("单位名称", data.unit_name), ("统一社会信用代码", data.credit_code or "")]
    rows += [("申领印章", "、".join(data.seal_labels)), ("用章核验方式", data.method_label),
             ("认证角色", data.role_label), ("姓名", data.person_name),
             ("证件类型", data.id_type_label), ("证件号码", data.id_masked), ("手机号码", data.phone_masked),
             ("申请时间", beijing_text(data.created_at, "%Y-%m-%d %H:%M（北京时间）"))]
    top, row_h, left, label_w, right = height - 48 * mm, 11 * mm, 20 * mm, 45 * mm, width - 20 * mm
    c.setLineWidth(0.6)
    for i, (label, value) in enumerate(rows):
        y = top - i * row_h
        c.rect(left, y - row_h, right - left, row_h)
        c.line(left + label_w, y, left + label_w, y - row_h)
        c.setFont(FONT, 11)
        c.drawString(left + 3 * mm, y - row_h + 4 * mm, label)
        c.drawString(left + label_w + 3 * mm, y - row_h + 4 * mm, value[:60])
    y = top - len(rows) * row_h - 12 * mm
    c.setFont(FONT, 10)
    for line in ("申请人声明：本人确认以上信息真实、准确、完整，同意由平台为上述印章生成密钥并签发数字证书，",
                 "知悉电子印章与实物印章具有同等法律效力，并对使用该电子印章的行为承担相应法律责任。"):
        c.drawString(left, y, line)
        y -= 6 * mm
    bx, by, bw, bh = SIGNATURE_BOX_MM
    c.setFont(FONT, 11)
    c.drawString(bx * mm, (by + bh + 3) * mm, f"{data.role_label}签名：")
    c.setDash(2, 2)
    c.rect(bx * mm, by * mm, bw * mm, bh * mm)
    c.setDash()
    if signature_png is not None:
        c.drawImage(ImageReader(io.BytesIO(signature_png)), bx * mm, by * mm, bw * mm, bh * mm,
                    preserveAspectRatio=True, anchor="c", mask="auto")
    when = beijing_text(signed_at or data.created_at, "%Y年%m月%d日")
    c.drawString(bx * mm, (by - 7) * mm, f"签署日期：{when if signature_png is not None else '        年    月    日'}")
    c.setFont(FONT, 9)
    c.drawString(140 * mm, 40 * mm, "平台签章")
    c.showPage()
    c.save()
    return out.getvalue()
