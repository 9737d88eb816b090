"""``eseal seal make``: generate a signer key, certify it with the built-in CA and make the seal.

    eseal seal make --ca ./ca --kind contract --name 福州某某有限公司 --code 91350100M000100Y43 --out ./seals/contract
    eseal seal make --ca ./ca --kind personal --name 张三 --id-number 11010519491231002X \\
        --key-password-env SEAL_PW --out ./seals/zhangsan

Writes SEAL_DIR/seal.esl (maker-signed SESeal v4), cert.pem, signer.key.json (keystore envelope),
seal.png and seal.json (see docs/ses.md §6 and :mod:`eseal.engine.ses.sealdir`).
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path
from typing import Any

from eseal.commands.errors import CliError
from eseal.commands.usage import usage_handler

KINDS = ("legal-name", "contract", "finance", "invoice", "legal-rep", "personal")
PERSON_KINDS = ("legal-rep", "personal")
# Seal name (the filed 印章名称) = organisation name + this suffix for unit seals.
NAME_SUFFIX = {"legal-name": "", "contract": "合同专用章", "finance": "财务专用章", "invoice": "发票专用章"}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("seal", help="电子印章制作 (make)", description="Make electronic seals.")
    sub = p.add_subparsers(dest="seal_command", metavar="SUBCOMMAND")
    m = sub.add_parser(
        "make", help="generate key + certificate and make a GB/T 38540 seal",
        description="Generate the signer key (encrypted at rest), issue its certificate with the built-in CA "
                    "and write a maker-signed GB/T 38540 v4 seal into SEAL_DIR.")
    m.add_argument("--ca", required=True, metavar="DIR", help="LocalCA directory (eseal ca init)")
    m.add_argument("--kind", required=True, choices=KINDS, help="seal kind")
    m.add_argument("--name", required=True, help="organisation name (unit seals) or person's name (legal-rep, personal)")
    m.add_argument("--code", help="统一社会信用代码 (required for unit seals)")
    m.add_argument("--id-number", dest="id_number", help="公民身份号码 of the person (legal-rep, personal)")
    m.add_argument("--seal-name", dest="seal_name", help="filed seal name (default: NAME + kind suffix)")
    m.add_argument("--area", help="6-digit area code for the esID (default: from the credit code / ID number)")
    m.add_argument("--serial", type=int, help="8-digit esID serial (default: random)")
    m.add_argument("--days", type=int, default=365, help="certificate and seal validity in days (default 365)")
    m.add_argument("--family", choices=("sm2", "ecdsa"), default="sm2",
                   help="signer key family: sm2 (GB/T 38540 profile, default) or ecdsa (PAdES profile)")
    m.add_argument("--font", help="font id for the seal face (see eseal art --list-fonts)")
    pw = m.add_mutually_exclusive_group()
    pw.add_argument("--key-password-env", dest="key_password_env", metavar="VAR",
                    help="protect the key with the password in environment variable VAR (scrypt)")
    pw.add_argument("--key-password", dest="key_password",
                    help="protect the key with this password (visible in the process list: prefer --key-password-env)")
    m.add_argument("--out", required=True, metavar="SEAL_DIR", help="output directory (must not exist or be empty)")
    m.set_defaults(handler=make)
    p.set_defaults(handler=usage_handler(p))


def _picture(kind: str, name: str, code: str | None, font: str | None) -> tuple[bytes, float, float, bytes | None]:
    """(png, width_mm, height_mm, vector pdf or None) from the art engine (part of the package:
    there is no placeholder fallback, a seal must never carry a picture that is not its own)."""
    from eseal.engine.art import SealArtError, render_seal

    try:
        r = render_seal(kind, name, code=code if kind == "invoice" else None, font=font)
    except SealArtError as exc:
        raise CliError(f"无法生成印章图案：{' '.join(str(exc).split())}", 2) from None
    except OSError as exc:  # fonts unreadable
        raise CliError(f"无法生成印章图案：字体或输出不可用（{exc.strerror or exc}）", 2) from None
    return r.png, float(r.width_mm), float(r.height_mm), r.pdf


def _area(args: argparse.Namespace, code: str | None, id_number: str | None) -> str:
    if args.area:
        return args.area
    if code:
        return code[2:8]  # GB 32100: positions 3-8 = registration authority's area code
    if id_number:
        return id_number[:6]  # GB 11643: address code
    raise CliError("无法确定行政区划代码：请提供 --area", 2)


def _check_out_dir(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CliError(f"输出目录 {out} 已存在且不为空，拒绝覆盖", 2)


def _password(args: argparse.Namespace) -> str | None:
    if args.key_password_env:
        value = os.environ.get(args.key_password_env)
        if not value:
            raise CliError(f"环境变量 {args.key_password_env} 未设置或为空", 2)
        return value
    if args.key_password is not None:
        if not args.key_password:
            raise CliError("--key-password 不能为空", 2)
        return args.key_password
    return None


def make(args: argparse.Namespace) -> int:

    from eseal.engine import ses
    from eseal.engine.ids import IdFormatError, validate_citizen_id, validate_credit_code
    from eseal.engine.pki import LocalCA, PKIError

    kind = args.kind
    name = (args.name or "").strip()
    if not name:
        raise CliError("--name 不能为空", 2)
    if not isinstance(args.days, int) or not 1 <= args.days <= 3650:
        raise CliError("--days 必须在 1 到 3650 之间", 2)
    try:
        code = validate_credit_code(args.code).code if args.code else None
        id_number = validate_citizen_id(args.id_number).number if args.id_number else None
    except IdFormatError as exc:
        raise CliError(f"证件号码无效：{exc.zh}（{exc}）", 2) from None
    if kind in PERSON_KINDS and not id_number:
        raise CliError(f"{kind} 印章需要 --id-number（个人证书）", 2)
    if kind not in PERSON_KINDS and not code:
        raise CliError(f"{kind} 印章需要 --code（统一社会信用代码）", 2)
    out = Path(args.out)
    _check_out_dir(out)
    password = _password(args)
    seal_type = ses.KIND_TO_TYPE[kind]
    try:
        es_id = ses.make_es_id(_area(args, code, id_number), seal_type,
                               args.serial if args.serial is not None else secrets.randbelow(10**8))
    except ses.EsIdError as exc:
        raise CliError(f"无法生成印章编码：{exc}", 2) from None
    seal_name = args.seal_name or (name if kind in PERSON_KINDS else name + NAME_SUFFIX[kind])
    # personal seals are written with type 99 (no public-security code of their own, see esid.py)
    kind_label = "个人名章" if kind == "personal" else seal_type.label
    png, width_mm, height_mm, vector_pdf = _picture(kind, name, code, args.font)

    try:
        ca = LocalCA.open(args.ca)

        def issue(public_key_info: Any) -> Any:
            if kind in PERSON_KINDS:
                return ca.issue_person(args.family, name, id_number or "", public_key_info, days=args.days)
            return ca.issue_enterprise(args.family, name, code or "", public_key_info, days=args.days)

        made = ses.create_seal_dir(
            out, ca=ca, issue=issue, kind=kind, seal_type=seal_type, kind_label=kind_label, name=name,
            seal_name=seal_name, es_id=es_id, family=args.family, password=password,
            face=ses.SealFace(png, width_mm, height_mm, vector_pdf=vector_pdf),
        )
    except (PKIError, ses.SesBuildError, ses.SesFormatError) as exc:
        raise CliError(f"制作印章失败：{exc}", 2) from None

    manifest = made.manifest
    start, end = manifest["valid_start"], manifest["valid_end"]
    print(f"已制作电子印章：{seal_name}（{kind_label}，类型代码 {seal_type.code}）")
    print(f"  印章编码 esID: {es_id}")
    print(f"  有效期: {start} 至 {end}")
    print(f"  签章者证书: {args.family.upper()}，序列号 {manifest['cert_serial']}")
    print(f"  私钥: {out / manifest['key_file']}（SM4-GCM 加密，{'口令保护' if password else 'CA 主密钥保护'}）")
    print(f"  输出目录: {out}")
    return 0
