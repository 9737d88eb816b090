"""The simulated business registry of the development provider (开发环境模拟工商登记库).

Seeded entries answer like a real registry: the credit code must carry exactly this registered name and this
legal representative. The demo data (``eseal demo``) registers the first entry, so the demo enterprise matches.

For credit codes NOT listed here the development registry follows a documented rule (so tests and local trials
can register any well-formed, freshly generated code):

* the 9-character organisation part (positions 9–17) starts with ``0000`` → 未查询到 (not found);
* it starts with ``9999`` → the registry is unavailable (ProviderError, the "provider error" path);
* any other code → found, and registered with the name and legal representative given (match).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DevRegistryEntry:
    credit_code: str
    name: str
    legal_rep_name: str


DEV_REGISTRY: tuple[DevRegistryEntry, ...] = (
    DevRegistryEntry("91450100MA5DEM0013", "广西示范电子印章科技有限公司", "张示范"),
    DevRegistryEntry("91450100MA5DEM0026", "广西示范认领测试有限公司", "张示范"),
    DevRegistryEntry("12450000MB0DEM003C", "广西壮族自治区示范事业单位服务中心", "李示例"),
)
NOT_FOUND_PREFIX = "0000"
UNAVAILABLE_PREFIX = "9999"


def seeded(credit_code: str) -> DevRegistryEntry | None:
    return next((e for e in DEV_REGISTRY if e.credit_code == credit_code), None)
