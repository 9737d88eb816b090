"""What signing ([D1]) gets from a seal: its :class:`eseal.engine.pdf.SealMaterial` (key from the platform keystore,
SESeal and certificate and face from the blob store, the platform CA) — only for a seal of the acting account that
is enabled and valid now; otherwise a refusal with a reason code."""

from __future__ import annotations

from eseal.engine.pdf import SealAppearance, SealMaterial
from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, PlatformError, Services
from eseal.platform.seals.access import own_seal
from eseal.platform.seals.changes import current_version
from eseal.platform.seals.lifecycle import CANCELLED, ENABLED, SUSPENDED
from eseal.platform.seals.models import Seal, SealVersion
from eseal.platform.seals.versions import read_blob

# codes of a seal that cannot sign (state or validity); the web layer answers 409
REFUSALS = {
    CANCELLED: ("seal.cancelled", "印章已注销，不能用于签章"),
    SUSPENDED: ("seal.suspended", "印章已停用，不能用于签章"),
    "not_yet_valid": ("seal.not_yet_valid", "印章尚未生效，不能用于签章"),
    "expired": ("seal.expired", "印章已过有效期，不能用于签章"),
}


def refusal(svc: Services, seal: Seal) -> tuple[str, str] | None:
    """(code, 中文) why ``seal`` cannot sign now, or None when it is enabled and valid."""
    now = svc.clock.now()
    if seal.state != ENABLED:
        return REFUSALS.get(seal.state, REFUSALS[CANCELLED])
    if now < seal.valid_from:
        return REFUSALS["not_yet_valid"]
    if now >= seal.valid_to:
        return REFUSALS["expired"]
    return None


def signing_material(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str) -> SealMaterial:
    """The material to sign with the acting account's seal ``seal_id``; ``not_found`` for anyone else's seal,
    ``seal.cancelled`` / ``seal.suspended`` / ``seal.not_yet_valid`` / ``seal.expired`` when it cannot sign."""
    return stamping_material(db, svc, seal=own_seal(db, actor, seal_id))[0]


def stamping_material(db: DbSession, svc: Services, *, seal: Seal) -> tuple[SealMaterial, int]:
    """The material of ``seal`` and the id of the version it comes from, for a seal the caller loaded as the acting
    account's and checked for the action (the stamping's ``_seals_of``: owner, ``grants.require("seal.stamp")``, which
    implies the seal is in view); the state and validity are checked here again, as :func:`signing_material` does.
    The current version is read once (the signing row names it)."""
    refused = refusal(svc, seal)
    if refused is not None:
        raise PlatformError(refused[0], refused[1], "seal_id")
    version = current_version(db, seal)
    return material_of(svc, seal, version), version.id


def material_of(svc: Services, seal: Seal, version: SealVersion) -> SealMaterial:
    """The material of one version, unchecked (``signing_material`` decides whether it may be used)."""
    appearance = SealAppearance(read_blob(svc, version.png_sha256), version.width_mm, version.height_mm,
                                vector_pdf=read_blob(svc, version.pdf_sha256))
    return SealMaterial(family=seal.family, signer=svc.keystore.load(version.key_id),
                        seal_der=read_blob(svc, version.esl_sha256), cert_der=read_blob(svc, version.cert_sha256),
                        appearance=appearance, name=seal.holder_name, issuer_ca=svc.ca)
