"""``eseal art``: render a seal face (印模) to PNG, SVG or PDF, and list the personal-seal fonts.

    eseal art contract --name 北京星河数智科技有限公司 --anti-counterfeit 1101080123456 --out seal.png
    eseal art invoice --name … --code 91350100M000100Y43 --out invoice.svg
    eseal art personal --name 欧阳明 --font kai --out me.pdf
    eseal art handdrawn --strokes pad.json --out sign.png
    eseal art --list-fonts
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from eseal.commands.errors import CliError

KINDS = ("legal-name", "contract", "finance", "invoice", "legal-rep", "personal", "handdrawn")
ROUND_KINDS = ("legal-name", "contract", "finance")
# Signature-pad strokes: a real signature is tens of KB of JSON; 2 MB leaves ample room while
# keeping json.loads (which needs ~20x the text in memory) far from exhausting the server.
MAX_STROKES_BYTES = 2 * 1024 * 1024


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "art", help="render a seal face (印模) to PNG/SVG/PDF",
        description="Render a seal face at true physical size. Output format from the --out suffix.")
    p.add_argument("kind", nargs="?", choices=KINDS, help="seal kind")
    p.add_argument("--name", help="organisation name, or the person's name for square name seals")
    p.add_argument("--code", help="invoice: 18-character credit code (统一社会信用代码); round seals: "
                                  "the 13-digit anti-counterfeit code")
    p.add_argument("--anti-counterfeit", dest="anti_counterfeit", help="13-digit 印章编码 (round seals)")
    p.add_argument("--purpose", help="round special-purpose seals: the line under the star, e.g. 人事专用章")
    p.add_argument("--font", help="font id (see --list-fonts)")
    p.add_argument("--shape", help="shape variant, e.g. round-40, round-42, square, square-25")
    p.add_argument("--color", default=None, help="fill colour #RRGGBB (default seal red)")
    p.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300)")
    p.add_argument("--strokes", help="handdrawn: JSON file with the signature-pad strokes")
    p.add_argument("--width-mm", dest="width_mm", type=float, help="handdrawn: output width in mm")
    p.add_argument("--out", help="output file: .png, .svg or .pdf")
    p.add_argument("--list-fonts", action="store_true", help="list the font choices of 个人方章 and exit")
    p.set_defaults(handler=run)


def _list_fonts() -> int:
    from eseal.engine.art import personal_fonts

    for choice in personal_fonts():
        state = "installed" if choice.installed else f"missing (install {choice.package})"
        print(f"{choice.id:10} {choice.label}\t{choice.family}\t{state}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.list_fonts:
        return _list_fonts()
    if not args.kind:
        raise CliError("choose a seal kind: " + ", ".join(KINDS))
    if not args.out:
        raise CliError("--out FILE.png|.svg|.pdf is required")
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise CliError(f"unsupported output format {out.suffix or '(none)'!r}: use .png, .svg or .pdf")

    from eseal.engine.art import SEAL_RED, SealArtError, render_handdrawn, render_seal

    color = args.color or SEAL_RED
    try:
        if args.kind == "handdrawn":
            if not args.strokes:
                raise CliError("handdrawn needs --strokes FILE.json (signature-pad strokes)")
            try:
                with Path(args.strokes).open("rb") as fh:  # capped read: st_size lies for pipes/devices
                    raw = fh.read(MAX_STROKES_BYTES + 1)
                if len(raw) > MAX_STROKES_BYTES:
                    raise CliError(f"{args.strokes} is too large (over {MAX_STROKES_BYTES // 1024 // 1024} MB of "
                                   "strokes); a signature pad produces a few hundred KB at most", 2)
                strokes = json.loads(raw.decode("utf-8"))
            except OSError as exc:
                raise CliError(f"cannot read {args.strokes}: {exc.strerror}") from exc
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise CliError(f"{args.strokes} is not valid JSON: {exc}") from exc
            seal = render_handdrawn(strokes, color=color, dpi=args.dpi, width_mm=args.width_mm)
        else:
            if args.name is None:
                raise CliError(f"{args.kind} needs --name")
            code, anti = args.code, args.anti_counterfeit
            if args.kind in ROUND_KINDS and code is not None and anti is None:
                code, anti = None, code  # on round seals --code is the 13-digit code
            seal = render_seal(args.kind, args.name, code=code, font=args.font, color=color, dpi=args.dpi,
                               shape=args.shape, anti_counterfeit=anti, purpose=args.purpose)
    except SealArtError as exc:
        raise CliError(str(exc).replace("\n", " "), 2) from exc
    data = {".png": seal.png, ".svg": seal.svg.encode("utf-8"), ".pdf": seal.pdf}[suffix]
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror}", 2) from exc
    print(f"{out} ({seal.kind}, {seal.width_mm:g}×{seal.height_mm:g} mm, {len(data)} bytes)")
    return 0
