"""Shared fixtures: a real LocalCA, a real SM2 signer certificate and a real PNG seal picture."""

from __future__ import annotations

import datetime as dt

import pytest
from ses_helpers import DOC, Party, make_seal, red_circle_png

from eseal.engine import ses
from eseal.engine.gm.sm2 import SM2PrivateKey
from eseal.engine.pki.ca import LocalCA
from eseal.engine.pki.signer import SM2SoftwareSigner

UTC = dt.UTC


@pytest.fixture(scope="session")
def ca(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    return LocalCA.init(tmp_path_factory.mktemp("ses-ca") / "ca")


@pytest.fixture(scope="session")
def company(ca: LocalCA) -> Party:
    signer = SM2SoftwareSigner(SM2PrivateKey.generate())
    cert = ca.issue_enterprise("sm2", "福州测试有限公司", "91350100M000100Y43", signer.public_key_info, days=365)
    return Party(signer, cert.dump())


@pytest.fixture(scope="session")
def picture() -> bytes:
    return red_circle_png()


@pytest.fixture(scope="session")
def now() -> dt.datetime:
    return dt.datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(scope="session")
def seal_der(ca: LocalCA, company: Party, picture: bytes, now: dt.datetime) -> bytes:
    return make_seal(ca, company, picture, now)


@pytest.fixture(scope="session")
def signature_der(seal_der: bytes, company: Party, now: dt.datetime) -> bytes:
    from eseal.engine.gm.sm3 import sm3

    return ses.build_signature(
        seal_der=seal_der, data_hash=sm3(DOC), property_info="PDF;ByteRange=[0 10 20 30]",
        signer=company.signer, signer_cert_der=company.cert_der, time=now + dt.timedelta(seconds=5),
    )
