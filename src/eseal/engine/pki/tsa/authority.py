"""RFC 3161 time-stamping: an in-process TSA, a tiny HTTP front end, an HTTP client, and token verification.

Why our own TSA: pyHanko's ``DummyTimeStamper`` is RSA-only and test-grade; we need SM2 tokens (SM3
digest, SM2-with-SM3 signature, GB/T 20520 style) and ECDSA tokens for PAdES B-T, both verifiable by
our validator. Tokens are CMS ``SignedData`` (v3) over ``TSTInfo`` with the signed attributes
contentType, messageDigest and signingCertificateV2 (ESSCertIDv2, RFC 5816).

**Time is never silent.** :func:`obtain_time` raises :class:`TimeStampUnavailable` when no token can
be obtained; only a caller that passes ``allow_claimed_time=True`` gets a :class:`TrustedTime` with
``trusted=False`` and ``source="claimed"`` — never a quiet fallback to the local clock.

Serial numbers are 127 random bits (unique with overwhelming probability, no persistent counter).
Accuracy is 1 s (``genTime`` has whole-second resolution).
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from asn1crypto import algos, cms, core, tsp, x509
from asn1crypto import crl as asn1_crl
from asn1crypto import parser as asn1_parser

from eseal.engine.gm import oids as gm_oids

from . import digests
from .certs import EKU_TIME_STAMPING, random_serial
from .errors import InvalidTimeStamp, TimeStampUnavailable
from .signer import SM2, verify_with_public_key_info

log = logging.getLogger(__name__)

# A UUID-derived OID (ITU-T X.667, arc 2.25): eseal's default TSA policy, no registration needed.
DEFAULT_POLICY = "2.25.197107399224005791118542966220571809387"
ID_CT_TST_INFO = "1.2.840.113549.1.9.16.1.4"
_PKCS7_SIGNED_DATA = "1.2.840.113549.1.7.2"
CONTENT_TYPE_QUERY = "application/timestamp-query"
CONTENT_TYPE_REPLY = "application/timestamp-reply"
MAX_REQUEST_BYTES = 64 * 1024

# Signature-algorithm OIDs seen in SignerInfos of other TSAs, mapped to the combined OID we verify.
_RSA_ENCRYPTION = "1.2.840.113549.1.1.1"
_SM2_SIGN = "1.2.156.10197.1.301.1"
_SM2_WITH_SM3 = "1.2.156.10197.1.501"


class _StatusOnlyResp(core.Sequence):
    """``TimeStampResp`` without a token (asn1crypto declares the token mandatory)."""

    _fields = [("status", tsp.PKIStatusInfo)]


def _reject(fail_info: str, text: str) -> bytes:
    return _StatusOnlyResp(
        {"status": {"status": "rejection", "status_string": [text], "fail_info": {fail_info}}}
    ).dump()


def _digest_algorithm(oid: str) -> algos.DigestAlgorithm:
    return algos.DigestAlgorithm({"algorithm": oid})


def _sorted_attrs(attrs: list[cms.CMSAttribute]) -> cms.CMSAttributes:
    """DER SET OF: members ordered by their encodings."""
    return cms.CMSAttributes(sorted(attrs, key=lambda a: a.dump()))


class TimeStampSource(Protocol):
    """Anything that turns a digest into a DER TimeStampToken (our TSA object or an HTTP client)."""

    def stamp(self, digest: bytes, hash_algorithm: str = "sha256") -> bytes: ...


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
            raise ValueError("TSA signer key does not match the TSA certificate")
        eku = certificate.extended_key_usage_value
        if eku is None or [p.dotted for p in eku] != [EKU_TIME_STAMPING] or "extended_key_usage" not in certificate.critical_extensions:
            raise ValueError("TSA certificate must carry exactly the critical EKU id-kp-timeStamping")
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
            ess["hash_algorithm"] = _digest_algorithm(self.digest_oid)
        self._ess_attr = cms.CMSAttribute.load(
            cms.CMSAttribute({"type": "signing_certificate_v2", "values": [{"certs": [ess]}]}).dump()
        )
        self._ct_attr = cms.CMSAttribute.load(
            cms.CMSAttribute({"type": "content_type", "values": [ID_CT_TST_INFO]}).dump()
        )
        self._tsa_name = x509.GeneralName.load(x509.GeneralName(name="directory_name", value=cert.subject).dump())
        self._digest_alg = algos.DigestAlgorithm.load(_digest_algorithm(self.digest_oid).dump())
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
            raise ValueError("digest length does not match the hash algorithm")
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
            self._imprint_algs[hash_oid] = algos.DigestAlgorithm.load(_digest_algorithm(hash_oid).dump())
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


# ----------------------------------------------------------------------------------------------------------
# verification


@dataclass(frozen=True)
class TimeStampInfo:
    """What a verified token proves: ``gen_time`` is the trusted time."""

    gen_time: _dt.datetime
    serial_number: int
    policy: str
    hash_algorithm: str  # dotted OID of the message imprint
    hashed_message: bytes
    nonce: int | None
    accuracy_seconds: float | None
    tsa_certificate: x509.Certificate
    chain: Any  # ValidationResult of the TSA certificate at gen_time (None if not checked)


def parse_token(token: bytes | cms.ContentInfo) -> tuple[cms.SignedData, tsp.TSTInfo, bytes]:
    """(SignedData, TSTInfo, TSTInfo DER) of a token; :class:`InvalidTimeStamp` for anything malformed."""
    try:
        raw = token.dump() if isinstance(token, cms.ContentInfo) else bytes(token)
        ci = cms.ContentInfo.load(raw)
        content_type = ci["content_type"].dotted
        if content_type == _PKCS7_SIGNED_DATA:
            sd = ci["content"]
        elif content_type == gm_oids.GM_SIGNED_DATA:
            # GM/T 0010 wrapping used by some Chinese TSAs: same SignedData under another OID
            _, _, _, _, outer, _ = asn1_parser.parse(raw)
            cls_, _, tag, _, inner, _ = asn1_parser.parse(outer[asn1_parser.peek(outer):])
            if (cls_, tag) != (2, 0):
                raise InvalidTimeStamp("GM/T 0010 token content is not [0] EXPLICIT")
            sd = cms.SignedData.load(inner)
        else:
            raise InvalidTimeStamp("time-stamp token is not CMS SignedData")
        encap = sd["encap_content_info"]
        if encap["content_type"].dotted != ID_CT_TST_INFO:
            raise InvalidTimeStamp("time-stamp token does not contain a TSTInfo")
        tst_der = encap["content"].contents if encap["content"].native is not None else b""
        if not tst_der:
            raise InvalidTimeStamp("time-stamp token has no TSTInfo content")
        tst = tsp.TSTInfo.load(tst_der)
        tst.native  # noqa: B018 - full parse of the small TSTInfo (not of sd: that would mutate it)
    except InvalidTimeStamp:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidTimeStamp(f"malformed time-stamp token: {exc}") from exc
    return sd, tst, tst_der


def token_gen_time(token: bytes | cms.ContentInfo) -> _dt.datetime:
    """genTime of a token WITHOUT verifying it (for display; use :func:`verify_token` for trust)."""
    return parse_token(token)[1]["gen_time"].native


def _attr(signer_info: cms.SignerInfo, name: str) -> Any:
    for attr in signer_info["signed_attrs"]:
        if attr["type"].native == name:
            values = attr["values"]
            if len(values) != 1:
                raise InvalidTimeStamp(f"signed attribute {name} must have exactly one value")
            return values[0]
    return None


def _signature_oid(signer_info: cms.SignerInfo, digest_oid: str) -> str:
    oid = signer_info["signature_algorithm"]["algorithm"].dotted
    if oid == _SM2_SIGN and digest_oid == digests.SM3:
        return _SM2_WITH_SM3
    if oid == _RSA_ENCRYPTION and digest_oid == digests.SHA256:
        return "1.2.840.113549.1.1.11"
    return oid


def _check_signing_certificate(signer_info: cms.SignerInfo, cert: x509.Certificate) -> None:
    v2 = _attr(signer_info, "signing_certificate_v2")
    if v2 is not None:
        first = v2["certs"][0]
        hash_oid = first["hash_algorithm"]["algorithm"].dotted
        try:
            expected = digests.digest(hash_oid, cert.dump())
        except digests.UnsupportedDigest as exc:
            raise InvalidTimeStamp(f"ESSCertIDv2 uses an unsupported hash {hash_oid}") from exc
        if first["cert_hash"].native != expected:
            raise InvalidTimeStamp("ESSCertIDv2 does not match the TSA certificate")
        return
    v1 = _attr(signer_info, "signing_certificate")
    if v1 is not None:
        import hashlib

        if v1["certs"][0]["cert_hash"].native != hashlib.sha1(cert.dump(), usedforsecurity=False).digest():
            raise InvalidTimeStamp("ESSCertID does not match the TSA certificate")
        return
    raise InvalidTimeStamp("token lacks the signing-certificate attribute (RFC 3161 §2.4.1)")


def verify_token(
    token: bytes | cms.ContentInfo,
    *,
    data: bytes | None = None,
    digest: bytes | None = None,
    hash_algorithm: str | None = None,
    trust_roots: Iterable[x509.Certificate],
    intermediates: Iterable[x509.Certificate] = (),
    crls: Iterable[asn1_crl.CertificateList] = (),
    tsa_certificates: Iterable[x509.Certificate] = (),
    nonce: int | None = None,
    require_revocation: bool = True,
) -> TimeStampInfo:
    """Verify a token and return the proven time, or raise :class:`InvalidTimeStamp` saying why.

    Checks: the message imprint against ``data`` (hashed with the token's algorithm) or ``digest``;
    contentType and messageDigest signed attributes; the TSA signature; the signing-certificate
    attribute; the TSA certificate's sole, critical timeStamping EKU; and its chain at ``genTime``
    (revocation included; a TSA certificate revoked after ``genTime`` still proves that time).
    """
    if data is None and digest is None:
        raise ValueError("verify_token needs data or digest to check the message imprint")
    sd, tst, tst_der = parse_token(token)
    try:
        return _verify_parsed(sd, tst, tst_der, data=data, digest=digest, hash_algorithm=hash_algorithm,
                              trust_roots=trust_roots, intermediates=intermediates, crls=crls,
                              tsa_certificates=tsa_certificates, nonce=nonce, require_revocation=require_revocation)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise InvalidTimeStamp(f"malformed time-stamp token: {exc}") from exc


def _verify_parsed(sd: cms.SignedData, tst: tsp.TSTInfo, tst_der: bytes, *, data: bytes | None, digest: bytes | None,
                   hash_algorithm: str | None, trust_roots: Iterable[x509.Certificate],
                   intermediates: Iterable[x509.Certificate], crls: Iterable[asn1_crl.CertificateList],
                   tsa_certificates: Iterable[x509.Certificate], nonce: int | None,
                   require_revocation: bool) -> TimeStampInfo:
    from .validation import validate_certificate

    imprint = tst["message_imprint"]
    imprint_oid = imprint["hash_algorithm"]["algorithm"].dotted
    hashed = imprint["hashed_message"].native
    if hash_algorithm is not None and digests.digest_oid(hash_algorithm) != imprint_oid:
        raise InvalidTimeStamp(f"token imprint uses {imprint_oid}, expected {hash_algorithm}")
    if data is not None:
        try:
            expected = digests.digest(imprint_oid, data)
        except digests.UnsupportedDigest as exc:
            raise InvalidTimeStamp(f"token imprint uses unsupported hash {imprint_oid}") from exc
        if expected != hashed:
            raise InvalidTimeStamp("message imprint does not match the data")
    elif digest != hashed:
        raise InvalidTimeStamp("message imprint does not match the digest")
    if nonce is not None and tst["nonce"].native != nonce:
        raise InvalidTimeStamp("token nonce does not match the request")

    signer_infos = sd["signer_infos"]
    if len(signer_infos) != 1:
        raise InvalidTimeStamp("token must have exactly one SignerInfo")
    si = signer_infos[0]
    raw_attrs = si["signed_attrs"].dump()  # before any .native access: asn1crypto would re-encode it
    if not raw_attrs:
        raise InvalidTimeStamp("token SignerInfo has no signed attributes")
    signed_attrs_der = b"\x31" + raw_attrs[1:]
    digest_oid = si["digest_algorithm"]["algorithm"].dotted
    content_type = _attr(si, "content_type")
    if content_type is None or content_type.dotted != ID_CT_TST_INFO:
        raise InvalidTimeStamp("contentType signed attribute is not id-ct-TSTInfo")
    md = _attr(si, "message_digest")
    try:
        if md is None or md.native != digests.digest(digest_oid, tst_der):
            raise InvalidTimeStamp("messageDigest does not match the TSTInfo (token tampered)")
    except digests.UnsupportedDigest as exc:
        raise InvalidTimeStamp(f"token digest algorithm {digest_oid} unsupported") from exc

    sid = si["sid"]
    candidates = [*(c.chosen for c in sd["certificates"] if c.name == "certificate"), *tsa_certificates]
    tsa_cert = None
    for c in candidates:
        if sid.name == "issuer_and_serial_number":
            if c.issuer == sid.chosen["issuer"] and c.serial_number == sid.chosen["serial_number"].native:
                tsa_cert = c
                break
        elif c.key_identifier == sid.chosen.native:
            tsa_cert = c
            break
    if tsa_cert is None:
        raise InvalidTimeStamp("TSA certificate not found in the token (request it with certReq)")
    if not verify_with_public_key_info(
        tsa_cert.public_key, si["signature"].native, signed_attrs_der, _signature_oid(si, digest_oid)
    ):
        raise InvalidTimeStamp("TSA signature does not verify (token tampered or wrong certificate)")
    _check_signing_certificate(si, tsa_cert)

    eku = tsa_cert.extended_key_usage_value
    if eku is None or [p.dotted for p in eku] != [EKU_TIME_STAMPING]:
        raise InvalidTimeStamp("TSA certificate must have id-kp-timeStamping as its only extended key usage")
    if "extended_key_usage" not in tsa_cert.critical_extensions:
        raise InvalidTimeStamp("TSA certificate's extended key usage is not critical")

    gen_time = tst["gen_time"].native
    token_certs = [c.chosen for c in sd["certificates"] if c.name == "certificate"] if sd["certificates"].native else []
    chain = validate_certificate(
        tsa_cert,
        trust_roots=trust_roots,
        intermediates=[*intermediates, *token_certs],
        crls=crls,
        at=gen_time,
        require_revocation=require_revocation,
    )
    if not chain.ok:
        raise InvalidTimeStamp(f"TSA certificate not valid at {gen_time.isoformat()}: {chain.status.value}: {chain.message}")
    acc = tst["accuracy"]
    accuracy = None
    if acc.native is not None:
        accuracy = (acc["seconds"].native or 0) + (acc["millis"].native or 0) / 1e3 + (acc["micros"].native or 0) / 1e6
    return TimeStampInfo(
        gen_time=gen_time,
        serial_number=tst["serial_number"].native,
        policy=tst["policy"].dotted,
        hash_algorithm=imprint_oid,
        hashed_message=hashed,
        nonce=tst["nonce"].native,
        accuracy_seconds=accuracy,
        tsa_certificate=tsa_cert,
        chain=chain,
    )


# ----------------------------------------------------------------------------------------------------------
# HTTP client and server


def build_request(digest: bytes, hash_algorithm: str = "sha256", *, nonce: int | None = None,
                  cert_req: bool = True, policy: str | None = None) -> tsp.TimeStampReq:
    req: dict[str, Any] = {
        "version": "v1",
        "message_imprint": {"hash_algorithm": _digest_algorithm(digests.digest_oid(hash_algorithm)),
                            "hashed_message": digest},
        "cert_req": cert_req,
    }
    if nonce is not None:
        req["nonce"] = nonce
    if policy is not None:
        req["req_policy"] = policy
    return tsp.TimeStampReq(req)


def token_from_response(response_der: bytes, *, digest: bytes, nonce: int | None) -> bytes:
    """Check a TimeStampResp (status, imprint, nonce) and return the DER token; no chain validation."""
    try:
        outer = core.SequenceOf.load(response_der)
        status_info = tsp.PKIStatusInfo.load(outer[0].dump())
        status_info.native  # noqa: B018
    except (ValueError, TypeError, KeyError) as exc:
        raise TimeStampUnavailable(f"TSA answered something that is not a TimeStampResp: {exc}") from exc
    if status_info["status"].native not in ("granted", "granted_with_mods"):
        text = "; ".join(status_info["status_string"].native or [])
        fail = ", ".join(sorted(status_info["fail_info"].native or []))
        raise TimeStampUnavailable(f"TSA refused the request ({status_info['status'].native}: {fail} {text})".strip())
    try:
        resp = tsp.TimeStampResp.load(response_der)
        token = resp["time_stamp_token"]
        present = not isinstance(token, core.Void)
    except (ValueError, TypeError, KeyError) as exc:
        # e.g. "granted" but the token is missing or not even a ContentInfo
        raise TimeStampUnavailable(f"TSA granted the request but sent no usable token: {exc}") from exc
    if not present:
        raise TimeStampUnavailable("TSA granted the request but sent no time-stamp token")
    _sd, tst, _ = parse_token(token)
    if tst["message_imprint"]["hashed_message"].native != digest:
        raise InvalidTimeStamp("TSA returned a token for a different message imprint")
    if nonce is not None and tst["nonce"].native != nonce:
        raise InvalidTimeStamp("TSA returned a token with a different nonce")
    return token.dump()


class HTTPTimeStampClient:
    """RFC 3161 over HTTP (``application/timestamp-query``) for any TSA, ours included."""

    def __init__(self, url: str, *, timeout: float = 10.0, cert_req: bool = True, policy: str | None = None,
                 auth: tuple[str, str] | None = None, headers: dict[str, str] | None = None) -> None:
        self.url = url
        self.timeout = timeout
        self.cert_req = cert_req
        self.policy = policy
        self.auth = auth
        self.headers = dict(headers or {})

    def stamp(self, digest: bytes, hash_algorithm: str = "sha256") -> bytes:
        import httpx

        nonce = int.from_bytes(os.urandom(8), "big") >> 1
        req = build_request(digest, hash_algorithm, nonce=nonce, cert_req=self.cert_req, policy=self.policy)
        try:
            resp = httpx.post(
                self.url,
                content=req.dump(),
                headers={"Content-Type": CONTENT_TYPE_QUERY, **self.headers},
                timeout=self.timeout,
                auth=self.auth,
            )
        except httpx.HTTPError as exc:
            raise TimeStampUnavailable(f"TSA {self.url} unreachable: {exc}") from exc
        if resp.status_code != 200:
            raise TimeStampUnavailable(f"TSA {self.url} answered HTTP {resp.status_code}")
        return token_from_response(resp.content, digest=digest, nonce=nonce)

    def stamp_data(self, data: bytes, hash_algorithm: str = "sha256") -> bytes:
        return self.stamp(digests.digest(hash_algorithm, data), hash_algorithm)


class _Handler(BaseHTTPRequestHandler):
    server_version = "eseal-tsa/1"
    tsa: TimeStampAuthority  # set on the per-server subclass

    def do_POST(self) -> None:
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != CONTENT_TYPE_QUERY:
            self._send(415, b"expected Content-Type: application/timestamp-query\n", "text/plain")
            return
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if not 0 < length <= MAX_REQUEST_BYTES:
            self._send(400, b"bad Content-Length\n", "text/plain")
            return
        body = self.rfile.read(length)
        self._send(200, self.tsa.respond(body), CONTENT_TYPE_REPLY)

    def do_GET(self) -> None:
        self._send(405, b"POST an RFC 3161 TimeStampReq\n", "text/plain")

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # route to logging, not stderr
        log.debug("tsa http: " + format, *args)


class TimeStampServer:
    """RFC 3161 over HTTP for a :class:`TimeStampAuthority` (stdlib ``http.server``, background thread).

    Meant for tests and local use (binds 127.0.0.1 by default); put a real reverse proxy in front for
    anything else. Use as a context manager or call ``start()`` / ``stop()``.
    """

    def __init__(self, tsa: TimeStampAuthority, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = type("TSAHandler", (_Handler,), {"tsa": tsa})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        host_text = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{host_text}:{port}/tsa"

    def start(self) -> TimeStampServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="eseal-tsa", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> TimeStampServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ----------------------------------------------------------------------------------------------------------
# "time is never silent"


@dataclass(frozen=True)
class TrustedTime:
    time: _dt.datetime
    trusted: bool  # True: proven by a TSA token; False: claimed (local clock), caller opted in
    source: str  # "tsa" | "claimed"
    token: bytes | None = None
    reason: str | None = None  # why only a claimed time is available


def obtain_time(
    source: TimeStampSource | None,
    digest: bytes,
    hash_algorithm: str = "sha256",
    *,
    allow_claimed_time: bool = False,
    clock: Callable[[], _dt.datetime] | None = None,
) -> TrustedTime:
    """Get a time-stamp token for ``digest``.

    Raises :class:`TimeStampUnavailable` if none can be obtained, unless ``allow_claimed_time=True``, in
    which case the result says ``trusted=False, source="claimed"`` and carries the reason.
    """
    try:
        if source is None:
            raise TimeStampUnavailable("no time-stamp authority configured")
        token = source.stamp(digest, hash_algorithm)
        return TrustedTime(token_gen_time(token), True, "tsa", token)
    except (TimeStampUnavailable, InvalidTimeStamp) as exc:
        if not allow_claimed_time:
            if isinstance(exc, TimeStampUnavailable):
                raise
            raise TimeStampUnavailable(f"TSA returned an unusable token: {exc}") from exc
        now = (clock or (lambda: _dt.datetime.now(_dt.UTC)))()
        log.warning("no trusted time, using claimed local time: %s", exc)
        return TrustedTime(now.astimezone(_dt.UTC), False, "claimed", None, str(exc))
