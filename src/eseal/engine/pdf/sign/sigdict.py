"""The signature dictionary placeholder shared by both profiles (keys defined in gm_format)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from eseal import __version__ as version
from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.io.prefix_digest import fill_with_prefix_digest


@dataclass(frozen=True)
class SignatureInfo:
    """What the signer states about the signature (all optional but the time)."""

    time: _dt.datetime
    signer_name: str | None = None
    reason: str | None = None
    location: str | None = None
    claimed_time_only: bool = False
    seal_id: str | None = None


class _Name:
    """Duck-typed SubFilter: pyHanko writes ``subfilter.value`` verbatim."""

    def __init__(self, name: str) -> None:
        from pyhanko.pdf_utils.generic import pdf_name

        self.value = pdf_name(name)


def _signature_object_class():
    """pyHanko's SignatureObject whose digest step can use a :class:`PrefixDigest` (see prefix_digest)."""
    from pyhanko.sign.signers.pdf_byterange import SignatureObject

    class _SignatureObject(SignatureObject):
        prefix_digest = None

        def fill(self, writer, md_algorithm, in_place=False, output=None, chunk_size=4096):
            if self.prefix_digest is None:
                return (yield from super().fill(writer, md_algorithm, in_place=in_place, output=output,
                                                chunk_size=chunk_size))

            return (yield from fill_with_prefix_digest(self, self.prefix_digest, writer, md_algorithm,
                                                       in_place=in_place, output=output, chunk_size=chunk_size))

    return _SignatureObject


def build_sig_object(*, filter_name: str, subfilter: str, info: SignatureInfo, mode: str, pages: list[int],
                     bytes_reserved: int, prefix_digest=None):
    """The /Sig placeholder. ``prefix_digest`` (a PrefixDigest over the input) makes the ByteRange digest
    reuse the input's hash computed in the background instead of a fresh pass in pyHanko."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string
    from pyhanko.sign.signers.pdf_byterange import BuildProps

    sig = _signature_object_class()(
        timestamp=info.time,
        subfilter=_Name(subfilter),
        name=info.signer_name,
        location=info.location,
        reason=info.reason,
        app_build_props=BuildProps(name="eseal", revision=str(version)),
        bytes_reserved=bytes_reserved,
    )
    sig[pdf_name("/Filter")] = pdf_name(filter_name)
    sig[pdf_name(gm_format.KEY_TIME_SOURCE)] = pdf_name(
        gm_format.TIME_SOURCE_CLAIMED if info.claimed_time_only else gm_format.TIME_SOURCE_TSA
    )
    sig[pdf_name(gm_format.KEY_MODE)] = pdf_name("/" + mode)
    sig[pdf_name(gm_format.KEY_PAGES)] = generic.ArrayObject([generic.NumberObject(p) for p in pages])
    if info.seal_id:
        sig[pdf_name(gm_format.KEY_SEAL_ID)] = pdf_string(info.seal_id)
    sig.prefix_digest = prefix_digest
    return sig
