"""The in-process RFC 3161 time-stamping authority: DER TimeStampReq in, signed TimeStampResp out.

Why our own TSA: pyHanko's ``DummyTimeStamper`` is RSA-only and test-grade; we need SM2 tokens (SM3
digest, SM2-with-SM3 signature, GB/T 20520 style) and ECDSA tokens for PAdES B-T, both verifiable by
our validator. Tokens are CMS ``SignedData`` (v3) over ``TSTInfo`` with the signed attributes
contentType, messageDigest and signingCertificateV2 (ESSCertIDv2, RFC 5816).

Serial numbers are 127 random bits (unique with overwhelming probability, no persistent counter).
Accuracy is 1 s (``genTime`` has whole-second resolution).
"""

from __future__ import annotations

import datetime as _dt
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from asn1crypto import algos, cms, core, tsp, x509

import eseal.engine.pki.digests as digests
from eseal.engine.pki.certs import EKU_TIME_STAMPING, random_serial
from eseal.engine.pki.errors import InvalidArgument, TimeStampUnavailable
from eseal.engine.pki.signer import SM2
from eseal.engine.pki.tsa.protocol import DEFAULT_POLICY, ID_CT_TST_INFO, digest_algorithm

log = logging.getLogger(__name__)


class _StatusOnlyResp(core.Sequence):
    """``TimeStampResp`` without a token (asn1crypto declares the token mandatory)."""

    _fields = [("status", tsp.PKIStatusInfo)]


def _reject(fail_info: str, text: str) -> bytes:
    return _StatusOnlyResp(
        {"status": {"status": "rejection", "status_string": [text], "fail_info": {fail_info}}}
    ).dump()


def _sorted_attrs(attrs: list[cms.CMSAttribute]) -> cms.CMSAttributes:
    """DER SET OF: members ordered by their encodings."""
    return cms.CMSAttributes(sorted(attrs, key=lambda a: a.dump()))



class TimeStampAuthority:
    """An RFC 3161 TSA held in-process. ``respond(request_der)`` is what an HTTP front end calls."""

    def __init__(
        self,
        signer: Any,
        certificate: x509.Certificate,
        chain: Sequence[x509.Certificate] = (),
        *,
        policy: str = DEFAULT_POLICY,
        clock: Callable[[], _dt.datetime] | None = None,
    ) -> None:
        if signer.public_key_info.dump() != certificate.public_key.dump():
            raise InvalidArgument("TSA signer key does not match the TSA certificate")
        eku = certificate.extended_key_usage_value
        if eku is None or [p.dotted for p in eku] != [EKU_TIME_STAMPING] or "extended_key_usage" not in certificate.critical_extensions:
            raise InvalidArgument("TSA certificate must carry exactly the critical EKU id-kp-timeStamping")
        self.signer = signer
        self.certificate = certificate
        self.chain = list(chain)
        self.policy = policy
        self.clock = clock or (lambda: _dt.datetime.now(_dt.UTC))
        # SM2 TSAs hash with SM3 (GM/T 0033 / GB/T 20520); the others with SHA-256.
        self.digest_oid = digests.SM3 if signer.algorithm == SM2 else digests.SHA256
        self._lock = threading.Lock()
        self._prepare()

    def _prepare(self) -> None:
        """Pre-encode everything that is the same in every token.

        asn1crypto re-serialises constructed trees on every ``dump()``; building the constant parts once
        and re-loading them from DER makes token issuance ~10x faster.
        """
        cert = self.certificate
        ess: dict[str, Any] = {
            "cert_hash": digests.digest(self.digest_oid, cert.dump()),
            "issuer_serial": {
                "issuer": [x509.GeneralName(name="directory_name", value=cert.issuer)],
                "serial_number": cert.serial_number,
            },
        }
        if self.digest_oid != digests.SHA256:  # DER: omit the DEFAULT sha256
            ess["hash_algorithm"] = digest_algorithm(self.digest_oid)
        self._ess_attr = cms.CMSAttribute.load(
            cms.CMSAttribute({"type": "signing_certificate_v2", "values": [{"certs": [ess]}]}).dump()
        )
        self._ct_attr = cms.CMSAttribute.load(
            cms.CMSAttribute({"type": "content_type", "values": [ID_CT_TST_INFO]}).dump()
        )
        self._tsa_name = x509.GeneralName.load(x509.GeneralName(name="directory_name", value=cert.subject).dump())
        self._digest_alg = algos.DigestAlgorithm.load(digest_algorithm(self.digest_oid).dump())
        self._sig_alg = algos.SignedDigestAlgorithm.load(self.signer.signature_algorithm.dump())
        self._sid = cms.SignerIdentifier.load(
            cms.SignerIdentifier(
                name="issuer_and_serial_number", value={"issuer": cert.issuer, "serial_number": cert.serial_number}
            ).dump()
        )
        self._cert_set = cms.CertificateSet.load(
            cms.CertificateSet([cert, *[c for c in self.chain if c.subject != c.issuer]]).dump()
        )
        self._imprint_algs: dict[str, algos.DigestAlgorithm] = {}

    # -- entry points

    def respond(self, request_der: bytes) -> bytes:
        """DER TimeStampReq -> DER TimeStampResp. Bad requests get a rejection, never an exception."""
        try:
            req = tsp.TimeStampReq.load(request_der)
            req.native  # noqa: B018 - full parse
        except (ValueError, TypeError, KeyError):
            return _reject("bad_data_format", "malformed TimeStampReq")
        if req["version"].native != "v1":
            return _reject("bad_request", "unsupported request version")
        imprint = req["message_imprint"]
        hash_oid = imprint["hash_algorithm"]["algorithm"].dotted
        try:
            size = digests.digest_size(hash_oid)
        except digests.UnsupportedDigest:
            return _reject("bad_alg", f"unsupported hash algorithm {hash_oid}")
        if len(imprint["hashed_message"].native) != size:
            return _reject("bad_data_format", "message imprint length does not match its hash algorithm")
        if req["req_policy"].native is not None and req["req_policy"].dotted != self.policy:
            return _reject("unaccepted_policy", "requested policy is not supported")
        if req["extensions"].native:
            return _reject("unaccepted_extensions", "request extensions are not supported")
        try:
            token = self._token(imprint["hashed_message"].native, hash_oid, req["nonce"].native, bool(req["cert_req"].native))
        except TimeStampUnavailable as exc:
            return _reject("time_not_available", str(exc))
        except Exception:
            log.exception("TSA failed to issue a token")
            return _reject("system_failure", "TSA internal error")
        return tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token}).dump()

    def stamp(self, digest: bytes, hash_algorithm: str = "sha256", *, nonce: int | None = None,
              cert_req: bool = True) -> bytes:
        """Issue a token directly (no request/response wrapping): DER ContentInfo."""
        oid = digests.digest_oid(hash_algorithm)
        if len(digest) != digests.digest_size(oid):
            raise InvalidArgument("digest length does not match the hash algorithm")
        return self._token(digest, oid, nonce, cert_req).dump()

    def stamp_data(self, data: bytes, hash_algorithm: str = "sha256") -> bytes:
        return self.stamp(digests.digest(hash_algorithm, data), hash_algorithm)

    # -- token construction

    def _now(self) -> _dt.datetime:
        try:
            now = self.clock()
        except Exception as exc:
            raise TimeStampUnavailable(f"TSA clock unavailable: {exc}") from exc
        if now is None or now.tzinfo is None:
            raise TimeStampUnavailable("TSA clock returned no timezone-aware time")
        return now.astimezone(_dt.UTC).replace(microsecond=0)

    def _token(self, digest: bytes, hash_oid: str, nonce: int | None, cert_req: bool) -> cms.ContentInfo:
        if hash_oid not in self._imprint_algs:
            self._imprint_algs[hash_oid] = algos.DigestAlgorithm.load(digest_algorithm(hash_oid).dump())
        tst: dict[str, Any] = {
            "version": "v1",
            "policy": self.policy,
            "message_imprint": tsp.MessageImprint(
                {"hash_algorithm": self._imprint_algs[hash_oid], "hashed_message": digest}
            ),
            "serial_number": random_serial(),
            "gen_time": self._now(),
            "accuracy": {"seconds": 1},
            "tsa": self._tsa_name,
        }
        if nonce is not None:
            tst["nonce"] = nonce
        tst_der = tsp.TSTInfo(tst).dump()
        md_attr = cms.CMSAttribute.load(
            cms.CMSAttribute({"type": "message_digest", "values": [digests.digest(self.digest_oid, tst_der)]}).dump()
        )
        attrs_der = _sorted_attrs([self._ct_attr, md_attr, self._ess_attr]).dump()
        with self._lock:  # signers are not guaranteed thread-safe
            signature = self.signer.sign(attrs_der)
        signer_info = cms.SignerInfo(
            {
                "version": "v1",
                "sid": self._sid,
                "digest_algorithm": self._digest_alg,
                "signed_attrs": cms.CMSAttributes.load(attrs_der),
                "signature_algorithm": self._sig_alg,
                "signature": signature,
            }
        )
        signed_data: dict[str, Any] = {
            "version": "v3",
            "digest_algorithms": [self._digest_alg],
            "encap_content_info": {
                "content_type": ID_CT_TST_INFO,
                "content": core.ParsableOctetString(tst_der),
            },
            "signer_infos": [signer_info],
        }
        if cert_req:
            signed_data["certificates"] = self._cert_set
        return cms.ContentInfo.load(cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump())
