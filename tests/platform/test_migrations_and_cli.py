"""Schema migrations (the app upgrades itself), `eseal demo --no-serve`, `eseal audit verify`, live server."""

from __future__ import annotations

import httpx
from sqlalchemy import inspect

from eseal.cli import main
from eseal.platform.core import alembic_config, upgrade_schema

TABLES = {"accounts", "web_sessions", "sms_codes", "sms_outbox", "rate_events", "login_throttles", "face_checks",
          "oauth_bindings", "oauth_states", "dev_oauth_codes", "willingness_challenges", "audit_log", "audit_head",
          "alembic_version"}


def test_upgrade_is_idempotent_and_downgrade_works(services):
    engine = services.engine
    assert TABLES <= set(inspect(engine).get_table_names())
    upgrade_schema(engine)  # second run: nothing to do
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert "accounts" not in inspect(engine).get_table_names()
    upgrade_schema(engine)
    assert TABLES <= set(inspect(engine).get_table_names())


def test_demo_command_seeds_and_prints_credentials(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ESEAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ESEAL_DATABASE_URL", raising=False)
    monkeypatch.delenv("ESEAL_ENV", raising=False)
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    from eseal.platform.demo import DEMO

    assert DEMO.credit_code in out and DEMO.enterprise_password in out and "http://127.0.0.1:8000/" in out
    assert main(["demo", "--no-serve"]) == 0  # idempotent
    capsys.readouterr()
    assert main(["audit", "verify"]) == 0
    # 3 accounts registered + 3 demo seals issued + 5 demo business documents received, once
    assert "11 rows" in capsys.readouterr().out
    assert (tmp_path / "master.key").exists()


def test_demo_refuses_production(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ESEAL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ESEAL_ENV", "production")
    assert main(["demo", "--no-serve"]) == 2
    assert "production" in capsys.readouterr().err


def test_audit_verify_without_database(tmp_path, capsys):
    assert main(["audit", "verify", "--database-url", f"sqlite:///{tmp_path / 'none.db'}"]) == 2
    assert "no audit_log table" in capsys.readouterr().err


def test_serve_refuses_dev_providers_in_production(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ESEAL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ESEAL_ENV", "production")
    assert main(["serve", "--port", "1"]) == 2
    assert "refuses development providers" in capsys.readouterr().err


def test_live_server_fixture_serves_the_api(live_server, last_sms_code):
    with httpx.Client(base_url=live_server) as c:
        assert c.get("/api/v1/health").json()["status"] == "ok"
        token = c.get("/api/v1/session").json()["csrf_token"]
        r = c.post("/api/v1/sms/send", json={"purpose": "register", "phone": "13912345678"},
                   headers={"X-CSRF-Token": token})
        assert r.status_code == 200
    assert len(last_sms_code("13912345678", app=live_server.app)) == 6


def test_serve_reports_an_unreachable_database_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ESEAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ESEAL_ENV", raising=False)
    monkeypatch.setenv("ESEAL_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2")
    assert main(["serve", "--port", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("eseal: cannot upgrade the database schema") and "Traceback" not in err
    assert "postgres@" not in err.splitlines()[0].split("(")[1]  # credentials part of the URL is not echoed
