"""The platform's one error hierarchy: unusable input or a refused action, named by a stable ``code``.

Codes go down, Chinese goes up: ``code`` is stable (pages and tests branch on it), ``english`` is the technical
message (logs, ``str(exc)``), ``message`` is the Chinese text the user reads (shown verbatim by the web layer).
Raise sites give only the code; the HTTP status is the web layer's business: ``eseal.web.errors`` maps codes to
statuses in one table (``STATUS_BY_CODE``).
"""

from __future__ import annotations

# English technical messages by code (``str(exc)``, logs). A code missing here reads as its words.
ENGLISH: dict[str, str] = {
    "account_not_found": "no account for this identifier",
    "agreement_required": "the user agreement and privacy policy were not accepted",
    "already_registered": "the identifier is already registered",
    "challenge_exhausted": "too many failed tries on this willingness challenge",
    "challenge_expired": "the willingness challenge expired",
    "challenge_used": "the willingness challenge was already completed",
    "csrf_failed": "CSRF token missing or wrong",
    "enterprise_face_required": "the legal representative's face check is required first",
    "face_check_closed": "the face check is finished or expired",
    "face_not_passed": "no usable passed face check for this action",
    "forbidden": "not allowed for this account",
    "invalid_account": "not a phone number or ID number",
    "invalid_credit_code": "invalid unified social credit code",
    "invalid_id_number": "invalid ID number",
    "invalid_id_type": "unknown ID type",
    "invalid_input": "invalid input",
    "invalid_legal_type": "unknown legal-person type",
    "invalid_name": "invalid enterprise name",
    "invalid_person_name": "invalid person name",
    "invalid_phone": "invalid mobile phone number",
    "invalid_verification_password": "the verification password must be 6-20 digits",
    "legal_type_mismatch": "the legal-person type does not match the credit code",
    "login_failed": "wrong credentials or inactive account",
    "login_locked": "login locked after repeated failures",
    "method_unavailable": "this method is not available for the account",
    "no_bound_phone": "the account has no bound phone",
    "not_authenticated": "login required",
    "not_found": "object not found (or not the caller's)",
    "oauth_failed": "the OAuth authorization failed",
    "password_mismatch": "the password confirmation differs",
    "provider_error": "an external identity provider failed",
    "rate_limited": "rate limit reached",
    "realname_failed": "the name does not match the ID number",
    "realname_done": "the account already passed real-name verification",
    "registry_mismatch": "the business registry has another name or legal representative for this credit code",
    "registry_not_found": "the business registry has no organisation with this credit code",
    "sms_code_exhausted": "too many wrong SMS codes",
    "sms_code_expired": "no valid SMS code",
    "sms_code_invalid": "wrong SMS code",
    "sms_cooldown": "SMS code requested again too soon",
    "sms_rate_limited": "SMS rate limit reached",
    "verification_password_locked": "too many wrong verification passwords this hour",
    "verification_password_mismatch": "the verification password confirmation differs",
    "verification_password_not_set": "no verification password set",
    "verification_password_wrong": "wrong verification password",
    "weak_password": "the password is too weak",
    "willingness_required": "a satisfied willingness challenge for this action is required",
    # seals
    "seal.cancelled": "the seal is cancelled and cannot sign",
    "seal.change_not_open": "changing an enterprise seal is not available",
    "seal.change_same": "the requested face equals the current one",
    "seal.expired": "the seal is past its validity",
    "seal.face_invalid": "the seal face cannot be rendered from this input",
    "seal.form_mismatch": "the cancellation forms do not match the registered enterprise",
    "seal.forms_required": "the enterprise cancellation forms are missing",
    "seal.holder_incomplete": "the holder data for the certificate is incomplete",
    "seal.invalid_font": "unknown font",
    "seal.invalid_kind": "unknown seal kind or not for this account kind",
    "seal.invalid_method": "unknown seal-use verification method",
    "seal.invalid_strokes": "unusable hand-drawn strokes",
    "seal.kind_held": "the account already holds a seal of this kind",
    "seal.material_not_image": "a cancellation material is not a JPG/PNG blob",
    "seal.materials_required": "the enterprise cancellation materials are missing",
    "seal.materials_too_many": "too many cancellation materials",
    "seal.move_not_allowed": "the lifecycle table does not allow this move from the current state",
    "seal.not_yet_valid": "the seal is not valid yet",
    "seal.renew_too_early": "renewal is possible only within 10 days before valid_to",
    "seal.sms_required": "an enterprise seal cancellation needs an SMS-satisfied willingness challenge",
    "seal.suspended": "the seal is suspended and cannot sign",
    # seal applications and certificate-application links (S1b)
    "seal_application.bad_strokes": "unusable hand-drawn strokes",
    "seal_application.form_font_missing": "no CJK TrueType font for the application form",
    "seal_application.form_signing_failed": "the platform could not sign the application form",
    "seal_application.invalid_method": "unknown seal-use verification method",
    "seal_application.invalid_slot": "unknown material slot",
    "seal_application.kind_held": "the account already holds a seal of this kind",
    "seal_application.kind_pending": "an unfinished application already asks for this kind",
    "seal_application.material_not_image": "the material is not a decodable JPG/PNG (judged by content)",
    "seal_application.material_too_large": "the material exceeds 5 MB (or its pixel limit)",
    "seal_application.no_kind": "no seal kind chosen",
    "seal_application.not_cancellable": "the application can no longer be cancelled",
    "seal_application.one_personal_kind": "a person applies for one seal per application",
    "seal_application.unit_mismatch": "the unit's credit code is not the acting enterprise's",
    "seal_application.wrong_state": "the application is not at a state that allows this step",
    "cert_auth.cancelled": "the application of this link was cancelled",
    "cert_auth.link_expired": "the certificate-application link expired",
    "cert_auth.link_used": "the certificate-application link was already used",
    "cert_auth.signature_empty": "the handwritten signature has no ink",
    "cert_auth.signature_invalid": "the handwritten signature is not a PNG",
    "cert_auth.signature_too_large": "the handwritten signature picture is too large",
    "cert_auth.wrong_step": "the certificate-application steps must be done in order",
    "realname_required": "real-name verification is required first",
    # documents and signing (D1a)
    "document.too_large": "the upload exceeds 20 MB",
    "document.not_pdf": "the upload is not a PDF (judged by content)",
    "document.encrypted": "the PDF is encrypted",
    "document.damaged": "the PDF is damaged or unreadable",
    "document.upload_interrupted": "the client disconnected before the upload was complete",
    "sign.bad_stamp": "a stamp of the submission is invalid (mode, pages or position)",
    "sign.bad_placement": "the engine refused the placement (the seal does not fit the page)",
    "sign.profile_mismatch": "the seal's key family does not fit the signing profile",
    "sign.certificate_unusable": "the seal's certificate is revoked or outside its validity",
    "sign.tsa_unavailable": "the platform time-stamp authority failed",
    "sign.document_refused": "the engine refused the document for signing (certified or damaged)",
    "sign.failed": "signing failed on good input",
    "sign.seal_password_required": "the seal's verification password is required",
    "sign.seal_password_wrong": "wrong seal verification password",
    "sign.wrong_method": "the willingness challenge was satisfied with a weaker method than the seal's",
    "sign.document_changed": "another signing changed the document since this submission read it",
    # grants (G1)
    "grant.forbidden": "the acting role's grant does not include this action (permission table)",
    "grant.seal_out_of_scope": "the seal is outside the grant's scope",
    "grant.not_accepted": "the grant is not accepted yet",
    "grant.revoked": "the grant is revoked",
    "grant.not_started": "the grant's window has not started",
    "grant.expired": "the grant's window has ended",
    "grant.exhausted": "no use left under the grant",
    "grant.duplicate": "the person already holds a live grant of this role from the enterprise",
    "grant.not_pending": "the grant is not pending",
    "grant.person_not_registered": "no real-name person account with this ID number",
    "grant.person_mismatch": "the name does not match the person account of this ID number",
    "grant.person_never_logged_in": "the person has never logged in",
    "grant.invalid_scope": "the seal scope is empty or names seals not of the enterprise",
    "grant.invalid_window": "the grant window is missing, inverted or in the past",
    "grant.invalid_count": "the grant use count is out of range or below the uses made",
}


class PlatformError(Exception):
    """A refused request: ``code`` (stable), ``message`` (Chinese user text), ``field`` (the input at fault),
    ``retry_after`` (seconds, for locks and rate limits)."""

    def __init__(self, code: str, message: str, field: str | None = None, *, retry_after: int | None = None) -> None:
        super().__init__(f"{code}: {ENGLISH.get(code, code.replace('_', ' '))}")
        self.code = code
        self.message = message
        self.field = field
        self.retry_after = retry_after

    @property
    def english(self) -> str:
        return ENGLISH.get(self.code, self.code.replace("_", " "))


class NotFound(PlatformError):
    """The object does not exist, or is not the caller's (never revealed: no IDOR)."""

    def __init__(self, message: str = "对象不存在", field: str | None = None) -> None:
        super().__init__("not_found", message, field)


class ProviderError(PlatformError):
    """An external identity provider failed (network, bad response)."""

    def __init__(self, detail: str) -> None:
        super().__init__("provider_error", "服务暂时不可用，请稍后再试")
        self.detail = detail  # English, for logs
