"""Write every seal kind, every personal font and the rare-character cases to one folder.

    .venv/bin/python bench/art_gallery.py [--out bench/out/gallery] [--dpi 300]   (or: make gallery)

Each case is written as PNG and SVG (and the round company seal also as PDF); ``index.html`` shows
them all side by side and ``contact_sheet.png`` is one picture of the lot for a quick look.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sample_strokes import signature  # noqa: E402

from eseal.engine.art import SealArtError, personal_fonts, render_handdrawn, render_seal  # noqa: E402

COMPANY = "北京星河数智科技有限公司"
CREDIT = "91350100M000100Y43"
CODE13 = "1101080123456"

CASES: list[tuple[str, str, dict]] = [
    ("legal-name_42", "legal-name", {"name": COMPANY, "anti_counterfeit": CODE13}),
    ("legal-name_40", "legal-name", {"name": "南宁青秀数据服务有限公司", "shape": "round-40",
                                     "anti_counterfeit": CODE13}),
    ("legal-name_short", "legal-name", {"name": "桂林米粉店"}),
    ("legal-name_long25", "legal-name", {"name": "广西壮族自治区数字广西集团有限公司南宁青秀区分公司"[:25]}),
    ("contract", "contract", {"name": COMPANY, "anti_counterfeit": CODE13}),
    ("contract_long20", "contract", {"name": "广西壮族自治区北部湾港口物流集团有限公司"}),
    ("finance_round", "finance", {"name": COMPANY, "anti_counterfeit": CODE13}),
    ("finance_square", "finance", {"name": COMPANY, "shape": "square"}),
    ("finance_square_short", "finance", {"name": "星河科技", "shape": "square"}),
    ("invoice", "invoice", {"name": COMPANY, "code": CREDIT}),
    ("invoice_long", "invoice", {"name": "广西壮族自治区北部湾港口物流集团有限公司", "code": "91440300708461136T"}),
    ("legal-rep", "legal-rep", {"name": "王建国"}),
    ("legal-rep_2char", "legal-rep", {"name": "李明"}),
    ("personal_2char", "personal", {"name": "张三"}),
    ("personal_compound", "personal", {"name": "欧阳明"}),
    ("personal_4char", "personal", {"name": "司马相如"}),
    ("personal_5char", "personal", {"name": "爱新觉罗玄"}),
    ("rare_company", "legal-name", {"name": "堃喆昇\u4dae\U0002020c科技有限公司"}),
    ("rare_personal", "personal", {"name": "张堃喆"}),
    ("rare_personal_fangsong", "personal", {"name": "王\u4dae", "font": "fangsong"}),
    ("rare_ext_b", "legal-rep", {"name": "李\U0002020c"}),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(HERE / "out" / "gallery"))
    ap.add_argument("--dpi", type=int, default=300)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    cases = list(CASES)
    for choice in personal_fonts():
        if choice.installed:
            cases.append((f"font_{choice.id}", "personal", {"name": "欧阳明", "font": choice.id}))
            cases.append((f"font_{choice.id}_2char", "personal", {"name": "张三", "font": choice.id}))
        else:
            print(f"font {choice.id} ({choice.label}) not installed: {choice.package}")

    rows = []
    pngs = []
    for label, kind, kw in cases:
        t0 = time.perf_counter()
        try:
            seal = render_seal(kind, dpi=args.dpi, **kw)
        except SealArtError as exc:
            print(f"{label:28} ERROR {exc}")
            rows.append((label, kind, kw, None, str(exc)))
            continue
        ms = (time.perf_counter() - t0) * 1000
        (out / f"{label}.png").write_bytes(seal.png)
        (out / f"{label}.svg").write_text(seal.svg, encoding="utf-8")
        if label == "legal-name_42":
            (out / f"{label}.pdf").write_bytes(seal.pdf)
        pngs.append((label, out / f"{label}.png"))
        rows.append((label, kind, kw, seal, f"{seal.width_mm:g}×{seal.height_mm:g} mm, {ms:.0f} ms"))
        print(f"{label:28} {seal.width_mm:g}x{seal.height_mm:g} mm  {ms:6.0f} ms  {len(seal.png):7d} B png")

    for label, kw in (("handdrawn", {}), ("handdrawn_pressure_black", {"color": "#141414"})):
        seal = render_handdrawn(signature(pressure="pressure" in label), dpi=args.dpi, **kw)
        (out / f"{label}.png").write_bytes(seal.png)
        (out / f"{label}.svg").write_text(seal.svg, encoding="utf-8")
        pngs.append((label, out / f"{label}.png"))
        rows.append((label, "handdrawn", {}, seal, f"{seal.width_mm:g}×{seal.height_mm:g} mm"))
        print(f"{label:28} {seal.width_mm:g}x{seal.height_mm:g} mm")

    # the expected refusal: a private-use character no font has
    try:
        render_seal("legal-name", "北京\ue000科技有限公司")
    except SealArtError as exc:
        rows.append(("missing_glyph", "legal-name", {"name": "北京\\ue000科技有限公司"}, None, str(exc)))
        print(f"{'missing_glyph':28} refused: {exc}")

    _index(out, rows)
    _contact_sheet(out, pngs)
    print(f"gallery written to {out}")
    return 0


def _index(out: Path, rows) -> None:
    cells = []
    for label, kind, kw, seal, note in rows:
        img = f'<img src="{label}.png" style="width:{seal.width_mm:g}mm;height:{seal.height_mm:g}mm">' if seal else ""
        cells.append(f"<figure>{img}<figcaption><b>{html.escape(label)}</b> ({kind})<br>"
                     f"{html.escape(str(kw.get('name', '')))}<br><small>{html.escape(note)}</small>"
                     f"</figcaption></figure>")
    (out / "index.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>eseal seal faces</title>"
        "<style>body{font-family:sans-serif}figure{display:inline-block;margin:8px;vertical-align:top;"
        "width:60mm}</style><h1>Seal faces at true size (100% zoom)</h1>" + "".join(cells), encoding="utf-8")


def _contact_sheet(out: Path, pngs) -> None:
    from PIL import Image, ImageDraw

    tiles = [(label, Image.open(p).convert("RGBA")) for label, p in pngs]
    cols = 6
    cell = max(max(im.width, im.height) for _, im in tiles) + 20
    rows = (len(tiles) + cols - 1) // cols
    sheet = Image.new("RGBA", (cols * cell, rows * (cell + 18)), (255, 255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for i, (label, im) in enumerate(tiles):
        x, y = (i % cols) * cell, (i // cols) * (cell + 18)
        sheet.alpha_composite(im, (x + (cell - im.width) // 2, y + (cell - im.height) // 2))
        draw.text((x + 4, y + cell), label, fill=(0, 0, 0, 255))
    sheet.convert("RGB").save(out / "contact_sheet.png")


if __name__ == "__main__":
    sys.exit(main())
