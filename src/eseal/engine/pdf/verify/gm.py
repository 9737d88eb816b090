"""Verification of GB/T 38540 / GM/T 0031 ``SES_Signature`` PDF signatures (GM profile, NetSeal-style).

The SES engine (:mod:`eseal.engine.ses.verify`) does the seal/signature checks; this module supplies
what only the PDF side knows — SM3 over the ByteRange (streamed, no pyHanko re-parsing of the CMS
kind), ByteRange structure, coverage and later revisions (pyHanko's diff analysis through a light
:class:`EmbeddedPdfSignature` subclass that skips CMS parsing), the signer-certificate time rules
shared with PAdES, the TSA token's CMS signature and certificate, and the lifecycle hook — and maps
everything onto the 8 report items and an ETSI indication.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from asn1crypto import x509 as asn1_x509

from eseal.engine import ses as sv
from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.io.digests import byte_range_segments
from eseal.engine.pdf.report.model import (
    CheckItem,
    CheckStatus,
    Indication,
    ItemCode,
    Problem,
    SealInfo,
    SignatureReport,
    SigningTimes,
    SubIndication,
    worst_indication,
)
from eseal.engine.pdf.report.texts import TEXTS, bj_range, bj_time, page_ranges, zh
from eseal.engine.pdf.verify.certs import assess_signer_certificate
from eseal.engine.pdf.verify.common import (
    VerifyContext,
    document_hash_item,
    evaluate_coverage,
    lifecycle_check,
    timestamp_difference,
)
from eseal.engine.pdf.verify.failures import format_failure_report
from eseal.engine.pdf.verify.fields import FoundSignature
from eseal.engine.pdf.verify.names import display_name
from eseal.engine.pdf.verify.revisions import modification_level_after
from eseal.engine.pki import InvalidTimeStamp, parse_token, validate_certificate, verify_token
from eseal.engine.pki import ValidationReason as PStatus
from eseal.engine.ses import SesFormatError, Signature, Status, parse_signature, type_label

log = logging.getLogger(__name__)

_SEAL_TYPES = frozenset({1, 2, 3, 4, 5, 99})  # report.texts gm.seal_type.<n>


def _seal_type_label(seal_type: int, version: int) -> str | None:
    try:

        return type_label(seal_type, version)
    except Exception:
        return zh(f"gm.seal_type.{seal_type}") if seal_type in _SEAL_TYPES else None


def _ses_embedded(reader: Any, field_ref: Any, fq_name: str, contents: bytes, sm3_digest: bytes | None) -> Any:
    """An EmbeddedPdfSignature for coverage/diff analysis without parsing /Contents as CMS."""
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    class _SesEmbedded(EmbeddedPdfSignature):
        def __init__(self) -> None:  # deliberately not calling super(): no CMS to parse
            self.reader = reader
            field = field_ref.get_object() if hasattr(field_ref, "get_object") else field_ref
            self.sig_field = field
            sig_ref = field.raw_get("/V")
            self.sig_object = sig_ref.get_object()
            self.byte_range = self.sig_object.raw_get("/ByteRange")
            self.pkcs7_content = contents
            self.signed_revision = reader.xrefs.get_last_change(sig_ref.reference)
            self.coverage = None
            self.md_algorithm = self.external_md_algorithm = "sm3"
            # already streamed once: pyHanko's compute_digest() must not hash 20 MB again
            self.external_digests = {"sm3": sm3_digest} if sm3_digest is not None else {}
            self._docmdp = None
            self._fieldmdp = None
            self._docmdp_queried = self._fieldmdp_queried = False
            self.tst_signature_digest = None
            self.diff_result = None
            self._integrity_checked = False
            self.fq_name = fq_name

    return _SesEmbedded()


def _maker_checker(ctx: VerifyContext):
    """CertChecker for the SES engine: maker (制章者) certificate chain + revocation at time ``at``."""

    def check(der: bytes, at: datetime, role: str) -> tuple[Any, str]:
        if not ctx.trust.has_anchors:
            return Status.UNKNOWN, zh("gm.maker.no_anchors")
        cert = ctx.certificate(der)
        res = ctx.store_chain(cert, at)
        if res.status is PStatus.VALID:
            revocation = zh("gm.maker.revocation_unchecked" if res.warnings else "gm.maker.not_revoked")
            return Status.PASS, zh("gm.maker.chain_ok", revocation=revocation)
        if res.status is PStatus.NO_CHAIN:
            return Status.UNKNOWN, zh("gm.maker.no_chain")
        return Status.FAIL, zh("gm.maker.invalid", status=pki_status_zh(res.status.value))

    return check


def pki_status_zh(status: str) -> str:
    """eseal.engine.pki ValidationReason value -> Chinese (the English ``res.message`` stays out of reasons)."""
    code = f"pki.{status}"
    return zh(code) if code in TEXTS else zh("pki.other")


def _holder_finding(ctx: VerifyContext, certs: tuple[bytes, ...], at: datetime | None,
                    wanted: Any) -> tuple[str, SubIndication]:
    """Chinese reason (naming the certificate) + sub-indication for a failed/unknown ``seal.holder_cert_trust``.

    The SES engine reports that check in English with the subject inside; rather than parse it, the
    certificate list is walked again with the same rules (validity window, then chain + CRL through
    the PDF trust store at the signing time) and the first certificate with the SES engine's status
    (``wanted``) is described.
    """
    fail = wanted is Status.FAIL
    for der in certs:
        try:
            cert = ctx.certificate(der)
            name = display_name(cert.subject)
            nb, na = cert.not_valid_before, cert.not_valid_after
        except Exception:  # unreadable entry: reported generically below
            if fail:
                return zh("gm.holder.unreadable"), SubIndication.SEAL_INVALID
            continue
        prefix = zh("gm.holder.prefix", name=name)
        if at is None:
            continue
        if at > na:
            if fail:
                return zh("gm.holder.expired", prefix=prefix, not_after=bj_time(na)), SubIndication.EXPIRED
            continue
        if at < nb:
            if fail:
                return zh("gm.holder.not_yet_valid", prefix=prefix, not_before=bj_time(nb)), SubIndication.NOT_YET_VALID
            continue
        if not ctx.trust.has_anchors:
            if not fail:
                return zh("gm.holder.no_anchors", prefix=prefix), SubIndication.NO_CERTIFICATE_CHAIN_FOUND
            continue
        res = ctx.store_chain(cert, at)
        if res.status is PStatus.VALID:
            continue
        if res.status is PStatus.NO_CHAIN:
            if not fail:
                return zh("gm.holder.no_chain", prefix=prefix), SubIndication.NO_CERTIFICATE_CHAIN_FOUND
            continue
        if fail:
            sub = {PStatus.REVOKED: SubIndication.REVOKED, PStatus.EXPIRED: SubIndication.EXPIRED,
                   PStatus.NOT_YET_VALID: SubIndication.NOT_YET_VALID}.get(res.status, SubIndication.SEAL_INVALID)
            return zh("gm.holder.invalid", prefix=prefix, status=pki_status_zh(res.status.value)), sub
    if fail:
        return zh("gm.holder.invalid_generic"), SubIndication.SEAL_INVALID
    return zh("gm.holder.unconfirmed"), SubIndication.NO_CERTIFICATE_CHAIN_FOUND


def _tsa_checker(ctx: VerifyContext, seen: dict[str, str]):
    """TimestampChecker: the token's CMS signature and the TSA certificate (EKU timeStamping).

    Uses :func:`eseal.engine.pki.tsa.verify_token`, which knows SM2/SM3 tokens (GM/T 0033) as well as
    ECDSA/RSA ones; pyHanko's ``validate_tst_signed_data`` cannot resolve the SM3 OID and made every GM
    time stamp come out unknown. Two calls tell "token broken" (FAIL) from "TSA not in our trust
    anchors" (UNKNOWN): the first against the configured anchors, and only if that fails a second one
    that trusts the certificates the token carries, i.e. checks everything but the chain.
    """
    def check(token: bytes, signature_value: bytes) -> tuple[Any, str]:

        trust = ctx.trust
        try:
            info = verify_token(token, data=signature_value, trust_roots=trust.anchors,
                                intermediates=trust.intermediates, crls=trust.crls, require_revocation=False)
        except InvalidTimeStamp as exc:
            first_error = str(exc)
            seen["error"] = first_error[:300]  # technical detail for the item's details, not the reason
        else:
            name = _short(info.tsa_certificate)
            seen["tsa"] = name
            unchecked = zh("gm.tsa.revocation_unchecked") if info.chain is not None and info.chain.warnings else ""
            return Status.PASS, zh("gm.tsa.valid", name=name, unchecked=unchecked)
        # Is it the token itself or only the TSA's chain? Re-check trusting the token's own certificates.
        try:
            sd = parse_token(token)[0]
            embedded = [c.chosen for c in sd["certificates"] if c.name == "certificate"] if sd["certificates"].native else []
            info = verify_token(token, data=signature_value, trust_roots=embedded, require_revocation=False)
        except (InvalidTimeStamp, ValueError, KeyError, TypeError):
            return Status.FAIL, zh("gm.tsa.unverifiable")
        name = _short(info.tsa_certificate)
        seen["tsa"] = name
        chain = validate_certificate(info.tsa_certificate, trust_roots=trust.anchors, intermediates=[
            *trust.intermediates, *embedded], crls=trust.crls, at=info.gen_time, require_revocation=False)
        if chain.status is PStatus.NO_CHAIN or not trust.has_anchors:
            return Status.UNKNOWN, zh("gm.tsa.untrusted", name=name)
        seen["error"] = f"{chain.status.value}: {chain.message[:200]}"
        return Status.FAIL, zh("gm.tsa.invalid", name=name, status=pki_status_zh(chain.status.value))

    return check


def _short(cert: asn1_x509.Certificate) -> str:

    return display_name(cert.subject)


def verify_ses_signature(ctx: VerifyContext, s: FoundSignature, index: int, contents: bytes,
                         parsed: Signature | None = None) -> SignatureReport:
    """``parsed``: ``parse_signature`` of ``contents`` when the caller has it already."""
    sig_obj = s.sig_obj
    sub_filter = str(sig_obj.get("/SubFilter")) if sig_obj.get("/SubFilter") is not None else None
    try:
        sig = parsed if parsed is not None else parse_signature(gm_format.trim_der(contents))
    except (SesFormatError, ValueError) as exc:
        return format_failure_report(index, s, zh("gm.unparsable"), technical=str(exc))

    problems: list[Problem] = []
    byte_range = [int(x) for x in sig_obj.get("/ByteRange", [])]
    size = len(ctx.data)
    br_ok = len(byte_range) % 2 == 0 and all(
        o >= 0 and n >= 0 and o + n <= size for o, n in byte_range_segments(byte_range))
    data_hash = ctx.byte_range_digest(byte_range, "sm3") if br_ok else None

    # propertyInfo must name the same ByteRange (it is inside the SM2-signed TBS_Sign)
    fmt_notes: list[str] = []
    try:
        prop = gm_format.parse_property_info(sig.property_info)
        if list(prop.byte_range) != byte_range:
            msg = zh("gm.property_byte_range")
            problems.append(Problem(SubIndication.FORMAT_FAILURE, Indication.TOTAL_FAILED, msg))
            fmt_notes.append(msg)
        page_msg = _check_claimed_pages(prop, s.widget_pages, s.page_count)
        if page_msg:
            problems.append(Problem(SubIndication.FORMAT_FAILURE, Indication.TOTAL_FAILED, page_msg))
            fmt_notes.append(page_msg)
    except ValueError:
        fmt_notes.append(zh("gm.property_foreign"))

    tsa_seen: dict[str, str] = {}
    own = _OwnReasons()
    results = sv.verify_signature(sig, data_hash=data_hash, cert_checker=own.track(_maker_checker(ctx)),
                                  timestamp_checker=own.track(_tsa_checker(ctx, tsa_seen)),
                                  time_tolerance=timedelta(seconds=ctx.timestamp_tolerance_s))
    if data_hash is not None and (r := sv.find(results, sv.SIG_DATA_HASH)) and r.status is sv.Status.FAIL:
        # vendor variant SM3(Z||M): only worth the concatenation when the plain hash failed
        joined = b"".join(ctx.data[o:o + n] for o, n in byte_range_segments(byte_range))
        alt = sv.verify_signature(sig, data=joined)
        alt_r = sv.find(alt, sv.SIG_DATA_HASH)
        if alt_r is not None and alt_r.status is sv.Status.PASS:
            results = [alt_r if x.code == sv.SIG_DATA_HASH else x for x in results]

    def get(code: str) -> Any:
        return sv.find(results, code)

    # --- times
    claimed = sig.time_info
    ts_r = get(sv.SIG_TIMESTAMP)
    gen_time = None
    if ts_r is not None and ts_r.details.get("gen_time"):
        gen_time = datetime.fromisoformat(ts_r.details["gen_time"])
    proven = gen_time if ts_r is not None and ts_r.status is sv.Status.PASS else None
    if ts_r is None or ts_r.status is sv.Status.NOT_APPLICABLE:
        ts_item = CheckItem(ItemCode.TIMESTAMP, CheckStatus.NOT_APPLICABLE, zh("gm.timestamp.absent"))
    else:
        st = {sv.Status.PASS: CheckStatus.PASS, sv.Status.FAIL: CheckStatus.FAIL}.get(ts_r.status, CheckStatus.UNKNOWN)
        ts_details = dict(ts_r.details)
        if own.ours(ts_r.message):
            reason = ts_r.message
        else:  # the SES engine's English message: Chinese sentence for users, the original as detail
            reason = _ts_reason_zh(ts_r.message, st)
            ts_details["technical_message"] = ts_r.message
        if "error" in tsa_seen:
            ts_details["technical_message"] = tsa_seen["error"]
        ts_item = CheckItem(ItemCode.TIMESTAMP, st, reason, ts_details)
        if st is CheckStatus.FAIL:
            problems.append(Problem(SubIndication.NO_POE, Indication.INDETERMINATE, zh("timestamp.no_poe")))
    tsa_name = tsa_seen.get("tsa")
    times = SigningTimes(claimed=claimed, proven=proven, timestamp_authority=tsa_name,
                         timestamp_valid=None if sig.timestamp is None else proven is not None,
                         difference_seconds=timestamp_difference(claimed, gen_time))

    # --- format
    fmt_fail = [r for r in (get(sv.SEAL_FORMAT), get(sv.SIG_FORMAT)) if r is not None and r.status is sv.Status.FAIL]
    seal = sig.seal
    if fmt_fail or any(p.sub_indication is SubIndication.FORMAT_FAILURE for p in problems):
        fmt_codes = {sv.SEAL_FORMAT: "gm.format.seal", sv.SIG_FORMAT: "gm.format.signature"}
        reason = "；".join([zh(fmt_codes.get(r.code, "gm.format.other")) for r in fmt_fail] + fmt_notes)
        fmt_item = CheckItem(ItemCode.SEAL_FORMAT, CheckStatus.FAIL, zh("gm.format.invalid", reason=reason),
                             {"technical_messages": [r.message for r in fmt_fail]})
        for r in fmt_fail:
            problems.append(Problem(SubIndication.FORMAT_FAILURE, Indication.TOTAL_FAILED,
                                    zh(fmt_codes.get(r.code, "gm.format.other"))))
    else:
        std = {"v4": "GB/T 38540-2020", "v1": "GM/T 0031-2014", "v5": "GM/T 0031-2025"}.get(sig.format, sig.format)
        fmt_item = CheckItem(ItemCode.SEAL_FORMAT, CheckStatus.PASS,
                             zh("gm.format.ok", standard=std, version=seal.version)
                             + ("；" + "；".join(fmt_notes) if fmt_notes else ""),
                             {"format": sig.format, "notes": list(seal.notes) + list(sig.notes)})

    # --- signature values: maker's seal signature and signer's signature over TBS_Sign
    maker_r, value_r = get(sv.SEAL_MAKER_SIGNATURE), get(sv.SIG_VALUE)
    bad = [r for r in (maker_r, value_r) if r is None or r.status is not sv.Status.PASS]
    if bad:
        parts = []
        if maker_r is None or maker_r.status is not sv.Status.PASS:
            parts.append(zh("gm.signature.maker_failed"))
        if value_r is None or value_r.status is not sv.Status.PASS:
            parts.append(zh("gm.signature.signer_failed"))
        sig_item = CheckItem(ItemCode.SEAL_SIGNATURE, CheckStatus.FAIL, "；".join(parts))
        problems.append(Problem(SubIndication.SIG_CRYPTO_FAILURE, Indication.TOTAL_FAILED, sig_item.reason))
    else:
        variant = zh("gm.signature.vendor_variant") if "vendor variant" in maker_r.message else ""
        sig_item = CheckItem(ItemCode.SEAL_SIGNATURE, CheckStatus.PASS,
                             zh("gm.signature.ok", variant=variant),
                             {"maker_signature": maker_r.details, "signature_algorithm": sig.sign_alg})

    # --- signer certificate (chain + time rules shared with PAdES) + membership in the seal
    signer_cert = ctx.certificate(sig.signer_cert)
    assessment = assess_signer_certificate(signer_cert, trust=ctx.trust, claimed=claimed, proven=proven, now=ctx.now,
                                           evidence=ctx.dss_evidence, policy=ctx.policy, paths=ctx.paths)
    problems.extend(assessment.problems)
    cert_item = assessment.certificate_item
    in_seal = get(sv.SIG_SIGNER_IN_SEAL)
    if in_seal is not None and in_seal.status is sv.Status.FAIL:
        msg = zh("gm.signer.not_in_seal")
        cert_item = CheckItem(ItemCode.SIGNER_CERTIFICATE, CheckStatus.FAIL, msg, cert_item.details)
        problems.append(Problem(SubIndication.SEAL_INVALID, Indication.TOTAL_FAILED, msg))
    elif cert_item.status is CheckStatus.PASS:
        cert_item = replace(cert_item, reason=cert_item.reason + zh("gm.signer.in_seal"))
    # the seal's own certificate list (holders), checked by the SES engine at the signing time
    holder = get(sv.SEAL_HOLDER_CERT_TRUST)
    if holder is not None and holder.status in (sv.Status.FAIL, sv.Status.UNKNOWN) \
            and cert_item.status is not CheckStatus.FAIL:
        h_reason, h_sub = _holder_finding(ctx, seal.info.certs, gen_time or claimed, holder.status)
        h_details = {**cert_item.details, "holder_check": holder.message}
        if holder.status is sv.Status.FAIL:
            cert_item = CheckItem(ItemCode.SIGNER_CERTIFICATE, CheckStatus.FAIL, h_reason, h_details)
            problems.append(Problem(h_sub, Indication.TOTAL_FAILED, h_reason))
        elif cert_item.status is CheckStatus.PASS:
            cert_item = CheckItem(ItemCode.SIGNER_CERTIFICATE, CheckStatus.UNKNOWN, h_reason, h_details)
            problems.append(Problem(h_sub, Indication.INDETERMINATE, h_reason))

    # --- maker certificate (数字证书有效性)
    mk_window, mk_trust = get(sv.SEAL_MAKER_CERT), get(sv.SEAL_MAKER_CERT_TRUST)
    maker_cert = ctx.certificate(seal.maker_cert)
    if mk_window is not None and mk_window.status is sv.Status.FAIL:
        maker_item = CheckItem(ItemCode.CERTIFICATE, CheckStatus.FAIL, zh("gm.maker_cert.out_of_window"))
        problems.append(Problem(SubIndication.SEAL_INVALID, Indication.TOTAL_FAILED, maker_item.reason))
    elif mk_trust is not None and mk_trust.status is sv.Status.FAIL:
        maker_item = CheckItem(ItemCode.CERTIFICATE, CheckStatus.FAIL,
                               zh("gm.maker_cert.prefix") + own.or_fallback(mk_trust.message, zh("gm.maker_cert.unverifiable")),
                               own.technical(mk_trust.message))
        problems.append(Problem(SubIndication.SEAL_INVALID, Indication.TOTAL_FAILED, maker_item.reason))
    elif mk_trust is not None and mk_trust.status is sv.Status.UNKNOWN:
        maker_item = CheckItem(ItemCode.CERTIFICATE, CheckStatus.UNKNOWN,
                               zh("gm.maker_cert.prefix") + own.or_fallback(mk_trust.message, zh("gm.maker_cert.trust_unknown")),
                               own.technical(mk_trust.message))
        problems.append(Problem(SubIndication.NO_CERTIFICATE_CHAIN_FOUND, Indication.INDETERMINATE, maker_item.reason))
    else:
        maker_item = CheckItem(ItemCode.CERTIFICATE, CheckStatus.PASS,
                               zh("gm.maker_cert.valid", name=_short(maker_cert))
                               + (own.or_fallback(mk_trust.message, "") if mk_trust else ""))

    # --- seal validity at the signing time + platform lifecycle
    best = proven or claimed
    v_r = get(sv.SEAL_VALIDITY)
    info = seal.info
    window = bj_range(info.valid_start, info.valid_end)
    if v_r is not None and v_r.status is sv.Status.FAIL:
        seal_item = CheckItem(ItemCode.SEAL_VALIDITY, CheckStatus.FAIL,
                              zh("gm.seal_validity.outside", window=window))
        problems.append(Problem(SubIndication.SEAL_INVALID, Indication.TOTAL_FAILED, seal_item.reason))
    else:
        seal_item = CheckItem(ItemCode.SEAL_VALIDITY, CheckStatus.PASS, zh("gm.seal_validity.inside", window=window))
    lc_info, lc_status, lc_reason = lifecycle_check(ctx, seal.es_id, best, problems)
    if lc_status in (CheckStatus.FAIL, CheckStatus.UNKNOWN) and seal_item.status is not CheckStatus.FAIL:
        # the hook's verdict is the item's status (as for PAdES): an unknown answer is not a pass
        seal_item = CheckItem(ItemCode.SEAL_VALIDITY, lc_status, f"{seal_item.reason}；{lc_reason or ''}")
    elif lc_status is not None:
        seal_item = replace(seal_item, reason=seal_item.reason + "；" + (lc_reason or ""))

    # --- document hash + coverage
    emb = _ses_embedded(ctx.reader, s.field_ref, s.name, contents, data_hash)
    level, diff_msg = "UNCLEAR", None
    try:
        # coverage only: the later revisions were analysed once for every signature (ctx.revisions, E3 #11)
        emb.compute_integrity_info(skip_diff=True)
        level = emb.coverage.name
    except Exception as exc:
        log.debug("coverage analysis failed: %s", exc)
    mod_level = modification_level_after(ctx.revisions, s.revision)
    coverage = evaluate_coverage(ctx, byte_range=byte_range, contents=contents, signed_revision=s.revision,
                                 coverage_level=level, modification_level=mod_level, diff_message=diff_msg,
                                 problems=problems)
    dh = get(sv.SIG_DATA_HASH)
    hash_ok = None if dh is None or dh.status is sv.Status.UNKNOWN else dh.status is sv.Status.PASS
    if hash_ok is False:
        problems.append(Problem(SubIndication.HASH_FAILURE, Indication.TOTAL_FAILED,
                                zh("hash.problem.gm")))
    hash_item = document_hash_item(hash_ok, coverage, "sm3", data_hash.hex() if data_hash else None,
                                   sig.data_hash.hex())

    items = [fmt_item, cert_item, seal_item, assessment.time_item, maker_item, ts_item, sig_item, hash_item]
    ind, sub = worst_indication(problems)
    relevant = [p for p in problems if p.indication is ind]
    message = zh("gm.valid") if ind is Indication.TOTAL_PASSED else (relevant[0].message if relevant else "")
    pic = info.picture
    seal_info = SealInfo(
        es_id=seal.es_id, name=seal.name, seal_type=info.seal_type,
        seal_type_label=_seal_type_label(info.seal_type, seal.version), version=seal.version,
        vendor_id=info.header.vid, valid_start=info.valid_start, valid_end=info.valid_end,
        created=info.create_date, picture_type=pic.type, picture=pic.data,
        picture_size_mm=(pic.width_mm, pic.height_mm), maker=ctx.certificate_info(maker_cert),
    )
    return SignatureReport(
        index=index, field_name=s.name, profile="gm-ses",
        filter=str(sig_obj.get("/Filter")) if sig_obj.get("/Filter") is not None else None,
        sub_filter=sub_filter, indication=ind, sub_indication=sub, message=message, items=items,
        problems=problems, signer=ctx.certificate_info(signer_cert), seal=seal_info, times=times, coverage=coverage,
        digest_algorithm="sm3", signature_algorithm=sig.sign_alg, lifecycle=lc_info, page=s.page,
    )


class _OwnReasons:
    """The reasons our own checkers (:func:`_maker_checker`, :func:`_tsa_checker`) handed to the SES engine.

    Those are report text (Chinese) and may be shown as they are; any other message of a SES result is
    the SES engine's English technical text, which stays out of the reasons. Told apart by where the
    message came from, never by looking at its characters.
    """

    def __init__(self) -> None:
        self.messages: set[str] = set()

    def track(self, checker: Any) -> Any:
        def tracked(*args: Any) -> tuple[Any, str]:
            status, message = checker(*args)
            self.messages.add(message)
            return status, message

        return tracked

    def ours(self, message: str) -> bool:
        return message in self.messages

    def or_fallback(self, message: str, fallback: str) -> str:
        """``message`` when one of our checkers wrote it, else the Chinese ``fallback``."""
        return message if self.ours(message) else fallback

    def technical(self, message: str) -> dict[str, Any]:
        """Item details carrying an SES engine message that was kept out of the Chinese reason."""
        return {} if self.ours(message) else {"technical_message": message}


_TS_REASONS = [  # needle in the SES engine's English message -> report.texts code
    ("imprint is not", "gm.timestamp.imprint"),
    ("differs from the claimed", "gm.timestamp.difference"),
    ("unreadable", "gm.timestamp.unreadable"),
    ("imprint target undefined", "gm.timestamp.v1_target"),
    ("unknown imprint hash algorithm", "gm.timestamp.hash_algorithm"),
    ("not checked (no TSA validator)", "gm.timestamp.tsa_unchecked"),
    ("TSA trust information unavailable", "gm.timestamp.trust_unavailable"),
    ("cannot be validated", "gm.timestamp.malformed"),
]


def _ts_reason_zh(message: str, status: CheckStatus) -> str:
    """Chinese sentence for the SES engine's English time-stamp message (generic when unknown)."""
    for needle, code in _TS_REASONS:
        if needle in message:
            return zh(code)
    if status is CheckStatus.PASS:
        return zh("gm.timestamp.valid")
    if status is CheckStatus.FAIL:
        return zh("gm.timestamp.failed")
    return zh("gm.timestamp.unconfirmed")


def _check_claimed_pages(prop: gm_format.PropertyInfo, widget_pages: frozenset[int] | None,
                         page_count: int | None) -> str | None:
    """The pages the signed propertyInfo names must exist and be the pages that carry the seal.

    Works on the merged ranges only: ``Pages=1-3000000000`` is compared arithmetically, never expanded.
    A signature without Pages (foreign ``PDF;ByteRange=[...]`` strings) is not judged here.
    """
    ranges = prop.page_ranges
    if not ranges:
        return None
    claimed = gm_format.format_pages_ranges(ranges)
    if page_count is not None and ranges[-1][1] > page_count:
        return zh("gm.pages_beyond", claimed=claimed[:60], page_count=page_count)
    if widget_pages is not None and (prop.page_count != len(widget_pages) or not all(
            any(lo <= p <= hi for lo, hi in ranges) for p in widget_pages)):
        shown = page_ranges(widget_pages)
        return zh("gm.pages_mismatch", claimed=claimed[:60], shown=shown)
    return None
