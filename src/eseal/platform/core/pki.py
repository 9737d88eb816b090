"""The platform's PKI: its CA (``<data dir>/ca``), the keystore of seal keys (``<data dir>/keys``) and the CA's
in-process TSA as the platform TSA, all protected by the platform master key (``ESEAL_MASTER_KEY_FILE``).

Created on first use (the first seal issued, the first report signed), not at every start: most processes and
tests never need it, and an existing directory is only opened. ``Services.ca`` / ``Services.keystore`` /
``Services.tsa`` are the doors; tests may ``install_pki`` a prepared one.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from eseal.engine.pki import KeyStore, LocalCA, MasterKey, TimeStampAuthority
from eseal.platform.core.clock import Clock
from eseal.platform.core.settings import Settings


class _Container(Protocol):
    """What of the services container this module reads (``Services`` itself imports this module)."""

    settings: Settings
    master_key: bytes
    clock: Clock
    extra: dict[str, Any]

_KEY = "platform_pki"
_LOCK = threading.Lock()
CA_DIR = "ca"
KEYS_DIR = "keys"
CA_ORGANIZATION = "统一电子印章平台"


class PlatformPki:
    """The CA directory and the seal-key keystore of one data directory, opened (or created) once."""

    def __init__(self, data_dir: Path, master_key: bytes, clock: Clock | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock or Clock()
        self._master = MasterKey(master_key)
        self._ca: LocalCA | None = None
        self._keystore: KeyStore | None = None
        self._lock = threading.Lock()

    @property
    def ca(self) -> LocalCA:
        if self._ca is None:
            with self._lock:
                if self._ca is None:
                    self._ca = open_or_init_ca(self.data_dir / CA_DIR, self._master, self.clock)
        return self._ca

    @property
    def keystore(self) -> KeyStore:
        if self._keystore is None:
            with self._lock:
                if self._keystore is None:
                    path = self.data_dir / KEYS_DIR
                    path.mkdir(parents=True, exist_ok=True, mode=0o700)
                    self._keystore = KeyStore(path, self._master)
        return self._keystore

    def tsa(self, family: str = "sm2") -> TimeStampAuthority:
        """The platform TSA: the CA's in-process RFC 3161 authority (SM2 for the GM profile)."""
        return self.ca.tsa(family)


def open_or_init_ca(directory: Path, master: MasterKey, clock: Clock) -> LocalCA:
    """Open the CA in ``directory``; create it there (keys under the platform master key, no master.key file
    written) when the directory is missing or empty.

    A new CA starts at the platform clock's time or the wall clock's, whichever is earlier (a minute before):
    in production they agree; a test clock set in the past still gets certificates its CA covers."""
    if (directory / "ca.json").exists():
        return LocalCA.open(directory, master_key=master)
    start = min(clock.now(), datetime.now(UTC)) - timedelta(minutes=1)
    return LocalCA.init(directory, master_key=master, organization=CA_ORGANIZATION, now=start)


def install_pki(svc: _Container, pki: PlatformPki) -> None:
    svc.extra[_KEY] = pki


def platform_pki(svc: _Container) -> PlatformPki:
    pki = svc.extra.get(_KEY)
    if pki is None:
        with _LOCK:
            pki = svc.extra.get(_KEY)
            if pki is None:
                pki = PlatformPki(svc.settings.data_dir, svc.master_key, svc.clock)
                install_pki(svc, pki)
    if not isinstance(pki, PlatformPki):
        raise TypeError(f"services.extra[{_KEY!r}] is not a PlatformPki")
    return pki
