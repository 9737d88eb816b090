"""What the verifier is told to trust: anchors, helper certificates and CRLs (the seal-lifecycle port is in lifecycle.py).

Why here and not in the PKI package: the verifier needs only certificates and CRLs (asn1crypto objects)
that it can hand to pyHanko's validation context and to the SM2 chain check. Loading is deliberately
generic (any PEM/DER certificate or CRL file, any directory of them) so that ``eseal verify --ca DIR``
works with a LocalCA directory as well as with a folder of exported certificates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509

from eseal.engine.pdf.errors import TrustStoreError
from eseal.engine.pdf.verify.names import display_name

_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}
_CRL_SUFFIXES = {".crl"}


def _is_self_issued(cert: asn1_x509.Certificate) -> bool:
    return cert.subject == cert.issuer


@dataclass
class TrustStore:
    """Trust anchors (roots), helper certificates (intermediates, TSA certs) and CRLs.

    Without anchors every chain is *untrusted*: signatures come out INDETERMINATE at best.
    """

    anchors: list[asn1_x509.Certificate] = field(default_factory=list)
    intermediates: list[asn1_x509.Certificate] = field(default_factory=list)
    crls: list[asn1_crl.CertificateList] = field(default_factory=list)
    allow_fetching: bool = False  # network fetching of CRL/OCSP/AIA (off: the engine never goes online)

    @classmethod
    def empty(cls) -> TrustStore:
        return cls()

    @classmethod
    def from_files(cls, paths: Iterable[str | Path]) -> TrustStore:
        """Every certificate in the given files becomes a trust anchor (explicit trust)."""
        store = cls()
        for path in paths:
            kind, objs = _load_file(Path(path))
            if kind == "crl":
                store.crls.extend(objs)
            else:
                store.anchors.extend(objs)
        return store

    @classmethod
    def from_directory(cls, directory: str | Path) -> TrustStore:
        """Self-issued CA certificates become anchors, other certificates helpers; ``*.crl`` are CRLs.

        Private keys and other files are ignored (never read).
        """
        root = Path(directory)
        if not root.is_dir():
            raise TrustStoreError(f"not a directory: {root}")
        store = cls()
        seen: set[bytes] = set()
        for path in sorted(root.rglob("*")):
            suffix = path.suffix.lower()
            if not path.is_file() or (suffix not in _CERT_SUFFIXES and suffix not in _CRL_SUFFIXES):
                continue
            if "key" in path.name.lower():
                continue
            try:
                kind, objs = _load_file(path)
            except TrustStoreError:
                continue  # e.g. a PEM file holding a key or a CSR
            if kind == "crl":
                store.crls.extend(objs)
                continue
            for cert in objs:
                assert isinstance(cert, asn1_x509.Certificate)
                if cert.dump() in seen:  # a LocalCA directory repeats certificates (root.pem, chain.pem)
                    continue
                seen.add(cert.dump())
                if _is_self_issued(cert) and cert.ca:
                    store.anchors.append(cert)
                else:
                    store.intermediates.append(cert)
        return store

    @classmethod
    def from_sources(cls, directories: Iterable[str | Path] = (), files: Iterable[str | Path] = ()) -> TrustStore:
        """The trust of ``eseal verify --ca DIR ... --trust FILE ...``: every directory, then the files."""
        store = cls.empty()
        for d in directories:
            store = store.extend(cls.from_directory(d))
        files = list(files)
        if files:
            store = store.extend(cls.from_files(files))
        return store

    def extend(self, other: TrustStore) -> TrustStore:
        return TrustStore(
            anchors=[*self.anchors, *other.anchors],
            intermediates=[*self.intermediates, *other.intermediates],
            crls=[*self.crls, *other.crls],
            allow_fetching=self.allow_fetching or other.allow_fetching,
        )

    @property
    def has_anchors(self) -> bool:
        return bool(self.anchors)

    def anchor_names(self) -> list[str]:
        seen: list[str] = []
        for c in self.anchors:
            if display_name(c.subject) not in seen:
                seen.append(display_name(c.subject))
        return seen

    def is_anchor(self, cert: asn1_x509.Certificate) -> bool:
        return any(a.dump() == cert.dump() for a in self.anchors)

    def crls_for(self, issuer: asn1_x509.Certificate) -> list[asn1_crl.CertificateList]:
        return [c for c in self.crls if c.issuer == issuer.subject]


def _load_file(path: Path) -> tuple[str, list[object]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrustStoreError(f"cannot read {path}: {exc.strerror}") from exc
    blobs: list[tuple[str | None, bytes]] = []
    if pem.detect(data):
        for type_name, _headers, der in pem.unarmor(data, multiple=True):
            blobs.append((type_name, der))
    else:
        blobs.append((None, data))
    certs: list[object] = []
    crls: list[object] = []
    for type_name, der in blobs:
        if type_name in ("X509 CRL",) or (type_name is None and path.suffix.lower() == ".crl"):
            try:
                crl_obj = asn1_crl.CertificateList.load(der)
                _ = crl_obj.issuer  # force parsing
                crls.append(crl_obj)
            except ValueError as exc:
                raise TrustStoreError(f"{path}: not a CRL") from exc
        elif type_name in (None, "CERTIFICATE", "TRUSTED CERTIFICATE"):
            try:
                cert = asn1_x509.Certificate.load(der)
                _ = cert.subject  # force parsing
                certs.append(cert)
            except ValueError as exc:
                raise TrustStoreError(f"{path}: not a certificate") from exc
    if crls and not certs:
        return "crl", crls
    if not certs:
        raise TrustStoreError(f"{path}: no certificate found")
    return "cert", certs
