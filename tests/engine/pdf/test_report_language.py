"""Human report strings are Chinese; English engine/pyHanko text is kept in technical fields only.

The attack files of test_attack_pdf.py are all checked by its ``_verify`` (assert_chinese_report);
here: the certificate cases (revoked, expired) and proof that the checker rejects the old messages.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from _report_language import assert_chinese_report, english_leaks
from _verify_pki import NOW, base_pdf, full_trust, make_pki, sign_gm_pdf, sign_pades
from test_attack_pdf import _byte_range_span, _resign_with_byte_range, _strip_signature_fields
from test_verify_gm_certs import _signed_with_cert

from eseal.engine.pdf.report.model import CheckStatus, Indication, ItemCode, SubIndication
from eseal.engine.pdf.verify.verifier import verify_pdf


def _verify(doc: bytes):  # type: ignore[no-untyped-def]
    return verify_pdf(doc, trust=full_trust())


@pytest.fixture(scope="module")
def gm_doc() -> bytes:
    return sign_gm_pdf(base_pdf())


def test_report_language_byte_range_problem_is_chinese_with_english_detail(gm_doc):
    a, b, c, d = (int(x) for x in _byte_range_span(gm_doc).groups())
    report = _verify(_resign_with_byte_range(gm_doc, (a, b - 10, c, d)))
    sig = report.signatures[0]
    assert sig.coverage.byte_range_problem_codes == ["gap_not_hex_string"]
    assert sig.coverage.byte_range_problems == ["the unsigned gap is not exactly one hex string"]
    assert "两段之间未签名的部分不是单个十六进制字符串" in sig.coverage.message, sig.coverage.message
    assert_chinese_report(report)
    # the old message (English list pasted after the Chinese prefix) is caught by the checker
    old = replace(sig.coverage, message="签名字节范围(ByteRange)异常：" + "；".join(sig.coverage.byte_range_problems))
    report = replace(report, signatures=[replace(sig, coverage=old)])  # the report is frozen: a copy
    assert [w for _, w, _ in english_leaks(report)][:3] == ["the", "unsigned", "gap"]


def test_report_language_deleted_field_revision_is_chinese_with_pyhanko_detail(gm_doc):
    report = _verify(_strip_signature_fields(gm_doc))
    last = report.revisions[-1]
    assert not last.permitted
    assert last.technical_detail and "were deleted after signing" in last.technical_detail, last.technical_detail
    assert "签名后删除了表单域 ESeal-1" in last.message, last.message
    assert_chinese_report(report)
    old = replace(last, message=f"非许可的修改（{last.technical_detail}）")  # the old wording
    report = replace(report, revisions=[*report.revisions[:-1], old])  # the report is frozen: a copy
    assert {w for _, w, _ in english_leaks(report)} >= {"Fields", "were", "deleted"}


@pytest.mark.parametrize(("target", "chinese"), [
    ("_contents", "签名字典缺少有效的 /Contents"),  # extract_contents raised
    ("_verify_one", "签名数据无法解析"),  # any crash while verifying one signature
])
def test_report_language_exception_text_goes_to_details(gm_doc, monkeypatch, target, chinese):
    from eseal.engine.pdf.verify import verifier as verify_mod

    def boom(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("Stream has ended unexpectedly")

    monkeypatch.setattr(verify_mod, target, boom)
    report = _verify(gm_doc)
    sig = report.signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.FORMAT_FAILURE)
    fmt = sig.item(ItemCode.SEAL_FORMAT)
    assert fmt.reason == chinese and sig.message == chinese
    assert fmt.details["error"] == "ValueError: Stream has ended unexpectedly"
    assert_chinese_report(report)


def test_report_language_revoked_signer_is_chinese():
    report = _verify(sign_pades(base_pdf(), make_pki().revoked))
    assert report.signatures[0].sub_indication is SubIndication.REVOKED
    assert_chinese_report(report)


def test_report_language_expired_gm_signer_is_chinese():
    report = _verify(_signed_with_cert(NOW - timedelta(days=60), NOW - timedelta(days=10)))
    assert report.signatures[0].indication is Indication.TOTAL_FAILED
    assert_chinese_report(report)


def test_report_language_unknown_timestamp_message_gets_generic_chinese():
    from eseal.engine.pdf.verify.gm import _ts_reason_zh

    assert _ts_reason_zh("time stamp imprint is not the hash of the signature value",
                         CheckStatus.FAIL) == "时间戳的消息印记与签章签名值不符"
    assert _ts_reason_zh("something entirely new went wrong", CheckStatus.FAIL) == "时间戳验证未通过"
    assert _ts_reason_zh("something entirely new", CheckStatus.UNKNOWN) == "未能确认时间戳的有效性"


@pytest.mark.parametrize(("english", "chinese"), [
    ("Fields {'ESeal-1', 'Sig2'} were deleted after signing.", "签名后删除了表单域 ESeal-1、Sig2"),
    ("More form fields added than expected: expected only set(), but found new fields named {'X1'}.",
     "签名后新增了未经许可的表单域 X1"),
    ("Update clobbers or reuses <12 0 R> in an unexpected way.", "签名后改写了已签名的文档对象"),
    ("a message pyHanko may add one day", "签名后文档对象被非许可地修改"),
])
def test_report_language_suspicious_modification_mapping(english, chinese):
    from eseal.engine.pdf.verify.revisions import suspicious_modification_zh

    assert suspicious_modification_zh(english) == chinese
