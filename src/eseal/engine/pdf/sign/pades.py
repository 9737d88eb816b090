"""PAdES profile: CAdES-detached CMS (ECDSA P-256 or RSA, :mod:`.cades`), for international readers.

B-T: the CMS carries an RFC 3161 signature timestamp from our TSA. B-LT: afterwards pyHanko appends a
DSS revision with the certificates and our CRLs (``add_validation_info``), so the file validates later
without network access. The appearances are the same widget kids as in the GM profile; only the
container differs, so pdfsig (poppler) and pyHanko validate these files.
"""

from __future__ import annotations

import datetime as _dt
import io
from typing import Any

from eseal.engine.pdf.errors import SigningError
from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.io.document import DEFAULT_MAX_BYTES, refuse_output_over_limit
from eseal.engine.pdf.sign.cades import as_certificate, cades_detached, require_pades_signer
from eseal.engine.pdf.sign.embedding import Prepared, embed
from eseal.engine.pdf.sign.prelude import open_stamp
from eseal.engine.pdf.sign.sigdict import SignatureInfo, build_sig_object
from eseal.engine.pdf.sign.trusted_time import require_time_source
from eseal.engine.pdf.stamp.appearance import SealAppearance
from eseal.engine.pdf.stamp.placement import StampRequest
from eseal.engine.pdf.stamp.seal_picture import es_id_from_seal


def pyhanko_signer(signer: Any, cert: Any, chain: list[Any] | tuple[Any, ...] = ()) -> Any:
    """A pyHanko ``Signer`` over our :class:`eseal.engine.pki.signer.Signer` (key stays where it is), for
    driving pyHanko's own ``PdfSigner`` with our key (tests, the bench's baseline); :func:`sign_pades`
    makes its container with :mod:`.cades` instead."""
    from pyhanko.sign.signers.pdf_cms import Signer as _PHSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = as_certificate(cert)
    chain = [as_certificate(c) for c in chain]
    require_pades_signer(signer)

    class _Adapter(_PHSigner):
        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if digest_algorithm != "sha256":
                raise SigningError(f"signer hashes with SHA-256, not {digest_algorithm}")
            return signer.sign(data)

    return _Adapter(
        signing_cert=cert,
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
        signature_mechanism=signer.signature_algorithm,
    )


def sign_pades(
    pdf: bytes,
    *,
    signer: Any,
    cert: Any,
    chain: list[Any] | tuple[Any, ...] = (),
    appearance: SealAppearance | None = None,
    seal_der: bytes | None = None,
    request: StampRequest | None = None,
    timestamper: Any = None,
    claimed_time_only: bool = False,
    lt_crls: list[bytes] | tuple[bytes, ...] | None = None,
    trust_roots: list[Any] | tuple[Any, ...] = (),
    signer_name: str | None = None,
    reason: str | None = None,
    location: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    now: _dt.datetime | None = None,
) -> bytes:
    """Stamp and sign with a PAdES B-T signature (B-LT when ``lt_crls`` is given, B-B if claimed time).

    ``appearance`` defaults to the picture of ``seal_der``. ``lt_crls`` (DER CRLs) and ``trust_roots``
    feed the DSS revision of B-LT.
    """
    require_time_source(timestamper, claimed_time_only)
    if appearance is None:
        if seal_der is None:
            raise SigningError("give the seal (seal_der) or an appearance")
        appearance = SealAppearance.from_ses_seal(seal_der)
    request = request or StampRequest()
    require_pades_signer(signer)
    cert = as_certificate(cert)
    chain = [as_certificate(c) for c in chain]
    ts = None if claimed_time_only else timestamper

    stamp = open_stamp(pdf, appearance, request, max_bytes=max_bytes)
    field_name, plan = stamp.field_name, stamp.plan

    when = (now or _dt.datetime.now(_dt.UTC)).astimezone(_dt.UTC).replace(microsecond=0)
    info = SignatureInfo(
        time=when,
        signer_name=signer_name,
        reason=reason,
        location=location,
        claimed_time_only=claimed_time_only,
        seal_id=es_id_from_seal(seal_der) if seal_der else None,
    )
    chain_size = sum(len(der) for der in {c.dump() for c in (cert, *chain)})  # what the CMS embeds
    reserve = chain_size + 4096 + (8192 if ts is not None else 0)
    sig_obj = build_sig_object(
        filter_name=gm_format.PADES_FILTER,
        subfilter=gm_format.PADES_SUBFILTER,
        info=info,
        mode=request.mode,
        pages=plan.pages,
        bytes_reserved=2 * reserve,
    )

    def make_contents(prep: Prepared) -> bytes:
        return cades_detached(prep.digest, signer=signer, cert=cert, certs=chain, timestamper=ts).dump()

    signed = embed(stamp.writer, stamp.field_ref, sig_obj, "sha256", make_contents, lock=stamp.lock)
    if lt_crls is None:
        return refuse_output_over_limit(signed, max_bytes)
    return refuse_output_over_limit(
        add_lt_data(signed, field_name, lt_crls=lt_crls, trust_roots=list(trust_roots) or list(chain)), max_bytes)


def add_lt_data(pdf: bytes, field_name: str, *, lt_crls, trust_roots) -> bytes:
    """Append a DSS revision (certificates + CRLs) for ``field_name``: PAdES B-LT."""
    from asn1crypto import crl, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import add_validation_info
    from pyhanko_certvalidator import ValidationContext

    roots = [x509.Certificate.load(bytes(c)) if isinstance(c, bytes | bytearray) else c for c in trust_roots]
    vc = ValidationContext(
        trust_roots=roots,
        crls=[crl.CertificateList.load(bytes(c)) for c in lt_crls],
        allow_fetching=False,
        revocation_mode="hard-fail",
    )
    # strict=False as everywhere else: the input was accepted leniently (e.g. an object of generation
    # 65536, which PyMuPDF writes), so the re-read of our own output must not be stricter than that.
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    sigs = [s for s in reader.embedded_signatures if s.field_name == field_name]
    if not sigs:
        raise SigningError(f"signature field {field_name} not found after signing")
    try:
        out = add_validation_info(sigs[0], vc)
    except Exception as exc:  # pyHanko wraps path/revocation problems in several types
        raise SigningError(f"cannot collect validation data for B-LT: {exc}") from exc
    return out.getvalue()
