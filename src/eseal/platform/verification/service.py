"""验签 on the platform: verify an uploaded PDF with the platform's trust and seal records, keep the reports (the
JSON and the platform-sealed PDF, both blobs) under the report's serial, and answer them to the account or the
anonymous browser that ran the verification; the public page data for the report's QR code.

Rules (docs/api.md §4.13):
* Size: an unsigned file up to 20 MB, a signed one up to the engine's ``signed_limit`` (20 MB + the allowance for
  what the platform's own stamps add to a 20 MB upload: 8 MB), read at most one byte over
  that bound; PDF by content (``%PDF-`` and a readable structure), encrypted or corrupt files refused.
* Rate: anonymous visitors ``ANON_PER_HOUR`` runs per IP address and hour, logged-in accounts
  ``ACCOUNT_PER_HOUR`` per account; the public page ``PUBLIC_PER_HOUR`` per IP (serials are not enumerable).
* Access: the full report belongs to the account that ran it (or, anonymous, to the browser: its CSRF-cookie
  binding); anyone else gets ``not_found``. The public page shows the verdict and no personal data.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import BinaryIO

from sqlalchemy import select

from eseal.engine.pdf import (
    EncryptedPdfError,
    NotAPdfError,
    PdfInputError,
    PdfTooLargeError,
    ReportSealPolicy,
    issue_report,
    report_to_dict,
    signed_limit,
    verify_pdf,
)
from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, NotFound, PlatformError, Services, ratelimit
from eseal.platform.seals import seal_lifecycle
from eseal.platform.storage import open_blob, store_blob
from eseal.platform.verification.models import VerificationReport
from eseal.platform.verification.pictures import picture_path, seal_picture_png
from eseal.platform.verification.records import signing_records
from eseal.platform.verification.trust import platform_trust, report_signer
from eseal.platform.verification.views import (
    VERDICT_LABELS,
    PublicReport,
    VerifyOutcome,
    platform_notes,
    platform_section,
    public_from_dict,
    public_to_dict,
    public_view,
)

log = logging.getLogger("eseal.verification")

MAX_BYTES = 20 * 1024 * 1024
READ_LIMIT = signed_limit(MAX_BYTES)  # the engine's signed-document allowance (E3): 28 MB
ANON_PER_HOUR = 30
ACCOUNT_PER_HOUR = 300
PUBLIC_PER_HOUR = 600
HOUR = timedelta(hours=1)
PUBLIC_PAGE_PATH = "/r/"  # the H5 public report page: <public_url>/r/<serial>
RATE_MESSAGE = "验签过于频繁，请稍后再试"
_SCHEMA = "eseal-platform-verification"


@dataclass(frozen=True)
class StoredReport:
    """The owner's copy: the JSON text and the PDF report's blob."""

    serial: str
    json_blob: str
    pdf_blob: str | None
    document_name: str


def public_report_url(svc: Services, serial: str) -> str:
    return svc.settings.public_url.rstrip("/") + PUBLIC_PAGE_PATH + serial


def _read_upload(source: BinaryIO) -> bytes:
    """At most ``READ_LIMIT`` bytes; one more means too large (the rest is never read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = source.read(min(1024 * 1024, READ_LIMIT + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > READ_LIMIT:
            raise PlatformError("verify.too_large", "文件超过20MB，请压缩后重试", field="file")
    data = b"".join(chunks)
    if not data:
        raise PlatformError("verify.empty", "请选择要验证的PDF文件", field="file")
    if not data[:1024].lstrip(b"\x00\t\n\r\x0c ").startswith(b"%PDF-"):
        raise PlatformError("verify.not_pdf", "仅支持PDF格式的文件", field="file")
    return data


def _refusal(exc: PdfInputError) -> PlatformError:
    if isinstance(exc, PdfTooLargeError):
        return PlatformError("verify.too_large", "文件超过20MB，请压缩后重试", field="file")
    if isinstance(exc, EncryptedPdfError):
        return PlatformError("verify.encrypted", "文件已加密，请上传未加密的PDF文件", field="file")
    if isinstance(exc, NotAPdfError):
        return PlatformError("verify.not_pdf", "仅支持PDF格式的文件", field="file")
    return PlatformError("verify.corrupt", "文件已损坏或不完整，无法读取", field="file")


def _count_run(db: DbSession, svc: Services, actor: Actor) -> None:
    now = svc.clock.now()
    if actor.account is not None:
        ratelimit.hit(db, now, "verify.account", str(actor.account.id), limit=ACCOUNT_PER_HOUR, window=HOUR,
                      message=RATE_MESSAGE)
    else:
        ratelimit.hit(db, now, "verify.ip", actor.ip or "unknown", limit=ANON_PER_HOUR, window=HOUR,
                      message=RATE_MESSAGE)


def _clean_name(name: str | None) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())[:200]
    return base or "未命名文件.pdf"


def _blob_bytes(db: DbSession, svc: Services, actor: Actor, sha256: str) -> bytes:
    with open_blob(db, svc, actor=actor, sha256=sha256) as reader:
        return reader.readall()


def verify_upload(db: DbSession, svc: Services, *, actor: Actor, source: BinaryIO,
                  filename: str | None) -> VerifyOutcome:
    """Verify one uploaded file and keep its reports (see the module docstring for the rules)."""
    _count_run(db, svc, actor)
    data = _read_upload(source)
    name = _clean_name(filename)
    try:
        report = verify_pdf(data, trust=platform_trust(svc), lifecycle=seal_lifecycle(db), now=svc.clock.now(),
                            max_bytes=MAX_BYTES, name=name)
    except PdfInputError as exc:
        raise _refusal(exc) from exc
    records = signing_records(db, report, data, read=lambda sha256: _blob_bytes(db, svc, actor, sha256))
    serial = report.serial
    platform = platform_section(report, records)
    for entry, sig in zip(platform["signatures"], report.signatures, strict=True):
        png = seal_picture_png(sig)
        if png is not None:
            entry["picture_blob"] = store_blob(db, svc, actor=actor, data=png, content_type="image/png").sha256
            entry["picture_url"] = picture_path(serial, sig.index)
    body: dict[str, object] = {"schema": _SCHEMA, "serial": serial, "public_url": public_report_url(svc, serial),
            "report": report_to_dict(report), "platform": platform,
            "public": public_to_dict(public_view(report, records))}
    try:
        policy = ReportSealPolicy(signer=report_signer(svc))
    except Exception as exc:  # the report seal cannot be made or opened: the report goes out unsigned, said so
        log.warning("report seal unusable, report %s unsigned: %s", serial, exc)
        policy = ReportSealPolicy()
    issued = issue_report(report, policy, qr_text=public_report_url(svc, serial),
                          platform=platform_notes(report, records))
    for notice in issued.notices:
        log.warning("report %s: %s %s", serial, notice.code, notice.detail)
    body["report_pdf_signed"] = issued.signed
    json_ref = store_blob(db, svc, actor=actor, data=json.dumps(body, ensure_ascii=False).encode(),
                          content_type="application/json")
    pdf_ref = store_blob(db, svc, actor=actor, data=issued.pdf, content_type="application/pdf")
    verdict = report.indication.value
    db.add(VerificationReport(
        serial=serial, document_sha256=report.document.sha256, document_sm3=report.document.sm3, document_name=name,
        document_size=len(data), verdict=verdict, signature_count=len(report.signatures),
        report_json_blob=json_ref.sha256, report_pdf_blob=pdf_ref.sha256,
        account_id=actor.account.id if actor.account is not None else None,
        anon_session_hash=None if actor.account is not None else (actor.client_binding or None),
        created_at=svc.clock.now()))
    db.flush()
    base = f"/api/v1/verify/{serial}"
    return VerifyOutcome(serial=serial, verdict=verdict, verdict_label=VERDICT_LABELS.get(verdict, verdict),
                         signature_count=len(report.signatures), document_name=name, report_url=base,
                         report_pdf_url=base + "/report.pdf", public_url=public_report_url(svc, serial),
                         report_signed=issued.signed)


def _row(db: DbSession, serial: str) -> VerificationReport | None:
    if not (0 < len(serial) <= 64):
        return None
    return db.scalars(select(VerificationReport).where(VerificationReport.serial == serial)).first()


def owned_report(db: DbSession, svc: Services, *, actor: Actor, serial: str) -> StoredReport:
    """The report of a run by this account (or, anonymous, by this browser); anyone else: ``not_found``."""
    row = _row(db, serial)
    mine = row is not None and (
        (row.account_id is not None and actor.account is not None and row.account_id == actor.account.id)
        or (row.account_id is None and actor.account is None and bool(actor.client_binding)
            and row.anon_session_hash == actor.client_binding))
    if row is None or not mine:
        raise NotFound("验证报告不存在")
    return StoredReport(serial=row.serial, json_blob=row.report_json_blob, pdf_blob=row.report_pdf_blob,
                        document_name=row.document_name)


def report_picture(db: DbSession, svc: Services, *, actor: Actor, serial: str, index: int) -> str:
    """The blob (SHA-256) of signature ``index``'s seal picture in a report of this owner (``not_found`` when the
    report is not theirs or the signature has no picture)."""
    stored = owned_report(db, svc, actor=actor, serial=serial)
    with open_blob(db, svc, actor=actor, sha256=stored.json_blob) as reader:
        body = json.loads(reader.read())
    for entry in body.get("platform", {}).get("signatures", []):
        if entry.get("index") == index and entry.get("picture_blob"):
            return str(entry["picture_blob"])
    raise NotFound("印章图像不存在")


def public_report(db: DbSession, svc: Services, *, actor: Actor, serial: str) -> PublicReport:
    """The public page of a report (anyone with the serial; rate-limited per IP): verdict, document name and
    hashes, per signature the verdict, seal name (a person's masked), signer (masked), signing time."""
    ratelimit.hit(db, svc.clock.now(), "verify.public", actor.ip or "unknown", limit=PUBLIC_PER_HOUR, window=HOUR,
                  message="查询过于频繁，请稍后再试")
    row = _row(db, serial)
    if row is None:
        raise NotFound("验证报告不存在")
    with open_blob(db, svc, actor=actor, sha256=row.report_json_blob) as reader:
        body = json.loads(reader.read())
    return public_from_dict(body["public"])
