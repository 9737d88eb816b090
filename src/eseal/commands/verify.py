"""``eseal verify FILE.pdf [--json] [--report OUT.pdf [--report-seal SEAL_DIR]] [--ca DIR] [--trust CERT.pem ...] [--soft-fail]``.

``--soft-fail`` chooses ``VerificationPolicy.soft_fail()``: a signer whose revocation status cannot be
established passes with a note (default: INDETERMINATE / TRY_LATER).

``--report`` writes the Chinese PDF report, signed (an evidence object, issue E2) with the seal in
``--report-seal SEAL_DIR`` or else with the platform report seal of the first ``--ca`` directory
(``<CA>/platform-seal``, made on first use for older CA directories), time-stamped by that CA's TSA.
With no seal available the report is written unsigned and a notice says so on stderr.

Exit codes: 0 TOTAL_PASSED, 1 TOTAL_FAILED, 2 INDETERMINATE (untrusted chains, no signatures),
3 unreadable input (one line on stderr). Heavy imports happen inside the handler (cold start).
"""

from __future__ import annotations

import argparse
import os
import sys

from eseal.commands.errors import CliError
from eseal.commands.sign import max_size_bytes
from eseal.commands.texts import TECHNICAL_LABEL, error_line, pdf_input_zh, report_notice_zh, technical

EXIT_PASSED, EXIT_FAILED, EXIT_INDETERMINATE, EXIT_UNREADABLE = 0, 1, 2, 3


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("verify", help="验证PDF中的电子签章（GB/T 38540 与 PAdES）",
                              description="验证PDF中的每一个签名，输出8项检查结果与ETSI验证结论。")
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--json", action="store_true", help="print the JSON report on stdout")
    p.add_argument("--report", metavar="OUT.pdf", help="write the Chinese PDF report")
    p.add_argument("--report-seal", metavar="SEAL_DIR",
                   help="sign the report with this seal directory (default: the first --ca's platform seal)")
    p.add_argument("--report-key-password-env", metavar="VAR",
                   help="environment variable holding the --report-seal key's password (password-protected seals)")
    p.add_argument("--ca", metavar="DIR", action="append", default=[],
                   help="trust the root certificates (and use the CRLs) in this CA directory")
    p.add_argument("--trust", metavar="CERT.pem", action="append", default=[],
                   help="trust this certificate (repeatable); .crl files are used as CRLs")
    p.add_argument("--max-size", metavar="MB", type=float, default=20.0, help="input size limit (default 20)")
    p.add_argument("--soft-fail", action="store_true",
                   help="未找到签发者的 CRL/OCSP 时仍判通过并注明未检查吊销状态（默认：INDETERMINATE / TRY_LATER）")
    p.set_defaults(handler=run)


def _fail_input(args: argparse.Namespace, reason: str, message: str, message_zh: str) -> int:
    if args.json:
        import json

        from eseal.engine.pdf import error_to_dict

        print(json.dumps(error_to_dict(reason, message, message_zh), ensure_ascii=False))
    print(f"eseal: {message_zh}：{args.file}（{TECHNICAL_LABEL}：{technical(message)}）", file=sys.stderr)
    return EXIT_UNREADABLE


def run(args: argparse.Namespace) -> int:
    import logging

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)

    from eseal.engine.pdf import (
        Indication,
        PdfInputError,
        TrustStore,
        TrustStoreError,
        VerificationPolicy,
        verify_pdf,
    )

    max_bytes = max_size_bytes(args.max_size)
    try:
        trust = TrustStore.from_sources(args.ca, args.trust)
    except TrustStoreError as exc:
        raise CliError(error_line(exc, fallback="信任证书无法读取"), EXIT_UNREADABLE) from exc
    try:
        policy = VerificationPolicy.soft_fail() if args.soft_fail else VerificationPolicy()
        report = verify_pdf(args.file, trust=trust, max_bytes=max_bytes, policy=policy)
    except PdfInputError as exc:
        return _fail_input(args, exc.reason, str(exc), pdf_input_zh(exc))
    if args.report:
        _write_report(args, report)
    try:
        if args.json:
            from eseal.engine.pdf import report_to_json

            print(report_to_json(report))
        else:
            _print_text(report)
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
    return {Indication.TOTAL_PASSED: EXIT_PASSED, Indication.TOTAL_FAILED: EXIT_FAILED}.get(
        report.indication, EXIT_INDETERMINATE)


def _write_report(args: argparse.Namespace, report) -> None:
    from eseal.engine.pdf import ReportSealError, ReportSealPolicy, issue_report

    password = None
    if args.report_seal and args.report_key_password_env:
        password = os.environ.get(args.report_key_password_env)
        if not password:
            raise CliError(f"环境变量 {args.report_key_password_env} 未设置或为空", 2)
    policy = ReportSealPolicy(seal_dir=args.report_seal, ca_dirs=tuple(args.ca), password=password)
    try:
        issued = issue_report(report, policy)
    except ReportSealError as exc:
        raise CliError(error_line(exc, fallback="报告印章目录不可用", subject=args.report_seal), 2) from None
    for notice in issued.notices:
        print(f"eseal: {report_notice_zh(notice)}", file=sys.stderr)
    pdf = issued.pdf
    tmp = args.report + ".part"
    try:
        with open(tmp, "wb") as fh:
            fh.write(pdf)
        os.replace(tmp, args.report)
    except OSError as exc:
        raise CliError(f"无法写入报告 {args.report}: {exc.strerror}", 2) from exc


_MARK = {"pass": "✓", "fail": "✗", "unknown": "?", "not_applicable": "—"}


def _print_text(report) -> None:
    from eseal.engine.pdf import bj_range, bj_time

    d = report.document
    print(f"文档: {d.name}  ({d.size} 字节, {d.pages} 页, {d.revisions} 个修订)")
    print(f"SM3: {d.sm3}")
    print(f"SHA-256: {d.sha256}")
    print(f"验证结论: {report.indication.value}" + (f" / {report.sub_indication.value}" if report.sub_indication else "")
          + f"  {report.message}")
    for s in report.signatures:
        print(f"\n[{s.index}] {s.field_name}  ({s.profile}, {s.sub_filter})  "
              f"{s.indication.value}" + (f" / {s.sub_indication.value}" if s.sub_indication else "") + f"  {s.message}")
        if s.seal:
            print(f"    印章: {s.seal.name}  esID {s.seal.es_id}  类型 {s.seal.seal_type_label or s.seal.seal_type}")
        if s.signer:
            print(f"    签章者: {s.signer.common_name or s.signer.subject}")
        t = s.times
        print(f"    声明签章时间: {bj_time(t.claimed)}   时间戳证明时间: {bj_time(t.proven)}")
        if s.seal:
            print(f"    印章有效期: {bj_range(s.seal.valid_start, s.seal.valid_end)}")
        for it in s.items:
            print(f"    {_MARK[it.status.value]} {it.label}: {it.reason}")
    later = [r for r in report.revisions if r.index > 0]
    if later:
        print("\n修订:")
        for r in report.revisions:
            print(f"    修订{r.index} ({'许可' if r.permitted else '非许可'}) {r.message}")
