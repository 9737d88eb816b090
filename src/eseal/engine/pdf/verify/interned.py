"""Values made once per text and shared, for the plain reader's shape builders (E3 #11).

A seal on every page writes ~240 objects of one shape a revision, whose references (``/P 5 0 R``) and
reals (``/Rect [ 419.5276 ... ]``) mostly recur; making each again costs two ``int`` calls and a tuple
(a reference) or a ``Decimal`` (a real). Only immutable values are shared, so sharing cannot be seen but
by identity; the table is emptied when it is full.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LIMIT = 4096


def interned(make: Callable[[str], Any], limit: int = LIMIT) -> Callable[[str], Any]:
    """``make`` remembered by its text argument (``make`` must return an immutable value)."""
    table: dict[str, Any] = {}

    def get(text: str) -> Any:
        value = table.get(text)
        if value is None:
            if len(table) >= limit:
                table.clear()
            value = table[text] = make(text)
        return value

    return get
