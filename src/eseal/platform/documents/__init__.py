"""Documents (我的文档 / 业务文档): uploaded and signed documents of an account, their revisions (the original and
each stamped version, all blobs), previews, listing, deletion and business documents. Builds on storage.

Service functions have the form ``(db, svc, *, actor, ...)`` and never commit.
"""

from eseal.platform.documents.models import BusinessSource, Document, DocumentRevision, Signing

__all__ = ["BusinessSource", "Document", "DocumentRevision", "Signing"]
