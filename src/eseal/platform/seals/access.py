"""Whose seal: every access loads the seal of the acting account (the enterprise acted for, or the person);
another account's seal answers ``not_found`` exactly like one that does not exist. A person acting for an
enterprise through a grant ([G1]) sees only the seals of its grants' scope (``grants.permissions``)."""

from __future__ import annotations

from sqlalchemy import select

from eseal.platform.accounts import Account, Actor
from eseal.platform.core import DbSession, NotFound
from eseal.platform.grants.permissions import visible_seal_ids  # below seals: core + accounts + grants.models
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
    visible = visible_seal_ids(db, actor) if seal is not None else None
    if seal is None or (visible is not None and seal.id not in visible):
        raise NotFound("印章不存在", "seal_id")
    return seal


def seals_of(db: DbSession, actor: Actor) -> list[Seal]:
    owner = owner_of(actor)
    visible = visible_seal_ids(db, actor)
    seals = db.scalars(select(Seal).where(Seal.owner_account_id == owner.id).order_by(Seal.id))
    return [s for s in seals if visible is None or s.id in visible]
