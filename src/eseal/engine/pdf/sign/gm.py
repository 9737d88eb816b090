"""GM profile: a GB/T 38540 v4 SES_Signature (SM2-with-SM3) as the PDF signature (see gm_format).

Flow: accept the input → plan the widgets → write the ``/Sig`` field with all its widgets → add the
signature dictionary with its placeholders, write the revision and compute SM3 over the ByteRange
(:mod:`.embedding`) → the SES engine builds TBS_Sign (dataHash = that digest, propertyInfo with the same
ByteRange), signs it with the signer's SM2 key and adds the TSA token over the signature value → the DER
goes into ``/Contents``. Only ``pyhanko.pdf_utils`` (the incremental writer and its objects) is used,
never ``pyhanko.sign`` (E3 #12: its import alone was the gap to raw pyHanko in a cold ``eseal sign``).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from eseal.engine.pdf.errors import SigningError
from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.io.document import DEFAULT_MAX_BYTES, refuse_output_over_limit
from eseal.engine.pdf.io.prefix_digest import PrefixDigest
from eseal.engine.pdf.sign.embedding import Prepared, embed
from eseal.engine.pdf.sign.prelude import open_stamp
from eseal.engine.pdf.sign.sigdict import SignatureInfo, build_sig_object
from eseal.engine.pdf.sign.trusted_time import require_time_source, token_over
from eseal.engine.pdf.stamp.appearance import SealAppearance
from eseal.engine.pdf.stamp.placement import StampRequest
from eseal.engine.pdf.stamp.seal_picture import es_id_from_seal
from eseal.engine.ses import build_signature


def sign_gm(
    pdf: bytes,
    *,
    seal_der: bytes,
    signer: Any,
    signer_cert_der: bytes,
    request: StampRequest | None = None,
    timestamper: Any = None,
    claimed_time_only: bool = False,
    signer_name: str | None = None,
    reason: str | None = None,
    location: str | None = None,
    appearance: SealAppearance | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    now: _dt.datetime | None = None,
) -> bytes:
    """Stamp and sign ``pdf`` with the GM profile; returns the new file (input + one revision).

    ``signer`` is an SM2 :class:`eseal.engine.pki.signer.Signer` whose certificate ``signer_cert_der``
    must be in the seal's certificate list. ``timestamper`` is a pyHanko ``TimeStamper``; without it
    signing raises ``TimeStampUnavailable`` unless ``claimed_time_only`` is set explicitly (an eseal
    ``TimeStampSource`` with ``stamp(digest, md)`` works as well, see :mod:`.trusted_time`).
    """

    require_time_source(timestamper, claimed_time_only)
    request = request or StampRequest()
    # SM3 of the input, in the background (over nothing for an input the opening will refuse)
    prefix = PrefixDigest(pdf if len(pdf) <= max_bytes else b"", "sm3")
    appearance = appearance or SealAppearance.from_ses_seal(seal_der)
    stamp = open_stamp(pdf, appearance, request, max_bytes=max_bytes)
    plan = stamp.plan

    when = (now or _dt.datetime.now(_dt.UTC)).astimezone(_dt.UTC).replace(microsecond=0)
    info = SignatureInfo(
        time=when,
        signer_name=signer_name,
        reason=reason,
        location=location,
        claimed_time_only=claimed_time_only,
        seal_id=es_id_from_seal(seal_der),
    )
    reserve = len(seal_der) + len(signer_cert_der) + gm_format.CONTENTS_MARGIN
    sig_obj = build_sig_object(
        filter_name=gm_format.FILTER,
        subfilter=gm_format.SUBFILTER,
        info=info,
        mode=request.mode,
        pages=plan.pages,
        bytes_reserved=2 * reserve,
    )

    def make_contents(prep: Prepared) -> bytes:
        prop = gm_format.format_property_info(prep.byte_range, request.mode, plan.pages, claimed_time_only)
        ts = None if claimed_time_only else (lambda sig_value: token_over(timestamper, sig_value))
        try:
            return build_signature(
                seal_der=seal_der,
                data_hash=prep.digest,
                property_info=prop,
                signer=signer,
                signer_cert_der=signer_cert_der,
                timestamp=ts,
                time=when,
            )
        except ValueError as exc:  # SesBuildError and friends: wrong key, cert not in seal...
            raise SigningError(f"cannot build the SES signature: {exc}") from exc

    signed = embed(stamp.writer, stamp.field_ref, sig_obj, "sm3", make_contents, lock=stamp.lock,
                   prefix_digest=prefix)
    return refuse_output_over_limit(signed, max_bytes)
