"""Signing (签署): the seals the acting account may use (选章, with the reason when one cannot), the submission of
several stamps (单页 / 多页 / 骑缝) behind one willingness challenge with the seals' own verification method, and
the stamping itself through the engine's use case (the same library function the CLI uses), one revision and one
audited ``signings`` row per stamp.

Service functions have the form ``(db, svc, *, actor, ...)`` and never commit.
"""

from eseal.platform.signing.choices import SealChoice, SealChoiceList, seal_choices
from eseal.platform.signing.confirmation import ACTION, METHOD_LABELS, SigningChallenge
from eseal.platform.signing.faults import POINTS as CRASH_POINTS
from eseal.platform.signing.profile import (
    PROFILE_LABELS,
    ProfileOption,
    SigningProfileView,
    profile_of,
    set_signing_profile,
    signing_profile,
)
from eseal.platform.signing.stamping import PROFILES, SigningOutcome, prepare_signing, sign_document
from eseal.platform.signing.stamps import MAX_STAMPS, MODE_LABELS, MODES, Stamp

__all__ = [
    "ACTION",
    "CRASH_POINTS",
    "MAX_STAMPS",
    "METHOD_LABELS",
    "MODES",
    "MODE_LABELS",
    "PROFILES",
    "PROFILE_LABELS",
    "ProfileOption",
    "SealChoice",
    "SealChoiceList",
    "SigningChallenge",
    "SigningOutcome",
    "SigningProfileView",
    "Stamp",
    "prepare_signing",
    "profile_of",
    "seal_choices",
    "set_signing_profile",
    "sign_document",
    "signing_profile",
]
