"""Settings from the environment, master key file, production safety."""

from __future__ import annotations

import stat

import pytest

from eseal.platform.core import Settings, SettingsError, load_master_key
from eseal.platform.identity.providers import build_providers


def test_defaults_from_environment(tmp_path):
    s = Settings.from_env({"ESEAL_DATA_DIR": str(tmp_path)})
    assert s.env == "development"
    assert s.database_url == f"sqlite:///{tmp_path.resolve() / 'eseal.db'}"
    assert s.master_key_file == tmp_path / "master.key"
    assert not s.secure_cookies
    assert Settings.from_env({"ESEAL_PUBLIC_URL": "https://seal.example.gov.cn"}).secure_cookies


def test_master_key_created_0600_and_stable(tmp_path):
    s = Settings(data_dir=tmp_path)
    key = load_master_key(s)
    assert len(key) == 32
    mode = stat.S_IMODE((tmp_path / "master.key").stat().st_mode)
    assert mode == 0o600
    assert load_master_key(s) == key


def test_production_refuses_development_providers(tmp_path):
    s = Settings.from_env({"ESEAL_DATA_DIR": str(tmp_path), "ESEAL_ENV": "production"})
    with pytest.raises(SettingsError, match="ESEAL_SMS_PROVIDER=dev"):
        s.check_production_safety()
    with pytest.raises(SettingsError):
        build_providers(s)


def test_production_with_http_providers_is_accepted(tmp_path):
    env = {"ESEAL_DATA_DIR": str(tmp_path), "ESEAL_ENV": "production", "ESEAL_SMS_PROVIDER": "http",
           "ESEAL_FACE_PROVIDER": "http", "ESEAL_REALNAME_PROVIDER": "http", "ESEAL_OAUTH_PROVIDER": "http",
           "ESEAL_SMS_HTTP_URL": "https://sms.example/send", "ESEAL_FACE_HTTP_URL": "https://face.example",
           "ESEAL_REALNAME_HTTP_URL": "https://rn.example/check"}
    # F2 #3: the business registry is a provider too; production refuses its development simulator
    with pytest.raises(SettingsError, match="ESEAL_REGISTRY_PROVIDER=dev"):
        Settings.from_env(env).check_production_safety()
    env.update({"ESEAL_REGISTRY_PROVIDER": "http", "ESEAL_REGISTRY_HTTP_URL": "https://registry.example/verify"})
    # S1: seal filing (备案) too — its development provider only keeps a visible outbox
    with pytest.raises(SettingsError, match="ESEAL_FILING_PROVIDER=dev"):
        Settings.from_env(env).check_production_safety()
    env.update({"ESEAL_FILING_PROVIDER": "http", "ESEAL_FILING_HTTP_URL": "https://filing.example/records"})
    s = Settings.from_env(env)
    s.check_production_safety()
    providers = build_providers(s)
    assert providers.names() == {"sms": "http", "face": "http", "realname": "http", "oauth": "http",
                                 "registry": "http"}
    assert not providers.registry.simulated
    assert not providers.sms.simulated


def test_bad_values_are_rejected():
    with pytest.raises(SettingsError):
        Settings(env="staging")
    with pytest.raises(SettingsError):
        Settings(sms_provider="aliyun")
    with pytest.raises(ValueError, match="ESEAL_SMS_HTTP_URL"):
        build_providers(Settings(sms_provider="http"))


def test_loose_master_key_permissions_are_reported(tmp_path, caplog):
    s = Settings(data_dir=tmp_path)
    load_master_key(s)
    (tmp_path / "master.key").chmod(0o644)
    load_master_key(s)
    assert "chmod 600" in caplog.text


@pytest.mark.parametrize("name", ["ESEAL_SEAL_VALIDITY_DAYS", "ESEAL_DOCUMENT_RETENTION_DAYS",
                                  "ESEAL_PURGE_INTERVAL_SECONDS"])
def test_a_number_setting_that_is_not_a_number_is_a_settings_error(tmp_path, name):
    """Not a ValueError traceback from `eseal audit verify` / `documents purge` / `demo`: one named error."""
    with pytest.raises(SettingsError, match=f"{name} must be a whole number, not 'thirty'"):
        Settings.from_env({"ESEAL_DATA_DIR": str(tmp_path), name: "thirty"})
