"""F2 #3: the business-registry providers. The HTTP adapter against a fake HTTP service (httpx.MockTransport:
request shape, the three answers, every malformed answer is a provider error); the development registry (seeded
entries must match, the documented rule for other codes). Migration 0005: tests/web/api/test_f2_registry.py."""

from __future__ import annotations

import json

import httpx
import pytest

from eseal.engine.ids import credit_check_char
from eseal.platform.core import ProviderError, RegistryStatus, Settings
from eseal.platform.identity.providers import (
    DEV_REGISTRY,
    DevEnterpriseRegistry,
    HttpEnterpriseRegistry,
    build_providers,
)
from eseal.web.errors import status_for

URL = "https://registry.example/verify"
ASK = {"credit_code": "91450100MA5DEM0013", "name": "广西示范电子印章科技有限公司", "legal_rep_name": "张示范"}


def _fake(status: int, body: object) -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if isinstance(body, Exception):
            raise body
        return httpx.Response(status, json=body)

    return seen, httpx.MockTransport(answer)


@pytest.mark.parametrize(("body", "status", "mismatched"), [
    ({"result": "match"}, RegistryStatus.MATCH, ()),
    ({"result": "mismatch", "mismatched": ["legal_rep_name"]}, RegistryStatus.MISMATCH, ("legal_rep_name",)),
    ({"result": "mismatch"}, RegistryStatus.MISMATCH, ()),
    ({"result": "not_found"}, RegistryStatus.NOT_FOUND, ()),
])
def test_http_registry_posts_the_three_fields_and_reads_the_answer(body, status, mismatched):
    seen, transport = _fake(200, body)
    answer = HttpEnterpriseRegistry(URL, "tok", transport=transport).verify(**ASK)
    assert answer.status is status and answer.mismatched == mismatched
    assert json.loads(seen[0].content) == ASK and seen[0].headers["authorization"] == "Bearer tok"
    assert str(seen[0].url) == URL


@pytest.mark.parametrize(("status", "body"), [
    (500, {"result": "match"}), (200, {"result": "maybe"}), (200, {}), (200, ["match"]),
    (200, {"result": "mismatch", "mismatched": "name"}), (200, httpx.ConnectTimeout("slow")),
])
def test_http_registry_failures_are_provider_errors(status, body):
    _, transport = _fake(status, body)
    with pytest.raises(ProviderError) as info:
        HttpEnterpriseRegistry(URL, transport=transport).verify(**ASK)
    assert status_for(info.value) == 502


def test_http_registry_needs_a_url():
    with pytest.raises(ValueError, match="ESEAL_REGISTRY_HTTP_URL"):
        build_providers(Settings(registry_provider="http"))


def _code(prefix: str) -> str:
    first17 = "91450100" + prefix + "A" * (9 - len(prefix))
    return first17 + credit_check_char(first17)


def test_dev_registry_is_labelled_simulated_and_follows_its_rule():
    dev = DevEnterpriseRegistry()
    assert dev.simulated is True and dev.name == "dev"
    entry = DEV_REGISTRY[0]
    assert dev.verify(credit_code=entry.credit_code, name=entry.name,
                      legal_rep_name=entry.legal_rep_name).status is RegistryStatus.MATCH
    wrong = dev.verify(credit_code=entry.credit_code, name="别的公司", legal_rep_name="别人")
    assert wrong.status is RegistryStatus.MISMATCH and wrong.mismatched == ("name", "legal_rep_name")
    assert dev.verify(credit_code=_code("0000"), name="甲公司", legal_rep_name="张三").status is RegistryStatus.NOT_FOUND
    assert dev.verify(credit_code=_code("B"), name="甲公司", legal_rep_name="张三").status is RegistryStatus.MATCH
    with pytest.raises(ProviderError):
        dev.verify(credit_code=_code("9999"), name="甲公司", legal_rep_name="张三")


def test_production_refuses_the_dev_registry():
    s = Settings(env="production", sms_provider="http", face_provider="http", realname_provider="http",
                 oauth_provider="http", registry_provider="dev")
    with pytest.raises(Exception, match="ESEAL_REGISTRY_PROVIDER=dev"):
        s.check_production_safety()
