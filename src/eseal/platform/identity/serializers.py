"""Typed views of identity objects, as the API shows them (masked: never full ID numbers or phones)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SmsSent:
    sent: bool
    phone_masked: str | None
    expires_in: int
    resend_after: int


@dataclass(frozen=True)
class FaceCheckView:
    face_check_id: str
    status: str
    purpose: str
    provider: str
    simulated: bool
    subject_name_masked: str | None
    verify_url: str | None
    expires_at: str


@dataclass(frozen=True)
class ChallengeView:
    challenge_id: str
    action: str
    action_label: str
    target_type: str
    target_id: str
    status: str
    method: str | None
    expires_at: str
    methods: tuple[str, ...]
    phone_masked: str | None


@dataclass(frozen=True)
class OAuthBindingView:
    provider: str
    label: str
    bound_at: str


@dataclass(frozen=True)
class OutboxMessage:
    """A message of the development SMS outbox."""

    id: int
    phone: str
    text: str
    created_at_iso: str
    created_at_display: str
