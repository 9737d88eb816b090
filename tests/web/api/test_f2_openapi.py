"""[F2] #13: the OpenAPI document says what the API accepts and answers (integrators generate clients from it)."""

from __future__ import annotations

import re

import pytest

from eseal.engine.ids import generate_credit_code

ERRORS = {"400", "401", "403", "404", "409", "413", "422", "423", "429", "502"}


@pytest.fixture
def doc(app):
    return app.openapi()


def _body_schema(doc, path, method="post"):
    ref = doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_request_schemas_name_required_fields_patterns_and_enums(doc):
    reg = _body_schema(doc, "/api/v1/register/enterprise")
    assert set(reg["required"]) >= {"legal_type", "name", "credit_code", "legal_rep_name", "legal_rep_id_number",
                                    "phone", "sms_code", "password", "password_confirm", "agree"}
    props = reg["properties"]
    assert props["credit_code"]["type"] == "string" and "anyOf" not in props["credit_code"]
    assert re.fullmatch(props["credit_code"]["pattern"], generate_credit_code())
    assert re.fullmatch(props["legal_rep_id_number"]["pattern"], "450103199001011238")
    assert re.fullmatch(props["phone"]["pattern"], "13800000001")
    assert not re.fullmatch(props["phone"]["pattern"], "12800000001")
    assert re.fullmatch(props["sms_code"]["pattern"], "123456")
    assert props["password"]["minLength"] == 8 and props["password"]["maxLength"] == 64
    assert props["agree"] == {"type": "boolean", "enum": [True], "title": "Agree",
                              "description": props["agree"]["description"]}
    assert "enterprise" in props["legal_type"]["enum"]
    login = _body_schema(doc, "/api/v1/auth/person/login")
    assert set(login["required"]) == {"account", "method", "agree"}
    assert login["properties"]["method"]["enum"] == ["password", "sms", "face"]
    assert "resident_id" in login["properties"]["id_type"]["enum"]
    assert _body_schema(doc, "/api/v1/auth/password/reset")["properties"]["method"]["enum"] == ["sms", "face"]
    assert "login" in _body_schema(doc, "/api/v1/sms/send")["properties"]["purpose"]["enum"]
    assert "enterprise_entry" in _body_schema(doc, "/api/v1/face/checks")["properties"]["purpose"]["enum"]


def _request_models(*modules):
    from pydantic import BaseModel

    return {name for m in modules for name, v in vars(m).items()
            if isinstance(v, type) and issubclass(v, BaseModel) and v.__module__ == m.__name__}


def test_no_request_field_is_left_an_undescribed_optional_string(doc):
    """Every string field of the accounts and identity request bodies says more than ``string | null``."""
    import eseal.web.api.accounts as accounts
    import eseal.web.api.identity as identity

    names = _request_models(accounts, identity)
    assert len(names) > 10
    loose = []
    for name, schema in doc["components"]["schemas"].items():
        if name not in names:
            continue
        for field, prop in schema.get("properties", {}).items():
            if "anyOf" in prop and {"type": "null"} in prop["anyOf"] and any(
                    b.get("type") == "string" for b in prop["anyOf"]):
                loose.append(f"{name}.{field}")
    assert not loose, loose


def test_every_operation_documents_the_error_body_and_oauth_routes_are_redirects(doc):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            missing = ERRORS - set(op["responses"])
            assert not missing, (method, path, missing)
            assert op["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    for path in ("/api/v1/oauth/{provider}/start", "/api/v1/oauth/{provider}/callback"):
        responses = doc["paths"][path]["get"]["responses"]
        assert "200" not in responses and responses["302"]["content"] == {}
        assert "Location" in responses["302"]["headers"]


def test_the_callback_answers_a_redirect_not_a_page(client):
    r = client.get("/api/v1/oauth/wechat/callback", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"].startswith("/login?oauth=failed")


def test_dev_routes_document_their_404(doc):
    assert "404" in doc["paths"]["/api/v1/dev/face/{check_id}/simulate"]["post"]["responses"]
