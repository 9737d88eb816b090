"""The CJK TrueType font every PDF we generate with reportlab writes its Chinese in (the verification report,
the certificate-application form, the demo business documents): found among Debian's CJK fonts, registered
with reportlab once per process."""

from __future__ import annotations

from pathlib import Path

from eseal.engine.pdf.errors import ReportFontError

__all__ = ["CJK_FONT", "FONT_CANDIDATES", "register_cjk_font"]

# (file, sub-font index of a .ttc) in order of preference; scripts/system-deps.txt installs the first two
FONT_CANDIDATES: tuple[tuple[str, int | None], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf", None),
)
CJK_FONT = "ESealCJK"


def register_cjk_font() -> str:
    """The reportlab font name to ``setFont`` with; :class:`ReportFontError` when no CJK font is installed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        pdfmetrics.getFont(CJK_FONT)
        return CJK_FONT
    except KeyError:
        pass
    for path, index in FONT_CANDIDATES:
        if Path(path).exists():
            kw = {"subfontIndex": index} if index is not None else {}
            pdfmetrics.registerFont(TTFont(CJK_FONT, path, **kw))
            return CJK_FONT
    raise ReportFontError("no CJK TrueType font found (fonts-wqy-zenhei)")
