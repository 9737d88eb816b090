"""``verify_pdf``: verify every signature in a PDF and return a :class:`VerificationReport`.

Entry point of the verification half of the PDF engine. It reads the input (typed errors for
unreadable files), finds every signature field, dispatches on the ``/SubFilter`` (GB/T 38540 SES →
:mod:`verify_gm`, CMS/PAdES → :mod:`verify_pades`, anything else is sniffed), describes the
incremental revisions, and folds everything into an ETSI EN 319 102-1 indication for each signature
and for the document.

The engine stays free of any database: the seal lifecycle is asked through the
:class:`~eseal.engine.pdf.verify.trust.SealLifecycle` protocol the caller passes in.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.verify.revisions import (
    DEFAULT_MAX_BYTES,
    describe_revisions,
    load_input,
    revision_end_offsets,
    stream_digests,
)
from eseal.engine.pdf.verify.common import VerifyContext
from eseal.engine.pdf.verify.errors import PdfInputError
from eseal.engine.pdf.report.model import (
    CheckItem,
    CheckStatus,
    DocumentInfo,
    Indication,
    ItemCode,
    Problem,
    SignatureReport,
    SubIndication,
    VerificationReport,
    worst_indication,
)
from eseal.engine.pdf.verify.trust import SealLifecycle, TrustStore

log = logging.getLogger(__name__)

CMS_SUBFILTERS = ("/ETSI.CAdES.detached", "/adbe.pkcs7.detached", "/adbe.pkcs7.sha1")
SES_SUBFILTERS = (gm_format.SUBFILTER, *gm_format.FOREIGN_SES_SUBFILTERS)


def new_serial(now: datetime) -> str:
    """Report serial: ``VR`` + UTC date + 10 random hex digits (unguessable, sortable by day)."""
    return f"VR{now.strftime('%Y%m%d')}{secrets.token_hex(5).upper()}"


def verify_pdf(
    source: bytes | bytearray | memoryview | str | Path,
    *,
    trust: TrustStore | None = None,
    lifecycle: SealLifecycle | None = None,
    now: datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> VerificationReport:
    """Verify all signatures of a PDF.

    :param source: the PDF as bytes, or a path (the size limit is checked before reading).
    :param trust: trust anchors, helper certificates and CRLs. Without anchors no chain is trusted and
        the best possible result is INDETERMINATE.
    :param lifecycle: the platform's answer to "what was seal X's status at time T".
    :param now: validation time (default: the current time, UTC).
    :param max_bytes: refuse larger inputs (default 20 MB, as the manual's upload limit).
    :raises PdfInputError: the input is not a readable PDF (not a PDF, truncated, encrypted, too large).
    """
    now = now or datetime.now(UTC)
    trust = trust or TrustStore.empty()
    pdf = load_input(source, max_bytes=max_bytes, name=name)
    reader, data = pdf.reader, pdf.data
    try:
        sigs = _enumerate_signatures(reader, data)
        ends = revision_end_offsets(reader, data)
    except PdfInputError:
        raise
    except Exception as exc:
        from eseal.engine.pdf.verify.errors import TruncatedPdfError

        raise TruncatedPdfError(f"cannot read the signature fields: {exc}") from exc
    removed = _removed_signatures(reader, sigs)
    by_rev: dict[int, list[str]] = {}
    for s in [*sigs, *removed]:
        if s["revision"] is not None:
            by_rev.setdefault(s["revision"], []).append(s["name"])
    signed_revs = [s["revision"] for s in [*sigs, *removed] if s["revision"] is not None]
    revisions = describe_revisions(reader, data, by_rev, min(signed_revs) if signed_revs else None)
    # one pass over the file: document SM3/SHA-256 and every ByteRange's digests (state copied at each gap)
    doc_digests, range_digests = stream_digests(data, [s["sig_obj"].get("/ByteRange") or [] for s in sigs])
    ctx = VerifyContext(data=data, reader=reader, trust=trust, now=now, lifecycle=lifecycle,
                        revision_ends=ends, revisions=revisions, range_digests=range_digests)

    reports: list[SignatureReport] = []
    for i, s in enumerate(sigs, start=1):
        try:
            rep = _verify_one(ctx, s, i)
        except Exception as exc:  # a defect in one signature must not hide the others
            log.debug("verification of %s crashed", s["name"], exc_info=True)
            rep = format_failure_report(i, s, "签名数据无法解析", technical=f"{type(exc).__name__}: {exc}")
        if _needs_appearance(rep):
            rep.appearance_png = _appearance_of(data, s)
        reports.append(rep)
    for s in removed:
        reports.append(_removed_report(len(reports) + 1, s))

    sub: SubIndication | None
    if not reports:
        ind, sub, message = Indication.INDETERMINATE, SubIndication.NO_SIGNATURE, "文档中没有电子签章或数字签名"
    else:
        folded = [Problem(r.sub_indication or SubIndication.GENERIC, r.indication, r.message)
                  for r in reports if r.indication is not Indication.TOTAL_PASSED]
        ind, sub = worst_indication(folded)
        n_ok = sum(r.indication is Indication.TOTAL_PASSED for r in reports)
        message = f"共 {len(reports)} 个签名，{n_ok} 个验证通过"
        if ind is not Indication.TOTAL_PASSED:
            bad = [r for r in reports if r.indication is ind]
            message += f"；{len(bad)} 个{'验证失败' if ind is Indication.TOTAL_FAILED else '无法确定'}"
    hashes = {alg: d.hex() for alg, d in doc_digests.items()}
    try:
        pages = int(reader.root["/Pages"]["/Count"])
    except Exception:
        pages = None
    import eseal

    return VerificationReport(
        serial=new_serial(now),
        validation_time=now,
        document=DocumentInfo(name=pdf.name, size=len(data), sha256=hashes["sha256"], sm3=hashes["sm3"],
                              pages=pages, revisions=reader.xrefs.total_revisions),
        indication=ind,
        sub_indication=sub,
        message=message,
        signatures=reports,
        revisions=revisions,
        trust_anchors=trust.anchor_names(),
        engine_version=eseal.__version__,
        policy={
            "trust_anchors_configured": trust.has_anchors,
            "revocation": "CRLs from the trust store; no network fetching" if not trust.allow_fetching
            else "CRLs from the trust store and the network",
            "max_bytes": max_bytes,
            "timestamp_tolerance_seconds": ctx.timestamp_tolerance_s,
            "lifecycle_hook": lifecycle is not None,
        },
    )


RASTER_PICTURES = ("PNG", "JPG", "JPEG", "GIF", "BMP")


def _needs_appearance(rep: SignatureReport) -> bool:
    """No raster SES picture to show in the report (PAdES, foreign, SVG/OFD pictures)?"""
    if rep.profile == "doc-timestamp":
        return False
    seal = rep.seal
    return seal is None or not seal.picture or (seal.picture_type or "").upper() not in RASTER_PICTURES


def _appearance_of(data: bytes, s: dict[str, Any]) -> bytes | None:
    from eseal.engine.pdf.stamp.widget_picture import widget_appearance_png

    ref = s.get("field_ref")
    if ref is None or not hasattr(ref, "idnum"):
        return None
    end = None
    try:
        br = [int(v) for v in s["sig_obj"].get("/ByteRange") or []]
        if len(br) == 4 and 0 < br[2] + br[3] <= len(data):
            end = br[2] + br[3]  # the revision this signature covers
    except (TypeError, ValueError):
        end = None
    return widget_appearance_png(data, (ref.idnum, ref.generation), end)


def _enumerate_signatures(reader: Any, data: bytes | None = None) -> list[dict[str, Any]]:
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.fields import enumerate_sig_fields

    out = []
    page_refs = _page_refs(reader, data)
    for fq_name, sig_obj_ref, sig_field in enumerate_sig_fields(reader, filled_status=True):
        sig_obj = sig_obj_ref.get_object() if isinstance(sig_obj_ref, generic.IndirectObject) else sig_obj_ref
        field = sig_field.get_object() if isinstance(sig_field, generic.IndirectObject) else sig_field
        revision = None
        if isinstance(sig_obj_ref, generic.IndirectObject):
            try:
                revision = reader.xrefs.get_last_change(sig_obj_ref.reference)
            except KeyError:
                revision = None
        out.append({
            "name": fq_name, "sig_obj": sig_obj, "sig_ref": sig_obj_ref, "field": field, "field_ref": sig_field,
            "revision": revision, "page": _widget_page(field, page_refs),
            "widget_pages": _widget_pages(field, page_refs), "page_count": len(page_refs) or None,
        })
    out.sort(key=lambda s: (s["revision"] if s["revision"] is not None else 1 << 30))
    return out


def _page_refs(reader: Any, data: bytes | None = None) -> dict[tuple[int, int], int]:
    """(object number, generation) of each page of the newest revision → 1-based page number.

    Read by qpdf (pikepdf, C++) when the bytes are at hand, as ``stamping.list_pages`` does: pyHanko's
    Python parser needed ~250 ms for the 500 page objects of a 20 MB file. Both readers use the newest
    xref, so the object numbers agree; if qpdf cannot read the file pyHanko's walk decides.
    """
    if data is not None:
        try:
            return _page_refs_qpdf(data)
        except Exception as exc:
            log.debug("qpdf could not list the pages, using pyHanko: %s", exc)
    from eseal.engine.pdf.verify.revisions import _pages

    refs = {}
    for i, (ref, _page) in enumerate(_pages(reader)):
        if hasattr(ref, "idnum"):
            refs[(ref.idnum, ref.generation)] = i + 1
    return refs


def _page_refs_qpdf(data: bytes) -> dict[tuple[int, int], int]:
    import io

    import pikepdf

    refs: dict[tuple[int, int], int] = {}
    with pikepdf.open(io.BytesIO(data)) as doc:
        for i, page in enumerate(doc.pages, start=1):
            idnum, gen = page.obj.objgen
            if idnum:
                refs.setdefault((idnum, gen), i)
    return refs


def _widget_page(field: Any, page_refs: dict[tuple[int, int], int]) -> int | None:
    from pyhanko.pdf_utils import generic

    candidates = [field]
    kids = field.get("/Kids")
    if isinstance(kids, generic.ArrayObject):
        candidates.extend(k.get_object() for k in kids)
    for w in candidates:
        p = w.raw_get("/P") if "/P" in w else None
        if isinstance(p, generic.IndirectObject):
            page = page_refs.get((p.idnum, p.generation))
            if page:
                return page
    return None


def _widget_pages(field: Any, page_refs: dict[tuple[int, int], int]) -> frozenset[int] | None:
    """1-based pages of every widget of the field, or None when a widget's page cannot be told.

    The GM verifier compares these with the pages named in the signed propertyInfo.
    """
    from pyhanko.pdf_utils import generic

    kids = field.get("/Kids")
    widgets = [k.get_object() for k in kids] if isinstance(kids, generic.ArrayObject) else [field]
    pages: set[int] = set()
    for w in widgets:
        p = w.raw_get("/P") if "/P" in w else None
        page = page_refs.get((p.idnum, p.generation)) if isinstance(p, generic.IndirectObject) else None
        if page is None:
            return None
        pages.add(page)
    return frozenset(pages)


def _sniff(contents: bytes) -> str:
    """'cms' | 'ses' | 'unknown' from the first bytes of /Contents (both start with a SEQUENCE)."""
    try:
        from asn1crypto import cms

        info = cms.ContentInfo.load(gm_format.trim_der(contents))
        if info["content_type"].native == "signed_data":
            return "cms"
    except Exception as exc:
        log.debug("/Contents is not CMS: %s", exc)
    try:
        from eseal.engine.ses.parse import parse_signature

        parse_signature(gm_format.trim_der(contents))
        return "ses"
    except Exception:
        return "unknown"


def _contents(sig_obj: Any) -> bytes:
    from pyhanko.sign.validation.pdf_embedded import extract_contents

    return extract_contents(sig_obj)


def _verify_one(ctx: VerifyContext, s: dict[str, Any], index: int) -> SignatureReport:
    sig_obj = s["sig_obj"]
    sub_filter = sig_obj.get("/SubFilter")
    sub_filter = str(sub_filter) if sub_filter is not None else None
    sig_type = str(sig_obj.get("/Type", "/Sig"))
    try:
        contents = _contents(sig_obj)
    except Exception as exc:
        return format_failure_report(index, s, "签名字典缺少有效的 /Contents", technical=f"{type(exc).__name__}: {exc}")
    kind = _sniff(contents)
    if sig_type == "/DocTimeStamp" or sub_filter == "/ETSI.RFC3161":
        return _verify_doc_timestamp(ctx, s, index)
    if sub_filter in SES_SUBFILTERS:
        if kind != "ses":
            return format_failure_report(index, s, f"/Contents 不是 SubFilter {sub_filter} 要求的GB/T 38540签章数据")
        from eseal.engine.pdf.verify.gm import verify_ses_signature

        return verify_ses_signature(ctx, s, index, contents)
    if sub_filter in CMS_SUBFILTERS:
        if kind != "cms":
            return format_failure_report(index, s, f"/Contents 不是 SubFilter {sub_filter} 要求的CMS签名数据")
        return _verify_cms(ctx, s, index)
    # unknown SubFilter: go by what /Contents is, and say so
    if kind == "ses":
        from eseal.engine.pdf.verify.gm import verify_ses_signature

        return verify_ses_signature(ctx, s, index, contents)
    if kind == "cms":
        return _verify_cms(ctx, s, index)
    return format_failure_report(index, s, f"不支持的签名格式（SubFilter {sub_filter}）")


def _verify_cms(ctx: VerifyContext, s: dict[str, Any], index: int) -> SignatureReport:
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    from eseal.engine.pdf.verify.pades import verify_cms_signature

    emb = EmbeddedPdfSignature(ctx.reader, s["field_ref"], s["name"])
    try:  # the ByteRange digest from the shared pass: pyHanko's compute_digest() then skips re-hashing
        shared = ctx.range_digests.get(tuple(int(x) for x in emb.byte_range), {}).get(emb.external_md_algorithm)
    except (TypeError, ValueError):
        shared = None
    if shared is not None:
        emb.external_digests[emb.external_md_algorithm] = shared
    return verify_cms_signature(ctx, emb, index, s["name"], s["page"])


def _verify_doc_timestamp(ctx: VerifyContext, s: dict[str, Any], index: int) -> SignatureReport:
    """Document time-stamps (PAdES B-LTA) are reported for completeness with the timestamp item."""
    import asyncio

    from pyhanko.sign.validation import async_validate_pdf_timestamp
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    from eseal.engine.pdf.verify.common import document_hash_item, evaluate_coverage, not_applicable
    from eseal.engine.pdf.report.model import SigningTimes
    from eseal.engine.pdf.verify.pades import _validation_context

    emb = EmbeddedPdfSignature(ctx.reader, s["field_ref"], s["name"])
    problems: list[Problem] = []
    st = asyncio.run(async_validate_pdf_timestamp(emb, validation_context=_validation_context(ctx)))
    cov = evaluate_coverage(ctx, byte_range=list(emb.byte_range), contents=emb.pkcs7_content,
                            signed_revision=emb.signed_revision,
                            coverage_level=st.coverage.name if st.coverage else "UNCLEAR",
                            modification_level=st.modification_level.name if st.modification_level else None,
                            diff_message=None, problems=problems)
    if not st.intact:
        problems.append(Problem(SubIndication.HASH_FAILURE, Indication.TOTAL_FAILED, "文档时间戳的消息印记不一致"))
    if not st.valid:
        problems.append(Problem(SubIndication.SIG_CRYPTO_FAILURE, Indication.TOTAL_FAILED, "文档时间戳签名无效"))
    if not st.trusted and st.valid and st.intact:
        problems.append(Problem(SubIndication.NO_CERTIFICATE_CHAIN_FOUND, Indication.INDETERMINATE,
                                "时间戳服务机构证书不可信"))
    ts_status = CheckStatus.PASS if st.trusted else (CheckStatus.FAIL if not (st.valid and st.intact) else CheckStatus.UNKNOWN)
    items = [
        not_applicable(ItemCode.SEAL_FORMAT, "文档时间戳，不含电子印章"),
        not_applicable(ItemCode.SIGNER_CERTIFICATE, "文档时间戳，无签章者"),
        not_applicable(ItemCode.SEAL_VALIDITY, "文档时间戳，不含电子印章"),
        not_applicable(ItemCode.SIGNING_TIME, "文档时间戳本身即为时间证明"),
        not_applicable(ItemCode.CERTIFICATE, "文档时间戳，无制章者证书"),
        CheckItem(ItemCode.TIMESTAMP, ts_status, "文档时间戳有效" if st.trusted else "文档时间戳未通过验证"),
        not_applicable(ItemCode.SEAL_SIGNATURE, "文档时间戳，无签章签名值"),
        document_hash_item(st.intact, cov, emb.external_md_algorithm, None, None),
    ]
    ind, sub = worst_indication(problems)
    return SignatureReport(index, s["name"], "doc-timestamp", str(s["sig_obj"].get("/Filter")),
                           str(s["sig_obj"].get("/SubFilter")), ind, sub,
                           "文档时间戳有效" if ind is Indication.TOTAL_PASSED else problems[0].message,
                           items, problems, times=SigningTimes(proven=st.timestamp, timestamp_valid=st.trusted),
                           coverage=cov, page=s["page"])


MAX_HISTORY_REVISIONS = 200  # revisions scanned for removed signatures (each costs one field walk)


def _removed_signatures(reader: Any, current: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Signatures that an earlier revision's AcroForm had but the newest one no longer lists.

    A later incremental update can drop a signed field from ``/AcroForm /Fields`` while the widget
    (the drawn seal) stays on the page: without this the file reads as "no signatures". Each earlier
    revision's form is walked through pyHanko's historical resolver; a filled ``/Sig`` value object
    that is not among today's signatures was removed after signing.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.fields import enumerate_sig_fields

    def key(ref: Any) -> tuple[int, int] | None:
        return (ref.idnum, ref.generation) if isinstance(ref, generic.IndirectObject) else None

    now_ids = {key(s["sig_ref"]) for s in current if s.get("sig_ref") is not None}
    total = reader.xrefs.total_revisions
    seen: dict[tuple[int, int], dict[str, Any]] = {}
    for rev in range(max(0, total - 1 - MAX_HISTORY_REVISIONS), total - 1):
        try:
            for fq_name, sig_ref, _field in enumerate_sig_fields(reader.get_historical_resolver(rev),
                                                                 filled_status=True):
                k = key(sig_ref)
                if k is None or k in now_ids:
                    continue
                entry = seen.setdefault(k, {"name": fq_name, "revision": rev, "last_seen": rev})
                entry["last_seen"] = rev
        except Exception as exc:  # a broken historical form must not hide the current signatures
            log.debug("revision %d: cannot list its signature fields: %s", rev, exc)
    return [dict(v, removed_in=v["last_seen"] + 1) for v in seen.values()]


def _removed_report(index: int, s: dict[str, Any]) -> SignatureReport:
    """A signature that was removed by a later revision: TOTAL_FAILED / DISALLOWED_MODIFICATION."""
    reason = (f"签名“{s['name']}”在修订{s['revision']}中签署，但在修订{s['removed_in']}中被从表单中移除"
              "（签名后文档被非许可地修改，页面上可能仍显示印章）")
    items = [CheckItem(code, CheckStatus.UNKNOWN, "签名已被移除，未能检查") for code in ItemCode]
    items[-1] = CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.FAIL, reason,
                          {"removed_in_revision": s["removed_in"], "signed_revision": s["revision"]})
    return SignatureReport(
        index=index, field_name=s["name"], profile="removed", filter=None, sub_filter=None,
        indication=Indication.TOTAL_FAILED, sub_indication=SubIndication.DISALLOWED_MODIFICATION,
        message=reason, items=items,
        problems=[Problem(SubIndication.DISALLOWED_MODIFICATION, Indication.TOTAL_FAILED, reason)],
    )


def format_failure_report(index: int, s: dict[str, Any], reason: str, *,
                          technical: str | None = None) -> SignatureReport:
    """A signature whose data cannot be processed at all: TOTAL_FAILED / FORMAT_FAILURE.

    ``reason`` is the Chinese sentence users see; ``technical`` (an English parser/exception message)
    goes to the format item's ``details.error`` only.
    """
    sig_obj = s["sig_obj"]
    items = [CheckItem(code, CheckStatus.UNKNOWN, "签名数据无法解析，未能检查") for code in ItemCode]
    details = {"error": technical[:300]} if technical else {}
    items[0] = CheckItem(ItemCode.SEAL_FORMAT, CheckStatus.FAIL, reason, details)
    problems = [Problem(SubIndication.FORMAT_FAILURE, Indication.TOTAL_FAILED, reason)]
    return SignatureReport(
        index=index, field_name=s["name"], profile="unknown",
        filter=str(sig_obj.get("/Filter")) if sig_obj.get("/Filter") is not None else None,
        sub_filter=str(sig_obj.get("/SubFilter")) if sig_obj.get("/SubFilter") is not None else None,
        indication=Indication.TOTAL_FAILED, sub_indication=SubIndication.FORMAT_FAILURE, message=reason,
        items=items, problems=problems, page=s.get("page"),
    )
