"""Filing (备案): the national e-seal rules require suspension, resumption and cancellation to be filed with the
seal-making body. One interface, two providers:

* ``DevFilingProvider`` — development: nothing leaves the machine; the record is kept (``seal_filings``, status
  ``simulated``) and shown in the outbox at ``/dev/filing-outbox``, labelled 模拟.
* ``HttpFilingProvider`` — ``POST {url}`` JSON ``{"reference", "es_id", "seal_name", "seal_type", "action",
  "at", "holder", "credit_code"}`` with ``Authorization: Bearer <token>``; a 2xx answer ``{"ok": true,
  "receipt": "..."}`` is success (the receipt is kept); anything else raises ``ProviderError`` (the lifecycle
  change is then rolled back: an unfiled change is not made).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import httpx
from sqlalchemy import select

from eseal.platform.core import DbSession, ProviderError, Services
from eseal.platform.seals.kinds import KINDS
from eseal.platform.seals.models import Seal, SealEvent, SealFiling

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
_KEY = "filing_provider"


@dataclass(frozen=True)
class FilingRecord:
    reference: str  # ours: "seal-<id>-event-<id>"
    es_id: str
    seal_name: str
    seal_type: str  # the 2-digit GB/T 38540 type code
    action: str  # suspend | resume | cancel
    at: str  # ISO 8601 UTC
    holder: str
    credit_code: str | None


@dataclass(frozen=True)
class FilingReceipt:
    provider: str  # dev | http
    status: str  # simulated | filed
    receipt: str | None


class FilingProvider(Protocol):
    def file(self, record: FilingRecord) -> FilingReceipt: ...


class DevFilingProvider:
    """Keeps the record only (development): the outbox page shows it, labelled 模拟."""

    def file(self, record: FilingRecord) -> FilingReceipt:
        return FilingReceipt("dev", "simulated", None)


class HttpFilingProvider:
    def __init__(self, url: str, token: str = "", *, transport: Any = None) -> None:
        if not url:
            raise ValueError("the HTTP filing provider needs ESEAL_FILING_HTTP_URL")
        self.url, self.token, self.transport = url, token, transport

    def file(self, record: FilingRecord) -> FilingReceipt:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            with httpx.Client(timeout=TIMEOUT, headers=headers, transport=self.transport) as client:
                response = client.post(self.url, json=asdict(record))
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderError(f"filing service unreachable or not JSON: {exc}") from exc
        if not response.is_success or not isinstance(body, dict) or body.get("ok") is not True:
            raise ProviderError(f"filing service refused {record.reference}: HTTP {response.status_code}")
        receipt = body.get("receipt")
        return FilingReceipt("http", "filed", str(receipt)[:128] if receipt is not None else None)


def build_filing_provider(svc: Services) -> FilingProvider:
    settings = svc.settings.seals
    if settings.filing_provider == "http":
        return HttpFilingProvider(settings.filing_http.url, settings.filing_http.token)
    return DevFilingProvider()


def install_filing_provider(svc: Services, provider: FilingProvider) -> None:
    svc.extra[_KEY] = provider


def filing_provider(svc: Services) -> FilingProvider:
    provider = svc.extra.get(_KEY)
    if provider is None:
        provider = build_filing_provider(svc)
        install_filing_provider(svc, provider)
    return provider


def file_event(db: DbSession, svc: Services, *, seal: Seal, event: SealEvent, credit_code: str | None) -> SealFiling:
    """File one lifecycle change and keep the record (in the caller's transaction)."""
    record = FilingRecord(reference=f"seal-{seal.id}-event-{event.id}", es_id=seal.es_id or "", seal_name=seal.name,
                          seal_type=KINDS[seal.kind].seal_type.code, action=event.action,
                          at=event.at.isoformat(), holder=seal.holder_name, credit_code=credit_code)
    receipt = filing_provider(svc).file(record)
    row = SealFiling(seal_id=seal.id, event_id=event.id, action=event.action, provider=receipt.provider,
                     status=receipt.status, reference=receipt.receipt,
                     payload=json.dumps(asdict(record), ensure_ascii=False, sort_keys=True), created_at=event.at)
    db.add(row)
    return row


@dataclass(frozen=True)
class FilingView:
    id: int
    seal_id: int
    action: str
    provider: str
    status: str
    reference: str | None
    record: FilingRecord
    created_at: str


def outbox(db: DbSession, limit: int = 100) -> list[FilingView]:
    """The newest filing records (the development outbox page)."""
    rows = db.scalars(select(SealFiling).order_by(SealFiling.id.desc()).limit(limit))
    return [FilingView(r.id, r.seal_id, r.action, r.provider, r.status, r.reference, FilingRecord(**json.loads(r.payload)),
                       r.created_at.isoformat()) for r in rows]
