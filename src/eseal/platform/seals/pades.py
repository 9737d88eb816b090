"""What a PAdES signing gets from a seal: the engine's PAdES profile needs an ECDSA key (platform seals are SM2,
GB/T 38540), so each seal version gets, on its first PAdES signing, an ECDSA P-256 key in the platform keystore
and a certificate from the platform CA's ecdsa family for the same holder (an enterprise's name and credit code,
or a person's name and keyed ID digest, checked against the SM2 certificate) and the same validity. The SESeal
(its esID names the seal in the PAdES signature), the face and the checks of ``signing_material`` are the seal's
own. The credential row is ``SealPadesCredential``."""

from __future__ import annotations

import secrets
from dataclasses import replace

from asn1crypto import x509
from sqlalchemy.exc import IntegrityError

from eseal.engine.pdf import SealMaterial
from eseal.platform.accounts import Account, Actor
from eseal.platform.core import DbSession, PlatformError, Services
from eseal.platform.seals.access import own_seal
from eseal.platform.seals.changes import current_version
from eseal.platform.seals.kinds import KINDS
from eseal.platform.seals.material import material_of, refusal
from eseal.platform.seals.models import Seal, SealPadesCredential, SealVersion
from eseal.platform.seals.versions import MAX_BLOB, read_blob
from eseal.platform.storage import store_blob

ORG_ID_PREFIX = "NTRCN-"  # organizationIdentifier of an enterprise certificate (engine.pki.identity)
UNAVAILABLE = ("sign.pades_unavailable", "该印章暂不能用于PAdES签章")


def _attribute(cert: x509.Certificate, name: str) -> str | None:
    value = cert.subject.native.get(name)
    return str(value) if value else None


def _issue(svc: Services, owner: Account, seal: Seal, sm2_cert: x509.Certificate, public_key_info: object
           ) -> x509.Certificate:
    """The ECDSA certificate for the holder of ``sm2_cert`` (same subject data, same validity)."""
    validity = sm2_cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    days = max(1, round((end - start).total_seconds() / 86400))
    ca = svc.ca
    if KINDS[seal.kind].cert == "enterprise":
        org_id = _attribute(sm2_cert, "organization_identifier") or ""
        name = _attribute(sm2_cert, "organization_name") or ""
        if not org_id.startswith(ORG_ID_PREFIX) or not name:
            raise PlatformError(*UNAVAILABLE, "seal_id")
        return ca.issue_enterprise("ecdsa", name, org_id[len(ORG_ID_PREFIX):], public_key_info, days,
                                   not_before=start)
    subject = owner.face_subject(svc.pii)  # the person, or an enterprise's legal representative
    name = _attribute(sm2_cert, "common_name") or ""
    if subject is None or not name or not ca.person_matches(sm2_cert, subject[2]):
        raise PlatformError(*UNAVAILABLE, "seal_id")  # the seal's holder is not the account's person
    return ca.issue_person("ecdsa", name, subject[2], public_key_info, days, not_before=start)


def pades_credential(db: DbSession, svc: Services, *, actor: Actor, seal: Seal,
                     version: SealVersion) -> SealPadesCredential:
    """The version's PAdES credential, made now (key, certificate, blob, row) when it has none; a seal that a
    concurrent 注销 or 停用 moved meanwhile is refused (``seal.cancelled`` ...), so no certificate outlives the
    seal's revocation unrevoked. Never commits."""
    found = db.get(SealPadesCredential, version.id)
    if found is not None:
        return found
    owner = db.get(Account, seal.owner_account_id)
    if owner is None:
        raise PlatformError(*UNAVAILABLE, "seal_id")
    key_id = f"seal-{seal.id}-v{version.version}-pades-{secrets.token_hex(4)}"
    signer = svc.keystore.generate(key_id, "ecdsa-p256")
    try:
        kept = _keep(db, svc, actor=actor, seal=seal, version=version, key_id=key_id,
                     cert=_issue(svc, owner, seal, x509.Certificate.load(read_blob(svc, version.cert_sha256)),
                                 signer.public_key_info))
    except BaseException:
        svc.keystore.delete(key_id)  # no row names it (refused, or an error)
        raise
    if kept.key_id != key_id:
        svc.keystore.delete(key_id)  # a concurrent first signing's credential is the version's
    return kept


def _keep(db: DbSession, svc: Services, *, actor: Actor, seal: Seal, version: SealVersion, key_id: str,
          cert: x509.Certificate) -> SealPadesCredential:
    """The credential row of a new key and certificate, or the one a concurrent first signing made."""
    cert_der = cert.dump()
    try:
        with db.begin_nested():
            ref = store_blob(db, svc, actor=actor, data=cert_der, content_type="application/pkix-cert",
                             max_size=MAX_BLOB)
            row = SealPadesCredential(seal_version_id=version.id, key_id=key_id,
                                      cert_serial=format(cert.serial_number, "x"), cert_sha256=ref.sha256,
                                      created_at=svc.clock.now())
            db.add(row)
            db.flush()
            # the seal as of now, locked: a 注销 (it locks the seal, then revokes the credentials it finds) either
            # committed before this — refused here, the savepoint drops the row — or waits for this transaction and
            # then finds and revokes the new certificate (on SQLite the write above began the transaction anew)
            db.refresh(seal, with_for_update=True)
            refused = refusal(svc, seal)
            if refused is not None:
                raise PlatformError(refused[0], refused[1], "seal_id")
    except IntegrityError:  # a concurrent first PAdES signing of this version made it: use that one
        again = db.get(SealPadesCredential, version.id)
        if again is None:
            raise
        return again
    return row


def pades_material(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str) -> SealMaterial:
    """``signing_material`` for the PAdES profile: the same checks (``not_found``, ``seal.suspended`` …), the seal's
    SESeal and face, its version's ECDSA key and certificate (made on first use)."""
    seal = own_seal(db, actor, seal_id)
    refused = refusal(svc, seal)
    if refused is not None:
        raise PlatformError(refused[0], refused[1], "seal_id")
    version = current_version(db, seal)
    credential = pades_credential(db, svc, actor=actor, seal=seal, version=version)
    return replace(material_of(svc, seal, version), family="ecdsa", signer=svc.keystore.load(credential.key_id),
                   cert_der=read_blob(svc, credential.cert_sha256))
