"""The detail of a seal event is a typed value; seal_events.detail keeps the JSON it always had (one serializer)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from eseal.platform.seals.changes import CancelDetail, ChangeDetail, RenewDetail, detail_json


def test_renew_and_change_details_are_the_stored_json() -> None:
    start, end = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert detail_json(RenewDetail(start, end)) == \
        '{"valid_from": "2026-01-02T03:04:05+00:00", "valid_to": "2027-01-02T03:04:05+00:00"}'
    assert detail_json(ChangeDetail("kai")) == '{"font": "kai"}'
    assert detail_json(None) is None


def test_a_cancel_detail_keeps_chinese_and_lists_its_materials() -> None:
    detail = CancelDetail(handler_name="张三", handler_id="4501**********1238", handler_phone="13800000001",
                          legal_rep_name="李四", legal_rep_id="4501**********1239", unit_name="示例有限公司",
                          credit_code="91450100MA5KXXXX1X", materials=("ab" * 32,))
    text = detail_json(detail)
    assert text is not None and "张三" in text and list(json.loads(text)) == sorted(json.loads(text))
    assert json.loads(text)["materials"] == ["ab" * 32] and json.loads(text)["unit_name"] == "示例有限公司"
