"""PKI fixtures: one shared CA directory created 400 days in the past (so that historical validation
times are inside the CA's validity), plus a fresh CA per test for revocation tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from pki_helpers import CA_CREATED

from eseal.engine.pki.ca import LocalCA


@pytest.fixture(scope="session")
def ca(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    return LocalCA.init(tmp_path_factory.mktemp("pki") / "ca", now=CA_CREATED)


@pytest.fixture(scope="session")
def other_ca(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    """A second, unrelated CA with the very same subject names (tests AKI/SKI and signature checks)."""
    return LocalCA.init(tmp_path_factory.mktemp("pki") / "other", now=CA_CREATED)


@pytest.fixture
def fresh_ca(tmp_path: Path) -> LocalCA:
    return LocalCA.init(tmp_path / "ca", now=CA_CREATED)


@pytest.fixture(params=["sm2", "ecdsa"])
def family(request: pytest.FixtureRequest) -> str:
    return request.param
