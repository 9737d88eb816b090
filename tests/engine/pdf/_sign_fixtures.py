"""Test material for the stamping/signing tests: real SM2 seal + certs, ECDSA/RSA PAdES PKI, TSA, PDFs.

SM2 side: an SM2 root (the 制章者 / seal maker is the CA key itself here), an SM2 signer certificate,
and a GB/T 38540 v4 seal built by the SES engine with a red round PNG. International side: an ECDSA
P-256 root with ECDSA and RSA signers, an RSA TSA (pyHanko's DummyTimeStamper is RSA-only) and a CRL.
PDFs are generated with pikepdf (deterministic text pages, optional /Rotate and CropBox offsets).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

import pikepdf
from PIL import Image, ImageDraw

from eseal.engine.gm.sm2 import SM2PrivateKey
from eseal.engine.pki import certs as pki_certs
from eseal.engine.pki.signer import ECDSASoftwareSigner, RSASoftwareSigner, SM2SoftwareSigner

NOW = datetime.now(UTC).replace(microsecond=0)
SEAL_MM = 42


def red_seal_png(px: int = 400) -> bytes:
    """A transparent PNG with a red ring, star and bar — stands in for the art engine's output."""
    img = Image.new("RGBA", (px, px), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    w = px // 25
    d.ellipse((w, w, px - w, px - w), outline=(220, 0, 0, 255), width=w)
    c = px // 2
    r = px // 7
    d.regular_polygon((c, c, r), 5, rotation=90 + 36, fill=(220, 0, 0, 255))
    d.rectangle((px // 4, int(px * 0.7), px * 3 // 4, int(px * 0.74)), fill=(220, 0, 0, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


@dataclass(frozen=True)
class GmMaterial:
    root_der: bytes
    signer: SM2SoftwareSigner
    signer_cert_der: bytes
    seal_der: bytes


def _self_signed_root(root_signer, root_name):  # type: ignore[no-untyped-def]
    """A self-signed test root CA valid from yesterday for ten years."""
    return pki_certs.build_certificate(
        subject=root_name,
        subject_public_key_info=root_signer.public_key_info,
        issuer_signer=root_signer,
        not_before=NOW - timedelta(days=1),
        not_after=NOW + timedelta(days=3650),
        extensions=pki_certs.ca_extensions(None),
    )


def _company_seal(es_id: str, name: str, cert_der: bytes, maker_signer: object, maker_cert_der: bytes) -> bytes:
    """The test company seal (red PNG, SEAL_MM square, valid from yesterday for 300 days) over one cert."""
    from eseal.engine.ses.build import build_seal

    return build_seal(
        es_id=es_id,
        seal_type=1,
        name=name,
        cert_list=[cert_der],
        picture=red_seal_png(),
        picture_type="PNG",
        width_mm=SEAL_MM,
        height_mm=SEAL_MM,
        valid_start=NOW - timedelta(days=1),
        valid_end=NOW + timedelta(days=300),
        maker_signer=maker_signer,
        maker_cert=maker_cert_der,
    )


@cache
def gm_material() -> GmMaterial:
    root_signer = SM2SoftwareSigner(SM2PrivateKey.generate())
    root_name = pki_certs.build_name([("C", "CN"), ("O", "eseal 测试"), ("CN", "eseal SM2 Root")])
    root = _self_signed_root(root_signer, root_name)
    signer = SM2SoftwareSigner(SM2PrivateKey.generate())
    signer_cert = pki_certs.build_certificate(
        subject=pki_certs.build_name([("C", "CN"), ("O", "测试有限公司"), ("CN", "张三")]),
        subject_public_key_info=signer.public_key_info,
        issuer_signer=root_signer,
        issuer_name=root_name,
        issuer_public_key_info=root_signer.public_key_info,
        not_before=NOW - timedelta(days=1),
        not_after=NOW + timedelta(days=365),
        extensions=pki_certs.end_entity_extensions(),
    )
    seal = _company_seal("44030004000000017", "测试有限公司", signer_cert.dump(), root_signer, root.dump())
    return GmMaterial(root.dump(), signer, signer_cert.dump(), seal)


@dataclass(frozen=True)
class PadesMaterial:
    root: object  # asn1crypto Certificate
    ecdsa_signer: ECDSASoftwareSigner
    ecdsa_cert: object
    rsa_signer: RSASoftwareSigner
    rsa_cert: object
    tsa_cert: object
    tsa_key: object  # asn1crypto PrivateKeyInfo
    crl_der: bytes


@cache
def pades_material() -> PadesMaterial:
    from asn1crypto import keys as a_keys
    from cryptography.hazmat.primitives import serialization

    from eseal.engine.pki.crl import build_crl

    root_signer = ECDSASoftwareSigner.generate()
    root_name = pki_certs.build_name([("C", "CN"), ("O", "eseal 测试"), ("CN", "eseal P-256 Root")])
    crl_url = "http://127.0.0.1:9/root.crl"
    root = _self_signed_root(root_signer, root_name)

    def issue(signer, cn, exts):  # type: ignore[no-untyped-def]
        return pki_certs.build_certificate(
            subject=pki_certs.build_name([("C", "CN"), ("O", "测试有限公司"), ("CN", cn)]),
            subject_public_key_info=signer.public_key_info,
            issuer_signer=root_signer,
            issuer_name=root_name,
            issuer_public_key_info=root_signer.public_key_info,
            not_before=NOW - timedelta(days=1),
            not_after=NOW + timedelta(days=365),
            extensions=exts,
            crl_urls=_crl_urls(crl_url),
        )

    ecdsa = ECDSASoftwareSigner.generate()
    rsa = RSASoftwareSigner.generate()
    tsa = RSASoftwareSigner.generate()
    crl = build_crl(
        issuer_signer=root_signer, issuer_cert=root, entries=[], this_update=NOW - timedelta(hours=1),
        next_update=NOW + timedelta(days=7), crl_number=1,
    )
    tsa_key = a_keys.PrivateKeyInfo.load(
        tsa.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return PadesMaterial(
        root=root,
        ecdsa_signer=ecdsa,
        ecdsa_cert=issue(ecdsa, "ECDSA 签署人", pki_certs.end_entity_extensions()),
        rsa_signer=rsa,
        rsa_cert=issue(rsa, "RSA 签署人", pki_certs.end_entity_extensions()),
        tsa_cert=issue(tsa, "eseal Test TSA", pki_certs.tsa_extensions()),
        tsa_key=tsa_key,
        crl_der=crl.dump(),
    )


def timestamper():  # type: ignore[no-untyped-def]
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    m = pades_material()
    return DummyTimeStamper(tsa_cert=m.tsa_cert, tsa_key=m.tsa_key, certs_to_embed=[m.root])


class FailingTimeStamper:
    """A TSA that is down."""

    async def async_timestamp(self, message_digest, md_algorithm):  # type: ignore[no-untyped-def]
        raise ConnectionError("connection refused (test TSA is down)")

    async def async_dummy_response(self, md_algorithm):  # type: ignore[no-untyped-def]
        raise ConnectionError("connection refused (test TSA is down)")


def make_pdf(pages: int = 1, *, rotate: int = 0, cropbox: tuple | None = None, size=(595.28, 841.89)) -> bytes:
    """Deterministic A4 text pages ("Page N" and a grid of lines), optionally rotated/cropped."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    w, h = size
    for i in range(pages):
        lines = [b"BT /F1 28 Tf 60 %d Td (Page %d) Tj ET" % (int(h) - 90, i + 1)]
        for k in range(12):
            y = int(h) - 140 - k * 40
            lines.append(b"BT /F1 11 Tf 60 %d Td (Line %d of the contract text on page %d.) Tj ET" % (y, k + 1, i + 1))
        page = pdf.add_blank_page(page_size=(w, h))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(b"\n".join(lines))
        if rotate:
            page.obj.Rotate = rotate
        if cropbox is not None:
            page.obj.CropBox = pikepdf.Array(list(cropbox))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _crl_urls(url: str) -> list[str]:
    """CRL distribution point if the PKI engine can write one (it is being written concurrently)."""
    from eseal.engine.gm.sm2 import SM2PrivateKey as _K

    probe = SM2SoftwareSigner(_K.generate())
    try:
        pki_certs.build_certificate(
            subject=pki_certs.build_name([("CN", "probe")]), subject_public_key_info=probe.public_key_info,
            issuer_signer=probe, not_before=NOW, not_after=NOW + timedelta(days=1),
            extensions=pki_certs.end_entity_extensions(), crl_urls=[url],
        )
    except ValueError:
        return []
    return [url]


# ---------------------------------------------------------------------------------------------------
# The same material from the project's own LocalCA (in-process SM2 / ECDSA TSAs, CRLs).


@cache
def local_ca():  # type: ignore[no-untyped-def]
    import tempfile

    from eseal.engine.pki.ca import LocalCA

    return LocalCA.init(tempfile.mkdtemp(prefix="eseal-sign-ca-") + "/ca")


@dataclass(frozen=True)
class CaMaterial:
    ca: object
    sm2_signer: object
    sm2_cert_der: bytes
    seal_der: bytes
    ecdsa_signer: object
    ecdsa_cert: object
    ecdsa_chain: list


@cache
def ca_material() -> CaMaterial:
    from eseal.engine.pki.signer import generate_signer

    ca = local_ca()
    sm2 = generate_signer("sm2")
    sm2_cert = ca.issue_enterprise("sm2", "测试科技有限公司", "91350100M000100Y43", sm2.public_key_info, days=365)
    seal = _company_seal("35010001000000013", "测试科技有限公司", sm2_cert.dump(), ca.maker_signer(), ca.maker_cert.dump())
    ecdsa = generate_signer("ecdsa-p256")
    ecdsa_cert = ca.issue_enterprise("ecdsa", "测试科技有限公司", "91350100M000100Y43", ecdsa.public_key_info, days=365)
    return CaMaterial(ca, sm2, sm2_cert.dump(), seal, ecdsa, ecdsa_cert, ca.chain_for(ecdsa_cert)[1:])
