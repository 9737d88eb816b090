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
    from eseal.engine.pdf import parse_pages

    if text is None or text.strip().lower() == "all":
        return None
    try:
        return parse_pages(text)
    except ValueError as exc:
        raise CliError(f"--pages 格式错误（例：1,3-5 或 all）：{exc}", 2) from None


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
    from eseal.engine.pdf import PdfInputError, PlacementError, SealAppearanceError, SigningError, StampRequest
    from eseal.engine.pki.errors import PKIError, TimeStampUnavailable
    from eseal.engine.ses.sealdir import SealDirError

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
    data = _read_input(Path(args.input), max_bytes)
    seal_dir = _open_seal(args.seal)
    request = StampRequest.from_mm(
        mode=args.mode, page=args.page, pages=pages, x_mm=args.x, y_mm=args.y, seam_max_pages=args.seam_max_pages
    )
    family = seal_dir.manifest.get("family", "sm2")
    want = "sm2" if args.profile == "gm" else "ecdsa"
    if family != want:
        raise CliError(
            f"印章 {args.seal} 的密钥类型为 {family}，{args.profile} 签名需要 {want} 印章"
            f"（eseal seal make --family {want}）", 2,
        )
    try:
        signer = seal_dir.signer(password=_password(args))
        seal_der, cert_der = seal_dir.seal_der, seal_dir.cert_der
        appearance = _appearance(seal_dir)
    except (SealDirError, OSError, SealAppearanceError) as exc:
        raise CliError(f"印章目录不可用：{exc}", 2) from None
    except PKIError as exc:
        raise CliError(f"无法打开印章密钥：{exc}", 2) from None

    ca = None
    timestamper = None
    if args.ca:
        ca = _open_ca(args.ca)
        _refuse_unusable_certificate(ca, cert_der, args.seal)
        timestamper = ca.tsa(want)
    elif args.tsa:
        from eseal.engine.pki.tsa import HTTPTimeStampClient

        timestamper = HTTPTimeStampClient(args.tsa)
    name = args.name or seal_dir.manifest.get("name")
    try:
        if args.profile == "gm":
            from eseal.engine.pdf import sign_gm

            out = sign_gm(
                data, seal_der=seal_der, signer=signer, signer_cert_der=cert_der, request=request,
                timestamper=timestamper, claimed_time_only=args.claimed_time, signer_name=name,
                reason=args.reason, location=args.location, appearance=appearance, max_bytes=max_bytes,
            )
        else:
            from eseal.engine.pdf import sign_pades

            chain_ca = ca or _manifest_ca(seal_dir)
            chain = _chain(chain_ca, cert_der)
            out = sign_pades(
                data, signer=signer, cert=cert_der, chain=chain, appearance=appearance, seal_der=seal_der,
                request=request, timestamper=timestamper, claimed_time_only=args.claimed_time,
                lt_crls=[c.dump() for c in ca.crls("ecdsa")] if ca is not None else None,
                trust_roots=ca.trust_roots("ecdsa") if ca is not None else (),
                signer_name=name, reason=args.reason, location=args.location, max_bytes=max_bytes,
            )
    except (PdfInputError, PlacementError) as exc:
        raise CliError(f"输入无效：{exc}", 2) from None
    except TimeStampUnavailable as exc:
        raise CliError(f"无法获得可信时间，未签名：{exc}", 1) from None
    except (SigningError, PKIError, ValueError) as exc:
        raise CliError(f"签名失败：{exc}", 1) from None
    tmp = Path(args.output).with_name(Path(args.output).name + ".part")
    try:
        tmp.write_bytes(out)
        os.replace(tmp, args.output)
    except OSError as exc:
        raise CliError(f"无法写入 {args.output}：{exc.strerror}", 2) from None
    labels = {"single": "单页签章", "multi": "多页签章", "seam": "骑缝签章"}
    time_note = "声称时间（无可信时间戳）" if args.claimed_time else "可信时间戳"
    print(f"已签署：{args.output}（{labels[args.mode]}，{args.profile.upper()}，{time_note}）")
    return 0


def _password(args: argparse.Namespace) -> str | None:
    if not args.key_password_env:
        return None
    value = os.environ.get(args.key_password_env)
    if not value:
        raise CliError(f"环境变量 {args.key_password_env} 未设置或为空", 2)
    return value


def _open_seal(path: str):
    from eseal.engine.ses.sealdir import SealDirError, open_seal_dir

    if not Path(path).is_dir():
        raise CliError(f"印章目录不存在：{path}", 2)
    try:
        return open_seal_dir(path)
    except SealDirError as exc:
        raise CliError(f"印章目录不可用：{exc}", 2) from None


def _appearance(seal_dir):
    from eseal.engine.pdf import SealAppearance

    return SealAppearance.from_seal_dir(seal_dir)


def _open_ca(path: str):
    from eseal.engine.pki.ca import LocalCA
    from eseal.engine.pki.errors import PKIError

    if not Path(path).is_dir():
        raise CliError(f"CA 目录不存在：{path}", 2)
    try:
        return LocalCA.open(path)
    except PKIError as exc:
        raise CliError(f"CA 目录不可用：{exc}", 2) from None


def _refuse_unusable_certificate(ca, cert_der: bytes, seal_path: str) -> None:
    """Refuse to sign with a seal whose certificate this CA has revoked (or that is out of its validity).

    Such a signature would be born invalid (verification says TOTAL_FAILED/REVOKED); the signer has the
    CA and its CRL at hand, so saying so now is better than writing a file that can never verify.
    A certificate from another CA (no chain here) is not judged: ``--ca`` then only supplies the time.
    """
    from asn1crypto import x509

    from eseal.engine.pki.validation import Status

    res = ca.validate(x509.Certificate.load(cert_der), require_revocation=False)
    if res.status is Status.REVOKED:
        when = res.revocation_time.isoformat() if res.revocation_time else "?"
        raise CliError(f"印章 {seal_path} 的签章者证书已于 {when} 被吊销（{res.revocation_reason}），拒绝签章", 2)
    if res.status in (Status.EXPIRED, Status.NOT_YET_VALID, Status.BAD_SIGNATURE, Status.INVALID_CA):
        raise CliError(f"印章 {seal_path} 的签章者证书当前不可用（{res.status.value}：{res.message}），拒绝签章", 2)


def _manifest_ca(seal_dir):
    ca_dir = seal_dir.manifest.get("ca")
    if not ca_dir or not Path(ca_dir).is_dir():
        return None
    try:
        return _open_ca(ca_dir)
    except CliError:
        return None


def _chain(ca, cert_der: bytes) -> list:
    """Issuing CA + root for the PAdES CMS (so readers can build the path), when the CA is at hand."""
    if ca is None:
        return []
    from asn1crypto import x509

    try:
        return ca.chain_for(x509.Certificate.load(cert_der))[1:]
    except Exception:  # a certificate from another CA: embed only the signer's own
        return []
