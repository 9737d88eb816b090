"""``eseal ses inspect``: read a GB/T 38540 / GM/T 0031 seal or signature and check it.

    eseal ses inspect seal.esl
    eseal ses inspect signature.der --json --ca ./ca

Prints the fields (version, esID, name, type, validity, picture, certificates) and the result of
every check that needs no signed document: the maker's seal signature, the signer's signature over
TBS_Sign, the certificate list, validity windows, the time stamp; with ``--ca`` also certificate
chains, revocation and TSA trust. Exit 0 when no check fails, 1 when one fails, 2 when the file is
not a readable seal or signature.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import re
import sys
from pathlib import Path
from typing import Any

from eseal.commands.errors import CliError
from eseal.commands.usage import usage_handler

MAX_INPUT = 64 * 1024 * 1024


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ses", help="GB/T 38540 电子印章/签章数据 (inspect)",
                              description="GB/T 38540 / GM/T 0031 seal and signature objects.")
    sub = p.add_subparsers(dest="ses_command", metavar="SUBCOMMAND")
    i = sub.add_parser("inspect", help="show and check a seal (.esl) or SES signature file",
                       description="Show the fields of an SES seal or signature and check it.")
    i.add_argument("file", help="seal (.esl/DER) or SES_Signature (DER, PEM or base64)")
    i.add_argument("--json", action="store_true", help="machine-readable output")
    i.add_argument("--ca", metavar="DIR", help="also check certificate chains/CRLs/TSA against this LocalCA")
    i.set_defaults(handler=inspect)
    p.set_defaults(handler=usage_handler(p))


def _read(path: str) -> bytes:
    p = Path(path)
    try:
        # st_size is 0 for character devices and pipes (/dev/zero, /dev/stdin): read with a hard cap
        # instead of trusting it, one byte past the limit to detect "too large".
        with p.open("rb") as fh:
            data = fh.read(MAX_INPUT + 1)
        if len(data) > MAX_INPUT:
            raise CliError(f"{path}: 文件过大（超过 {MAX_INPUT // 1024 // 1024} MB）", 2)
    except FileNotFoundError:
        raise CliError(f"{path}: 文件不存在", 2) from None
    except IsADirectoryError:
        raise CliError(f"{path}: 是目录，不是文件", 2) from None
    except OSError as exc:
        raise CliError(f"{path}: 无法读取（{exc.strerror}）", 2) from None
    if data[:1] == b"\x30":
        return data
    # PEM-armoured or bare base64 text (as copied out of a database or an API)
    text = data.decode("ascii", "ignore")
    body = re.sub(r"-----(BEGIN|END) [^-]+-----", "", text)
    body = re.sub(r"\s+", "", body)
    if body and re.fullmatch(r"[A-Za-z0-9+/=]+", body):
        try:
            decoded = base64.b64decode(body, validate=True)
            if decoded[:1] == b"\x30":
                return decoded
        except (binascii.Error, ValueError):
            pass
    return data


def _dt(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _picture(pic: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": pic.type, "bytes": len(pic.data), "width_mm": pic.width_mm,
                           "height_mm": pic.height_mm}
    if pic.type.upper() in ("PNG", "GIF", "JPG", "JPEG", "BMP"):
        try:
            import io

            from PIL import Image

            with Image.open(io.BytesIO(pic.data)) as img:
                out["width_px"], out["height_px"] = img.size
        except Exception:  # an unreadable picture is reported, not fatal
            out["readable"] = False
    return out


def _seal_dict(seal: Any, results: list[Any]) -> dict[str, Any]:
    from eseal.engine import ses

    info = seal.info
    maker = ses.load_certificate(seal.maker_cert)
    maker_r = ses.find(results, "seal.maker_signature")
    certs: dict[str, Any] = {"maker": maker.summary(), "cert_list_type": info.cert_list_type}
    if info.cert_list_type == ses.CERT_LIST_CERTS:
        certs["signers"] = [ses.load_certificate(c).summary() for c in info.certs]
    else:
        certs["signer_digests"] = [{"type": d.type, "value": d.value.hex()} for d in info.cert_digests]
    return {
        "kind": "seal",
        "format": seal.format,
        "version": seal.version,
        "vid": info.header.vid,
        "es_id": info.es_id,
        "seal_name": info.name,
        "seal_type": {"code": info.seal_type, "label": ses.type_label(info.seal_type, seal.version)},
        "validity": {"created": _dt(info.create_date), "valid_start": _dt(info.valid_start),
                     "valid_end": _dt(info.valid_end)},
        "picture": _picture(info.picture),
        "certificates": certs,
        "sign_algorithm": seal.sign_alg,
        "extensions": [{"oid": e.oid, "critical": e.critical, "bytes": len(e.value)} for e in info.extensions],
        "maker_signature_valid": maker_r is not None and maker_r.status == ses.Status.PASS,
        "notes": list(seal.notes),
        "trailing_bytes": seal.trailing_bytes,
        "checks": [r.to_dict() for r in results],
    }


def _signature_dict(sig: Any, results: list[Any]) -> dict[str, Any]:
    from eseal.engine import ses

    seal_results = [r for r in results if r.code.startswith("seal.")]
    seal = _seal_dict(sig.seal, seal_results)
    value_r = ses.find(results, "signature.value")
    ts: dict[str, Any] | None = None
    if sig.timestamp is not None:
        try:
            tok = ses.read_token(sig.timestamp)
            ts = {"gen_time": tok.gen_time.isoformat(), "hash": tok.hash_oid, "serial": tok.serial,
                  "tsa": tok.tsa_name, "bytes": len(sig.timestamp)}
        except ValueError as exc:
            ts = {"error": str(exc), "bytes": len(sig.timestamp)}
    return {
        "kind": "signature",
        "format": sig.format,
        "version": sig.version,
        "es_id": sig.seal.es_id,
        "seal_name": sig.seal.name,
        "signing_time": {"claimed": _dt(sig.time_info), "trusted": _dt(ses.signing_time(sig))},
        "property_info": sig.property_info,
        "data_hash": sig.data_hash.hex(),
        "signer": ses.load_certificate(sig.signer_cert).summary(),
        "sign_algorithm": sig.sign_alg,
        "timestamp": ts,
        "maker_signature_valid": seal["maker_signature_valid"],
        "signature_value_valid": value_r is not None and value_r.status == ses.Status.PASS,
        "notes": list(sig.notes),
        "trailing_bytes": sig.trailing_bytes,
        "checks": [r.to_dict() for r in results if not r.code.startswith("seal.")],
        "seal": seal,
    }


_STATUS_ZH = {"pass": "通过", "fail": "不通过", "unknown": "无法确定", "not_applicable": "不适用"}


def _print_text(doc: dict[str, Any]) -> None:
    def checks(items: list[dict[str, Any]], indent: str) -> None:
        for c in items:
            print(f"{indent}[{_STATUS_ZH[c['status']]}] {c['item']} ({c['code']}): {c['message']}")

    def seal_block(s: dict[str, Any], indent: str) -> None:
        v = s["validity"]
        pic = s["picture"]
        px = f", {pic['width_px']}x{pic['height_px']} px" if "width_px" in pic else ""
        print(f"{indent}印章格式: {s['format']} (版本 {s['version']}, 厂商 {s['vid']})")
        print(f"{indent}印章编码 esID: {s['es_id']}")
        print(f"{indent}印章名称: {s['seal_name']}")
        print(f"{indent}印章类型: {s['seal_type']['code']} {s['seal_type']['label']}")
        print(f"{indent}有效期: {v['valid_start']} 至 {v['valid_end']} (制作于 {v['created']})")
        print(f"{indent}印章图片: {pic['type']}, {pic['bytes']} 字节, {pic['width_mm']}x{pic['height_mm']} mm{px}")
        c = s["certificates"]
        print(f"{indent}制章者证书: {c['maker']['subject']} (至 {c['maker']['not_after']})")
        for sc in c.get("signers", []):
            print(f"{indent}签章者证书: {sc['subject']} [{sc['key']}] (至 {sc['not_after']})")
        for d in c.get("signer_digests", []):
            print(f"{indent}签章者证书摘要: {d['type']} {d['value']}")
        for n in s["notes"]:
            print(f"{indent}注意: {n}")
        checks(s["checks"], indent)

    if doc["kind"] == "seal":
        print("电子印章 (SESeal)")
        seal_block(doc, "  ")
        return
    print("电子签章数据 (SES_Signature)")
    print(f"  格式: {doc['format']} (TBS_Sign 版本 {doc['version']})")
    print(f"  签章时间: {doc['signing_time']['claimed']}"
          + (f"，时间戳 {doc['timestamp']['gen_time']}" if doc["timestamp"] and "gen_time" in doc["timestamp"] else ""))
    print(f"  签章者: {doc['signer']['subject']} [{doc['signer']['key']}]")
    print(f"  原文属性 propertyInfo: {doc['property_info']}")
    print(f"  原文杂凑 dataHash: {doc['data_hash']}")
    for n in doc["notes"]:
        print(f"  注意: {n}")
    checks(doc["checks"], "  ")
    print("  所用电子印章:")
    seal_block(doc["seal"], "    ")


def inspect(args: argparse.Namespace) -> int:
    from eseal.engine import ses

    data = _read(args.file)
    try:
        obj = ses.parse_any(data)
    except ses.SesFormatError as exc:
        raise CliError(f"{args.file}: 不是可读的电子印章或电子签章数据（{exc}）", 2) from None
    cert_checker = ts_checker = None
    if args.ca:
        from eseal.engine.pki import LocalCA, PKIError

        try:
            ca = LocalCA.open(args.ca)
        except PKIError as exc:
            raise CliError(f"--ca {args.ca}: {exc}", 2) from None
        cert_checker, ts_checker = ses.local_ca_checker(ca), ses.local_ca_timestamp_checker(ca)
    if isinstance(obj, ses.Seal):
        results = ses.verify_seal(obj, cert_checker=cert_checker)
        doc = _seal_dict(obj, results)
    else:
        results = ses.verify_signature(obj, cert_checker=cert_checker, timestamp_checker=ts_checker)
        doc = _signature_dict(obj, results)
    if args.json:
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_text(doc)
    return 1 if any(r.status == ses.Status.FAIL for r in results) else 0
