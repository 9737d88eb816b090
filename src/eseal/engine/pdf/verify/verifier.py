"""``verify_pdf``: verify every signature in a PDF and return a :class:`VerificationReport`.

Entry point of the verification half of the PDF engine. It reads the input (typed errors for
unreadable files), finds every signature field, dispatches on the ``/SubFilter`` (GB/T 38540 SES →
:mod:`.gm`, CMS/PAdES → :mod:`.pades`, document time-stamps → :mod:`.doc_timestamp`, anything else is sniffed), describes the
incremental revisions, and folds everything into an ETSI EN 319 102-1 indication for each signature
and for the document.

The engine stays free of any database: the seal lifecycle is asked through the
:class:`~eseal.engine.pdf.verify.lifecycle.SealLifecycle` protocol the caller passes in.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import cms

import eseal
from eseal.engine.pdf.errors import PdfInputError, TruncatedPdfError
from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.io.digests import stream_digests
from eseal.engine.pdf.io.source import DEFAULT_MAX_BYTES, load_input
from eseal.engine.pdf.report.model import (
    AppliedPolicy,
    DocumentInfo,
    Indication,
    Problem,
    SignatureReport,
    SubIndication,
    VerificationReport,
    worst_indication,
)
from eseal.engine.pdf.report.texts import zh
from eseal.engine.pdf.stamp.widget_picture import widget_appearance_png
from eseal.engine.pdf.verify import hex_strings, pdf_arrays, pdf_names
from eseal.engine.pdf.verify.common import VerifyContext
from eseal.engine.pdf.verify.doc_timestamp import verify_doc_timestamp
from eseal.engine.pdf.verify.failures import format_failure_report, removed_report
from eseal.engine.pdf.verify.fields import FoundSignature, find_signatures, removed_signatures
from eseal.engine.pdf.verify.gm import verify_ses_signature
from eseal.engine.pdf.verify.lifecycle import SealLifecycle
from eseal.engine.pdf.verify.pades import verify_cms_signature
from eseal.engine.pdf.verify.plain_objects import PlainObjects
from eseal.engine.pdf.verify.policy import DEFAULT_POLICY, VerificationPolicy
from eseal.engine.pdf.verify.revisions import describe_revisions, revision_end_offsets
from eseal.engine.pdf.verify.revocation import dss_evidence
from eseal.engine.pdf.verify.trust import TrustStore
from eseal.engine.pki import shared_verifications
from eseal.engine.ses import parse_signature

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
    policy: VerificationPolicy = DEFAULT_POLICY,
) -> VerificationReport:
    """Verify all signatures of a PDF.

    :param source: the PDF as bytes, or a path (the size limit is checked before reading).
    :param trust: trust anchors, helper certificates and CRLs. Without anchors no chain is trusted and
        the best possible result is INDETERMINATE.
    :param lifecycle: the platform's answer to "what was seal X's status at time T".
    :param now: validation time (default: the current time, UTC).
    :param max_bytes: refuse larger inputs (default 20 MB, as the manual's upload limit).
    :param policy: choices that change an outcome; by default a signer whose revocation status cannot
        be established (no CRL/OCSP in the trust store, the DSS or the signature) is INDETERMINATE /
        TRY_LATER; ``VerificationPolicy.soft_fail()`` chooses soft-fail explicitly.
    :raises PdfInputError: the input is not a readable PDF (not a PDF, truncated, encrypted, too large).
    """
    now = now or datetime.now(UTC)
    trust = trust or TrustStore.empty()
    hex_strings.install()  # E3 #11: signature /Contents parsed with bytes.find, not one character at a time
    pdf_names.install()  # E3 #11: names with one regular expression, not one byte at a time
    pdf_arrays.install()  # E3 #11: arrays of numbers and references (/Kids, /ESeal.Pages) at once
    pdf = load_input(source, max_bytes=max_bytes, name=name)
    reader, data = pdf.reader, pdf.data
    objects = PlainObjects(reader, data)  # E3 #11: each object version parsed once, shared by every analysis
    try:
        try:
            sigs = find_signatures(reader, data, objects)
            ends = revision_end_offsets(reader, data)
        except PdfInputError:
            raise
        except Exception as exc:
            raise TruncatedPdfError(f"cannot read the signature fields: {exc}") from exc
        removed = removed_signatures(reader, sigs, objects)
        signed = [(s.revision, s.name) for s in sigs] + [(r.revision, r.name) for r in removed]
        by_rev: dict[int, list[str]] = {}
        for rev, field_name in signed:
            if rev is not None:
                by_rev.setdefault(rev, []).append(field_name)
        signed_revs = [rev for rev, _ in signed if rev is not None]
        revisions = describe_revisions(reader, data, by_rev, min(signed_revs) if signed_revs else None, objects)
    finally:
        objects.release()  # the plain values are freed now, not by a later full garbage collection (E3 #11)
    # one pass over the file: document SM3/SHA-256 and every ByteRange's digests (state copied at each gap)
    doc_digests, range_digests = stream_digests(data, [s.sig_obj.get("/ByteRange") or [] for s in sigs])
    ctx = VerifyContext(data=data, reader=reader, trust=trust, now=now, lifecycle=lifecycle,
                        revision_ends=ends, revisions=revisions, range_digests=range_digests,
                        policy=policy, dss_evidence=dss_evidence(reader))

    reports: list[SignatureReport] = []
    with shared_verifications():  # E3 #11: the chain and seal checks shared by the signatures are made once
        for i, s in enumerate(sigs, start=1):
            try:
                rep = _verify_one(ctx, s, i)
            except Exception as exc:  # a defect in one signature must not hide the others
                log.debug("verification of %s crashed", s.name, exc_info=True)
                rep = format_failure_report(i, s, zh("failure.unparsable"),
                                            technical=f"{type(exc).__name__}: {exc}")
            if _needs_appearance(rep):
                rep = replace(rep, appearance_png=_appearance_of(data, s))
            reports.append(rep)
    for r in removed:
        reports.append(removed_report(len(reports) + 1, r))

    sub: SubIndication | None
    if not reports:
        ind, sub, message = Indication.INDETERMINATE, SubIndication.NO_SIGNATURE, zh("document.no_signature")
    else:
        folded = [Problem(r.sub_indication or SubIndication.GENERIC, r.indication, r.message)
                  for r in reports if r.indication is not Indication.TOTAL_PASSED]
        ind, sub = worst_indication(folded)
        n_ok = sum(r.indication is Indication.TOTAL_PASSED for r in reports)
        message = zh("document.summary", total=len(reports), passed=n_ok)
        if ind is not Indication.TOTAL_PASSED:
            bad = [r for r in reports if r.indication is ind]
            code = "document.summary.failed" if ind is Indication.TOTAL_FAILED else "document.summary.indeterminate"
            message += zh(code, count=len(bad))
    hashes = {alg: d.hex() for alg, d in doc_digests.items()}
    try:
        pages = int(reader.root["/Pages"]["/Count"])
    except Exception:
        pages = None
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
        policy=AppliedPolicy(
            trust_anchors_configured=trust.has_anchors,
            revocation=_revocation_policy(policy, trust),
            max_bytes=max_bytes,
            timestamp_tolerance_seconds=ctx.timestamp_tolerance_s,
            lifecycle_hook=lifecycle is not None,
        ),
    )


def _revocation_policy(policy: VerificationPolicy, trust: TrustStore) -> str:
    """The revocation rule applied, in English (AppliedPolicy.revocation of the report)."""
    where = "CRLs from the trust store, CRLs/OCSP from the DSS and the signature"
    net = "; no network fetching" if not trust.allow_fetching else "; and the network"
    rule = ("; no revocation status: INDETERMINATE/TRY_LATER" if policy.requires_revocation
            else "; no revocation status: soft-fail (passes with a note)")
    return where + net + rule


RASTER_PICTURES = ("PNG", "JPG", "JPEG", "GIF", "BMP")


def _needs_appearance(rep: SignatureReport) -> bool:
    """No raster SES picture to show in the report (PAdES, foreign, SVG/OFD pictures)?"""
    if rep.profile == "doc-timestamp":
        return False
    seal = rep.seal
    return seal is None or not seal.picture or (seal.picture_type or "").upper() not in RASTER_PICTURES


def _appearance_of(data: bytes, s: FoundSignature) -> bytes | None:
    ref = s.field_ref
    if ref is None or not hasattr(ref, "idnum"):
        return None
    end = None
    try:
        br = [int(v) for v in s.sig_obj.get("/ByteRange") or []]
        if len(br) == 4 and 0 < br[2] + br[3] <= len(data):
            end = br[2] + br[3]  # the revision this signature covers
    except (TypeError, ValueError):
        end = None
    return widget_appearance_png(data, (ref.idnum, ref.generation), end)


def _sniff(contents: bytes, ses_first: bool = False) -> tuple[str, Any]:
    """('cms' | 'ses' | 'unknown', the parsed SES signature or None) from /Contents (both start with a
    SEQUENCE); the GM verifier uses the parsed signature rather than parse it again (E3 #11).

    ``ses_first`` (a GM ``/SubFilter``): an SES_Signature is tried first (E3 #11: not a CMS parse that fails
    on every GM seal first). Same answer: what parses as an SES_Signature (a SEQUENCE first) is no CMS
    ContentInfo (an OID first).
    """
    if ses_first:
        try:
            return "ses", parse_signature(gm_format.trim_der(contents))
        except Exception as exc:
            log.debug("/Contents is not an SES_Signature: %s", exc)
    try:
        info = cms.ContentInfo.load(gm_format.trim_der(contents))
        if info["content_type"].native == "signed_data":
            return "cms", None
    except Exception as exc:
        log.debug("/Contents is not CMS: %s", exc)
    try:
        return "ses", parse_signature(gm_format.trim_der(contents))
    except Exception:
        return "unknown", None


def _contents(sig_obj: Any) -> bytes:
    from pyhanko.sign.validation.pdf_embedded import extract_contents

    return extract_contents(sig_obj)


def _verify_one(ctx: VerifyContext, s: FoundSignature, index: int) -> SignatureReport:
    sig_obj = s.sig_obj
    sub_filter = sig_obj.get("/SubFilter")
    sub_filter = str(sub_filter) if sub_filter is not None else None
    sig_type = str(sig_obj.get("/Type", "/Sig"))
    try:
        contents = _contents(sig_obj)
    except Exception as exc:
        return format_failure_report(index, s, zh("failure.no_contents"), technical=f"{type(exc).__name__}: {exc}")
    kind, parsed = _sniff(contents, ses_first=sub_filter in SES_SUBFILTERS)
    if sig_type == "/DocTimeStamp" or sub_filter == "/ETSI.RFC3161":
        return verify_doc_timestamp(ctx, s, index)
    if sub_filter in SES_SUBFILTERS:
        if kind != "ses":
            return format_failure_report(index, s, zh("failure.contents_not_gm", sub_filter=sub_filter))
        return verify_ses_signature(ctx, s, index, contents, parsed)
    if sub_filter in CMS_SUBFILTERS:
        if kind != "cms":
            return format_failure_report(index, s, zh("failure.contents_not_cms", sub_filter=sub_filter))
        return _verify_cms(ctx, s, index)
    # unknown SubFilter: go by what /Contents is, and say so
    if kind == "ses":
        return verify_ses_signature(ctx, s, index, contents, parsed)
    if kind == "cms":
        return _verify_cms(ctx, s, index)
    return format_failure_report(index, s, zh("failure.unsupported", sub_filter=sub_filter))


def _verify_cms(ctx: VerifyContext, s: FoundSignature, index: int) -> SignatureReport:
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    emb = EmbeddedPdfSignature(ctx.reader, s.field_ref, s.name)
    try:  # the ByteRange digest from the shared pass: pyHanko's compute_digest() then skips re-hashing
        shared = ctx.range_digests.get(tuple(int(x) for x in emb.byte_range), {}).get(emb.external_md_algorithm)
    except (TypeError, ValueError):
        shared = None
    if shared is not None:
        emb.external_digests[emb.external_md_algorithm] = shared
    return verify_cms_signature(ctx, emb, index, s.name, s.page)


