"""Typed views of documents (frozen dataclasses): a document with its revisions and signings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RevisionView:
    number: int  # 0 = the original
    size: int
    sha256: str
    sm3: str
    created_at: str  # ISO 8601 UTC
    signing_id: int | None
    download_url: str


@dataclass(frozen=True)
class SigningView:
    id: int
    seal_id: int | None
    seal_name: str | None
    mode: str  # single | multi | seam
    pages: tuple[int, ...]
    x_mm: float | None
    y_mm: float | None
    profile: str  # gm | pades
    willingness_method: str
    at: str
    from_revision: int
    to_revision: int


@dataclass(frozen=True)
class PageView:
    number: int  # 1-based
    width_mm: float  # as displayed: CropBox, /Rotate applied (the frame stamp positions are measured from)
    height_mm: float


@dataclass(frozen=True)
class DocumentView:
    id: int
    name: str
    origin: str  # upload | business
    status: str  # unsigned | signed | pending
    status_label: str
    page_count: int
    pages: tuple[PageView, ...]
    size: int  # of the current revision
    sha256: str
    sm3: str
    current_revision: int
    created_at: str
    signed_at: str | None
    download_url: str
    preview_url: str  # add /pages/{n}.png?width=...
    revisions: tuple[RevisionView, ...]
    signings: tuple[SigningView, ...]


@dataclass(frozen=True)
class DocumentEnvelope:
    document: DocumentView
