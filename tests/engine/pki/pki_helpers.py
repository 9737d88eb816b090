"""Shared constants and helpers of the PKI tests (a uniquely named module: tests have no packages)."""

from __future__ import annotations

import datetime as dt

from eseal.engine.pki.ca import LocalCA
from eseal.engine.pki.signer import generate_signer

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
CA_CREATED = NOW - dt.timedelta(days=400)
KEY_ALGO = {"sm2": "sm2", "ecdsa": "ecdsa-p256"}
CREDIT_CODE = "91350100M000100Y43"
ID_NUMBER = "11010519491231002X"


def issue(ca: LocalCA, family: str, *, days: int = 365, not_before: dt.datetime | None = None,
          name: str = "福州测试科技有限公司"):
    """(signer, certificate) for a fresh enterprise key."""
    signer = generate_signer(KEY_ALGO[family])
    cert = ca.issue_enterprise(family, name, CREDIT_CODE, signer.public_key_info, days,
                               not_before=not_before or NOW - dt.timedelta(days=30))
    return signer, cert
