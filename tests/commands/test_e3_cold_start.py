"""Cold start (issue E3 #12): a command imports only what it uses. The speed itself is measured by
``bench/pdf.py --cold``; these tests pin *what* is imported, in fresh processes."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pikepdf
import pytest

import eseal.engine.pdf as face
from eseal.cli import main

HEAVY = ("reportlab", "pypdfium2", "qrcode", "fontTools", "PIL", "pikepdf", "sqlalchemy", "fastapi", "uvicorn")
NOT_FOR_SIGNING = ("eseal.engine.pdf.verify.verifier", "eseal.engine.pdf.report.pdf", "eseal.engine.pdf.report.seal",
                   "eseal.engine.pdf.io.preview", "eseal.engine.art")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport json, sys; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(m == n or m.startswith(n + ".") for m in modules))


def test_importing_the_pdf_face_loads_no_part_and_no_heavy_library() -> None:
    mods = _modules_after("import eseal.engine.pdf")
    assert _loaded(mods, (*HEAVY, "pyhanko", *NOT_FOR_SIGNING)) == []
    assert _loaded(mods, ("eseal.engine.ses", "eseal.engine.pki", "eseal.engine.pdf.sign.sealing")) == []


def test_every_name_of_the_face_resolves_on_first_use() -> None:
    for name in face.__all__:
        assert getattr(face, name) is not None, name
    assert set(face.__all__) <= set(dir(face))
    with pytest.raises(AttributeError):
        face.no_such_name


@pytest.fixture(scope="module")
def seal_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The module's CA, GM seal and input PDF; the tests only read it (what they sign goes to their tmp_path)."""
    root = tmp_path_factory.mktemp("cold")
    assert main(["ca", "init", str(root / "ca")]) == 0
    assert main(["seal", "make", "--ca", str(root / "ca"), "--kind", "contract", "--name", "测试科技有限公司",
                 "--code", "91350100M000100Y43", "--out", str(root / "seal")]) == 0
    p = pikepdf.new()
    p.add_blank_page(page_size=(595, 842))
    p.save(root / "in.pdf")
    return root


@pytest.fixture(scope="module")
def ecdsa_seal(seal_env: Path) -> Path:
    """An ECDSA seal (PAdES profile) from the module's CA, made once for the tests that need one."""
    out = seal_env / "seal-ecdsa"
    assert main(["seal", "make", "--ca", str(seal_env / "ca"), "--kind", "contract", "--name", "测试科技有限公司",
                 "--code", "91350100M000100Y43", "--family", "ecdsa", "--out", str(out)]) == 0
    return out


def test_eseal_sign_imports_neither_verifier_nor_report_nor_art(seal_env: Path, tmp_path: Path) -> None:
    args = ["sign", str(seal_env / "in.pdf"), str(tmp_path / "out.pdf"), "--seal", str(seal_env / "seal"),
            "--claimed-time"]
    mods = _modules_after(f"from eseal.cli import main\nassert main({args!r}) == 0")
    assert (tmp_path / "out.pdf").stat().st_size > 0
    assert _loaded(mods, NOT_FOR_SIGNING) == []
    assert _loaded(mods, ("reportlab", "pypdfium2", "qrcode", "fontTools", "pikepdf", "sqlalchemy", "fastapi")) == []


def _certified(path: Path) -> None:
    """A 1-page document certified (DocMDP P=2) by pyHanko with a throw-away ECDSA key, written to ``path``."""
    import io
    from datetime import UTC, datetime, timedelta

    from asn1crypto import keys, x509
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import MDPPerm
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    name = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "certifier")])
    now = datetime.now(UTC)
    cert = (cx509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=9))
            .sign(key, hashes.SHA256()))
    a_cert = x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    a_key = keys.PrivateKeyInfo.load(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=a_cert, signing_key=a_key,
                                  cert_registry=SimpleCertificateStore.from_certs([a_cert]))
    p = pikepdf.new()
    p.add_blank_page(page_size=(595, 842))
    buf = io.BytesIO()
    p.save(buf)
    meta = signers.PdfSignatureMetadata(field_name="Cert1", certify=True, docmdp_permissions=MDPPerm.FILL_FORMS)
    # pyHanko's sync sign_pdf calls asyncio.run(): in a thread of its own, since an e2e test run before this one in
    # the same xdist worker keeps Playwright's sync API (a running event loop) in the main thread
    with ThreadPoolExecutor(1) as pool:
        signed = pool.submit(lambda: signers.PdfSigner(meta, signer=signer).sign_pdf(IncrementalPdfFileWriter(buf)))
        path.write_bytes(signed.result().getvalue())


def test_eseal_sign_gm_never_imports_pyhanko_sign(seal_env: Path, tmp_path: Path) -> None:
    """GM signing is written on pyhanko.pdf_utils alone (E3 #12): importing pyhanko.sign (signers, validation,
    the aiohttp time-stamp client) was the whole gap to raw pyHanko. Holds for a first seal, a second seal on a
    signed document (field enumeration, the signed-document checks) and the DocMDP refusal of a certified one."""
    _certified(tmp_path / "certified.pdf")
    seal = str(seal_env / "seal")
    first = ["sign", str(seal_env / "in.pdf"), str(tmp_path / "one.pdf"), "--seal", seal, "--claimed-time"]
    second = ["sign", str(tmp_path / "one.pdf"), str(tmp_path / "two.pdf"), "--seal", seal, "--claimed-time",
              "--mode", "multi", "--x", "20", "--y", "20"]
    refused = ["sign", str(tmp_path / "certified.pdf"), str(tmp_path / "no.pdf"), "--seal", seal, "--claimed-time"]
    mods = _modules_after(
        "from eseal.cli import main\n"
        f"assert main({first!r}) == 0\n"
        f"assert main({second!r}) == 0\n"
        "import contextlib, io\nerr = io.StringIO()\n"
        f"with contextlib.redirect_stderr(err):\n    assert main({refused!r}) == 2\n"
        "assert 'P=2' in err.getvalue(), err.getvalue()\n")
    assert (tmp_path / "two.pdf").stat().st_size > (tmp_path / "one.pdf").stat().st_size
    assert not (tmp_path / "no.pdf").exists()
    # PIL neither: the seal directory has the vector face (seal.pdf); only a raster-only seal decodes its PNG
    assert _loaded(mods, ("pyhanko.sign", "pyhanko.stamp", "aiohttp", "pyhanko.pdf_utils.images", "PIL")) == []
    assert "pyhanko.pdf_utils.incremental_writer" in mods  # the test would pass vacuously without it


def test_eseal_sign_pades_loads_neither_tongsuopy_nor_the_tsa_server(seal_env: Path, ecdsa_seal: Path,
                                                                     tmp_path: Path) -> None:
    """PAdES with an ECDSA seal (E3 #12): the faces of gm, pki, pki.tsa and ses load their names on first use,
    so the SM2 backend (tongsuopy), the TSA's HTTP server (http.server, socketserver) and the SES verifier
    are not imported by a signature that uses none of them, nor pyhanko.sign; the GM profile keeps tongsuopy
    (SM2 signs)."""
    args = ["sign", str(seal_env / "in.pdf"), str(tmp_path / "pades.pdf"), "--seal", str(ecdsa_seal),
            "--claimed-time", "--profile", "pades"]
    mods = _modules_after(f"from eseal.cli import main\nassert main({args!r}) == 0")
    assert (tmp_path / "pades.pdf").read_bytes().count(b"/ETSI.CAdES.detached") == 1
    assert _loaded(mods, ("tongsuopy", "http.server", "socketserver", "eseal.engine.gm.sm2",
                          "eseal.engine.pki.tsa.server", "eseal.engine.ses.verify", "eseal.engine.ses.trust",
                          *NOT_FOR_SIGNING)) == []
    # the CAdES container is made by engine/pdf/sign/cades.py: none of pyhanko.sign (signers, validation, the
    # aiohttp time-stamp client: ~0.2 s of the process) for a PAdES signature either
    assert _loaded(mods, ("pyhanko.sign", "pyhanko.stamp", "aiohttp")) == []
    assert {"eseal.engine.pdf.sign.cades", "pyhanko.pdf_utils.incremental_writer"} <= mods  # not vacuous
    # nor the GM profile: the command calls the PAdES sealer, which imports neither the GM signer nor the
    # SES builder (ses.build, ses.asn1) nor the SM3 prefix digest
    assert _loaded(mods, ("eseal.engine.pdf.sign.gm", "eseal.engine.pdf.sign.gm_sealing", "eseal.engine.ses.build",
                          "eseal.engine.ses.asn1", "eseal.engine.pdf.io.prefix_digest")) == []
    assert "eseal.engine.pdf.sign.pades_sealing" in mods
    gm = ["sign", str(seal_env / "in.pdf"), str(tmp_path / "gm.pdf"), "--seal", str(seal_env / "seal"),
          "--claimed-time"]
    gm_mods = _modules_after(f"from eseal.cli import main\nassert main({gm!r}) == 0")
    assert "tongsuopy" in gm_mods
    assert {"eseal.engine.ses.build", "eseal.engine.pdf.io.prefix_digest"} <= gm_mods
    assert "eseal.engine.pdf.sign.pades_sealing" not in gm_mods
    assert _loaded(gm_mods, ("http.server", "socketserver", "eseal.engine.pki.tsa.server")) == []


@pytest.mark.parametrize("face_name", ["eseal.engine.gm", "eseal.engine.pki", "eseal.engine.pki.tsa",
                                       "eseal.engine.ses"])
def test_every_name_of_the_lazy_engine_faces_resolves(face_name: str) -> None:
    import importlib

    module = importlib.import_module(face_name)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError):
        module.no_such_name


def test_importing_the_engine_faces_loads_neither_tongsuopy_nor_the_tsa_server() -> None:
    mods = _modules_after("import eseal.engine.gm, eseal.engine.pki, eseal.engine.pki.tsa, eseal.engine.ses")
    assert _loaded(mods, ("tongsuopy", "http.server", "socketserver", "pyhanko", "eseal.engine.pki.ca",
                          "eseal.engine.ses.verify")) == []
    import eseal.engine.gm.sm3  # noqa: F401  (the submodule must not shadow the face's function of that name)
    from eseal.engine.gm import sm3

    assert sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_the_chain_of_an_ecdsa_certificate_is_found_without_the_sm2_certificates(seal_env: Path,
                                                                                 ecdsa_seal: Path) -> None:
    """LocalCA.family_of tries the family of the certificate's own signature algorithm first (E3 #12): the
    PAdES chain of an ECDSA seal does not load and parse the SM2 CA certificates (nor a GM chain the ECDSA ones)."""
    from asn1crypto import x509

    from eseal.engine.pki import LocalCA
    from eseal.engine.ses import open_seal_dir

    for seal, family, other in ((ecdsa_seal, "ecdsa", "sm2"), (seal_env / "seal", "sm2", "ecdsa")):
        ca = LocalCA.open(seal_env / "ca")
        cert = x509.Certificate.load(open_seal_dir(seal).cert_der)
        assert ca.family_of(cert) == family
        chain = ca.chain_for(cert)
        assert [c.subject for c in chain[1:]] == [ca.certificate(family, "issuing").subject,
                                                 ca.certificate(family, "root").subject]
        assert not any(key.startswith(other + "/") for key in ca._certs), sorted(ca._certs)
