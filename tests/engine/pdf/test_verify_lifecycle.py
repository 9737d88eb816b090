"""The platform's seal-lifecycle hook decides 电子印章有效性 for both profiles (and a failing hook is no pass)."""

from __future__ import annotations

from functools import cache

import pytest
from _sign_fixtures import ca_material, make_pdf

from eseal.engine.pdf import SealLifecycleStatus, SealState, TrustStore
from eseal.engine.pdf.report.model import CheckStatus, Indication, ItemCode, SubIndication
from eseal.engine.pdf.verify.verifier import verify_pdf


@cache
def _signed(profile: str) -> bytes:
    from eseal.engine.pdf.sign.gm import sign_gm
    from eseal.engine.pdf.sign.pades import sign_pades

    m = ca_material()
    if profile == "gm":
        return sign_gm(make_pdf(1), seal_der=m.seal_der, signer=m.sm2_signer, signer_cert_der=m.sm2_cert_der,
                       timestamper=m.ca.tsa("sm2"))
    return sign_pades(make_pdf(1), signer=m.ecdsa_signer, cert=m.ecdsa_cert, chain=m.ecdsa_chain,
                      seal_der=m.seal_der, timestamper=m.ca.tsa("ecdsa"))


class _Hook:
    def __init__(self, state: SealState | None) -> None:
        self.state, self.asked = state, []

    def seal_status_at(self, es_id, at):  # type: ignore[no-untyped-def]
        self.asked.append(es_id)
        if self.state is None:
            raise ConnectionError("platform database is down")
        return SealLifecycleStatus(self.state, reason="测试")


def _verify(profile: str, hook: _Hook):  # type: ignore[no-untyped-def]
    rep = verify_pdf(_signed(profile), trust=TrustStore.from_directory(ca_material().ca.directory), lifecycle=hook)
    (sig,) = rep.signatures
    return sig, next(i for i in sig.items if i.code is ItemCode.SEAL_VALIDITY)


@pytest.mark.parametrize("profile", ["gm", "pades"])
def test_lifecycle_active_passes(profile):
    hook = _Hook(SealState.ACTIVE)
    sig, item = _verify(profile, hook)
    assert hook.asked == ["35010001000000013"]
    assert sig.indication is Indication.TOTAL_PASSED and item.status is CheckStatus.PASS


@pytest.mark.parametrize("profile", ["gm", "pades"])
@pytest.mark.parametrize("state", [SealState.REVOKED, SealState.SUSPENDED])
def test_lifecycle_revoked_or_suspended_seal_fails(profile, state):
    sig, item = _verify(profile, _Hook(state))
    assert sig.indication is Indication.TOTAL_FAILED and sig.sub_indication is SubIndication.SEAL_INVALID
    assert item.status is CheckStatus.FAIL and ("已注销" in item.reason or "已停用" in item.reason)


@pytest.mark.parametrize("profile", ["gm", "pades"])
def test_lifecycle_hook_raising_is_unknown_and_indeterminate(profile):
    sig, item = _verify(profile, _Hook(None))
    # was (GM): item PASS "…；印章状态查询失败" and TOTAL_PASSED
    assert item.status is CheckStatus.UNKNOWN and "印章状态查询失败" in item.reason
    assert sig.indication is Indication.INDETERMINATE and sig.sub_indication is SubIndication.TRY_LATER
