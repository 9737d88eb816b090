"""Real-name check (实名核验): does a name match an ID number in the authority's records (the configured provider)."""

from __future__ import annotations

from eseal.platform.core import Services


def matches(svc: Services, *, name: str, id_type: str, id_number: str) -> bool:
    """True when the provider confirms the name for this ID number (may raise ProviderError)."""
    return svc.providers.realname.verify(name=name, id_type=id_type, id_number=id_number)
