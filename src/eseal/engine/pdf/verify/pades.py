"""Verification of CMS-based PDF signatures (PAdES ``ETSI.CAdES.detached``, ``adbe.pkcs7.detached``),
our own PAdES profile and foreign ones alike.

pyHanko does the CMS work (message digest over the ByteRange, signature value, signature time-stamp,
coverage and difference analysis); the certificate and time judgement is ours
(:mod:`eseal.engine.pdf.verify.certs`) so that PAdES and GM signatures follow the same rules.

Seal items for a PAdES signature (decision, documented in docs/verification-report.md):
- 电子印章数据格式 / 数字证书有效性 (seal maker): ``not_applicable`` — a CMS signature carries no
  GB/T 38540 seal and no seal-maker certificate;
- 电子印章签名值: the CMS signature value (the only signature value there is);
- 电子印章有效性: answered by the platform's lifecycle hook when the signature dictionary names a
  seal (``/ESeal.SealID``, written by our PAdES profile), else ``not_applicable``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.report.model import (
    CheckItem,
    CheckStatus,
    Indication,
    ItemCode,
    Problem,
    SignatureReport,
    SigningTimes,
    SubIndication,
    worst_indication,
)
from eseal.engine.pdf.report.texts import zh
from eseal.engine.pdf.verify.certs import assess_signer_certificate, certificate_info
from eseal.engine.pdf.verify.common import (
    VerifyContext,
    document_hash_item,
    evaluate_coverage,
    lifecycle_check,
    not_applicable,
    timestamp_difference,
)
from eseal.engine.pdf.verify.names import display_name
from eseal.engine.pdf.verify.revisions import modification_level_after
from eseal.engine.pdf.verify.revocation import cms_evidence

log = logging.getLogger(__name__)


def _name(obj: Any) -> str | None:
    return str(obj) if obj is not None else None


def validation_context(ctx: VerifyContext) -> Any:
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=list(ctx.trust.anchors),  # a list, never None: no OS trust store fallback
        other_certs=list(ctx.trust.intermediates),
        crls=list(ctx.trust.crls),
        allow_fetching=ctx.trust.allow_fetching,
        revocation_mode="soft-fail",
    )


def verify_cms_signature(ctx: VerifyContext, emb: Any, index: int, field_name: str, page: int | None) -> SignatureReport:
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    sig_obj = emb.sig_object
    sub_filter = _name(sig_obj.get("/SubFilter"))
    profile = "pades" if sub_filter == gm_format.PADES_SUBFILTER else "pkcs7"
    problems: list[Problem] = []
    vc = validation_context(ctx)
    status = None
    error = None
    try:
        status = asyncio.run(
            async_validate_pdf_signature(
                emb, signer_validation_context=vc, ts_validation_context=vc, skip_diff=True,
                key_usage_settings=KeyUsageConstraints(
                    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False),
            )
        )
    except Exception as exc:  # pyHanko raises for unsupported algorithms, broken CMS, …
        log.debug("pyHanko validation failed for %s: %s", field_name, exc)
        error = str(exc)

    signer_cert = None
    try:
        signer_cert = emb.signer_cert
    except Exception:
        signer_cert = None

    if status is None:
        reason = zh("pades.unprocessable", error=(error or zh("pades.unknown_error"))[:160])
        problems.append(Problem(SubIndication.FORMAT_FAILURE, Indication.TOTAL_FAILED, reason))
        items = [
            not_applicable(ItemCode.SEAL_FORMAT, zh("pades.no_seal_data")),
            CheckItem(ItemCode.SIGNER_CERTIFICATE, CheckStatus.UNKNOWN, reason),
            not_applicable(ItemCode.SEAL_VALIDITY, zh("pades.no_seal")),
            CheckItem(ItemCode.SIGNING_TIME, CheckStatus.UNKNOWN, reason),
            not_applicable(ItemCode.CERTIFICATE, zh("pades.no_maker")),
            CheckItem(ItemCode.TIMESTAMP, CheckStatus.UNKNOWN, reason),
            CheckItem(ItemCode.SEAL_SIGNATURE, CheckStatus.FAIL, reason),
            CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.UNKNOWN, reason),
        ]
        ind, sub = worst_indication(problems)
        return SignatureReport(index, field_name, profile, _name(sig_obj.get("/Filter")), sub_filter, ind, sub,
                               reason, items, problems,
                               signer=certificate_info(signer_cert) if signer_cert is not None else None, page=page)

    # --- times
    claimed = status.signer_reported_dt
    tsv = status.timestamp_validity
    proven = None
    ts_item: CheckItem
    tsa_name = None
    if tsv is None:
        ts_item = not_applicable(ItemCode.TIMESTAMP, zh("pades.timestamp.absent"))
    else:
        tsa_name = display_name(tsv.signing_cert.subject) if tsv.signing_cert is not None else None
        if not (tsv.intact and tsv.valid):
            ts_item = CheckItem(ItemCode.TIMESTAMP, CheckStatus.FAIL, zh("pades.timestamp.failed"),
                                {"authority": tsa_name})
            problems.append(Problem(SubIndication.NO_POE, Indication.INDETERMINATE, zh("timestamp.no_poe")))
        elif not tsv.trusted:
            ts_item = CheckItem(ItemCode.TIMESTAMP, CheckStatus.UNKNOWN,
                                zh("pades.timestamp.untrusted"), {"authority": tsa_name,
                                                                              "time": tsv.timestamp.isoformat()})
        else:
            proven = tsv.timestamp
            ts_item = CheckItem(ItemCode.TIMESTAMP, CheckStatus.PASS,
                                zh("pades.timestamp.valid", name=tsa_name), {"authority": tsa_name,
                                                                   "time": proven.isoformat()})
    times = SigningTimes(claimed=claimed, proven=proven, timestamp_authority=tsa_name,
                         timestamp_valid=None if tsv is None else bool(tsv.intact and tsv.valid and tsv.trusted),
                         difference_seconds=timestamp_difference(claimed, proven))

    # --- integrity, signature value
    intact, valid = status.intact, status.valid
    if not intact:
        problems.append(Problem(SubIndication.HASH_FAILURE, Indication.TOTAL_FAILED,
                                zh("hash.problem.cms")))
    if not valid:
        problems.append(Problem(SubIndication.SIG_CRYPTO_FAILURE, Indication.TOTAL_FAILED, zh("pades.signature.invalid")))
    mech = status.pkcs7_signature_mechanism
    md = status.md_algorithm
    sig_item = CheckItem(
        ItemCode.SEAL_SIGNATURE, CheckStatus.PASS if valid else CheckStatus.FAIL,
        zh("pades.signature.ok" if valid else "pades.signature.failed", mechanism=_mechanism_label(mech, md)),
        {"mechanism": mech, "digest_algorithm": md},
    )

    # --- coverage and later changes
    # the later revisions were analysed once for every signature (ctx.revisions, E3 #11): no diff per signature
    coverage = evaluate_coverage(
        ctx, byte_range=list(emb.byte_range), contents=emb.pkcs7_content, signed_revision=emb.signed_revision,
        coverage_level=status.coverage.name if status.coverage is not None else "UNCLEAR",
        modification_level=modification_level_after(ctx.revisions, emb.signed_revision),
        diff_message=None, problems=problems,
    )
    computed = emb.external_digests.get(emb.external_md_algorithm)
    hash_item = document_hash_item(intact, coverage, md, computed.hex() if computed else None, None)

    # --- certificate and time
    assessment = assess_signer_certificate(
        status.signing_cert, trust=ctx.trust, embedded_certs=list(emb.other_embedded_certs),
        claimed=claimed, proven=proven, now=ctx.now,
        evidence=ctx.dss_evidence.plus(cms_evidence(emb.signed_data)), policy=ctx.policy,
        paths=ctx.paths,
    )
    problems.extend(assessment.problems)

    # --- seal (only the esID our PAdES profile names) and lifecycle
    es_id = sig_obj.get(gm_format.KEY_SEAL_ID)
    es_id = str(es_id) if es_id is not None else None
    lc_info, lc_status, lc_reason = lifecycle_check(ctx, es_id, times.best, problems)
    if lc_status is not None:
        seal_validity = CheckItem(ItemCode.SEAL_VALIDITY, lc_status, lc_reason or "", {"es_id": es_id})
    elif es_id:
        seal_validity = not_applicable(ItemCode.SEAL_VALIDITY,
                                       zh("lifecycle.not_connected", es_id=es_id))
    else:
        seal_validity = not_applicable(ItemCode.SEAL_VALIDITY, zh("pades.no_seal_pades"))

    items = [
        not_applicable(ItemCode.SEAL_FORMAT, zh("pades.no_seal_data")),
        assessment.certificate_item,
        seal_validity,
        assessment.time_item,
        not_applicable(ItemCode.CERTIFICATE, zh("pades.no_maker")),
        ts_item,
        sig_item,
        hash_item,
    ]
    ind, sub = worst_indication(problems)
    message = _summary(ind, problems)
    return SignatureReport(
        index=index, field_name=field_name, profile=profile, filter=_name(sig_obj.get("/Filter")),
        sub_filter=sub_filter, indication=ind, sub_indication=sub, message=message, items=items,
        problems=problems, signer=certificate_info(status.signing_cert), seal=None, times=times,
        coverage=coverage, digest_algorithm=md, signature_algorithm=mech, lifecycle=lc_info, page=page,
    )


def _summary(ind: Indication, problems: list[Problem]) -> str:
    if ind is Indication.TOTAL_PASSED:
        return zh("pades.valid")
    relevant = [p for p in problems if p.indication is ind]
    return relevant[0].message if relevant else ""


def _mechanism_label(mechanism: str | None, digest: str | None) -> str:
    """``sha256_ecdsa`` / ``sha256`` (asn1crypto names) -> ``ECDSA/SHA-256`` for the Chinese reason.

    The raw names stay in the item's details (``mechanism``, ``digest``); unknown names are shown upper-cased.
    """
    mech = (mechanism or "").lower()
    algo = next((label for key, label in (("ecdsa", "ECDSA"), ("rsassa_pss", "RSA-PSS"), ("rsa", "RSA"),
                                          ("sm2", "SM2"), ("ed25519", "ED25519"), ("dsa", "DSA")) if key in mech),
                mech.upper() or zh("pades.unknown_algorithm"))
    md = (digest or "").lower().replace("sha", "SHA-", 1) if digest and digest.lower().startswith("sha") else (
        (digest or "").upper() or zh("pades.unknown_digest"))
    return f"{algo}/{md.upper()}"

