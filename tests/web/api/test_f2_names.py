"""F2 #9: 公司或单位名称 follows the same rules as person names (NFC, no control / format / private-use characters)
and allows only what registered organisation names contain: Chinese, Latin letters, digits, （）()、·- and single
spaces between words. Everything is checked through the registration endpoint (a 400 naming the field)."""

from __future__ import annotations

import pytest
from apihelpers import api_error, new_id_number, new_phone

from eseal.engine.ids import generate_credit_code


def _register(client, send_code, name):
    phone = new_phone()
    body = {"legal_type": "enterprise", "name": name, "credit_code": generate_credit_code(),
            "legal_rep_name": "赵法人", "legal_rep_id_number": new_id_number(), "phone": phone,
            "password": "Ent12345", "password_confirm": "Ent12345", "agree": True,
            "sms_code": send_code(client, phone, account_type="enterprise")}
    return client.post("/api/v1/register/enterprise", json=body)


@pytest.mark.parametrize("bad", [
    "<img src=x onerror=alert(1)>有限公司",   # HTML
    "南宁示例有限公司😀",                      # emoji
    "南宁'; DROP TABLE accounts;--公司",       # SQL punctuation
    "南宁\"示例\"有限公司",
    "南宁示例有限公司&amp;",
    "南宁示例<有限公司>",
    "南宁示例有限公司%",
    "南宁示例有限公司;",
    "南宁示例有限公司\\",
    "南宁示例有限公司/分公司",
    "南宁示例＃有限公司",
    "南宁示例（有限公司",                      # unbalanced brackets
    "南宁示例)有限公司(",
    "（南宁示例有限公司）)",
    "南宁示例  有限公司",                      # two spaces
    "-南宁示例有限公司",                       # leading separator
    "南宁示例有限公司、",                      # trailing separator
    "南宁示例--有限公司",                      # doubled separator
    "南宁\u3000示例有限公司",                  # ideographic space
    "南宁\u00a0示例有限公司",                  # no-break space
])
def test_organisation_name_rejects_markup_emoji_and_punctuation(client, send_code, bad):
    r = _register(client, send_code, bad)
    assert r.status_code == 400, r.text
    err = api_error(r)
    assert err["code"] == "invalid_name" and err["field"] == "name" and "公司或单位名称" in err["message"]
    assert client.get("/api/v1/session").json()["authenticated"] is False


@pytest.mark.parametrize("good", [
    "广西北部湾投资集团有限公司",
    "中国石油天然气股份有限公司广西销售分公司",
    "ABC（广西）科技有限公司",
    "桂林三金药业股份有限公司",
    "南宁市青秀区阿卜杜·买买提餐饮店",
    "广西ABC-XYZ科技有限公司",
    "柳州市鱼峰区、城中区联合社区服务中心",
    "IBM (China) Co Ltd",
    "中国(广西)自由贸易试验区南宁片区3D打印有限公司",
])
def test_real_registered_names_are_accepted(client, send_code, good):
    r = _register(client, send_code, good)
    assert r.status_code == 201, r.text
    assert r.json()["session"]["account"]["display_name"] == good


def test_organisation_name_is_nfc_normalised(client, send_code):
    # a CJK compatibility ideograph (U+F9DC, as some input methods produce it) is stored as the unified one
    r = _register(client, send_code, "广西\uf9dc安科技有限公司")
    assert r.status_code == 201, r.text
    assert r.json()["session"]["account"]["display_name"] == "广西\u9686安科技有限公司"

