"""Seal applications (申领印章, manual §4.1 / §5.1) and their certificate applications (数字证书申请): models, the
state table (``states.py``), services by job (``application``, ``materials``, ``certificate_auth`` (links, face,
signature), ``application_form`` (the PDF), ``evidence``, ``issuing``, ``records`` (认证记录), ``previews``) and views.
"""

from eseal.platform.seals.applications import application, certificate_auth, materials, previews, records
from eseal.platform.seals.applications.catalogue import METHOD_LABELS, ROLE_LABELS, materials_for
from eseal.platform.seals.applications.models import (
    SealApplication,
    SealApplicationAuth,
    SealApplicationMaterial,
)
from eseal.platform.seals.applications.serializers import (
    ApplicationView,
    AuthStepView,
    CertAuthOpened,
    CertAuthView,
    KindOption,
    MaterialSlot,
    MaterialView,
    PersonForm,
    RecordView,
    application_view,
    material_view,
)
from eseal.platform.seals.applications.states import FLOWS, STEP_LABELS

__all__ = [
    "FLOWS", "METHOD_LABELS", "ROLE_LABELS", "STEP_LABELS", "ApplicationView", "AuthStepView", "CertAuthOpened",
    "CertAuthView", "KindOption", "MaterialSlot", "MaterialView", "PersonForm", "RecordView", "SealApplication",
    "SealApplicationAuth", "SealApplicationMaterial", "application", "application_view", "certificate_auth",
    "material_view", "materials", "materials_for", "previews", "records",
]
