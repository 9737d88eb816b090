"""Throw-away test PKI and pyHanko signing helpers for the verification tests.

ECDSA P-256 root, signers (good / expired / revoked / not-yet-valid), an RSA TSA (pyHanko's
DummyTimeStamper is RSA-only) and a CRL — all built with ``cryptography`` so that the tests sign real
PAdES files with pyHanko directly and do not depend on the signing half being finished.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.now(UTC).replace(microsecond=0)


def _name(cn: str, org: str = "eseal 测试") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _a_cert(c: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))


def _a_key(k) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(
        k.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


@dataclass
class Issued:
    cert: x509.Certificate
    key: object

    @property
    def a_cert(self) -> asn1_x509.Certificate:
        return _a_cert(self.cert)

    @property
    def a_key(self) -> asn1_keys.PrivateKeyInfo:
        return _a_key(self.key)

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


@dataclass
class VerifyPKI:
    root: Issued
    signer: Issued
    expired: Issued
    revoked: Issued
    not_yet_valid: Issued
    tsa: Issued
    other_root: Issued
    crl_der: bytes
    revoked_at: datetime
    extra: dict = field(default_factory=dict)

    @property
    def a_crl(self) -> asn1_crl.CertificateList:
        return asn1_crl.CertificateList.load(self.crl_der)


def _issue(subject: str, key, issuer: Issued | None, *, not_before: datetime, not_after: datetime,
           ca: bool = False, tsa: bool = False, org: str = "eseal 测试") -> Issued:
    name = _name(subject, org)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.cert.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    if ca:
        ku = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
    elif tsa:
        ku = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    else:
        ku = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    builder = builder.add_extension(ku, critical=True)
    signing_key = issuer.key if issuer else key
    cert = builder.sign(signing_key, hashes.SHA256())
    return Issued(cert, key)


@cache
def make_pki() -> VerifyPKI:
    ec_key = lambda: ec.generate_private_key(ec.SECP256R1())  # noqa: E731
    root = _issue("eseal Test Root CA", ec_key(), None, not_before=NOW - timedelta(days=3650),
                  not_after=NOW + timedelta(days=3650), ca=True)
    other_root = _issue("Untrusted Root CA", ec_key(), None, not_before=NOW - timedelta(days=3650),
                        not_after=NOW + timedelta(days=3650), ca=True)
    signer = _issue("张三", ec_key(), root, not_before=NOW - timedelta(days=30), not_after=NOW + timedelta(days=365),
                    org="杭州测试科技有限公司")
    expired = _issue("过期证书用户", ec_key(), root, not_before=NOW - timedelta(days=400),
                     not_after=NOW - timedelta(days=30))
    revoked = _issue("吊销证书用户", ec_key(), root, not_before=NOW - timedelta(days=60),
                     not_after=NOW + timedelta(days=300))
    not_yet = _issue("未生效证书用户", ec_key(), root, not_before=NOW + timedelta(days=10),
                     not_after=NOW + timedelta(days=300))
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = _issue("eseal Test TSA", tsa_key, root, not_before=NOW - timedelta(days=365),
                 not_after=NOW + timedelta(days=3650), tsa=True)
    revoked_at = NOW - timedelta(days=1)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.cert.subject)
        .last_update(NOW - timedelta(hours=1))
        .next_update(NOW + timedelta(days=7))
        .add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(revoked.cert.serial_number)
            .revocation_date(revoked_at)
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
            .build()
        )
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()), critical=False)
        .add_extension(x509.CRLNumber(1), critical=False)
        .sign(root.key, hashes.SHA256())
    )
    return VerifyPKI(root, signer, expired, revoked, not_yet, tsa, other_root,
                   crl.public_bytes(serialization.Encoding.DER), revoked_at)


@cache
def base_pdf(pages: int = 2) -> bytes:
    """A small unsigned PDF with Chinese text (reportlab + embedded TrueType CJK font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    try:
        pdfmetrics.getFont("WQY")
    except KeyError:
        pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i in range(pages):
        c.setFont("WQY", 16)
        c.drawString(72, 760, f"采购合同（测试文档） 第 {i + 1} 页")
        c.setFont("WQY", 11)
        c.drawString(72, 730, "甲方：杭州测试科技有限公司        乙方：上海示例贸易有限公司")
        c.drawString(72, 710, "合同金额：人民币 壹拾万元整（¥100,000.00）")
        c.showPage()
    c.save()
    return buf.getvalue()


def sign_pades(pdf: bytes, who: Issued | None = None, *, field_name: str = "Signature1", timestamp: bool = True,
               visible: bool = True, page: int = 0, tsa_time: datetime | None = None) -> bytes:
    """Sign ``pdf`` incrementally with pyHanko (PAdES, SHA-256), optionally with a B-T time-stamp."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    pki = make_pki()
    who = who or pki.signer
    signer = signers.SimpleSigner(
        signing_cert=who.a_cert, signing_key=who.a_key,
        cert_registry=SimpleCertificateStore.from_certs([pki.root.a_cert]),
    )
    tsr = None
    if timestamp:
        tsr = timestamps.DummyTimeStamper(
            tsa_cert=pki.tsa.a_cert, tsa_key=pki.tsa.a_key,
            certs_to_embed=SimpleCertificateStore.from_certs([pki.root.a_cert]),
            fixed_dt=tsa_time,
        )
    w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    spec = None
    if visible:
        spec = fields.SigFieldSpec(field_name, on_page=page, box=(360, 560, 500, 700))
    meta = signers.PdfSignatureMetadata(field_name=field_name, md_algorithm="sha256",
                                        subfilter=SigSeedSubFilter.PADES)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, timestamper=tsr, new_field_spec=spec).sign_pdf(w, output=out)
    return out.getvalue()


@dataclass(frozen=True)
class GmPKI:
    root: asn1_x509.Certificate
    root_signer: object
    signer: object
    signer_cert: asn1_x509.Certificate
    seal_der: bytes
    expired_seal_der: bytes  # validity window ended before now
    other_seal_der: bytes  # seal whose certList does not contain signer_cert


def _png() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((10, 10, 290, 290), outline=(220, 0, 0, 255), width=14)
    d.regular_polygon((150, 150, 50), 5, rotation=90 + 36, fill=(220, 0, 0, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


@cache
def gm_pki() -> GmPKI:
    from eseal.engine.gm.sm2 import SM2PrivateKey
    from eseal.engine.pki import certs as pki_certs
    from eseal.engine.pki.signer import SM2SoftwareSigner
    from eseal.engine.ses.build import build_seal

    root_signer = SM2SoftwareSigner(SM2PrivateKey.generate())
    root_name = pki_certs.build_name([("C", "CN"), ("O", "eseal 测试"), ("CN", "eseal SM2 Test Root")])
    root = pki_certs.build_certificate(
        subject=root_name, subject_public_key_info=root_signer.public_key_info, issuer_signer=root_signer,
        not_before=NOW - timedelta(days=400), not_after=NOW + timedelta(days=3650),
        extensions=pki_certs.ca_extensions(None),
    )
    signer = SM2SoftwareSigner(SM2PrivateKey.generate())
    signer_cert = pki_certs.build_certificate(
        subject=pki_certs.build_name([("C", "CN"), ("O", "杭州测试科技有限公司"), ("CN", "杭州测试科技有限公司")]),
        subject_public_key_info=signer.public_key_info, issuer_signer=root_signer, issuer_name=root_name,
        issuer_public_key_info=root_signer.public_key_info, not_before=NOW - timedelta(days=30),
        not_after=NOW + timedelta(days=365), extensions=pki_certs.end_entity_extensions(),
    )

    def seal(es_id: str, start: datetime, end: datetime, cert_list: list[bytes]) -> bytes:
        return build_seal(
            es_id=es_id, seal_type=4, name="杭州测试科技有限公司合同专用章", cert_list=cert_list, picture=_png(),
            picture_type="PNG", width_mm=40, height_mm=40, valid_start=start, valid_end=end,
            maker_signer=root_signer, maker_cert=root.dump(),
        )

    good = seal("33010004000000011", NOW - timedelta(days=20), NOW + timedelta(days=300), [signer_cert.dump()])
    expired = seal("33010004000000029", NOW - timedelta(days=200), NOW - timedelta(days=10), [signer_cert.dump()])
    other = seal("33010004000000037", NOW - timedelta(days=20), NOW + timedelta(days=300), [root.dump()])
    return GmPKI(root, root_signer, signer, signer_cert, good, expired, other)


def gm_timestamper():
    from pyhanko.sign import timestamps
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    pki = make_pki()
    return timestamps.DummyTimeStamper(
        tsa_cert=pki.tsa.a_cert, tsa_key=pki.tsa.a_key,
        certs_to_embed=SimpleCertificateStore.from_certs([pki.root.a_cert]),
    )


def sign_gm_pdf(pdf: bytes, *, seal_der: bytes | None = None, timestamp: bool = True, page: int = 1) -> bytes:
    from eseal.engine.pdf.sign.gm import sign_gm
    from eseal.engine.pdf.stamp.placement import StampRequest

    g = gm_pki()
    return sign_gm(
        pdf, seal_der=seal_der or g.seal_der, signer=g.signer, signer_cert_der=g.signer_cert.dump(),
        request=StampRequest(page=page), timestamper=gm_timestamper() if timestamp else None,
        claimed_time_only=not timestamp, signer_name="杭州测试科技有限公司",
    )


@cache
def gm_root_crl():  # type: ignore[no-untyped-def]
    """An empty CRL of the SM2 test root: the GM signer's revocation status is known (E3 #4)."""
    from eseal.engine.pki.crl import build_crl

    g = gm_pki()
    return build_crl(issuer_cert=g.root, issuer_signer=g.root_signer, entries=[], this_update=NOW - timedelta(hours=1),
                     next_update=NOW + timedelta(days=30), crl_number=1)


def full_trust():
    """Both test roots and a CRL from each (ECDSA root's, SM2 root's): revocation status known for both."""
    from eseal.engine.pdf.verify.trust import TrustStore

    pki = make_pki()
    return TrustStore(anchors=[pki.root.a_cert, gm_pki().root], crls=[pki.a_crl, gm_root_crl()])


def every_object_dump(pdf: bytes) -> list[tuple[int, str]]:
    """Every object of every revision of ``pdf`` as pyHanko reads it right now (its type and the bytes it writes),
    by revision and object number: to compare pyHanko's own readers with one of ours installed in their place."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    out = []
    for rev in range(reader.xrefs.total_revisions):
        for ref in sorted(reader.xrefs.explicit_refs_in_revision(rev), key=lambda r: r.idnum):
            obj = reader.get_object(generic.Reference(ref.idnum, ref.generation, reader), revision=rev)
            buf = io.BytesIO()
            obj.write_to_stream(buf)
            out.append((rev, repr(type(obj)) + buf.getvalue().hex()))
    return out
