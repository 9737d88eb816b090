"""``eseal sign``: stamp and sign a PDF with a seal directory (单页签章 / 多页签章 / 骑缝签章).

Exit codes: 0 signed; 2 bad input (not a PDF, encrypted, too large, page out of range, seal
directory missing or unusable, conflicting options); 1 signing failed although the input was fine
(no trusted time, TSA down, container too large). Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path

from eseal.commands.errors import CliError
from eseal.commands.texts import TECHNICAL_LABEL, error_line, signed_zh, signing_refused_zh, technical

DEFAULT_MAX_MB = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "sign",
        help="在 PDF 上盖章并签名（单页/多页/骑缝签章）",
        description="Stamp and sign IN.pdf with the seal in SEAL_DIR (made by `eseal seal make`), write OUT.pdf.",
    )
    p.add_argument("input", metavar="IN.pdf")
    p.add_argument("output", metavar="OUT.pdf")
    p.add_argument("--seal", required=True, metavar="SEAL_DIR", help="seal directory from `eseal seal make`")
    p.add_argument("--mode", choices=("single", "multi", "seam"), default="single",
                   help="single=单页签章 (default), multi=多页签章, seam=骑缝签章")
    p.add_argument("--page", type=int, default=1, help="page of single mode (1-based, default 1)")
    p.add_argument("--pages", default=None, help="pages of multi/seam mode: 1,3-5 or all (default all); seam needs consecutive pages")
    p.add_argument("--x", type=float, default=None, metavar="MM", help="seal's left edge, mm from the page's left (not with --mode seam: fixed at the right edge)")
    p.add_argument("--y", type=float, default=None, metavar="MM", help="seal's top edge, mm from the page's top")
    p.add_argument("--profile", choices=("gm", "pades"), default="gm",
                   help="gm = GB/T 38540 SES with SM2/SM3 (default); pades = PAdES with ECDSA")
    t = p.add_mutually_exclusive_group()
    t.add_argument("--ca", metavar="DIR", help="use this local CA's time-stamping authority (and CRLs for PAdES B-LT)")
    t.add_argument("--tsa", metavar="URL", help="RFC 3161 time-stamping authority URL")
    t.add_argument("--claimed-time", action="store_true",
                   help="no trusted time: sign with the claimed local time only (recorded in the signature)")
    p.add_argument("--seam-max-pages", type=int, default=20, metavar="N",
                   help="at most N pages per seam seal; longer runs get further seals (default 20)")
    p.add_argument("--max-size", type=float, default=DEFAULT_MAX_MB, metavar="MB",
                   help=f"refuse inputs larger than this (default {DEFAULT_MAX_MB} MB)")
    p.add_argument("--name", default=None, help="signer name shown in the signature (default: from seal.json)")
    p.add_argument("--reason", default=None)
    p.add_argument("--location", default=None)
    p.add_argument("--key-password-env", metavar="VAR", default=None,
                   help="environment variable holding the seal key's password (password-protected seals)")
    p.set_defaults(handler=handle)


def max_size_bytes(mb: float) -> int:
    """``--max-size`` in MB -> bytes; one-line error for nan/inf/0/negative (int(nan) raised before)."""
    if not math.isfinite(mb) or mb <= 0:
        raise CliError(f"--max-size 必须是大于 0 的有限数值（MB），不能是 {mb:g}", 2)
    if mb > 1_048_576:  # 1 TB: beyond any sane upload, and keeps the byte count an ordinary int
        raise CliError(f"--max-size 过大：{mb:g} MB", 2)
    return int(mb * 1048576)


def _parse_pages(text: str | None) -> tuple[int, ...] | None:
    from eseal.engine.pdf import parse_pages  # the engine's face costs ~0.2 s: not at `eseal --help`

    if text is None or text.strip().lower() == "all":
        return None
    try:
        return parse_pages(text)
    except ValueError as exc:
        raise CliError(f"--pages 格式错误（例：1,3-5 或 all）（{TECHNICAL_LABEL}：{technical(exc)}）", 2) from None


def _read_input(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CliError(f"文件不存在：{path}", 2) from None
    except OSError as exc:
        raise CliError(f"无法读取 {path}：{exc.strerror}", 2) from None
    if not path.is_file():
        raise CliError(f"不是文件：{path}", 2)
    if size > max_bytes:
        raise CliError(f"文件过大：{size / 1048576:.1f} MB，超过 {max_bytes / 1048576:g} MB 限制", 2)
    return path.read_bytes()


def handle(args: argparse.Namespace) -> int:
    import logging

    # pyHanko logs a WARNING with a traceback for every GB/T 38540 signature it meets (unknown
    # SubFilter) when a PAdES signature is added to a GM-signed file: not the user's concern here.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    from eseal.engine.pdf import (
        PdfInputError,
        PlacementError,
        SealAppearanceError,
        SigningError,
        SigningPolicy,
        SigningRefused,
        StampRequest,
        TimeSource,
        require_seal_profile,
        seal_material_from_dir,
        signed_limit,
    )
    from eseal.engine.pki import PKIError, TimeStampUnavailable
    from eseal.engine.ses import SealDirError

    max_bytes = max_size_bytes(args.max_size)
    for opt, value in (("--x", args.x), ("--y", args.y)):
        if value is not None and not math.isfinite(value):
            raise CliError(f"{opt} 必须是有限的数值（毫米），不能是 {value}", 2)
    if args.mode == "seam" and args.x is not None:
        raise CliError("骑缝签章的印章固定在页面右边缘，不能指定 --x（可用 --y 指定上边距）", 2)
    if args.mode != "seam" and (args.x is None) != (args.y is None):
        raise CliError("--x 和 --y 需要同时给出", 2)
    if args.mode != "single" and args.page != 1:
        raise CliError("--page 只用于单页签章；多页/骑缝签章请用 --pages", 2)
    if args.mode == "single" and args.pages is not None:
        raise CliError("--pages 只用于多页/骑缝签章；单页签章请用 --page", 2)
    if args.seam_max_pages < 2:
        raise CliError("--seam-max-pages 至少为 2", 2)
    if not (args.ca or args.tsa or args.claimed_time):
        raise CliError("需要可信时间：请指定 --ca DIR 或 --tsa URL；确无可信时间时显式使用 --claimed-time", 2)
    pages = _parse_pages(args.pages)
    # a document that already carries seals may exceed the upload limit by what they add (the engine
    # refuses an unsigned one over max_bytes)
    data = _read_input(Path(args.input), signed_limit(max_bytes))
    seal_dir = _open_seal(args.seal)
    request = StampRequest.from_mm(
        mode=args.mode, page=args.page, pages=pages, x_mm=args.x, y_mm=args.y, seam_max_pages=args.seam_max_pages
    )
    try:
        require_seal_profile(seal_dir, args.profile)  # before the key is opened (no password asked in vain)
        seal = seal_material_from_dir(seal_dir, password=_password(args))
    except SigningRefused as exc:
        raise CliError(signing_refused_zh(exc, args.seal), 2) from None
    except (SealDirError, OSError, SealAppearanceError) as exc:
        raise CliError(error_line(exc, fallback="印章目录不可用", subject=args.seal), 2) from None
    except PKIError as exc:
        raise CliError(error_line(exc, fallback="无法打开印章密钥", subject=args.seal), 2) from None

    if args.ca:
        policy = SigningPolicy(profile=args.profile, request=request, time_source=TimeSource.CA, ca=_open_ca(args.ca),
                               signer_name=args.name, reason=args.reason, location=args.location, max_bytes=max_bytes)
    elif args.tsa:
        policy = SigningPolicy(profile=args.profile, request=request, time_source=TimeSource.TSA, tsa_url=args.tsa,
                               signer_name=args.name, reason=args.reason, location=args.location, max_bytes=max_bytes)
    else:
        policy = SigningPolicy(profile=args.profile, request=request, time_source=TimeSource.CLAIMED,
                               signer_name=args.name, reason=args.reason, location=args.location, max_bytes=max_bytes)
    try:
        result = _sealer(args.profile)(data, seal, policy)
    except SigningRefused as exc:
        raise CliError(signing_refused_zh(exc, args.seal), 2) from None
    except (PdfInputError, PlacementError) as exc:
        raise CliError(error_line(exc, fallback="输入无效"), 2) from None
    except TimeStampUnavailable as exc:
        raise CliError(error_line(exc, fallback="无法获得可信时间，未签名"), 1) from None
    except (SigningError, PKIError, ValueError) as exc:
        raise CliError(error_line(exc, fallback="签名失败"), 1) from None
    tmp = Path(args.output).with_name(Path(args.output).name + ".part")
    try:
        tmp.write_bytes(result.pdf)
        os.replace(tmp, args.output)
    except OSError as exc:
        raise CliError(f"无法写入 {args.output}：{exc.strerror}", 2) from None
    print(signed_zh(args.output, result))
    return 0


def _sealer(profile: str):
    """The profile's own sealer (``seal_document`` for that profile): a PAdES process never imports the GM
    profile's modules (SES builder, SM3 prefix digest) and a GM one not the PAdES sealer (issue E3 #12)."""
    if profile == "gm":
        from eseal.engine.pdf import seal_gm_document

        return seal_gm_document
    from eseal.engine.pdf import seal_pades_document

    return seal_pades_document


def _password(args: argparse.Namespace) -> str | None:
    if not args.key_password_env:
        return None
    value = os.environ.get(args.key_password_env)
    if not value:
        raise CliError(f"环境变量 {args.key_password_env} 未设置或为空", 2)
    return value


def _open_seal(path: str):
    from eseal.engine.ses import SealDirError, open_seal_dir

    if not Path(path).is_dir():
        raise CliError(f"印章目录不存在：{path}", 2)
    try:
        return open_seal_dir(path)
    except SealDirError as exc:
        raise CliError(error_line(exc, fallback="印章目录不可用", subject=path), 2) from None


def _open_ca(path: str):
    from eseal.engine.pki import LocalCA, PKIError

    if not Path(path).is_dir():
        raise CliError(f"CA 目录不存在：{path}", 2)
    try:
        return LocalCA.open(path)
    except PKIError as exc:
        raise CliError(error_line(exc, fallback="CA 目录不可用", subject=path), 2) from None
