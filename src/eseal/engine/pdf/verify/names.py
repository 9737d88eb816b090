"""How a certificate name is shown in the report: ``CN（O）``."""

from __future__ import annotations

from typing import Any


def display_name(name: Any) -> str:
    """``CN（O）`` for people; the full RFC 4514-ish string only when there is no CN."""
    n = name.native
    cn, org = n.get("common_name"), n.get("organization_name")
    cn = cn[0] if isinstance(cn, list) else cn
    org = org[0] if isinstance(org, list) else org
    if cn and org and org != cn:
        return f"{cn}（{org}）"
    return str(cn or org or name.human_friendly)
