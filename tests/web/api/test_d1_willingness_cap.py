"""The willingness cap [D1]: at most 60 challenges per account and hour (docs/api.md §4.6) — the 61st, from the
willingness API or from 签署's 下一步 (prepare), is refused 429 with a message that says what is limited and how
long to wait (Retry-After), and the account can go on once the hour has passed."""

from __future__ import annotations

import pytest
from apihelpers import api_error
from d1_helpers import make_pdf, person_with_seal, stamp, uploaded

from eseal.platform.identity.willingness import CREATE_PER_HOUR

pytestmark = pytest.mark.db


def _open(client):
    return client.post("/api/v1/willingness/challenges",
                       json={"action": "account.change_password", "target_type": "account", "target_id": 1})


def test_the_61st_challenge_in_an_hour_is_refused_clearly_and_the_cap_lifts(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf(pages=1))
    assert CREATE_PER_HOUR == 60
    for _ in range(CREATE_PER_HOUR):
        assert _open(client).status_code in (200, 201)
    r = _open(client)
    assert r.status_code == 429
    err = api_error(r)
    assert err["code"] == "rate_limited"
    assert err["message"] == "意愿认证过于频繁：每个账号每小时最多发起60次，请稍后再试"
    assert 1 <= int(r.headers["Retry-After"]) <= 3601 and err["retry_after"] == int(r.headers["Retry-After"])
    # 签署 → 下一步 opens a challenge too: the same refusal, the same words
    r = client.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_id)]})
    assert r.status_code == 429 and api_error(r)["message"] == err["message"]
    app.state.services.clock.advance(hours=1, seconds=1)
    r = client.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_id)]})
    assert r.status_code == 200, r.text
