"""PAdES/CMS verification: good signatures, certificate time rules, trust, lifecycle hook, JSON schema."""

from __future__ import annotations

from datetime import timedelta

from _verify_pki import NOW, base_pdf, full_trust, make_pki, sign_pades

from eseal.engine.pdf import SealLifecycleStatus, SealState, TrustStore
from eseal.engine.pdf.report.json import JSON_SCHEMA, report_to_json
from eseal.engine.pdf.report.model import CheckStatus, Indication, ItemCode, SubIndication
from eseal.engine.pdf.verify.verifier import verify_pdf


def _one(doc, trust=None, **kw):
    report = verify_pdf(doc, trust=trust if trust is not None else full_trust(), **kw)
    assert len(report.signatures) == 1
    return report, report.signatures[0]


def test_verify_pades_good_signature_passes_with_eight_items():
    report, sig = _one(sign_pades(base_pdf()))
    assert report.indication is Indication.TOTAL_PASSED and sig.indication is Indication.TOTAL_PASSED
    assert [it.code for it in sig.items] == list(ItemCode)
    assert sig.item(ItemCode.SEAL_FORMAT).status is CheckStatus.NOT_APPLICABLE
    assert sig.item(ItemCode.TIMESTAMP).status is CheckStatus.PASS
    assert sig.item(ItemCode.DOCUMENT_HASH).status is CheckStatus.PASS
    assert sig.coverage.covers_whole_file and sig.coverage.level == "ENTIRE_FILE"
    assert sig.times.proven is not None and sig.times.claimed is not None
    assert abs(sig.times.difference_seconds) < 60
    assert sig.signer.common_name == "张三"


def test_verify_pades_without_trust_anchors_is_indeterminate():
    _, sig = _one(sign_pades(base_pdf()), trust=TrustStore.empty())
    assert sig.indication is Indication.INDETERMINATE
    assert sig.sub_indication is SubIndication.NO_CERTIFICATE_CHAIN_FOUND
    assert sig.item(ItemCode.SIGNER_CERTIFICATE).status is CheckStatus.UNKNOWN


def test_verify_pades_untrusted_root_is_indeterminate():
    other = TrustStore(anchors=[make_pki().other_root.a_cert])
    _, sig = _one(sign_pades(base_pdf()), trust=other)
    assert sig.indication is Indication.INDETERMINATE
    assert sig.sub_indication is SubIndication.NO_CERTIFICATE_CHAIN_FOUND


def test_attack_expired_signer_certificate_fails():
    _, sig = _one(sign_pades(base_pdf(), make_pki().expired))
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.EXPIRED)
    assert sig.item(ItemCode.SIGNING_TIME).status is CheckStatus.FAIL


def test_attack_not_yet_valid_signer_certificate_fails():
    _, sig = _one(sign_pades(base_pdf(), make_pki().not_yet_valid))
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.NOT_YET_VALID)


def test_attack_revoked_signer_certificate_fails():
    _, sig = _one(sign_pades(base_pdf(), make_pki().revoked))
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.REVOKED)
    assert sig.item(ItemCode.SIGNER_CERTIFICATE).status is CheckStatus.FAIL


def test_verify_revoked_after_proven_signing_time_passes():
    """GM/T 0031 d.4: revoked *after* a time-stamp-proven signing time does not invalidate it."""
    doc = sign_pades(base_pdf(), make_pki().revoked, tsa_time=make_pki().revoked_at - timedelta(days=2))
    _, sig = _one(doc)
    assert sig.item(ItemCode.SIGNING_TIME).status is CheckStatus.PASS
    assert "吊销" in sig.item(ItemCode.SIGNING_TIME).reason


def test_verify_revoked_before_claimed_time_fails_revoked():
    """Documented rule: signing time ≥ revocation → TOTAL_FAILED/REVOKED, even if the time is only claimed."""
    doc = sign_pades(base_pdf(), make_pki().revoked, timestamp=False)
    _, sig = _one(doc)
    # claimed time (now) is after the revocation (yesterday): proven or not, the signer admits it
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.REVOKED)
    assert sig.item(ItemCode.TIMESTAMP).status is CheckStatus.NOT_APPLICABLE


def test_verify_revoked_after_claimed_time_only_is_revoked_no_poe():
    """Claimed (not proven) time before the revocation is no proof: INDETERMINATE/REVOKED_NO_POE."""
    from eseal.engine.pdf.sign.pades import sign_pades as eseal_sign_pades
    from eseal.engine.pki.signer import ECDSASoftwareSigner

    pki = make_pki()
    doc = eseal_sign_pades(base_pdf(), signer=ECDSASoftwareSigner(pki.revoked.key), cert=pki.revoked.a_cert,
                           chain=[pki.root.a_cert], seal_der=None, appearance=_appearance(),
                           claimed_time_only=True, now=pki.revoked_at - timedelta(days=2))
    _, sig = _one(doc)
    assert (sig.indication, sig.sub_indication) == (Indication.INDETERMINATE, SubIndication.REVOKED_NO_POE)
    assert sig.item(ItemCode.SIGNING_TIME).status is CheckStatus.UNKNOWN


def _appearance():  # type: ignore[no-untyped-def]
    from _sign_fixtures import red_seal_png

    from eseal.engine.pdf.stamp.appearance import SealAppearance

    return SealAppearance(red_seal_png(), 40, 40)


def test_verify_expired_now_without_poe_is_out_of_bounds():
    """Signed while valid (claimed), certificate expired by validation time, no time-stamp."""
    doc = sign_pades(base_pdf(), timestamp=False)
    later = NOW + timedelta(days=400)
    _, sig = _one(doc, now=later)
    assert (sig.indication, sig.sub_indication) == (Indication.INDETERMINATE, SubIndication.OUT_OF_BOUNDS_NO_POE)
    _, sig_ts = _one(sign_pades(base_pdf()), now=later)
    assert sig_ts.item(ItemCode.SIGNING_TIME).status is CheckStatus.PASS  # the time-stamp proves it


class _Lifecycle:
    def __init__(self, state):
        self.state = state
        self.asked = []

    def seal_status_at(self, es_id, at):
        self.asked.append((es_id, at))
        return SealLifecycleStatus(self.state, reason="测试")


def test_verify_lifecycle_hook_is_not_asked_without_seal_id():
    hook = _Lifecycle(SealState.REVOKED)
    _, sig = _one(sign_pades(base_pdf()), lifecycle=hook)
    assert hook.asked == [] and sig.indication is Indication.TOTAL_PASSED


def test_verify_json_report_follows_schema():
    import json

    report, _ = _one(sign_pades(base_pdf()))
    data = json.loads(report_to_json(report))
    _check_schema(data, JSON_SCHEMA)
    assert data["schema_version"] == "1.1"
    assert "byte_range_problem_codes" in data["signatures"][0]["coverage"]
    assert all("technical_detail" in r for r in data["revisions"])
    assert len(data["document"]["sm3"]) == 64


def _check_schema(value, schema):
    """Minimal JSON-Schema subset checker (required/enum/const/type object+array/min/maxItems)."""
    if "const" in schema:
        assert value == schema["const"]
    if "enum" in schema:
        assert value in schema["enum"], (value, schema["enum"])
    if schema.get("type") == "object":
        assert isinstance(value, dict)
        for key in schema.get("required", []):
            assert key in value, key
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                _check_schema(value[key], sub)
    if schema.get("type") == "array":
        assert isinstance(value, list)
        assert len(value) >= schema.get("minItems", 0)
        assert len(value) <= schema.get("maxItems", 1 << 30)
        for v in value:
            _check_schema(v, schema.get("items", {}))
