"""提交签署: apply every stamp of a submission to a document of the acting account, after the willingness
challenge, with the engine's use case (:func:`eseal.engine.pdf.seal_document`; GM profile and the platform TSA by
default, PAdES on request for an ECDSA seal). Each stamp is one incremental revision: blob first, then the revision
row and the signing row, all in one savepoint of the caller's transaction — a refusal or a crash at any point
leaves the document at its last committed revision, whose blob exists. Audited per stamp with the hashes before
and after, the seal, the acting person and the owner, the willingness method, IP and time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select, update

from eseal.engine.gm import sm3
from eseal.engine.pdf import (
    KeyFamilyMismatch,
    PdfInputError,
    PlacementError,
    SigningError,
    SigningPolicy,
    SigningRefused,
    TimeSource,
    seal_document,
)
from eseal.engine.pki import PKIError, TimeStampUnavailable
from eseal.platform import grants
from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, NotFound, PlatformError, Services, audit
from eseal.platform.documents import (
    MAX_ID,
    MAX_UPLOAD_BYTES,
    Document,
    DocumentRevision,
    DocumentView,
    Signing,
    add_revision,
    build_view,
    first_alone,
    own_document,
    read_revision,
    revision_of,
    stage_revision,
    view_inputs,
)
from eseal.platform.documents import document_owner as owner_of
from eseal.platform.seals import Seal, SealVersion, pades_material, signing_refusal, stamping_material
from eseal.platform.signing.confirmation import SigningChallenge, check_consent, consume, open_challenge
from eseal.platform.signing.faults import crash_point
from eseal.platform.signing.profile import profile_of
from eseal.platform.signing.stamps import Stamp, check_stamps, placements_json, stamp_request
from eseal.platform.storage import BlobRef

PROFILES = ("gm", "pades")


@dataclass(frozen=True)
class SigningOutcome:
    document: DocumentView
    signing_ids: tuple[int, ...]


def _seals_of(db: DbSession, svc: Services, actor: Actor, stamps: tuple[Stamp, ...]) -> dict[int, Seal]:
    """The distinct seals of the stamps, each the actor's and usable now (``not_found`` / ``seal.suspended`` ...)."""
    seals: dict[int, Seal] = {}
    owner = owner_of(actor)
    for stamp in stamps:
        if stamp.seal_id not in seals:
            seal = db.get(Seal, stamp.seal_id) if 1 <= stamp.seal_id <= MAX_ID else None
            if seal is None or seal.owner_account_id != owner.id:
                raise NotFound("印章不存在", "seal_id")
            refused = signing_refusal(svc, seal)
            if refused is not None:
                raise PlatformError(refused[0], refused[1], "seal_id")
            # [G1] acting by a grant: in scope, accepted, inside its window, a use left (else the reason)
            grants.require(db, svc, actor=actor, action="seal.stamp", seal_id=seal.id)
            seals[stamp.seal_id] = seal
    return seals


def prepare_signing(db: DbSession, svc: Services, *, actor: Actor, document_id: int | str,
                    stamps: list[Stamp]) -> SigningChallenge:
    """下一步 → 提交: check the stamps and seals, open the willingness challenge for this document."""
    doc = own_document(db, actor, document_id)
    checked = check_stamps(stamps, doc.page_count)
    seals = _seals_of(db, svc, actor, checked)
    return open_challenge(db, svc, actor=actor, document_id=doc.id, seals=list(seals.values()))


def _engine_refusal(exc: Exception) -> PlatformError:
    if isinstance(exc, PlacementError):
        return PlatformError("sign.bad_placement", "印章位置超出页面范围，请调整后再提交", "stamps")
    if isinstance(exc, KeyFamilyMismatch):
        return PlatformError("sign.profile_mismatch", "该印章不支持所选的签名格式", "profile")
    if isinstance(exc, SigningRefused):
        return PlatformError("sign.certificate_unusable", "印章证书已吊销或不在有效期内，不能用于签章", "seal_id")
    if isinstance(exc, TimeStampUnavailable):
        return PlatformError("sign.tsa_unavailable", "时间戳服务暂时不可用，请稍后再试")
    if isinstance(exc, PdfInputError):
        return PlatformError("sign.document_refused", "该文档不能再签章（已锁定或已损坏）", "document_id")
    return PlatformError("sign.failed", "签章失败，请稍后再试")


def sign_document(db: DbSession, svc: Services, *, actor: Actor, document_id: int | str, stamps: list[Stamp],
                  challenge_id: str | None, seal_password: str | None = None,
                  profile: str | None = None) -> SigningOutcome:
    """Apply ``stamps`` in order (one revision each); the document becomes ``signed``. Nothing is kept unless
    every stamp succeeded (savepoint); the willingness challenge is consumed only then.

    Order (the web route begins SQLite transactions DEFERRED): reads, the consent check (argon2), the engine
    work (every stamp, in memory, its blob and hashes) and the reads of the answer (the document's revisions,
    signings, pages) run before the first write, so they hold no write lock; then, in one savepoint: the challenge
    consumed, the document's current revision re-read and locked (FOR UPDATE on PostgreSQL; ``sign.document_changed``
    if another signing moved it meanwhile), per stamp its revision and signing rows. The answer is built from the
    rows read before and written here. ``profile`` None: the account's 签名格式."""
    profile = profile or profile_of(owner_of(actor))
    if profile not in PROFILES:
        raise PlatformError("sign.profile_mismatch", "签名格式无效", "profile")
    doc = own_document(db, actor, document_id)
    checked = check_stamps(stamps, doc.page_count)
    seals = _seals_of(db, svc, actor, checked)
    consent = check_consent(db, svc, actor=actor, challenge_id=challenge_id, document_id=doc.id,
                            seals=list(seals.values()), seal_password=seal_password)
    base = revision_of(db, doc)
    outputs = _stamp_all(db, svc, actor=actor, pdf=read_revision(db, svc, actor=actor, doc=doc, rev=base),
                         stamps=checked, seals=seals, profile=profile)
    # what the answer shows besides this signing's rows, read before the write section (the re-check there, current
    # revision unchanged, means no revision or signing was added in between)
    revisions, signings, earlier_names, pages = view_inputs(db, svc, doc, actor=actor,
                                                            seal_names={s.id: s.name for s in seals.values()})
    seal_names = {**earlier_names, **{s.id: s.name for s in seals.values()}}
    with db.begin_nested():
        _count_uses(db, outputs)
        method = consume(db, svc, actor=actor, consent=consent, document_id=doc.id)
        # the re-check, and on PostgreSQL the row lock that makes a second signing of this document wait for this
        # one and then see it moved (only here: the engine work above held no lock)
        current = db.execute(select(Document.current_revision_id, Document.deleted_at)
                             .where(Document.id == doc.id).with_for_update()).one_or_none()
        if current is None or current.current_revision_id != base.id or current.deleted_at is not None:
            raise PlatformError("sign.document_changed", "文档已被更新，请刷新后重新签署", "document_id")
        written = _record(db, svc, actor=actor, doc=doc, base=base, outputs=outputs, method=method, profile=profile)
        crash_point("after_rows")
    view = build_view(doc, revisions + [rev for rev, _ in written], signings + [sig for _, sig in written],
                      seal_names, pages)
    return SigningOutcome(view, tuple(sig.id for _, sig in written))


@dataclass(frozen=True)
class _Stamped:
    stamp: Stamp
    seal: Seal
    version_id: int | None
    pdf: bytes
    staged: BlobRef  # the blob, written before the write lock (stage_revision)
    sm3: str  # of ``pdf``, hex (computed before the write lock too)


def _stamp_all(db: DbSession, svc: Services, *, actor: Actor, pdf: bytes, stamps: tuple[Stamp, ...],
               seals: dict[int, Seal], profile: str) -> list[_Stamped]:
    """Every stamp through the engine, each on the previous output, and its blob written (no database writes)."""
    out = []
    for stamp in stamps:
        seal = seals[stamp.seal_id]
        if profile == "pades":
            material = pades_material(db, svc, actor=actor, seal_id=seal.id)
            version_id: int | None = db.scalar(select(SealVersion.id).where(
                SealVersion.seal_id == seal.id, SealVersion.version == seal.current_version))
        else:  # the seal is the actor's, checked by _seals_of; its current version read once
            material, version_id = stamping_material(db, svc, seal=seal)
        crash_point("before_stamp")
        policy = SigningPolicy(profile=profile, request=stamp_request(stamp), time_source=TimeSource.CA, ca=svc.ca,
                               max_bytes=MAX_UPLOAD_BYTES)
        try:
            pdf = first_alone(f"seal_document:{profile}",
                              lambda: seal_document(pdf, material, policy)).pdf  # noqa: B023 - called at once
        except (PdfInputError, PlacementError, SigningRefused, SigningError, TimeStampUnavailable, PKIError) as exc:
            raise _engine_refusal(exc) from exc
        crash_point("after_engine")
        out.append(_Stamped(stamp, seal, version_id, pdf, stage_revision(svc, pdf), sm3(pdf).hex()))
    return out


def _count_uses(db: DbSession, outputs: list[_Stamped]) -> None:
    """Add this submission's uses to each seal's ``use_count``, in ascending seal id: the first row locks of the write
    section (PostgreSQL), so two submissions naming the same seals in other orders (印章 A then B, B then A) wait for
    each other instead of deadlocking; and the seal rows come before the grant rows and the audit head, always
    (``consume`` may rehash a seal's PIN: that row is then locked already)."""
    uses = Counter(item.seal.id for item in outputs)
    for seal_id in sorted(uses):
        db.execute(update(Seal).where(Seal.id == seal_id).values(use_count=Seal.use_count + uses[seal_id])
                   .execution_options(synchronize_session=False))


def _record(db: DbSession, svc: Services, *, actor: Actor, doc: Document, base: DocumentRevision,
            outputs: list[_Stamped], method: str, profile: str) -> list[tuple[DocumentRevision, Signing]]:
    owner = owner_of(actor)
    rev = base
    written = []
    for item in outputs:
        stamp, seal = item.stamp, item.seal
        now = svc.clock.now()
        new = add_revision(db, svc, actor=actor, doc=doc, data=item.pdf, number=rev.number + 1, put=item.staged,
                           sm3_hex=item.sm3, after_blob=lambda: crash_point("after_blob"))
        signing = Signing(document_id=doc.id, from_revision_id=rev.id, to_revision_id=new.id, seal_id=seal.id,
                          seal_version_id=item.version_id, mode=stamp.mode, placements=placements_json(stamp),
                          profile=profile, acting_account_id=actor.user.id, owner_account_id=owner.id,
                          willingness_method=method, client_ip=actor.ip, at=now)
        db.add(signing)
        db.flush()
        # [G1] one use of the grant, taken in this savepoint by a guarded UPDATE (a failure below rolls it back)
        use = grants.take_use(db, svc, actor=actor, seal_id=seal.id, document_id=doc.id, signing_id=signing.id)
        if use is not None:
            signing.grant_id, signing.use_number = use.grant_id, use.number
        new.signing_id = signing.id
        doc.current_revision_id = new.id
        doc.status = "signed"
        doc.signed_at = now
        audit.record(db, now, "document.signed", actor=actor.user.id, subject=f"document:{doc.id}", ip=actor.ip,
                     owner=owner.id, acting_as=actor.acting_as_id, signing=signing.id, seal=seal.id,
                     seal_es_id=seal.es_id, seal_name=seal.name, mode=stamp.mode, pages=placements_json(stamp),
                     profile=profile, method=method, revision=new.number, sha256_before=rev.sha256,
                     sha256_after=new.sha256, sm3_before=rev.sm3, sm3_after=new.sm3)
        db.flush()
        written.append((new, signing))
        rev = new
    return written
