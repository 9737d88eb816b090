"""Making one version of a seal: key pair in the platform keystore, certificate from the platform CA, the
maker-signed SESeal over the face, the four blobs, the ``seal_versions`` row. Shared by issuance, renewal and
change; and reading a version's bytes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509

from eseal.engine.art import RenderedSeal
from eseal.engine.ses import build_seal
from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, PlatformError, Services
from eseal.platform.seals.kinds import KINDS
from eseal.platform.seals.models import Seal, SealVersion
from eseal.platform.storage import StorageError, blob_store, store_blob

MAX_BLOB = 8 * 1024 * 1024


@dataclass(frozen=True)
class Holder:
    """Whose certificate a seal carries: an enterprise (name + credit code) or a person (name + ID number; the
    number is only used for the certificate's keyed digest and never stored)."""

    kind: str  # enterprise | person
    name: str
    credit_code: str | None = None
    id_number: str | None = None


def key_id_for(seal: Seal, version: int) -> str:
    return f"seal-{seal.id}-v{version}"


def issue_certificate(svc: Services, holder: Holder, public_key_info: object, *, not_before: datetime,
                      days: int) -> x509.Certificate:
    ca = svc.ca
    if holder.kind == "enterprise":
        return ca.issue_enterprise("sm2", holder.name, holder.credit_code or "", public_key_info, days,
                                   not_before=not_before)
    return ca.issue_person("sm2", holder.name, holder.id_number or "", public_key_info, days, not_before=not_before)


def make_version(db: DbSession, svc: Services, *, actor: Actor, seal: Seal, number: int, reason: str,
                 face: RenderedSeal, font: str | None, now: datetime, holder: Holder | None = None,
                 days: int = 365, reuse: SealVersion | None = None) -> SealVersion:
    """A new version of ``seal``: with ``holder``, a new key and certificate valid ``days`` from ``now``; with
    ``reuse``, that version's key and certificate (a change of face only). Never commits."""
    if reuse is not None:
        key_id, cert_der = reuse.key_id, read_blob(svc, reuse.cert_sha256)
        cert = x509.Certificate.load(cert_der)
    else:
        if holder is None:
            raise ValueError("make_version needs a holder for a new certificate")
        key_id = key_id_for(seal, number)
        signer = svc.keystore.generate(key_id, "sm2")
        cert = issue_certificate(svc, holder, signer.public_key_info, not_before=now, days=days)
        cert_der = cert.dump()
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    kind = KINDS[seal.kind]
    ca = svc.ca
    seal_der = build_seal(
        es_id=seal.es_id or "", seal_type=kind.seal_type, name=seal.name, cert_list=[cert_der], picture=face.png,
        picture_type="PNG", width_mm=face.width_mm, height_mm=face.height_mm, valid_start=start, valid_end=end,
        create_date=now, maker_signer=ca.maker_signer(), maker_cert=ca.maker_cert.dump())
    refs = {name: store_blob(db, svc, actor=actor, data=data, content_type=ctype, max_size=MAX_BLOB).sha256
            for name, data, ctype in (("cert", cert_der, "application/pkix-cert"),
                                      ("esl", seal_der, "application/octet-stream"),
                                      ("png", face.png, "image/png"), ("pdf", face.pdf, "application/pdf"))}
    version = SealVersion(
        seal_id=seal.id, version=number, reason=reason, key_id=key_id, cert_serial=format(cert.serial_number, "x"),
        cert_sha256=refs["cert"], esl_sha256=refs["esl"], png_sha256=refs["png"], pdf_sha256=refs["pdf"],
        width_mm=face.width_mm, height_mm=face.height_mm, font=font, valid_from=start, valid_to=end, created_at=now)
    db.add(version)
    seal.current_version, seal.valid_from, seal.valid_to, seal.updated_at = number, start, end, now
    db.flush()
    return version


def read_blob(svc: Services, sha256: str) -> bytes:
    """The bytes of a blob a committed seal row names (it exists: storage's rule); a damaged one is an error."""
    try:
        return blob_store(svc).read(sha256, max_size=MAX_BLOB)
    except StorageError:
        raise
    except OSError as exc:  # pragma: no cover - a backend failure the store did not wrap
        raise PlatformError("storage.backend_error", "存储服务暂时不可用，请稍后再试") from exc
