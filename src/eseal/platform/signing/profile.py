"""签名格式, the account-level signing profile: an enterprise or a person signs with GM (GB/T 38540 SES in the PDF,
SM2, the default) or PAdES (ISO 32000 / ETSI CMS, ECDSA; ``seals.pades_material`` gives a seal its PAdES key).
Stored on the owner account (``accounts.signing_profile``); stamping uses it unless a submission names a profile.
Everyone acting for the account reads it; only the account itself (its owner role) changes it."""

from __future__ import annotations

from dataclasses import dataclass

from eseal.platform import grants
from eseal.platform.accounts import Account, Actor
from eseal.platform.core import DbSession, PlatformError, Services, audit
from eseal.platform.documents import document_owner as owner_of

PROFILES = ("gm", "pades")
DEFAULT_PROFILE = "gm"
PROFILE_LABELS = {"gm": "国密签章（GB/T 38540）", "pades": "PAdES 签章"}
PROFILE_HINTS = {"gm": "SM2 国密算法，符合 GB/T 38540 电子签章标准，默认格式",
                 "pades": "ECDSA 国际通用格式（ISO 32000 / ETSI PAdES），便于境外阅读器验证"}


@dataclass(frozen=True)
class ProfileOption:
    code: str
    label: str
    hint: str


@dataclass(frozen=True)
class SigningProfileView:
    """What 我的 → 签名格式 shows: the account's profile, the choices, and whether the actor may change it."""

    profile: str
    profile_label: str
    options: tuple[ProfileOption, ...]
    can_change: bool


def profile_of(account: Account) -> str:
    value = account.signing_profile or DEFAULT_PROFILE
    return value if value in PROFILES else DEFAULT_PROFILE


def _view(db: DbSession, actor: Actor, owner: Account) -> SigningProfileView:
    profile = profile_of(owner)
    options = tuple(ProfileOption(code, PROFILE_LABELS[code], PROFILE_HINTS[code]) for code in PROFILES)
    return SigningProfileView(profile, PROFILE_LABELS[profile], options, grants.acting_role(db, actor).is_owner)


def signing_profile(db: DbSession, svc: Services, *, actor: Actor) -> SigningProfileView:
    """The profile of the account the actor acts for."""
    return _view(db, actor, owner_of(actor))


def set_signing_profile(db: DbSession, svc: Services, *, actor: Actor, profile: str | None) -> SigningProfileView:
    """Choose the profile (``invalid_input`` for an unknown one; ``forbidden`` unless the actor is the account itself
    or its owner role); audited ``account.signing_profile`` with the old and new value."""
    if profile not in PROFILES:
        raise PlatformError("invalid_input", "请选择签名格式", "profile")
    if not grants.acting_role(db, actor).is_owner:
        raise PlatformError("forbidden", "只有账号本人或企业法人可以修改签名格式", "profile")
    owner = owner_of(actor)
    before = profile_of(owner)
    if before != profile:
        owner.signing_profile = profile
        audit.record(db, svc.clock.now(), "account.signing_profile", actor=actor.user.id,
                     subject=f"account:{owner.id}", ip=actor.ip, before=before, after=profile)
        db.flush()
    return _view(db, actor, owner)
