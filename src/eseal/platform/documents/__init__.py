"""Documents (我的文档 / 业务文档): uploaded and signed documents of an account, their revisions (the original and
each stamped version, all blobs), previews, listing, deletion and business documents. Builds on storage.

Service functions have the form ``(db, svc, *, actor, ...)`` and never commit.
"""

from eseal.platform.documents.access import MAX_ID, own_document, revision_of
from eseal.platform.documents.access import owner_of as document_owner
from eseal.platform.documents.archive import (  # [D1c] 下载文档 (zip)
    DownloadPlan,
    content_disposition,
    download_plan,
    stream_pdf,
    stream_zip,
)
from eseal.platform.documents.business import (  # [D1c] 业务文档
    MATTER_TYPES,
    SOURCES,
    BusinessDocument,
    create_business_document,
    ensure_sources,
    seed_samples,
)
from eseal.platform.documents.deletion import (  # [D1c]
    Deletion,
    Purge,
    PurgeCandidate,
    delete_documents,
    due_for_purge,
    purge_deleted,
    purge_job,
)
from eseal.platform.documents.engine_gate import first_alone
from eseal.platform.documents.listing import (  # [D1c] 我的文档: list, search, filters, details
    DetailsEnvelope,
    DocumentDetails,
    DocumentFilter,
    DocumentPage,
    DocumentSummary,
    FilterOptions,
    HistoryEntry,
    HistoryList,
    SignatureEntry,
    details,
    filter_options,
    history,
    list_documents,
    parse_filter,
)
from eseal.platform.documents.models import BusinessSource, Document, DocumentRevision, Signing
from eseal.platform.documents.previews import WIDTHS as PREVIEW_WIDTHS
from eseal.platform.documents.previews import page_png
from eseal.platform.documents.samples import Sample, render_sample  # [D1c]
from eseal.platform.documents.serializers import (
    DocumentEnvelope,
    DocumentView,
    PageView,
    RevisionView,
    SigningView,
)
from eseal.platform.documents.upload import (
    MAX_UPLOAD_BYTES,
    UploadSpool,
    add_revision,
    build_view,
    get_document,
    open_revision,
    read_revision,
    stage_revision,
    upload_document,
    view_inputs,
)
from eseal.platform.documents.upload import view as document_view

__all__ = [  # [D1a]
    "MAX_ID", "MAX_UPLOAD_BYTES", "PREVIEW_WIDTHS", "BusinessSource", "Document", "DocumentEnvelope",
    "DocumentRevision", "DocumentView", "PageView", "RevisionView", "Signing", "SigningView", "UploadSpool", "add_revision",
    "build_view", "document_owner", "document_view", "first_alone", "get_document", "open_revision", "own_document", "page_png",
    "read_revision", "revision_of", "stage_revision", "upload_document", "view_inputs",
]
__all__ += [  # [D1c]
    "MATTER_TYPES", "SOURCES", "BusinessDocument", "Deletion", "DetailsEnvelope", "DocumentDetails", "DocumentFilter", "DocumentPage",
    "DocumentSummary", "DownloadPlan", "FilterOptions", "HistoryEntry", "HistoryList", "Purge", "PurgeCandidate", "Sample",
    "SignatureEntry", "content_disposition", "create_business_document", "delete_documents", "details", "download_plan",
    "due_for_purge", "ensure_sources", "filter_options", "history", "list_documents", "parse_filter", "purge_deleted",
    "purge_job", "render_sample", "seed_samples", "stream_pdf", "stream_zip",
]
