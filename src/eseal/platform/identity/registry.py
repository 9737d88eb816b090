"""Business-registry check (工商登记核验): credit code + registered name + legal representative name must match the
registry (the configured ``EnterpriseRegistry`` provider). Used at enterprise registration and at a reclaim."""

from __future__ import annotations

from eseal.platform.core import PlatformError, RegistryStatus, Services


def require_match(svc: Services, *, credit_code: str, name: str, legal_rep_name: str) -> None:
    """Raise ``registry_not_found`` / ``registry_mismatch`` (naming the field at fault) unless the registry confirms
    all three; a provider failure raises ``ProviderError`` (never treated as a match)."""
    answer = svc.providers.registry.verify(credit_code=credit_code, name=name, legal_rep_name=legal_rep_name)
    if answer.status is RegistryStatus.MATCH:
        return
    if answer.status is RegistryStatus.NOT_FOUND:
        raise PlatformError("registry_not_found", "登记机关未查询到该统一社会信用代码，请核对后重试", "credit_code")
    if answer.mismatched == ("name",):
        raise PlatformError("registry_mismatch", "公司或单位名称与登记机关的记录不一致，请按营业执照填写", "name")
    if answer.mismatched == ("legal_rep_name",):
        raise PlatformError("registry_mismatch", "法定代表人姓名与登记机关的记录不一致", "legal_rep_name")
    raise PlatformError("registry_mismatch", "公司或单位名称、法定代表人与登记机关的记录不一致，请按营业执照填写", "name")
