"""Whose seal: every access loads the seal of the acting account (the enterprise acted for, or the person);
another account's seal answers ``not_found`` exactly like one that does not exist."""

from __future__ import annotations

from sqlalchemy import select

from eseal.platform.accounts import Account, Actor
from eseal.platform.core import DbSession, NotFound
from eseal.platform.seals.models import Seal


def owner_of(actor: Actor) -> Account:
    """The account whose seals the actor sees (``not_authenticated`` for anonymous visitors)."""
    return actor.acting_as if actor.acting_as is not None else actor.user


def own_seal(db: DbSession, actor: Actor, seal_id: int | str, *, lock: bool = False) -> Seal:
    owner = owner_of(actor)
    try:
        number = int(seal_id)
    except (TypeError, ValueError):
        raise NotFound("印章不存在", "seal_id") from None
    query = select(Seal).where(Seal.id == number, Seal.owner_account_id == owner.id)
    seal = db.scalars(query.with_for_update() if lock else query).first()
    if seal is None:
        raise NotFound("印章不存在", "seal_id")
    return seal


def seals_of(db: DbSession, actor: Actor) -> list[Seal]:
    owner = owner_of(actor)
    return list(db.scalars(select(Seal).where(Seal.owner_account_id == owner.id).order_by(Seal.id)))
