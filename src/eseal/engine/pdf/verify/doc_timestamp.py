"""Document time-stamps (PAdES B-LTA): reported for completeness, with the timestamp item."""

from __future__ import annotations

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
from eseal.engine.pdf.verify.common import (
    VerifyContext,
    document_hash_item,
    evaluate_coverage,
    not_applicable,
)
from eseal.engine.pdf.verify.fields import FoundSignature
from eseal.engine.pdf.verify.pades import validation_context


def verify_doc_timestamp(ctx: VerifyContext, s: FoundSignature, index: int) -> SignatureReport:
    """Document time-stamps (PAdES B-LTA) are reported for completeness with the timestamp item."""
    import asyncio

    from pyhanko.sign.validation import async_validate_pdf_timestamp
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    emb = EmbeddedPdfSignature(ctx.reader, s.field_ref, s.name)
    problems: list[Problem] = []
    st = asyncio.run(async_validate_pdf_timestamp(emb, validation_context=validation_context(ctx)))
    cov = evaluate_coverage(ctx, byte_range=list(emb.byte_range), contents=emb.pkcs7_content,
                            signed_revision=emb.signed_revision,
                            coverage_level=st.coverage.name if st.coverage else "UNCLEAR",
                            modification_level=st.modification_level.name if st.modification_level else None,
                            diff_message=None, problems=problems)
    if not st.intact:
        problems.append(Problem(SubIndication.HASH_FAILURE, Indication.TOTAL_FAILED, zh("doc_ts.imprint")))
    if not st.valid:
        problems.append(Problem(SubIndication.SIG_CRYPTO_FAILURE, Indication.TOTAL_FAILED, zh("doc_ts.invalid")))
    if not st.trusted and st.valid and st.intact:
        problems.append(Problem(SubIndication.NO_CERTIFICATE_CHAIN_FOUND, Indication.INDETERMINATE,
                                zh("doc_ts.untrusted")))
    ts_status = CheckStatus.PASS if st.trusted else (CheckStatus.FAIL if not (st.valid and st.intact) else CheckStatus.UNKNOWN)
    items = [
        not_applicable(ItemCode.SEAL_FORMAT, zh("doc_ts.no_seal")),
        not_applicable(ItemCode.SIGNER_CERTIFICATE, zh("doc_ts.no_signer")),
        not_applicable(ItemCode.SEAL_VALIDITY, zh("doc_ts.no_seal")),
        not_applicable(ItemCode.SIGNING_TIME, zh("doc_ts.is_time_proof")),
        not_applicable(ItemCode.CERTIFICATE, zh("doc_ts.no_maker")),
        CheckItem(ItemCode.TIMESTAMP, ts_status, zh("doc_ts.valid" if st.trusted else "doc_ts.not_valid")),
        not_applicable(ItemCode.SEAL_SIGNATURE, zh("doc_ts.no_signature_value")),
        document_hash_item(st.intact, cov, emb.external_md_algorithm, None, None),
    ]
    ind, sub = worst_indication(problems)
    return SignatureReport(index, s.name, "doc-timestamp", str(s.sig_obj.get("/Filter")),
                           str(s.sig_obj.get("/SubFilter")), ind, sub,
                           zh("doc_ts.valid") if ind is Indication.TOTAL_PASSED else problems[0].message,
                           items, problems, times=SigningTimes(proven=st.timestamp, timestamp_valid=st.trusted),
                           coverage=cov, page=s.page)
