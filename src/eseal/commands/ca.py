"""``eseal ca``: the built-in CA directory (roots, issuing CAs, TSA, seal maker, CRLs).

    eseal ca init DIR [--organization NAME] [--crl-base-url URL] [--master-key FILE]
        (also makes DIR/platform-seal: the 电子印章验证报告专用章 that signs `eseal verify --report`)
    eseal ca revoke --ca DIR SEAL_DIR [--reason keyCompromise] [--at 2026-01-01T00:00:00+08:00]
    eseal ca crl --ca DIR [--family sm2|ecdsa] [--which issuing|root] [--pem] [--out FILE]
    eseal ca show --ca DIR
    eseal ca serve-tsa --ca DIR [--family ecdsa] [--port 3161]

SEAL_DIR is a seal directory made by ``eseal seal make`` (its certificate is SEAL_DIR/cert.pem);
a certificate file may be given directly instead.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path
from typing import Any

from eseal.commands.errors import CliError
from eseal.commands.usage import usage_handler
from eseal.engine.beijing import beijing_text

REASON_CHOICES = (
    "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
    "cessationOfOperation", "certificateHold", "privilegeWithdrawn", "aACompromise",
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ca", help="built-in CA: init, revoke, CRL, local TSA",
                              description="Manage a local eseal CA directory (SM2 and ECDSA P-256).")
    sub = p.add_subparsers(dest="ca_command", metavar="ACTION")
    p.set_defaults(handler=usage_handler(p))

    q = sub.add_parser("init", help="create a CA directory: roots, issuing CAs, TSA, seal maker, CRLs")
    q.add_argument("dir", metavar="DIR")
    q.add_argument("--organization", help="O= of the CA certificates (default: eseal 统一电子印章平台)")
    q.add_argument("--crl-base-url", help="publish CRL distribution points under this URL")
    q.add_argument("--master-key", help="master key file (created 0600 if missing; default DIR/master.key)")
    q.set_defaults(handler=run_init)

    q = sub.add_parser("revoke", help="revoke a seal certificate and republish the CRL")
    q.add_argument("--ca", required=True, metavar="DIR", help="CA directory")
    q.add_argument("seal", metavar="SEAL_DIR", help="seal directory containing cert.pem (or a certificate file)")
    q.add_argument("--reason", default="unspecified", help="RFC 5280 reason: " + ", ".join(REASON_CHOICES))
    q.add_argument("--at", help="revocation time, ISO 8601 with timezone (default: now; not in the future)")
    q.add_argument("--master-key", help="master key file (default DIR/master.key)")
    q.add_argument("--force-ca-certificate", action="store_true",
                   help="also allow revoking the CA's own issuing/TSA/maker/platform-seal certificates")
    q.set_defaults(handler=run_revoke)

    q = sub.add_parser("crl", help="print or write the current CRL")
    q.add_argument("--ca", required=True, metavar="DIR")
    q.add_argument("--family", default="sm2", help="sm2 (default) or ecdsa")
    q.add_argument("--which", default="issuing", choices=("issuing", "root"), help="issuing CA (default) or root")
    q.add_argument("--pem", action="store_true", help="PEM instead of DER")
    q.add_argument("--out", help="write to this file (default: PEM to stdout)")
    q.add_argument("--master-key", help="master key file (default DIR/master.key)")
    q.set_defaults(handler=run_crl)

    q = sub.add_parser("show", help="summarise a CA directory")
    q.add_argument("--ca", required=True, metavar="DIR")
    q.add_argument("--master-key", help="master key file (default DIR/master.key)")
    q.set_defaults(handler=run_show)

    q = sub.add_parser("serve-tsa", help="run the CA's RFC 3161 TSA over HTTP on 127.0.0.1")
    q.add_argument("--ca", required=True, metavar="DIR")
    q.add_argument("--family", default="ecdsa", help="ecdsa (default) or sm2")
    q.add_argument("--port", type=int, default=3161)
    q.add_argument("--master-key", help="master key file (default DIR/master.key)")
    q.set_defaults(handler=run_serve_tsa)


def _master_key(args: argparse.Namespace, create: bool = False) -> Any:
    if not getattr(args, "master_key", None):
        return None
    from eseal.engine.pki import KeystoreError, MasterKey

    try:
        return MasterKey.from_file(args.master_key, create=create)
    except KeystoreError as exc:
        raise CliError(f"主密钥不可用: {exc}") from exc


def _open(args: argparse.Namespace) -> Any:
    from eseal.engine.pki import LocalCA, PKIError

    try:
        return LocalCA.open(args.ca, master_key=_master_key(args))
    except PKIError as exc:
        raise CliError(f"无法打开 CA 目录 {args.ca}: {exc}") from exc


def run_init(args: argparse.Namespace) -> int:
    from eseal.engine.pki import DEFAULT_ORGANIZATION, LocalCA, PKIError

    try:
        ca = LocalCA.init(
            args.dir,
            master_key=_master_key(args, create=True),
            organization=args.organization or DEFAULT_ORGANIZATION,
            crl_base_url=args.crl_base_url,
        )
    except PKIError as exc:
        raise CliError(f"CA 初始化失败: {exc}") from exc
    print(f"CA 已创建: {ca.directory}")
    _print_summary(ca)
    _make_platform_seal(ca)
    return 0


def _make_platform_seal(ca: Any) -> None:
    """The platform's verification-report seal (CA_DIR/platform-seal), which `eseal verify --report` signs with.

    A failure here leaves a usable CA: the seal is made again on first use, and the reason is on stderr.
    """
    from eseal.engine.pdf import ReportSealError, ensure_platform_seal

    try:
        seal = ensure_platform_seal(ca)
    except ReportSealError as exc:
        print(f"eseal: 注意：平台验证报告印章未创建（{exc}）；首次 eseal verify --report 时重试", file=sys.stderr)
        return
    m = seal.manifest
    print(f"  平台报告印章 {m['seal_name']}  esID {m['es_id']}  {seal.path}")


def _print_summary(ca: Any) -> None:
    from eseal.engine.pki import fingerprint

    for family in ("sm2", "ecdsa"):
        roles = ["root", "issuing", "tsa"] + (["maker"] if family == "sm2" else [])
        for role in roles:
            cert = ca.certificate(family, role)
            end = cert["tbs_certificate"]["validity"]["not_after"].native
            print(f"  {family:5} {role:7} {cert.subject.human_friendly}  至 {end:%Y-%m-%d}  "
                  f"SHA-256 {fingerprint(cert)[:16]}…")


def _parse_time(text: str | None) -> _dt.datetime | None:
    if text is None:
        return None
    try:
        value = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"--at 不是 ISO 8601 时间: {text!r}") from None
    if value.tzinfo is None:
        raise CliError("--at 必须带时区，例如 2026-01-01T00:00:00+08:00")
    return value


_ROLE_LABELS = {"root": "根 CA ", "issuing": "签发 CA ", "ca": " CA ", "tsa": "时间戳服务（TSA）", "maker": "制章者",
                "platform-seal": "平台验证报告专用章"}


def run_revoke(args: argparse.Namespace) -> int:
    from eseal.engine.pki import (
        PKIError,
        RevocationTimeError,
        load_certificate,
        normalize_reason,
        reason_label,
    )

    seal = Path(args.seal)
    cert_path = seal / "cert.pem" if seal.is_dir() else seal
    if not cert_path.is_file():
        raise CliError(f"找不到印章证书 {cert_path}（SEAL_DIR 应包含 cert.pem）")
    try:
        normalize_reason(args.reason)
    except PKIError:
        raise CliError(f"未知的吊销原因 {args.reason!r}，可选: {', '.join(REASON_CHOICES)}") from None
    when = _parse_time(args.at)
    ca = _open(args)
    try:
        cert = load_certificate(cert_path.read_bytes())
    except (PKIError, ValueError) as exc:
        raise CliError(f"吊销失败: {exc}") from exc
    role = ca.infrastructure_role(cert)
    if role is not None and not args.force_ca_certificate:
        raise CliError(f"拒绝吊销：{cert_path} 是本 CA 的{_ROLE_LABELS.get(role, role)}证书，吊销后所有依赖它的印章/签章/"
                       "报告都将失效；确需吊销请加 --force-ca-certificate")
    try:
        rev = ca.revoke(cert, args.reason, when)
    except RevocationTimeError as exc:
        nb = cert["tbs_certificate"]["validity"]["not_before"].native
        if when is not None and when < nb:
            raise CliError(f"吊销失败：--at 早于证书生效时间 {beijing_text(nb)}（北京时间）") from exc
        raise CliError("吊销失败：--at 不能晚于当前时间") from exc
    except PKIError as exc:
        raise CliError(f"吊销失败: {exc}") from exc
    crl_path = ca.directory / rev.family / f"{rev.issuer}.crl"
    print(f"已吊销: {rev.subject} (序列号 {rev.serial:x}) 于 {rev.revoked_at.isoformat()} 原因 {reason_label(rev.reason)}")
    print(f"CRL 已更新: {crl_path}")
    return 0


def run_crl(args: argparse.Namespace) -> int:
    from eseal.engine.pki import PKIError, crl_to_pem

    ca = _open(args)
    try:
        c = ca.crl_object(args.family, args.which)
    except PKIError as exc:
        raise CliError(str(exc)) from exc
    if args.out:
        data = crl_to_pem(c) if args.pem else c.dump()
        try:
            Path(args.out).write_bytes(data)
        except OSError as exc:
            raise CliError(f"无法写入 {args.out}: {exc.strerror}") from exc
        print(f"CRL 已写入 {args.out}（{len(c['tbs_cert_list']['revoked_certificates'])} 条吊销记录）")
    else:
        sys.stdout.write(crl_to_pem(c).decode("ascii"))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from eseal.engine.pki import reason_label

    ca = _open(args)
    print(f"CA 目录: {ca.directory}  组织: {ca.manifest.get('organization')}  创建: {ca.manifest.get('created')}")
    _print_summary(ca)
    revs = ca.revocations()
    print(f"吊销记录: {len(revs)}")
    for r in revs:
        print(f"  {r.family:5} {r.serial:x} {r.revoked_at.isoformat()} {reason_label(r.reason)} {r.subject}")
    return 0


def run_serve_tsa(args: argparse.Namespace) -> int:
    from eseal.engine.pki import PKIError, TimeStampServer

    ca = _open(args)
    try:
        server = TimeStampServer(ca.tsa(args.family), port=args.port)
    except PKIError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"无法监听 127.0.0.1:{args.port}: {exc.strerror}") from exc
    print(f"RFC 3161 TSA ({args.family}) 监听 {server.url}  (Ctrl-C 停止)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.httpd.server_close()
    return 0
