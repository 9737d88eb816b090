"""Making a seal directory: key, certificate, maker-signed SESeal v4, pictures and ``seal.json``.

The ``eseal seal make`` code path, shared with the CA's platform seal. Reading a seal directory back is
:mod:`eseal.engine.ses.sealdir`.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import pem

from eseal.engine.pki import KeyStore
from eseal.engine.ses.build import build_seal
from eseal.engine.ses.sealdir import FORMAT, KEY_ID, MANIFEST, SealDir, new_password_kdf, password_master_key

__all__ = ["SealFace", "create_seal_dir"]


@dataclass(frozen=True)
class SealFace:
    """What a new seal looks like: the PNG written into the SES picture and seal.png, and optionally the
    same face as vector paths (seal.pdf, what stamping prefers)."""

    png: bytes
    width_mm: float
    height_mm: float
    vector_pdf: bytes | None = None
    placeholder: bool = False


def create_seal_dir(
    out: str | os.PathLike[str],
    *,
    ca: Any,
    issue: Any,
    kind: str,
    seal_type: Any,
    kind_label: str,
    name: str,
    seal_name: str,
    es_id: str,
    face: SealFace,
    family: str = "sm2",
    password: str | bytes | None = None,
) -> SealDir:
    """Write a complete seal directory (the ``eseal seal make`` code path, shared with the CA's platform seal).

    Generates the signer key in ``out`` (encrypted with the CA's master key, or a password-derived key),
    certifies it with ``issue(public_key_info) -> x509.Certificate`` (e.g. a closure over
    ``ca.issue_enterprise``), builds the maker-signed SESeal v4 valid for the certificate's window and
    writes seal.esl, cert.pem, seal.png, seal.pdf (when ``face`` has a vector form) and seal.json.
    ``out`` must not exist or be empty (not checked here: callers word that error for their users).
    Raises PKIError / SesBuildError / SesFormatError.
    """
    out = Path(out)
    if password is not None:
        kdf: dict[str, Any] | None = new_password_kdf()
        master = password_master_key(password, kdf or {})
        protection = "password"
    else:
        kdf, master, protection = None, ca.keystore.master_key, "ca-master-key"
    algorithm = "sm2" if family == "sm2" else "ecdsa-p256"
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    signer = KeyStore(out, master).generate(KEY_ID, algorithm)
    cert = issue(signer.public_key_info)
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    seal_der = build_seal(
        es_id=es_id, seal_type=seal_type, name=seal_name, cert_list=[cert.dump()], picture=face.png,
        picture_type="PNG", width_mm=face.width_mm, height_mm=face.height_mm, valid_start=start, valid_end=end,
        create_date=_dt.datetime.now(_dt.UTC), maker_signer=ca.maker_signer(), maker_cert=ca.maker_cert.dump(),
    )
    (out / "seal.esl").write_bytes(seal_der)
    (out / "cert.pem").write_bytes(pem.armor("CERTIFICATE", cert.dump()))
    (out / "seal.png").write_bytes(face.png)
    if face.vector_pdf:  # the same face as vector paths: what `eseal sign` stamps (seal.png is the fallback)
        (out / "seal.pdf").write_bytes(face.vector_pdf)
    manifest = {
        "format": FORMAT,
        "version": 1,
        "kind": kind,
        "type_code": seal_type.code,
        "type_label": seal_type.label,
        "kind_label": kind_label,
        "name": name,
        "seal_name": seal_name,
        "es_id": es_id,
        "family": family,
        "key_file": f"{KEY_ID}{KeyStore.SUFFIX}",
        "key_id": KEY_ID,
        "key_protection": protection,
        "kdf": kdf,
        "cert_file": "cert.pem",
        "seal_file": "seal.esl",
        "picture_file": "seal.png",
        **({"vector_file": "seal.pdf"} if face.vector_pdf else {}),
        "width_mm": face.width_mm,
        "height_mm": face.height_mm,
        "valid_start": start.isoformat(),
        "valid_end": end.isoformat(),
        "cert_serial": format(cert.serial_number, "x"),
        "ca": str(Path(ca.directory).resolve()),
        "placeholder_picture": face.placeholder,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return SealDir(out, manifest)
