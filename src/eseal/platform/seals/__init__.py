"""Seals (印章): the seals of an account (models, the lifecycle table, issuance, lifecycle services, filing, the
engine's seal-lifecycle port, typed views). Applications (申领) live in the ``applications`` sub-package.

Service functions have the form ``(db, svc, *, actor, ...)`` and never commit.
"""

from eseal.platform.seals.applications import SealApplication, SealApplicationAuth, SealApplicationMaterial
from eseal.platform.seals.cancel_materials import upload_cancel_material
from eseal.platform.seals.changes import MAX_MATERIALS as MAX_CANCEL_MATERIALS
from eseal.platform.seals.changes import CancelForms, cancel, change, renew, renewable_from, resume, suspend
from eseal.platform.seals.filing import (
    DevFilingProvider,
    FilingProvider,
    FilingReceipt,
    FilingRecord,
    FilingView,
    HttpFilingProvider,
    install_filing_provider,
    outbox,
)
from eseal.platform.seals.issuance import IssueRequest, held_kinds, issue_seals
from eseal.platform.seals.kinds import ENTERPRISE_KINDS, FONTS, KINDS, PERSON_KINDS, SealKind
from eseal.platform.seals.lifecycle import MOVES, STATES, state_at
from eseal.platform.seals.material import refusal as signing_refusal
from eseal.platform.seals.material import signing_material, stamping_material
from eseal.platform.seals.models import (
    Seal,
    SealEvent,
    SealEventMaterial,
    SealFiling,
    SealPadesCredential,
    SealVersion,
)
from eseal.platform.seals.pades import pades_material
from eseal.platform.seals.port import PlatformSealLifecycle, seal_lifecycle
from eseal.platform.seals.queries import details, face_png, history, list_seals
from eseal.platform.seals.serializers import (
    CertificateView,
    HistoryEntry,
    HistoryList,
    SealDetails,
    SealEnvelope,
    SealList,
    SealSummary,
)

__all__ = [
    "ENTERPRISE_KINDS",
    "FONTS",
    "KINDS",
    "MAX_CANCEL_MATERIALS",
    "MOVES",
    "PERSON_KINDS",
    "STATES",
    "CancelForms",
    "CertificateView",
    "DevFilingProvider",
    "FilingProvider",
    "FilingReceipt",
    "FilingRecord",
    "FilingView",
    "HistoryEntry",
    "HistoryList",
    "HttpFilingProvider",
    "IssueRequest",
    "PlatformSealLifecycle",
    "Seal",
    "SealApplication",
    "SealApplicationAuth",
    "SealApplicationMaterial",
    "SealDetails",
    "SealEnvelope",
    "SealEvent",
    "SealEventMaterial",
    "SealFiling",
    "SealKind",
    "SealList",
    "SealPadesCredential",
    "SealSummary",
    "SealVersion",
    "cancel",
    "change",
    "details",
    "face_png",
    "held_kinds",
    "history",
    "install_filing_provider",
    "issue_seals",
    "list_seals",
    "outbox",
    "pades_material",
    "renew",
    "renewable_from",
    "resume",
    "seal_lifecycle",
    "signing_material",
    "signing_refusal",
    "stamping_material",
    "state_at",
    "suspend",
    "upload_cancel_material",
]
