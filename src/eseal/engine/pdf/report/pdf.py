"""The human verification report: an A4 PDF in Chinese, optionally signed by the platform.

Built with reportlab (BSD) and an embedded, subsetted CJK TrueType font (WenQuanYi Zen Hei; reportlab
cannot embed the CFF-based Noto CJK). Status marks (✓ ✗ ? —) are drawn as vector shapes so that they
do not depend on font coverage. A QR code (``qrcode`` package, drawn as vector squares) carries the
report serial, the document's SHA-256 and the indication so that a printed copy can be matched to the
file and to the platform's record.

The report is an evidence object: pass ``signer`` and the returned bytes are signed. ``signer`` is
either an object with ``sign_pdf(pdf: bytes) -> bytes`` (e.g. a closure over the PDF engine's
``sign_gm``/``sign_pades`` with the platform seal, which also draws the platform seal) or a pyHanko
``Signer`` (then an invisible PAdES signature is added, with an optional pyHanko ``timestamper``).
"""

from __future__ import annotations

import io
from typing import Any, Protocol, runtime_checkable

from eseal.engine.pdf.report.font import CJK_FONT, register_cjk_font
from eseal.engine.pdf.report.model import (
    INDICATION_LABELS,
    CheckStatus,
    Indication,
    PlatformSection,
    SignatureReport,
    VerificationReport,
)
from eseal.engine.pdf.report.platform import note_rows
from eseal.engine.pdf.report.seal import ZONE_BOTTOM_MM, ZONE_HEIGHT_MM
from eseal.engine.pdf.report.texts import BEIJING, BEIJING_LABEL, bj, bj_range, bj_time

FONT = CJK_FONT

_COLORS = {
    Indication.TOTAL_PASSED: "#1a7f37",
    Indication.TOTAL_FAILED: "#c62828",
    Indication.INDETERMINATE: "#b26a00",
}
_STATUS_COLORS = {
    CheckStatus.PASS: "#1a7f37",
    CheckStatus.FAIL: "#c62828",
    CheckStatus.UNKNOWN: "#b26a00",
    CheckStatus.NOT_APPLICABLE: "#8c959f",
}
_STATUS_ZH = {CheckStatus.PASS: "通过", CheckStatus.FAIL: "不通过", CheckStatus.UNKNOWN: "无法确定",
              CheckStatus.NOT_APPLICABLE: "不适用"}
_PROFILE_ZH = {"gm-ses": "GB/T 38540 电子签章（SM2/SM3）", "pades": "PAdES 数字签名",
               "pkcs7": "PKCS#7 数字签名", "doc-timestamp": "文档时间戳", "unknown": "未知格式",
               "removed": "已被移除的签名"}


@runtime_checkable
class ReportSigner(Protocol):
    def sign_pdf(self, pdf: bytes) -> bytes: ...


def _bj(dt: Any) -> str:
    return bj(dt)


def qr_payload(report: VerificationReport) -> str:
    return (f"ESEAL-VR:{report.serial};SHA256={report.document.sha256};"
            f"IND={report.indication.value};T={report.validation_time.astimezone(BEIJING):%Y%m%d%H%M%S}")


def render_report_pdf(report: VerificationReport, *, signer: Any = None, timestamper: Any = None,
                      qr_text: str | None = None, platform: PlatformSection | None = None) -> bytes:
    """The report as PDF bytes, signed by ``signer`` when given (see module docstring). ``qr_text``: what
    the QR code carries (the platform passes its public page URL for the serial), else :func:`qr_payload`.
    ``platform``: the issuing platform's notes per signature (授权签署), shown in each signature's table."""
    pdf = _build(report, signed=signer is not None, issuer=getattr(signer, "issuer", None),
                 seal_name=getattr(signer, "seal_name", None), qr_text=qr_text, platform=platform)
    if signer is None:
        return pdf
    if isinstance(signer, ReportSigner):
        return signer.sign_pdf(pdf)
    return _sign_with_pyhanko(pdf, signer, timestamper)


def _sign_with_pyhanko(pdf: bytes, signer: Any, timestamper: Any) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    meta = signers.PdfSignatureMetadata(
        field_name="ESeal-VerificationReport", md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES,
        reason="eseal 验证报告签发", name="eseal",
    )
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, timestamper=timestamper).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), output=out)
    return out.getvalue()


# ----------------------------------------------------------------------------------------------------
# layout


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK",
                          textColor=colors.HexColor("#1f2328"))
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=10, textColor=colors.HexColor("#57606a")),
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=26),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=9, textColor=colors.HexColor("#57606a")),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12.5, leading=17, spaceBefore=10, spaceAfter=5,
                             keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11.5),
        "label": ParagraphStyle("label", parent=base, fontSize=8.5, leading=11.5, textColor=colors.HexColor("#57606a")),
        "mono": ParagraphStyle("mono", parent=base, fontSize=7.5, leading=10),
        "banner": ParagraphStyle("banner", parent=base, fontSize=13, leading=18, textColor=colors.white),
        "banner_small": ParagraphStyle("banner_small", parent=base, fontSize=9, leading=13, textColor=colors.white),
    }


def _mark_flowable(status: CheckStatus) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    class Mark(Flowable):
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return 12, 12

        def draw(self) -> None:
            c = self.canv
            col = colors.HexColor(_STATUS_COLORS[status])
            c.setFillColor(col)
            c.setStrokeColor(col)
            c.circle(6, 6, 6, stroke=0, fill=1)
            c.setStrokeColor(colors.white)
            c.setFillColor(colors.white)
            c.setLineWidth(1.6)
            c.setLineCap(1)
            c.setLineJoin(1)
            if status is CheckStatus.PASS:
                p = c.beginPath()
                p.moveTo(3.2, 6.2)
                p.lineTo(5.3, 4.0)
                p.lineTo(9.0, 8.3)
                c.drawPath(p, stroke=1, fill=0)
            elif status is CheckStatus.FAIL:
                c.line(3.8, 3.8, 8.2, 8.2)
                c.line(3.8, 8.2, 8.2, 3.8)
            elif status is CheckStatus.UNKNOWN:
                c.setFont("Helvetica-Bold", 9)
                c.drawCentredString(6, 2.9, "?")
            else:
                c.line(3.5, 6, 8.5, 6)

    return Mark()


def _qr_flowable(payload: str, size: float) -> Any:
    import qrcode
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    qr = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(payload)
    qr.make(fit=True)
    matrix = qr.get_matrix()

    class QR(Flowable):
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return size, size

        def draw(self) -> None:
            n = len(matrix)
            cell = size / n
            c = self.canv
            c.setFillColor(colors.black)
            for y, row in enumerate(matrix):
                for x, on in enumerate(row):
                    if on:
                        c.rect(x * cell, size - (y + 1) * cell, cell + 0.05, cell + 0.05, stroke=0, fill=1)

    return QR()


def _kv_table(rows: list[tuple[str, Any]], st: dict[str, Any], widths: tuple[float, float]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(k, st["label"]), v if not isinstance(v, str) else Paragraph(_esc(_clip(v)), st["cell"])]
            for k, v in rows]
    t = Table(data, colWidths=list(widths), splitInRow=1)
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return t


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _keep_with_next(flowable: Any) -> Any:
    """``flowable`` kept on the page of the one after it (reportlab groups a run of such flowables)."""
    flowable.keepWithNext = True
    return flowable


#: the longest text one table cell or banner shows (a cell taller than a page cannot be laid out)
CELL_TEXT_LIMIT = 1500


def _clip(text: str, limit: int = CELL_TEXT_LIMIT) -> str:
    """``text``, cut at ``limit`` characters with a note that the JSON report has all of it."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"……（共 {len(text)} 字，完整内容见 JSON 报告）"


def _banner(indication: Indication, title: str, detail: str, st: dict[str, Any], width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    t = Table([[Paragraph(_esc(title), st["banner"])], [Paragraph(_esc(_clip(detail)), st["banner_small"])]],
              colWidths=[width], splitInRow=1)
    t.keepWithNext = True  # a verdict never sits alone at the bottom of a page
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(_COLORS[indication])),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (0, 0), 7),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
    ]))
    return t


def _seal_image(sig: SignatureReport, size: float) -> Any:
    """The SES seal picture; else the widget's appearance in the signed revision (verify fills
    ``appearance_png`` for PAdES and foreign signatures); else a note."""
    from reportlab.platypus import Image, Paragraph

    picture = None
    if sig.seal is not None and sig.seal.picture and (sig.seal.picture_type or "").upper() in (
            "PNG", "JPG", "JPEG", "GIF", "BMP"):
        picture = sig.seal.picture
    elif sig.appearance_png:
        picture = sig.appearance_png
    if picture is None:
        return Paragraph("（无印章图像）", _styles()["small"])
    try:
        from PIL import Image as PILImage

        im: PILImage.Image = PILImage.open(io.BytesIO(picture))
        im.load()
        if im.mode not in ("RGB", "RGBA"):
            im = im.convert("RGBA")
        buf = io.BytesIO()
        im.save(buf, "PNG")
        buf.seek(0)
        w, h = im.size
        scale = size / max(w, h)
        return Image(buf, width=w * scale, height=h * scale, mask="auto")
    except Exception:
        return Paragraph("（印章图像无法显示）", _styles()["small"])


def _signature_section(sig: SignatureReport, st: dict[str, Any], width: float,
                       platform: PlatformSection | None = None) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    out: list[Any] = []
    head = f"签名 {sig.index}：{sig.field_name}"
    out.append(Paragraph(_esc(head), st["h2"]))
    verdict = INDICATION_LABELS[sig.indication]
    detail = sig.indication.value + (f" / {sig.sub_indication.value}" if sig.sub_indication else "") + \
        f"　{sig.message}"
    out.append(_banner(sig.indication, verdict, detail, st, width))
    out.append(_keep_with_next(Spacer(1, 6)))

    t = sig.times
    rows: list[tuple[str, Any]] = [("签名类型", f"{_PROFILE_ZH.get(sig.profile, sig.profile)}（{sig.sub_filter or '—'}）")]
    if sig.seal:
        rows += [("印章名称", sig.seal.name), ("印章编码(esID)", sig.seal.es_id),
                 ("印章类型", sig.seal.seal_type_label or str(sig.seal.seal_type)),
                 ("印章有效期", bj_range(sig.seal.valid_start, sig.seal.valid_end))]
    if sig.signer:
        rows += [("签章者", sig.signer.common_name or sig.signer.subject),
                 ("签章者证书", f"{sig.signer.organization or sig.signer.common_name or ''}　序列号 {sig.signer.serial_number}"),
                 ("证书颁发者", sig.signer.issuer)]
    rows += [("声明的签章时间", bj_time(t.claimed) + "（签章者声明）"),
             ("时间戳证明的时间", (bj_time(t.proven) + f"（{t.timestamp_authority or '时间戳服务机构'}）") if t.proven
              else "无有效时间戳"),
             ]
    if t.difference_seconds is not None:
        rows.append(("时间差", f"{t.difference_seconds:+.1f} 秒"))
    if sig.page:
        rows.append(("签章所在页", f"第 {sig.page} 页"))
    rows += note_rows(platform.note(sig.index) if platform is not None else None)
    info_w = width - 110
    info = _kv_table(rows, st, (82, info_w - 82))
    top = Table([[info, _seal_image(sig, 96)]], colWidths=[info_w, 110])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "CENTER"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    out.append(top)
    out.append(Spacer(1, 8))

    data = [[Paragraph("检查项", st["label"]), "", Paragraph("结果", st["label"]), Paragraph("说明", st["label"])]]
    for it in sig.items:
        data.append([Paragraph(it.label, st["cell"]), _mark_flowable(it.status),
                     Paragraph(_STATUS_ZH[it.status], st["cell"]), Paragraph(_esc(_clip(it.reason)), st["cell"])])
    items = Table(data, colWidths=[88, 18, 46, width - 152], repeatRows=1, splitInRow=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f6f8fa")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de")),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#d0d7de")),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for row, it in enumerate(sig.items, start=1):
        style.append(("TEXTCOLOR", (2, row), (2, row), colors.HexColor(_STATUS_COLORS[it.status])))
    items.setStyle(TableStyle(style))
    out.append(KeepTogether([Paragraph("校验详情", st["label"]), Spacer(1, 2), items]))
    if sig.coverage is not None:
        out.append(Spacer(1, 4))
        c = sig.coverage
        out.append(Paragraph(_esc(_clip(f"签名范围 ByteRange {c.byte_range}，已签名 {c.signed_bytes} 字节；{c.message}")),
                             st["small"]))
    return out


def _build(report: VerificationReport, *, signed: bool = False, issuer: str | None = None,
           seal_name: str | None = None, qr_text: str | None = None,
           platform: PlatformSection | None = None) -> bytes:
    """Lay the report out. Page 1 keeps its bottom band (``report_seal.ZONE_*``) free of flowing text:
    the issuing block (serial, issuer, how to check) sits on the left, the platform's stamp goes on the
    right, so the seal is always visible on page 1 and never covers text, however long the report."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    register_cjk_font()
    st = _styles()
    buf = io.BytesIO()
    margin = 16 * mm
    width = A4[0] - 2 * margin
    top, bottom = 18 * mm, 18 * mm
    zone_top = (ZONE_BOTTOM_MM + ZONE_HEIGHT_MM + 2) * mm
    doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=top,
                          bottomMargin=bottom, title=f"电子签章验证报告 {report.serial}", author="eseal",
                          subject=report.document.name, creator=f"eseal {report.engine_version}")
    story: list[Any] = [NextPageTemplate("later")]
    d = report.document
    title = [Paragraph("电子签章验证报告", st["title"]), Spacer(1, 4),
             Paragraph(_esc(f"报告编号　{report.serial}"), st["subtitle"]),
             Paragraph(_esc(f"验证时间　{bj_time(report.validation_time)}"), st["subtitle"]),
             Paragraph("依据　GB/T 38540-2020、GM/T 0031、ETSI EN 319 102-1", st["subtitle"])]
    head = Table([[title, _qr_flowable(qr_text or qr_payload(report), 74)]], colWidths=[width - 80, 80])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story += [head, Spacer(1, 6)]
    line = Table([[""]], colWidths=[width], rowHeights=[2])
    line.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.HexColor("#b71c1c"))]))
    story += [line, Spacer(1, 4)]

    story.append(Paragraph("文档信息", st["h2"]))
    story.append(_kv_table([
        ("文档名称", d.name),
        ("文件大小", f"{d.size:,} 字节　{d.pages or '—'} 页　{d.revisions} 个修订版本"),
        ("SM3 杂凑", Paragraph(d.sm3, st["mono"])),
        ("SHA-256 杂凑", Paragraph(d.sha256, st["mono"])),
        ("签名数量", str(len(report.signatures))),
        ("信任锚", "；".join(report.trust_anchors) if report.trust_anchors else "未配置（证书链均不可信）"),
    ], st, (82, width - 82)))
    story.append(Spacer(1, 8))
    verdict = INDICATION_LABELS[report.indication]
    story.append(_banner(report.indication, f"验证结论：{verdict}",
                         report.indication.value + (f" / {report.sub_indication.value}" if report.sub_indication else "")
                         + f"　{report.message}", st, width))

    if report.signatures:
        summary = [[Paragraph(h, st["label"]) for h in ("#", "签名", "签章者 / 印章", f"签章时间（{BEIJING_LABEL}）", "结论")]]
        for s in report.signatures:
            who = (s.seal.name if s.seal else "") or (s.signer.common_name if s.signer else "") or "—"
            summary.append([Paragraph(str(s.index), st["cell"]), Paragraph(_esc(s.field_name), st["cell"]),
                            Paragraph(_esc(who), st["cell"]), Paragraph(_bj(s.times.best), st["cell"]),
                            Paragraph(f"<font color='{_COLORS[s.indication]}'>{INDICATION_LABELS[s.indication]}</font>",
                                      st["cell"])])
        t = Table(summary, colWidths=[18, 80, width - 268, 110, 60], repeatRows=1, splitInRow=1)
        t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f6f8fa")),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story += [_keep_with_next(Spacer(1, 8)), t]
    for s in report.signatures:
        story += _signature_section(s, st, width, platform)

    later = [r for r in report.revisions if r.index > 0]
    if later:
        story.append(Paragraph("文档修订记录", st["h2"]))
        rows = [[Paragraph(h, st["label"]) for h in ("修订", "结束位置", "签名", "判定", "说明")]]
        for r in report.revisions:
            ok = "许可" if r.permitted else "非许可"
            col = "#1a7f37" if r.permitted else "#c62828"
            rows.append([Paragraph(str(r.index), st["cell"]), Paragraph(f"{r.end_offset:,}", st["cell"]),
                         Paragraph(_esc(_clip("、".join(r.signature_fields) or "—", 300)), st["cell"]),
                         Paragraph(f"<font color='{col}'>{ok}</font>", st["cell"]),
                         Paragraph(_esc(_clip(r.message)), st["cell"])])
        t = Table(rows, colWidths=[30, 58, 80, 40, width - 208], repeatRows=1, splitInRow=1)
        t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f6f8fa")),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story.append(t)

    story += [Spacer(1, 12), Paragraph(
        "说明：“验证通过”（TOTAL_PASSED）表示签名在验证时间依据所配置的信任锚全部检查通过；“验证失败”"
        "（TOTAL_FAILED）表示签名被证明无效（如内容被篡改、签名值错误、证书已吊销或签章时已过期）；"
        "“无法确定”（INDETERMINATE）表示缺少判断所需的信息（如证书链不可信、无时间戳证明）。"
        "签章时间区分签章者声明的时间与时间戳证明的时间。本报告由 eseal 平台生成，"
        + ("报告文件附有平台的电子签章，可凭报告编号与二维码核验。" if signed else
           "本报告文件未经平台签章。"), st["small"])]

    def on_page(canvas: Any, doc_: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#57606a"))
        canvas.drawString(margin, 10 * mm, f"eseal 统一电子印章平台　验证报告 {report.serial}")
        canvas.drawRightString(A4[0] - margin, 10 * mm, f"第 {doc_.page} 页")
        canvas.setStrokeColor(colors.HexColor("#d0d7de"))
        canvas.line(margin, 13 * mm, A4[0] - margin, 13 * mm)
        canvas.restoreState()

    def on_first_page(canvas: Any, doc_: Any) -> None:
        on_page(canvas, doc_)
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#d0d7de"))
        canvas.line(margin, zone_top - 1 * mm, A4[0] - margin, zone_top - 1 * mm)
        x, y = margin, zone_top - 8 * mm
        lines = [("报告签发", issuer or "eseal 统一电子印章平台"), ("报告编号", report.serial),
                 ("签发时间", bj_time(report.validation_time))]
        if signed:
            lines.append(("签章", f"{seal_name or '平台印章'}（右侧印章即报告文件的电子签章）"))
        for label, value in lines:
            canvas.setFont(FONT, 8.5)
            canvas.setFillColor(colors.HexColor("#57606a"))
            canvas.drawString(x, y, label)
            canvas.setFillColor(colors.HexColor("#1f2328"))
            canvas.drawString(x + 16 * mm, y, value)
            y -= 5.2 * mm
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#57606a"))
        note = ("核验：eseal verify 本报告.pdf --ca <平台CA目录>，或任何支持 GB/T 38540 的验证工具" if signed
                else "本报告未经平台签章（未配置平台报告印章），仅供参考")
        canvas.drawString(x, y - 1 * mm, note)
        canvas.restoreState()

    first = Frame(margin, zone_top, width, A4[1] - top - zone_top, id="first")
    later = Frame(margin, bottom, width, A4[1] - top - bottom, id="later")
    doc.addPageTemplates([PageTemplate(id="first", frames=[first], onPage=on_first_page),
                          PageTemplate(id="later", frames=[later], onPage=on_page)])
    doc.build(story)
    return buf.getvalue()
