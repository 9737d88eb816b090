"""Certificate applications (数字证书申请): one step per signer, reached by a link sent by SMS.

A step's link ``/cert-auth/<token>``: the token is random (``new_token``), only its SHA-256 is stored. Opening
the page (GET) shows the state and consumes nothing, so link scanners cannot use it up; 前往签署 (POST)
consumes it exactly once (an atomic UPDATE) and hands the browser a session secret (its hash is stored) that
every later call of the step must present. Links expire 24 h after sending; 立即认证 sends a new one (the old
token stops matching). Order: the legal representative, then the handler (the same person twice if so); a
person signs once (``self``). Each step: the form PDF → 下一步 → face check of that person → 完成身份认证 →
handwritten signature → the signature placed into the form → the platform signs the form (GM profile,
trusted time of the platform TSA) → stored as evidence. After the last step the seals are issued.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

import eseal.platform.seals.applications.states as states
from eseal.platform.accounts import Actor
from eseal.platform.core import (
    NotFound,
    PlatformError,
    Services,
    affected_rows,
    audit,
    constant_eq,
    mask_name,
    mask_phone,
    new_token,
    ratelimit,
    sha256_hex,
)
from eseal.platform.identity import FaceCheck, face, safe_next
from eseal.platform.seals.applications.catalogue import ROLE_LABELS
from eseal.platform.seals.applications.evidence import read_blob, sign_step, store_form
from eseal.platform.seals.applications.issuing import complete
from eseal.platform.seals.applications.models import SealApplication, SealApplicationAuth
from eseal.platform.seals.applications.serializers import CertAuthOpened, CertAuthView
from eseal.platform.seals.applications.signers import face_subject, owner_account, person_name, steps_of
from eseal.platform.seals.kinds import KINDS

LINK_TTL = timedelta(hours=24)
LINKS_PER_HOUR = 10  # 立即认证 re-sends per application
FACE_PURPOSE = "cert_auth"
FACE_PER_IP_PER_HOUR = 30  # as accounts.face_checks
STEP_OF_STATE = {"opened": "form", "face_passed": "signature", "signed": "done"}


# ----------------------------------------------------------------------------------------------- steps

def start_auth_steps(db: Session, svc: Services, app: SealApplication, *, ip: str | None) -> None:
    """After submission: the steps in signing order, and the first link sent."""
    if app.kind == "enterprise":
        plan = [(1, "legal_rep", app.legal_rep_phone), (2, "handler", app.handler_phone)]
    else:
        plan = [(1, "self", owner_account(db, app).phone)]
    for seq, role, phone in plan:
        if not phone:
            raise PlatformError("no_bound_phone", "未绑定手机号，无法发送认证链接", "phone")
        db.add(SealApplicationAuth(application_id=app.id, seq=seq, role=role, state="waiting", phone=phone))
    db.flush()
    send_link(db, svc, app, current_step(db, app), ip=ip)


def current_step(db: Session, app: SealApplication) -> SealApplicationAuth:
    """The first step not signed yet (the application must be waiting for a certificate authentication)."""
    if app.state not in ("auth_legal_rep", "auth_handler", "auth_self"):
        raise PlatformError("seal_application.wrong_state", "该申请当前无需认证", "state")
    for step in steps_of(db, app):
        if step.state != "signed":
            return step
    raise PlatformError("seal_application.wrong_state", "该申请当前无需认证", "state")  # pragma: no cover


def send_link(db: Session, svc: Services, app: SealApplication, step: SealApplicationAuth, *,
              ip: str | None) -> None:
    """A fresh link for ``step`` by SMS (any earlier link of the step stops working)."""
    now = svc.clock.now()
    ratelimit.hit(db, now, "cert_auth_link", str(app.id), limit=LINKS_PER_HOUR, window=timedelta(hours=1),
                  code="rate_limited", message="认证短信发送过于频繁，请稍后再试")
    token = new_token(24)
    step.token_hash, step.sent_at, step.expires_at = sha256_hex(token), now, now + LINK_TTL
    step.consumed_at = step.session_hash = step.face_check_id = step.face_passed_at = None
    step.form_sha256 = step.signature_sha256 = None
    step.state = "sent"
    who = app.unit_name or owner_account(db, app).display_name
    url = f"{svc.settings.public_url.rstrip('/')}/cert-auth/{token}"
    text = (f"【统一电子印章】{who}申领电子印章，需要您以{ROLE_LABELS[step.role]}身份完成数字证书申请认证，"
            f"请点击 {url} （24小时内有效，仅可使用一次）。")
    svc.providers.sms.send(db, step.phone or "", text, now)
    audit.record(db, now, "seal_application.link_sent", actor=None, subject=f"seal_application:{app.id}", ip=ip,
                 role=step.role, phone=mask_phone(step.phone))


# ----------------------------------------------------------------------------------------------- links

def _by_token(db: Session, token: str) -> tuple[SealApplicationAuth, SealApplication]:
    step = db.scalar(select(SealApplicationAuth).where(SealApplicationAuth.token_hash == sha256_hex(token or "")))
    if step is None or not token:
        raise NotFound("认证链接不存在", "token")
    app = db.get(SealApplication, step.application_id)
    if app is None:  # pragma: no cover - cascade
        raise NotFound("认证链接不存在", "token")
    return step, app


def _link_state(svc: Services, step: SealApplicationAuth, app: SealApplication, session: str | None) -> str:
    if app.state == "cancelled":
        return "cancelled"
    if step.consumed_at is not None:
        mine = session is not None and step.session_hash is not None \
            and constant_eq(step.session_hash, sha256_hex(session))
        return "in_progress" if mine and step.state != "signed" else "used"
    if step.expires_at is None or step.expires_at <= svc.clock.now():
        return "expired"
    return "open"


def _view(db: Session, svc: Services, step: SealApplicationAuth, app: SealApplication, state: str) -> CertAuthView:
    if state not in ("open", "in_progress"):  # used / expired / cancelled: say so, nothing else
        return CertAuthView(state=state, step=None, role=None, role_label=None, person_name_masked=None,
                            unit_name=None, seal_kind_labels=(), expires_at=None)
    name = person_name(db, app, step)
    return CertAuthView(state=state, step=STEP_OF_STATE.get(step.state) if state == "in_progress" else None,
                        role=step.role, role_label=ROLE_LABELS[step.role], person_name_masked=mask_name(name),
                        unit_name=app.unit_name, seal_kind_labels=tuple(KINDS[k].label for k in app.seal_kinds.split(",")),
                        expires_at=step.expires_at.isoformat() if step.expires_at else None,
                        face_check_id=step.face_check_id if state == "in_progress" else None)


def link_view(db: Session, svc: Services, *, actor: Actor, token: str, session: str | None) -> CertAuthView:
    """GET of the link: its state, consuming nothing."""
    step, app = _by_token(db, token)
    return _view(db, svc, step, app, _link_state(svc, step, app, session))


def open_link(db: Session, svc: Services, *, actor: Actor, token: str) -> CertAuthOpened:
    """前往签署: consume the link (once) and start the browser's session for this step."""
    step, app = _by_token(db, token)
    state = _link_state(svc, step, app, None)
    if state == "used":
        raise PlatformError("cert_auth.link_used", "该认证链接已使用，请在认证记录中重新发起认证", "token")
    if state == "expired":
        raise PlatformError("cert_auth.link_expired", "该认证链接已过期，请在认证记录中重新发起认证", "token")
    if state == "cancelled":
        raise PlatformError("cert_auth.cancelled", "该申请已撤销", "token")
    now, session = svc.clock.now(), new_token(24)
    with db.begin_nested():  # the link stays unused if the form cannot be made
        opened = _consume(db, svc, actor, step, app, now, session)
    audit.record(db, now, "seal_application.link_opened", actor=None, subject=f"seal_application:{app.id}",
                 ip=actor.ip, role=step.role)
    return opened


def _consume(db: Session, svc: Services, actor: Actor, step: SealApplicationAuth, app: SealApplication,
             now: datetime, session: str) -> CertAuthOpened:
    done = db.execute(update(SealApplicationAuth)
                      .where(SealApplicationAuth.id == step.id, SealApplicationAuth.consumed_at.is_(None),
                             SealApplicationAuth.token_hash == step.token_hash)
                      .values(consumed_at=now, session_hash=sha256_hex(session), state="opened")
                      .execution_options(synchronize_session=False))
    if affected_rows(done) != 1:  # a concurrent tap won
        raise PlatformError("cert_auth.link_used", "该认证链接已使用，请在认证记录中重新发起认证", "token")
    db.refresh(step)
    store_form(db, svc, actor, app, step)
    return CertAuthOpened(view=_view(db, svc, step, app, "in_progress"), session=session)


def in_session(db: Session, svc: Services, *, token: str, session: str | None,
               expect: tuple[str, ...] = ()) -> tuple[SealApplicationAuth, SealApplication]:
    """The step of a consumed link, only for the browser that consumed it (anyone else: ``not_found``)."""
    step, app = _by_token(db, token)
    if _link_state(svc, step, app, session) != "in_progress":
        raise NotFound("认证链接不存在", "token")
    if expect and step.state not in expect:
        raise PlatformError("cert_auth.wrong_step", "请按顺序完成认证步骤", "step")
    return step, app


# ----------------------------------------------------------------------------------------------- face

def start_face(db: Session, svc: Services, *, actor: Actor, token: str, session: str | None,
               return_to: str | None = None) -> FaceCheck:
    """下一步 after the form: a face check of exactly this step's signer, bound to this browser."""
    step, app = in_session(db, svc, token=token, session=session, expect=("opened",))
    # each check may open a session at a paid liveness service: the same per-IP budget as every face check
    ratelimit.hit(db, svc.clock.now(), "face_ip", actor.ip or "unknown", limit=FACE_PER_IP_PER_HOUR,
                  window=timedelta(hours=1))
    return_url = safe_next(return_to, "") if return_to else ""
    if return_url and not svc.providers.face.simulated:  # an external liveness service needs an absolute URL
        return_url = svc.settings.public_url.rstrip("/") + return_url
    name, id_type, number = face_subject(db, svc, app, step)
    check = face.create_check(db, svc, purpose=FACE_PURPOSE, name=name, id_type=id_type, id_number=number,
                              account_id=None, client_binding=actor.client_binding, ref=f"auth:{step.id}",
                              return_url=return_url, ip=actor.ip)
    step.face_check_id = check.id
    return check


def complete_face(db: Session, svc: Services, *, actor: Actor, token: str, session: str | None,
                  face_check_id: str | None) -> CertAuthView:
    """完成身份认证: use the passed face check (once)."""
    step, app = in_session(db, svc, token=token, session=session, expect=("opened",))
    _name, _id_type, number = face_subject(db, svc, app, step)
    face.consume(db, svc, face_check_id, purpose=FACE_PURPOSE, client_binding=actor.client_binding,
                 id_number=number, ref=f"auth:{step.id}")
    now = svc.clock.now()
    step.state, step.face_passed_at = "face_passed", now
    audit.record(db, now, "seal_application.face_passed", actor=None, subject=f"seal_application:{app.id}", ip=actor.ip,
                 role=step.role)
    return _view(db, svc, step, app, "in_progress")


def form_pdf(db: Session, svc: Services, *, actor: Actor, token: str, session: str | None) -> bytes:
    """The form this signer is shown (the signed one once signed)."""
    step, _app = in_session(db, svc, token=token, session=session)
    return read_blob(db, svc, actor, step.signed_form_sha256 or step.form_sha256 or "")


def sign(db: Session, svc: Services, *, actor: Actor, token: str, session: str | None,
         signature_png: bytes) -> CertAuthView:
    """The handwritten signature: placed into the form, the form signed by the platform; then the next signer's
    link, or (after the last) the seals are issued."""
    step, app = in_session(db, svc, token=token, session=session, expect=("face_passed",))
    with db.begin_nested():  # a refusal (bad picture, signing, SMS gateway) leaves the step as it was
        sign_step(db, svc, actor, app, step, signature_png)
        remaining = [s for s in steps_of(db, app) if s.state != "signed"]
        app.state, app.updated_at = states.next_state(app.kind, app.state), svc.clock.now()
        if remaining:
            send_link(db, svc, app, remaining[0], ip=actor.ip)
    audit.record(db, svc.clock.now(), "seal_application.signed", actor=None, subject=f"seal_application:{app.id}",
                 ip=actor.ip, role=step.role, form=step.signed_form_sha256)
    if not remaining:
        complete(db, svc, actor=actor, app=app)
    return _view(db, svc, step, app, "in_progress")


def form_page_png(db: Session, svc: Services, *, actor: Actor, token: str, session: str | None) -> bytes:
    """Page 1 of the form as PNG (the preview of phones that cannot show PDFs inline)."""
    from eseal.engine.pdf import render_page

    return render_page(form_pdf(db, svc, actor=actor, token=token, session=session), 1, width=750, fmt="png").data
