"""Typed views of seals (frozen dataclasses): the list entry, the details page (印章详情), a history row."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SealSummary:
    id: int
    kind: str
    kind_label: str
    name: str
    state: str  # enabled | suspended | cancelled
    state_label: str
    usable: bool  # enabled and within its validity now
    valid_from: str  # ISO 8601 UTC
    valid_to: str
    image_url: str  # the face (PNG)
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class CertificateView:
    subject: str
    issuer: str
    serial: str  # hex
    valid_from: str
    valid_to: str
    revoked: bool


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    action: str  # issue | suspend | resume | renew | change | cancel
    action_label: str
    from_state: str | None
    to_state: str
    version: int | None
    actor_name: str | None  # masked


@dataclass(frozen=True)
class SealDetails:
    seal: SealSummary
    es_id: str
    seal_type: str  # the GB/T 38540 type label (法定名称章, 合同专用章, 其他类型印章 …)
    version: int
    font: str | None
    method: str  # 用章核验方式: password | sms | face
    certificate: CertificateView
    use_count: int
    renewable_from: str  # 续期 is possible from this instant on
    actions: tuple[str, ...]  # lifecycle moves the table allows now (change: persons only)
    history: tuple[HistoryEntry, ...]


@dataclass(frozen=True)
class SealList:
    seals: tuple[SealSummary, ...]


@dataclass(frozen=True)
class SealEnvelope:
    seal: SealDetails


@dataclass(frozen=True)
class HistoryList:
    history: tuple[HistoryEntry, ...]
