"""The Chinese texts of the command line, keyed by the engine's error codes (codes go down, Chinese goes up).

The engine raises errors with a stable ``code`` and an English technical message; what a CLI user
reads in Chinese is looked up here, in one place, never guessed from the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from eseal.engine.beijing import beijing_text

#: An error line is ``eseal: <Chinese, by code>（技术细节：<English technical message>）``: one line, the
#: Chinese says what is wrong, the English detail after it is for support and logs.
TECHNICAL_LABEL = "技术细节"
_TECHNICAL_LIMIT = 300

#: Chinese for the error codes of the engine (``eseal sign`` and the other commands that print them).
_ERRORS: dict[str, str] = {
    # the input document
    "pdf.unreadable": "无法读取文件",
    "pdf.not_pdf": "文件不是PDF格式",
    "pdf.truncated": "PDF文件不完整或已损坏",
    "pdf.encrypted": "PDF文件已加密，无法签章（请先去除密码）",
    "pdf.too_large": "文件过大",
    "pdf.certification_unreadable": "文档的认证签名（DocMDP）字典无法读取，无法判断能否追加签章，拒绝签章",
    "pdf.certified_no_changes": "文档已被认证为不允许任何修改（DocMDP P=1），追加签章会使认证签名失效，拒绝签章",
    "pdf.certified_needs_existing_field": "文档已被认证（DocMDP P=2/P=3），只允许签署文档中已有的空签名域，"
    "新增签章域会使认证签名失效；暂不支持签入已有签名域，拒绝签章",
    "pdf.signed_direct_annotations": "文档已有签名，且要盖章的页面把注释保存为直接对象，盖章会使已有签名失效，拒绝签章",
    # where the seal goes
    "pdf.bad_placement": "印章位置或页码无效",
    "pdf.placement.off_page": "印章超出页面范围（请调整 --x/--y，或换用较小的印章）",
    "pdf.placement.page_out_of_range": "页码超出文档的页数",
    "pdf.placement.no_pages": "没有选中任何页面",
    "pdf.placement.seam_min_pages": "骑缝签章至少需要 2 页",
    "pdf.placement.seam_not_consecutive": "骑缝签章需要连续的页面",
    "pdf.placement.seam_max_pages": "每枚骑缝章至少覆盖 2 页（--seam-max-pages 至少为 2）",
    "pdf.placement.seam_x": "骑缝签章的印章固定在页面右边缘，不能指定 --x（可用 --y 指定上边距）",
    "pdf.placement.xy_pair": "--x 和 --y 需要同时给出",
    "pdf.placement.not_finite": "印章位置必须是有限的数值",
    "pdf.placement.bad_rotate": "页面的旋转角度（/Rotate）不是 90 的倍数，无法盖章",
    "pdf.placement.unknown_mode": "未知的签章方式（可用 single、multi、seam）",
    "pdf.bad_appearance": "印章图像不能用作签章外观",
    # signing
    "sign.failed": "签名失败",
    "sign.output_too_large": "签章后的文件将超过验证允许的大小（上传限制加签章余量），拒绝签章",
    "pki.timestamp.unavailable": "无法获得可信时间，未签名",
    "pki.timestamp": "时间戳服务出错，未签名",
    "ses.seal_dir": "印章目录不可用",
    # reports
    "report.seal_dir_unusable": "报告印章目录不可用",
    "report.seal_unusable": "平台报告印章不可用",
    "report.no_cjk_font": "找不到中文字体，无法生成验证报告",
    "verify.trust_store_unreadable": "信任证书无法读取",
}


def technical(detail: object) -> str:
    """The English technical detail as one short line (whitespace collapsed, ``0x0x`` de-doubled)."""
    text = " ".join(str(detail).split())
    text = re.sub(r"0x0x", "0x", text)  # pyHanko writes f"byte 0x{hex(pos)}"
    return text if len(text) <= _TECHNICAL_LIMIT else text[: _TECHNICAL_LIMIT - 1] + "…"


def error_zh(error: Any, fallback: str) -> str:
    """Chinese for an engine error by its ``code``: the code, its parent codes, its class's code, ``fallback``."""
    for code in (str(getattr(error, "code", "") or ""), str(getattr(type(error), "code", "") or "")):
        while code:
            if code in _ERRORS:
                return _ERRORS[code]
            code = code.rpartition(".")[0]
    return fallback


def error_line(error: Any, *, fallback: str, subject: str | None = None) -> str:
    """``<Chinese>[：subject]（技术细节：<English>）`` for an engine error (without the ``eseal: `` prefix)."""
    text = error_zh(error, fallback)
    if subject:
        text = f"{text}：{subject}"
    detail = technical(error)
    return f"{text}（{TECHNICAL_LABEL}：{detail}）" if detail else text

#: ``eseal verify``: why the input could not be read at all (printed as ``eseal: <text>: FILE (<English>)``).
_PDF_INPUT: dict[str, str | Callable[[Any], str]] = {
    "pdf.unreadable": "无法读取文件",
    "pdf.not_pdf": "文件不是PDF格式",
    "pdf.truncated": "PDF文件不完整或已损坏",
    "pdf.encrypted": "PDF文件已加密，无法验证",
    "pdf.too_large": lambda e: f"文件大小 {e.size / 1048576:.1f} MB 超过限制 {e.limit / 1048576:.0f} MB",
}
_PDF_INPUT_DEFAULT = "文件无法读取"


def pdf_input_zh(error: Any) -> str:
    """Chinese sentence for an :class:`eseal.engine.pdf.PdfInputError` (by its ``code``)."""
    text = _PDF_INPUT.get(getattr(error, "code", ""), _PDF_INPUT_DEFAULT)
    return text(error) if callable(text) else text


#: ``eseal sign``: what the mode is called
MODE_LABELS = {"single": "单页签章", "multi": "多页签章", "seam": "骑缝签章"}


def _beijing(when: Any) -> str:
    """``2025-01-02 08:00`` in Beijing time (UTC+8)."""
    return beijing_text(when, "%Y-%m-%d %H:%M")


def signing_refused_zh(error: Any, seal_path: str) -> str:
    """Chinese line for an :class:`eseal.engine.pdf.SigningRefused` (by its ``code``)."""
    code = getattr(error, "code", "")
    if code == "sign.key_family_mismatch":
        return (f"印章 {seal_path} 的密钥类型为 {error.family}，{error.profile} 签名需要 {error.wanted} 印章"
                f"（eseal seal make --family {error.wanted}）")
    if code == "sign.certificate_revoked":
        when = f"北京时间 {_beijing(error.revoked_at)}" if error.revoked_at else "?"
        return f"印章 {seal_path} 的签章者证书已于 {when} 被吊销（{error.revocation_reason}），拒绝签章"
    if code in ("sign.seal_not_yet_valid", "sign.seal_expired"):
        state = "尚未生效" if code == "sign.seal_not_yet_valid" else "已过期"
        return (f"印章 {seal_path} {state}（有效期 {_beijing(error.valid_start)} 至 {_beijing(error.valid_end)}，"
                f"北京时间），拒绝签章")
    if code == "sign.certificate_unusable":
        return f"印章 {seal_path} 的签章者证书当前不可用（{error.status}：{error.detail}），拒绝签章"
    return f"印章 {seal_path} 不能用于本次签章（{TECHNICAL_LABEL}：{technical(error)}）"


def signed_zh(output: str, result: Any) -> str:
    """The success line of ``eseal sign`` for a :class:`eseal.engine.pdf.SigningResult`."""
    time_note = "可信时间戳" if result.trusted_time else "声称时间（无可信时间戳）"
    return f"已签署：{output}（{MODE_LABELS[result.mode]}，{result.profile.upper()}，{time_note}）"


#: ``eseal verify --report``: notices about the report's own seal (codes of eseal.engine.pdf.ReportSealNotice)
_REPORT_NOTICES: dict[str, str] = {
    "report.unsigned.no_seal": "注意：未指定 --ca 或 --report-seal，验证报告未签章（不是平台签发的证据文件）",
    "report.unsigned.ca_unusable": "注意：无法打开 CA 目录 {ca_dir}（{detail}），验证报告未签章",
    "report.unsigned.platform_seal_unusable": "注意：平台报告印章不可用（{detail}），验证报告未签章",
    "report.unsigned.signing_failed": "注意：验证报告签章失败（{detail}），报告未签章",
    "report.claimed_time_only": "注意：未指定 --ca，验证报告签章没有可信时间戳（只带声明时间）",
    "report.claimed_time_only.ca_unusable": "注意：无法使用 CA 目录 {ca_dir} 的时间戳服务（{detail}），报告签章只带声明时间",
}


def report_notice_zh(notice: Any) -> str:
    """Chinese line for an :class:`eseal.engine.pdf.ReportSealNotice` (by its ``code``)."""
    template = _REPORT_NOTICES.get(notice.code, "注意：{code}（{detail}）")
    return template.format(code=notice.code, detail=notice.detail, ca_dir=notice.ca_dir)


# ``eseal documents purge``: deleted documents whose retention period (ESEAL_DOCUMENT_RETENTION_DAYS) has ended
def purge_due_zh(count: int, *, more: bool = False) -> str:
    """The head line of ``--dry-run`` (``more``: there are more than ``count``)."""
    if not count:
        return "没有保留期满的已删除文档（演练，未做任何更改）"
    return f"保留期满、将被彻底清除的已删除文档：{count} 份{'以上' if more else ''}（演练，未做任何更改）"


def purge_candidate_zh(candidate: Any) -> str:
    """One document of ``--dry-run`` (a :class:`eseal.platform.documents.PurgeCandidate`)."""
    return (f"  #{candidate.id}  {candidate.name}  账号 {candidate.owner_account_id}  "
            f"删除于 {_beijing(candidate.deleted_at)}  保留至 {_beijing(candidate.purge_after)}（北京时间）")


def purge_done_zh(purge: Any, sweep: Any) -> str:
    """The result line of a purge (a :class:`eseal.platform.documents.Purge` and the orphan sweep after it)."""
    if not purge.documents and not sweep.removed:
        return "没有保留期满的已删除文档，未清除任何内容"
    return (f"已彻底清除保留期满的文档 {purge.documents} 份；删除不再被引用的文件 {sweep.removed} 个"
            f"（{sweep.removed_bytes} 字节）")


def purge_more_zh(shown: int) -> str:
    return f"  ……（只列出前 {shown} 份）"
