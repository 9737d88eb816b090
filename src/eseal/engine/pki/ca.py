"""The built-in two-level CA (root + issuing CA per algorithm family) kept in a local directory.

Why a directory and not the database: the CA must work for the CLI (``eseal ca init``), for tests and
for the platform alike, and its private keys belong in the encrypted keystore, not in application
tables. The platform records what it issued in its own database; this directory is the CA's own truth
(issued certificates, revocations, CRLs).

Directory layout (``LocalCA.init(DIR)``)::

    DIR/ca.json                 manifest (format, version, organisation, validity settings)
    DIR/master.key              master key, mode 0600 (absent when the master key comes from config)
    DIR/keys/<id>.key.json      SM4-GCM envelopes (mode 0600): sm2-root, sm2-issuing, sm2-maker, sm2-tsa,
                                ecdsa-root, ecdsa-issuing, ecdsa-tsa, person-id-pepper
    DIR/<family>/root.pem       self-signed root                     (family = sm2 | ecdsa)
    DIR/<family>/issuing.pem    issuing CA (pathLen 0)
    DIR/<family>/chain.pem      issuing + root, for clients that want a bundle
    DIR/<family>/tsa.pem        TSA certificate (critical EKU timeStamping)
    DIR/sm2/maker.pem           seal-maker (制章者) certificate that signs SES_Seal
    DIR/<family>/issuing.crl    DER CRL of the issuing CA (end-entity revocations)
    DIR/<family>/root.crl       DER CRL of the root (revocations of the issuing CA / TSA / maker)
    DIR/issued/<family>/<serial hex>.pem   every end-entity certificate issued
    DIR/platform-seal/          the platform's verification-report seal (a seal directory, made by
                                ``eseal ca init`` / on first use; see eseal.engine.pdf.report.seal)
    DIR/revocations.json        revocation records (family, issuer, serial, time, reason, subject)
    DIR/state.json              CRL numbers
    DIR/.lock                   flock(2) lock serialising revocations / CRL publication
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import keys, x509

import eseal.engine.pki.certs as certs

from .crl import CrlFiles, RevokedEntry, build_crl, crl_to_pem, normalize_reason
from .errors import CAError, CertificateBuildError, PKIError, RevocationTimeError
from .identity import ORG_ID_PREFIX, normalize_credit_code, person_id_digest, person_id_matches
from .keystore import KeyStore, MasterKey
from .signer import ECDSA_P256, SM2, family_of_public_key, family_of_signature_algorithm
from .tsa.authority import TimeStampAuthority
from .validation import ValidationResult, certificate_signature_ok, name_key, validate_certificate

FAMILIES = ("sm2", "ecdsa")
_KEY_ALGO = {"sm2": SM2, "ecdsa": ECDSA_P256}
_FAMILY_ALIASES = {"sm2": "sm2", "ecdsa": "ecdsa", "ecdsa-p256": "ecdsa", "p256": "ecdsa", "p-256": "ecdsa"}
MANIFEST = "ca.json"
FORMAT = "eseal-local-ca"
DEFAULT_ORGANIZATION = "eseal 统一电子印章平台"
PEPPER_ID = "person-id-pepper"

ROOT_DAYS = 20 * 365
ISSUING_DAYS = 10 * 365
SERVICE_DAYS = 5 * 365  # TSA and seal maker
CRL_DAYS = 7
CRL_REFRESH_BEFORE = _dt.timedelta(days=1)


def normalize_family(family: str) -> str:
    """``sm2`` | ``ecdsa`` (aliases ``ecdsa-p256``, ``p256``) -> canonical family name."""
    try:
        return _FAMILY_ALIASES[str(family).lower()]
    except KeyError:
        raise CAError(f"unknown algorithm family {family!r}; expected 'sm2' or 'ecdsa'") from None


def _as_public_key_info(value: keys.PublicKeyInfo | bytes) -> keys.PublicKeyInfo:
    if isinstance(value, keys.PublicKeyInfo):
        return keys.PublicKeyInfo.load(value.dump())
    try:
        pki = keys.PublicKeyInfo.load(bytes(value))
        pki.native  # noqa: B018
        return pki
    except (ValueError, TypeError) as exc:
        raise CertificateBuildError(f"public key is not a valid SubjectPublicKeyInfo: {exc}") from exc


def _write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


@dataclass(frozen=True)
class Revocation:
    family: str
    issuer: str  # "issuing" or "root"
    serial: int
    revoked_at: _dt.datetime
    reason: str
    subject: str


class LocalCA:
    """A local CA directory. Create with :meth:`init`, open with :meth:`open`."""

    def __init__(self, directory: Path, keystore: KeyStore, manifest: dict[str, Any]) -> None:
        self.directory = directory
        self.keystore = keystore
        self.manifest = manifest
        self._signers: dict[str, Any] = {}
        self._certs: dict[str, x509.Certificate] = {}
        self._tsas: dict[str, Any] = {}
        self._crl_files = CrlFiles()  # each CRL file parsed once per version of the file

    # ------------------------------------------------------------------ creation / opening

    @classmethod
    def init(
        cls,
        directory: str | os.PathLike[str],
        *,
        master_key: MasterKey | bytes | None = None,
        organization: str = DEFAULT_ORGANIZATION,
        crl_base_url: str | None = None,
        now: _dt.datetime | None = None,
    ) -> LocalCA:
        """Create a new CA directory: roots, issuing CAs, TSA and seal-maker certificates, empty CRLs.

        Refuses a directory that exists and is not empty. Without ``master_key`` a fresh one is written
        to ``DIR/master.key`` (mode 0600). ``crl_base_url`` (e.g. ``https://seal.example/ca``) adds CRL
        distribution points ``<url>/<family>/issuing.crl`` / ``root.crl`` to issued certificates.
        """
        d = Path(directory)
        if d.exists() and not d.is_dir():
            raise CAError(f"{d} already exists and is a file, not a directory; choose a new directory for the CA")
        if d.exists() and any(d.iterdir()):
            raise CAError(f"CA directory {d} already exists and is not empty; refusing to overwrite it")
        created = not d.exists()
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            return cls._init_into(d, master_key, organization, crl_base_url, now)
        except BaseException:
            # leave no half-made CA behind (it would block a retry as "not empty")
            if created:
                shutil.rmtree(d, ignore_errors=True)
            else:
                for child in d.iterdir():
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            raise

    @classmethod
    def _init_into(
        cls,
        d: Path,
        master_key: MasterKey | bytes | None,
        organization: str,
        crl_base_url: str | None,
        now: _dt.datetime | None,
    ) -> LocalCA:
        if master_key is None:
            mk = MasterKey.from_file(d / "master.key", create=True)
            master_source = "file"
        else:
            mk = master_key if isinstance(master_key, MasterKey) else MasterKey(master_key)
            master_source = "external"
        now = (now or certs.utcnow()).astimezone(_dt.UTC).replace(microsecond=0)
        manifest = {
            "format": FORMAT,
            "version": 1,
            "created": now.isoformat(),
            "organization": organization,
            "master_key": master_source,
            "master_key_id": mk.key_id,
            "crl_base_url": crl_base_url,
            "families": list(FAMILIES),
        }
        ca = cls(d, KeyStore(d / "keys", mk), manifest)
        ca.keystore.put_secret(PEPPER_ID, os.urandom(32))
        for family in FAMILIES:
            ca._init_family(family, now)
        _write_atomic(d / "revocations.json", b"[]\n")
        _write_atomic(d / "state.json", json.dumps({"crl_number": {}}).encode())
        for family in FAMILIES:
            for which in ("root", "issuing"):
                ca._publish_crl(family, which, now)
        _write_atomic(d / MANIFEST, (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode())
        return ca

    @classmethod
    def open(cls, directory: str | os.PathLike[str], *, master_key: MasterKey | bytes | None = None) -> LocalCA:
        """Open an existing CA directory (master key from ``DIR/master.key`` unless given)."""
        d = Path(directory)
        try:
            manifest = json.loads((d / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CAError(f"{d} is not an eseal CA directory (no {MANIFEST}); run 'eseal ca init {d}'") from None
        except ValueError as exc:
            raise CAError(f"{d / MANIFEST} is corrupt: {exc}") from exc
        if manifest.get("format") != FORMAT:
            raise CAError(f"{d / MANIFEST} is not an eseal CA manifest")
        if master_key is None:
            mk = MasterKey.from_file(d / "master.key")
        else:
            mk = master_key if isinstance(master_key, MasterKey) else MasterKey(master_key)
        if manifest.get("master_key_id") not in (None, mk.key_id):
            raise CAError(f"master key {mk.key_id} does not belong to CA {d} (expects {manifest['master_key_id']})")
        return cls(d, KeyStore(d / "keys", mk), manifest)

    def _name(self, *attrs: tuple[str, str]) -> x509.Name:
        return certs.build_name([("C", "CN"), ("O", self.manifest["organization"]), *attrs])

    def _crl_urls(self, family: str, which: str) -> list[str]:
        base = self.manifest.get("crl_base_url")
        return [f"{base.rstrip('/')}/{family}/{which}.crl"] if base else []

    def _init_family(self, family: str, now: _dt.datetime) -> None:
        algo = _KEY_ALGO[family]
        label = family.upper()
        fdir = self.directory / family
        fdir.mkdir(mode=0o755)
        root_signer = self.keystore.generate(f"{family}-root", algo)
        root = certs.build_certificate(
            subject=self._name(("CN", f"eseal {label} Root CA")),
            subject_public_key_info=root_signer.public_key_info,
            issuer_signer=root_signer,
            not_before=now,
            not_after=now + _dt.timedelta(days=ROOT_DAYS),
            extensions=certs.ca_extensions(None),
        )
        issuing_signer = self.keystore.generate(f"{family}-issuing", algo)
        issuing = certs.build_certificate(
            subject=self._name(("CN", f"eseal {label} Issuing CA")),
            subject_public_key_info=issuing_signer.public_key_info,
            issuer_signer=root_signer,
            issuer_name=root.subject,
            issuer_public_key_info=root.public_key,
            not_before=now,
            not_after=now + _dt.timedelta(days=ISSUING_DAYS),
            extensions=certs.ca_extensions(0),
            crl_urls=self._crl_urls(family, "root"),
        )
        services = [("tsa", f"eseal {label} Time-Stamping Authority", certs.tsa_extensions())]
        if family == "sm2":
            services.append(("maker", f"eseal {label} 制章者 Seal Maker", certs.end_entity_extensions()))
        written = {"root": root, "issuing": issuing}
        for role, cn, exts in services:
            signer = self.keystore.generate(f"{family}-{role}", algo)
            written[role] = certs.build_certificate(
                subject=self._name(("CN", cn)),
                subject_public_key_info=signer.public_key_info,
                issuer_signer=issuing_signer,
                issuer_name=issuing.subject,
                issuer_public_key_info=issuing.public_key,
                not_before=now,
                not_after=now + _dt.timedelta(days=SERVICE_DAYS),
                extensions=exts,
                crl_urls=self._crl_urls(family, "issuing"),
            )
        for role, cert in written.items():
            _write_atomic(fdir / f"{role}.pem", certs.to_pem(cert))
        _write_atomic(fdir / "chain.pem", certs.to_pem(issuing) + certs.to_pem(root))
        (self.directory / "issued" / family).mkdir(parents=True, exist_ok=True)

    # ------------------------------------------------------------------ certificates and signers

    def certificate(self, family: str, role: str) -> x509.Certificate:
        """``role`` in root | issuing | tsa | maker (maker: SM2 only)."""
        family = normalize_family(family)
        key = f"{family}/{role}"
        if key not in self._certs:
            path = self.directory / family / f"{role}.pem"
            try:
                self._certs[key] = certs.load_certificate(path.read_bytes())
            except FileNotFoundError:
                raise CAError(f"CA directory {self.directory} has no {family} {role} certificate") from None
        return self._certs[key]

    def signer(self, family: str, role: str) -> Any:
        family = normalize_family(family)
        key_id = f"{family}-{role}"
        if key_id not in self._signers:
            self._signers[key_id] = self.keystore.load(key_id)
        return self._signers[key_id]

    def trust_roots(self, family: str) -> list[x509.Certificate]:
        return [self.certificate(family, "root")]

    def intermediates(self, family: str) -> list[x509.Certificate]:
        return [self.certificate(family, "issuing")]

    def infrastructure_role(self, cert: x509.Certificate) -> str | None:
        """Which of this CA's own service certificates ``cert`` is (``root``, ``issuing``, ``tsa``,
        ``maker``, ``platform-seal``), or any CA certificate (``ca``); ``None`` for an ordinary end
        entity. Revoking one of these disables every seal, signature or report that depends on it."""
        der = cert.dump()
        for family in FAMILIES:
            for role in ("root", "issuing", "tsa", "maker"):
                with contextlib.suppress(CAError):
                    if self.certificate(family, role).dump() == der:
                        return role
        platform = self.directory / "platform-seal" / "cert.pem"
        with contextlib.suppress(OSError, PKIError):
            if certs.load_certificate(platform.read_bytes()).dump() == der:
                return "platform-seal"
        if cert.ca:
            return "ca"
        return None

    @property
    def maker_cert(self) -> x509.Certificate:
        """The seal-maker (制章者) certificate, SM2, used to sign SES_Seal structures."""
        return self.certificate("sm2", "maker")

    def maker_signer(self) -> Any:
        return self.signer("sm2", "maker")

    def tsa(self, family: str) -> TimeStampAuthority:
        """The in-process RFC 3161 :class:`~eseal.engine.pki.tsa.TimeStampAuthority` of the family (cached)."""
        family = normalize_family(family)
        if family not in self._tsas:
            self._tsas[family] = TimeStampAuthority(
                signer=self.signer(family, "tsa"),
                certificate=self.certificate(family, "tsa"),
                chain=[self.certificate(family, "issuing"), self.certificate(family, "root")],
            )
        return self._tsas[family]

    def family_of(self, cert: x509.Certificate) -> str:
        """Which of our families issued ``cert`` (by issuer name + AKI), else CAError.

        The family of the certificate's own signature algorithm is tried first: an ECDSA certificate's
        chain is found without loading (and parsing) the SM2 certificates, and vice versa (E3 #12).
        """
        try:
            own = _FAMILY_ALIASES.get(family_of_signature_algorithm(cert["signature_algorithm"]["algorithm"].dotted))
        except PKIError:  # RSA, or an algorithm we do not verify: every family in turn, as before
            own = None
        for family in sorted(FAMILIES, key=lambda f: f != own):
            for role in ("issuing", "root"):
                issuer = self.certificate(family, role)
                # RFC 5280 name comparison through validation's prepared keys (asn1crypto's __eq__ is slow)
                same = name_key(cert.issuer) == name_key(issuer.subject)
                if same and cert.authority_key_identifier in (None, issuer.key_identifier):
                    return family
        raise CAError(f"certificate '{cert.subject.human_friendly}' was not issued by this CA")

    def chain_for(self, cert: x509.Certificate) -> list[x509.Certificate]:
        """Full path, leaf first: ``[cert, issuing CA, root]`` (or ``[issuing, root]`` for the issuing CA)."""
        family = self.family_of(cert)
        issuing, root = self.certificate(family, "issuing"), self.certificate(family, "root")
        if cert.dump() == root.dump():
            return [root]
        if cert.issuer == root.subject:
            return [cert, root]
        return [cert, issuing, root]

    def _issue_end_entity(
        self,
        family: str,
        subject: x509.Name,
        public_key_info: keys.PublicKeyInfo | bytes,
        days: int,
        not_before: _dt.datetime | None,
    ) -> x509.Certificate:
        family = normalize_family(family)
        pki = _as_public_key_info(public_key_info)
        try:
            key_family = family_of_public_key(pki)
        except ValueError as exc:
            raise CertificateBuildError(str(exc)) from exc
        if key_family != _KEY_ALGO[family]:
            raise CertificateBuildError(f"a {key_family} public key cannot be certified by the {family} CA")
        if not isinstance(days, int) or days < 1:
            raise CertificateBuildError("validity days must be a positive integer")
        issuing = self.certificate(family, "issuing")
        start = (not_before or certs.utcnow()).astimezone(_dt.UTC).replace(microsecond=0)
        end = start + _dt.timedelta(days=days)
        ca_end = issuing["tbs_certificate"]["validity"]["not_after"].native
        if end > ca_end:
            raise CertificateBuildError(f"requested validity ends after the issuing CA ({ca_end.date()})")
        cert = certs.build_certificate(
            subject=subject,
            subject_public_key_info=pki,
            issuer_signer=self.signer(family, "issuing"),
            issuer_name=issuing.subject,
            issuer_public_key_info=issuing.public_key,
            not_before=start,
            not_after=end,
            extensions=certs.end_entity_extensions(),
            crl_urls=self._crl_urls(family, "issuing"),
        )
        out = self.directory / "issued" / family
        out.mkdir(parents=True, exist_ok=True)
        _write_atomic(out / f"{cert.serial_number:x}.pem", certs.to_pem(cert))
        return cert

    def issue_enterprise(
        self,
        family: str,
        name: str,
        credit_code: str,
        public_key_info: keys.PublicKeyInfo | bytes,
        days: int = 365,
        *,
        not_before: _dt.datetime | None = None,
    ) -> x509.Certificate:
        """Enterprise certificate: O = CN = company name, organizationIdentifier = ``NTRCN-<credit code>``."""
        if not name or not name.strip():
            raise CertificateBuildError("enterprise name is empty")
        code = normalize_credit_code(credit_code)
        subject = certs.build_name(
            [("C", "CN"), ("O", name.strip()), ("CN", name.strip()), ("organizationIdentifier", ORG_ID_PREFIX + code)]
        )
        return self._issue_end_entity(family, subject, public_key_info, days, not_before)

    def issue_platform(
        self,
        family: str,
        public_key_info: keys.PublicKeyInfo | bytes,
        days: int = SERVICE_DAYS,
        *,
        common_name: str | None = None,
        not_before: _dt.datetime | None = None,
    ) -> x509.Certificate:
        """Certificate of the platform's own seal (e.g. the verification-report seal): O = the CA's
        organisation, CN = ``common_name`` (default the organisation). No organizationIdentifier: the
        platform is not a registered enterprise in this CA's records, and inventing a credit code would lie."""
        org = str(self.manifest.get("organization") or DEFAULT_ORGANIZATION).strip()
        subject = certs.build_name([("C", "CN"), ("O", org), ("CN", (common_name or org).strip())])
        return self._issue_end_entity(family, subject, public_key_info, days, not_before)

    def issue_person(
        self,
        family: str,
        name: str,
        id_number: str,
        public_key_info: keys.PublicKeyInfo | bytes,
        days: int = 365,
        *,
        not_before: _dt.datetime | None = None,
    ) -> x509.Certificate:
        """Personal certificate: CN = name, serialNumber = ``IDH-<HMAC-SM3(pepper, ID number)>`` (never in clear)."""
        if not name or not name.strip():
            raise CertificateBuildError("person name is empty")
        serial_value = person_id_digest(self.keystore.load_secret(PEPPER_ID), id_number)
        subject = certs.build_name([("C", "CN"), ("CN", name.strip()), ("serialNumber", serial_value)])
        return self._issue_end_entity(family, subject, public_key_info, days, not_before)

    def person_matches(self, cert: x509.Certificate, id_number: str) -> bool:
        """Is ``cert`` a personal certificate for ``id_number``? (recomputes the keyed digest)."""
        value = certs.name_attribute(cert.subject, "serial_number")
        return bool(value) and person_id_matches(self.keystore.load_secret(PEPPER_ID), id_number, value or "")

    # ------------------------------------------------------------------ revocation and CRLs

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self.directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def revocations(self) -> list[Revocation]:
        try:
            rows = json.loads((self.directory / "revocations.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        return [
            Revocation(r["family"], r["issuer"], int(r["serial"], 16), _dt.datetime.fromisoformat(r["revoked_at"]),
                       r["reason"], r.get("subject", ""))
            for r in rows
        ]

    def revocation_of(self, cert: x509.Certificate) -> Revocation | None:
        family = self.family_of(cert)
        for r in self.revocations():
            if r.family == family and r.serial == cert.serial_number and self._issuer_role(cert, family) == r.issuer:
                return r
        return None

    def _issuer_role(self, cert: x509.Certificate, family: str) -> str:
        root = self.certificate(family, "root")
        return "root" if cert.issuer == root.subject else "issuing"

    def revoke(
        self, cert: x509.Certificate, reason: str = "unspecified", when: _dt.datetime | None = None
    ) -> Revocation:
        """Revoke a certificate issued by this CA and republish its issuer's CRL.

        ``when`` (default now) becomes the CRL ``revocationDate``; it may be in the past (recorded as
        given) but not in the future. A root cannot be revoked (remove it from trust stores instead).
        """
        family = self.family_of(cert)
        role = self._issuer_role(cert, family)
        if cert.dump() == self.certificate(family, "root").dump():
            raise CAError("a root certificate cannot be revoked; remove it from the trust store instead")
        if not certificate_signature_ok(cert, self.certificate(family, role)):
            raise CAError("certificate signature does not verify against this CA; not revoking")
        reason_name = normalize_reason(reason)
        now = certs.utcnow()
        when = (when or now).astimezone(_dt.UTC).replace(microsecond=0)
        if when > now + _dt.timedelta(minutes=5):
            raise RevocationTimeError("revocation time cannot be in the future")
        not_before = cert["tbs_certificate"]["validity"]["not_before"].native.astimezone(_dt.UTC)
        if when < not_before:
            raise RevocationTimeError(
                f"revocation time {when.isoformat()} is before the certificate's notBefore {not_before.isoformat()}"
            )
        with self._locked():
            rows = json.loads((self.directory / "revocations.json").read_text(encoding="utf-8"))
            for r in rows:
                if r["family"] == family and r["issuer"] == role and int(r["serial"], 16) == cert.serial_number:
                    raise CAError(f"certificate serial {cert.serial_number:x} is already revoked (at {r['revoked_at']})")
            rows.append(
                {
                    "family": family,
                    "issuer": role,
                    "serial": f"{cert.serial_number:x}",
                    "revoked_at": when.isoformat(),
                    "reason": reason_name,
                    "subject": cert.subject.human_friendly,
                }
            )
            _write_atomic(self.directory / "revocations.json", (json.dumps(rows, indent=1, ensure_ascii=False) + "\n").encode())
            self._publish_crl(family, role, now)
        return Revocation(family, role, cert.serial_number, when, reason_name, cert.subject.human_friendly)

    def _publish_crl(self, family: str, which: str, now: _dt.datetime) -> asn1_crl.CertificateList:
        """Write a fresh CRL for the family's root or issuing CA (caller holds the lock or is init)."""
        state_path = self.directory / "state.json"
        state = json.loads(state_path.read_text()) if state_path.exists() else {"crl_number": {}}
        key = f"{family}/{which}"
        number = int(state["crl_number"].get(key, 0)) + 1
        entries = [
            RevokedEntry(r.serial, r.revoked_at, r.reason)
            for r in self.revocations()
            if r.family == family and r.issuer == which
        ]
        c = build_crl(
            issuer_cert=self.certificate(family, which),
            issuer_signer=self.signer(family, which),
            entries=entries,
            this_update=now,
            next_update=now + _dt.timedelta(days=CRL_DAYS),
            crl_number=number,
        )
        _write_atomic(self.directory / family / f"{which}.crl", c.dump())
        state["crl_number"][key] = number
        _write_atomic(state_path, json.dumps(state).encode())
        return c

    def crl_object(self, family: str, which: str = "issuing") -> asn1_crl.CertificateList:
        """The current CRL, re-published first when it expires within a day."""
        family = normalize_family(family)
        path = self.directory / family / f"{which}.crl"
        now = certs.utcnow()
        try:
            current = self._crl_files.read(path)
            next_update = current["tbs_cert_list"]["next_update"].native
            if next_update is not None and next_update - now > CRL_REFRESH_BEFORE:
                return current
        except FileNotFoundError:
            pass
        with self._locked():
            return self._publish_crl(family, which, now)

    def crl(self, family: str, *, pem: bool = False) -> bytes:
        """DER (or PEM) CRL of the family's issuing CA."""
        c = self.crl_object(family, "issuing")
        return crl_to_pem(c) if pem else c.dump()

    def crls(self, family: str) -> list[asn1_crl.CertificateList]:
        """Issuing-CA CRL and root CRL: everything :func:`validate_certificate` needs for our chains."""
        return [self.crl_object(family, "issuing"), self.crl_object(family, "root")]

    def validate(self, cert: x509.Certificate, at: _dt.datetime | None = None, **kwargs: Any) -> ValidationResult:
        """Validate ``cert`` against this CA's roots and CRLs (see :func:`validation.validate_certificate`)."""
        try:
            family = self.family_of(cert)
        except CAError:
            family = None
        fams = [family] if family else list(FAMILIES)
        return validate_certificate(
            cert,
            trust_roots=[r for f in fams for r in self.trust_roots(f)],
            intermediates=[i for f in fams for i in self.intermediates(f)],
            crls=[c for f in fams for c in self.crls(f)],
            at=at,
            **kwargs,
        )
