def test_health_and_anonymous_session(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    health = client.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["providers"]["sms"] == "dev"
    s = client.get("/api/v1/session").json()
    assert s["authenticated"] is False and s["csrf_token"] == client.csrf


def test_register_person_and_enterprise(client, make_client, register_person, register_enterprise):
    p = register_person(client)
    assert p["session"]["account"]["kind"] == "person"
    assert client.get("/api/v1/me").json()["account"]["name"] == "王测试"
    other = make_client()
    e = register_enterprise(other)
    assert e["session"]["needs_enterprise_face_check"] is True
