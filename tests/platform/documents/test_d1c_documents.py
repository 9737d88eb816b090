"""我的文档 / 业务文档 services (D1c): the seven seeded sources, business documents, the list with search / filters /
paging, details with signatures and history from a real stamping, soft delete with retention and the purge job,
and the streamed zip (SQLite + PostgreSQL)."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from d1c_helpers import actor as actor_of
from d1c_helpers import big_pdf, business, issue_password_seal, make_accounts, sample_pdf, stamp, upload
from sqlalchemy import func, select

from eseal.platform.core import AuditEntry, NotFound, PlatformError
from eseal.platform.documents import (
    SOURCES,
    BusinessSource,
    Document,
    DocumentRevision,
    delete_documents,
    details,
    download_plan,
    ensure_sources,
    list_documents,
    parse_filter,
    purge_deleted,
    purge_job,
    stream_zip,
)
from eseal.platform.storage import Blob, blob_store

pytestmark = pytest.mark.db

MANUAL_SOURCES = ["广西统一电子印章管理平台", "企业开办“一窗通”平台", "桂惠农", "一网通办", "广西港口危险货物安监",
                  "广西不动产APP", "广西城市供水供气服务综合管理平台"]


@pytest.fixture
def acc(services: Any) -> dict[str, Any]:
    return make_accounts(services)


def _list(services: Any, account_id: int, **filters: Any) -> Any:
    with services.session() as db:
        return list_documents(db, services, actor=actor_of(db, account_id), filters=parse_filter(**filters))


def _names(page: Any) -> list[str]:
    return [d.name for d in page.documents]


def test_the_seven_sources_of_the_manual_are_seeded_once(services: Any) -> None:
    with services.session() as db:
        rows = [tuple(r) for r in db.execute(select(BusinessSource.code, BusinessSource.name))]
        assert sorted(rows) == sorted(SOURCES)
        assert [name for _, name in SOURCES] == MANUAL_SOURCES
        assert ensure_sources(db) == 0  # idempotent: nothing missing


def test_business_document_is_pending_with_its_pdf_stored(services: Any, acc: dict[str, Any]) -> None:
    pdf = sample_pdf("企业开办登记申请书")
    doc_id = business(services, acc["enterprise"], "企业开办登记申请书", "yichuangtong", "企业开办", pdf)
    with services.session() as db:
        doc = db.get(Document, doc_id)
        rev = db.get(DocumentRevision, doc.current_revision_id)
        assert (doc.origin, doc.status, doc.source_code, doc.matter_type, doc.page_count) == (
            "business", "pending", "yichuangtong", "企业开办", 1)
        assert rev.number == 0 and rev.size == len(pdf) and db.get(Blob, rev.blob_sha256) is not None
        assert b"".join(blob_store(services).open(rev.blob_sha256).chunks()) == pdf
        events = db.scalars(select(AuditEntry.event).where(AuditEntry.subject == f"document:{doc_id}")).all()
        assert events == ["document.received"]


def test_business_document_refuses_unknown_source_and_non_pdf(services: Any, acc: dict[str, Any]) -> None:
    with pytest.raises(PlatformError) as bad_source:
        business(services, acc["person"], "x", source="nowhere")
    assert bad_source.value.code == "invalid_input" and bad_source.value.field == "source_code"
    with pytest.raises(PlatformError) as not_pdf:
        business(services, acc["person"], "x", data=b"PK\x03\x04 not a pdf at all")
    assert not_pdf.value.code == "document.not_pdf"
    with services.session() as db:
        assert db.scalar(select(func.count()).select_from(Document)) == 0


def test_list_is_the_owners_only_and_search_matches_name_matter_and_source(services: Any, acc: dict[str, Any]) -> None:
    upload(services, acc["person"], "租赁合同.pdf")
    business(services, acc["person"], "不动产登记申请表", "gx_realestate", "不动产登记")
    business(services, acc["person"], "供水供气服务合同", "gx_water_gas", "供水供气")
    upload(services, acc["other"], "别人的租赁合同.pdf")
    assert sorted(_names(_list(services, acc["person"]))) == ["不动产登记申请表", "供水供气服务合同", "租赁合同.pdf"]
    assert _names(_list(services, acc["other"])) == ["别人的租赁合同.pdf"]
    assert _names(_list(services, acc["person"], q="租赁")) == ["租赁合同.pdf"]
    assert _names(_list(services, acc["person"], q="不动产登记")) == ["不动产登记申请表"]  # 事项类型 / name
    assert _names(_list(services, acc["person"], q="城市供水")) == ["供水供气服务合同"]  # the source's name
    assert _names(_list(services, acc["person"], q="PDF")) == ["租赁合同.pdf"]  # case-insensitive
    assert _names(_list(services, acc["person"], q="%")) == []  # wildcards are literal
    assert _names(_list(services, acc["person"], origin="upload")) == ["租赁合同.pdf"]
    assert sorted(_names(_list(services, acc["person"], origin="business"))) == ["不动产登记申请表", "供水供气服务合同"]


def test_business_filters_by_source_matter_and_status(services: Any, acc: dict[str, Any]) -> None:
    for code, name in SOURCES:
        business(services, acc["enterprise"], f"{name}的文件", code, f"事项{code}")
    for code, name in SOURCES:
        assert _names(_list(services, acc["enterprise"], origin="business", source=code)) == [f"{name}的文件"]
        assert _names(_list(services, acc["enterprise"], matter_type=f"事项{code}")) == [f"{name}的文件"]
    assert _list(services, acc["enterprise"], status="pending").total == 7
    assert _list(services, acc["enterprise"], status="signed").total == 0
    with pytest.raises(PlatformError) as bad:
        parse_filter(source="nowhere")
    assert bad.value.field == "source"
    with pytest.raises(PlatformError):
        parse_filter(status="lost")


def test_paging(services: Any, acc: dict[str, Any]) -> None:
    for n in range(5):
        business(services, acc["person"], f"文件{n}")
        services.clock.advance(seconds=1)
    first = _list(services, acc["person"], page=1, page_size=2)
    assert first.total == 5 and _names(first) == ["文件4", "文件3"]  # latest first
    assert _names(_list(services, acc["person"], page=3, page_size=2)) == ["文件0"]
    with pytest.raises(PlatformError):
        parse_filter(page_size=101)


@pytest.mark.slow
def test_signing_a_business_document_marks_it_signed_with_signatures_and_history(
        services: Any, acc: dict[str, Any]) -> None:
    seal_id = issue_password_seal(services, acc["person"], acc["person_number"])
    doc_id = business(services, acc["person"], "不动产登记申请表", "gx_realestate", "不动产登记")
    other_doc = upload(services, acc["person"], "未签署.pdf")
    services.clock.advance(hours=15)  # 2026-01-06 00:00 UTC = 08:00 Beijing
    stamp(services, acc["person"], doc_id, seal_id)
    with services.session() as db:
        view = details(db, services, actor=actor_of(db, acc["person"]), document_id=doc_id)
    assert view.document.status == "signed" and view.document.status_label == "已签署"
    assert view.document.signed_date == "2026-01-06" and view.revisions == 2
    [sig] = view.signatures
    assert (sig.seal_id, sig.mode, sig.pages, sig.profile, sig.willingness_method, sig.revision) == (
        seal_id, "single", (1,), "gm", "password", 1)
    assert sig.seal_name and sig.signer_name == "王**"
    assert [h.event for h in view.history] == ["document.received", "document.signed"]
    assert view.history[1].detail == sig.seal_name
    # the signing date range (Beijing calendar days, inclusive); never-signed documents have no signing date
    assert _names(_list(services, acc["person"], signed_from="2026-01-06", signed_to="2026-01-06")) == [
        "不动产登记申请表"]
    assert _names(_list(services, acc["person"], signed_from="2026-01-07")) == []
    assert _names(_list(services, acc["person"], signed_to="2026-01-05")) == []
    assert _list(services, acc["person"], status="signed", origin="business").total == 1
    assert _list(services, acc["person"], status="unsigned").documents[0].id == other_doc
    with pytest.raises(PlatformError):
        parse_filter(signed_from="2026-01-07", signed_to="2026-01-06")


def test_details_of_someone_elses_or_a_missing_document_is_not_found(services: Any, acc: dict[str, Any]) -> None:
    doc_id = upload(services, acc["person"], "合同.pdf")
    with services.session() as db:
        for who, ident in ((acc["other"], doc_id), (acc["person"], doc_id + 1), (acc["person"], 2**40),
                           (acc["person"], "abc")):
            with pytest.raises(NotFound):
                details(db, services, actor=actor_of(db, who), document_id=ident)


def test_enterprise_documents_are_seen_when_acting_for_it(services: Any, acc: dict[str, Any]) -> None:
    doc_id = business(services, acc["enterprise"], "企业开办登记申请书", "yichuangtong", "企业开办")
    with services.session() as db:
        acting = actor_of(db, acc["person"], acting_as=acc["enterprise"])
        page = list_documents(db, services, actor=acting, filters=parse_filter())
        assert [d.id for d in page.documents] == [doc_id]
    assert _list(services, acc["person"]).total == 0  # as the person: the enterprise's are not theirs


def test_delete_is_soft_all_or_nothing_and_states_the_retention(services: Any, acc: dict[str, Any]) -> None:
    a = upload(services, acc["person"], "甲.pdf")
    b = business(services, acc["person"], "乙")
    theirs = upload(services, acc["other"], "丙.pdf")
    with services.session() as db, pytest.raises(NotFound):  # one id not theirs: nothing is deleted
        delete_documents(db, services, actor=actor_of(db, acc["person"]), ids=[a, theirs])
    assert _list(services, acc["person"]).total == 2 and _list(services, acc["other"]).total == 1
    with services.session() as db:
        done = delete_documents(db, services, actor=actor_of(db, acc["person"]), ids=[a, b, a])
    assert done.deleted == (a, b) and done.retention_days == 30 and done.notice == "删除后保留 30 天，期满后彻底清除"
    assert datetime.fromisoformat(done.purge_after) - datetime.fromisoformat(done.deleted_at) == timedelta(days=30)
    assert _list(services, acc["person"]).total == 0
    with services.session() as db:
        with pytest.raises(NotFound):
            details(db, services, actor=actor_of(db, acc["person"]), document_id=a)
        with pytest.raises(NotFound):  # deleting again: gone already
            delete_documents(db, services, actor=actor_of(db, acc["person"]), ids=[a])
        assert db.get(Document, a).deleted_at is not None  # kept until the purge
        events = db.scalars(select(AuditEntry.event).where(AuditEntry.subject == f"document:{a}")).all()
        assert events[-1] == "document.deleted"
    with services.session() as db, pytest.raises(PlatformError) as empty:
        delete_documents(db, services, actor=actor_of(db, acc["person"]), ids=[])
    assert empty.value.code == "invalid_input"


def test_retention_comes_from_the_settings(services: Any, acc: dict[str, Any]) -> None:
    from dataclasses import replace

    doc = upload(services, acc["person"], "甲.pdf")
    short = replace(services, settings=services.settings.with_(document_retention_days=7))
    with services.session() as db:
        done = delete_documents(db, short, actor=actor_of(db, acc["person"]), ids=[doc])
    assert done.retention_days == 7 and done.notice == "删除后保留 7 天，期满后彻底清除"


def test_purge_after_retention_removes_rows_and_blobs_but_keeps_shared_bytes(
        services: Any, acc: dict[str, Any]) -> None:
    # blob ages are file times: put the frozen clock at the wall clock so the orphan sweep's grace is real
    services.clock.advance(seconds=(datetime.now(UTC) - services.clock.now()).total_seconds())
    shared = sample_pdf("共用")
    gone = upload(services, acc["person"], "删除的.pdf", big_pdf(200_000))
    twin = upload(services, acc["person"], "同内容一.pdf", shared)
    keep = upload(services, acc["person"], "同内容二.pdf", shared)
    with services.session() as db:
        sha_gone = db.get(DocumentRevision, db.get(Document, gone).current_revision_id).blob_sha256
        delete_documents(db, services, actor=actor_of(db, acc["person"]), ids=[gone, twin])
    services.clock.advance(days=29)
    with services.session() as db:
        assert purge_deleted(db, services, now=services.clock.now()).documents == 0  # still within retention
    services.clock.advance(days=1, seconds=1)
    purge, sweep = purge_job(services)
    assert (purge.documents, purge.blobs_forgotten) == (2, 1)  # the shared bytes are still keep's
    assert sweep.removed == 1
    with services.session() as db:
        assert db.get(Document, gone) is None and db.get(Document, twin) is None
        assert db.scalar(select(func.count()).select_from(DocumentRevision)
                         .where(DocumentRevision.document_id.in_([gone, twin]))) == 0
        assert db.get(Blob, sha_gone) is None
        view = details(db, services, actor=actor_of(db, acc["person"]), document_id=keep)
        assert view.document.name == "同内容二.pdf"
    assert not blob_store(services).exists(sha_gone)
    assert _names(_list(services, acc["person"])) == ["同内容二.pdf"]


def _zip_of(services: Any, account_id: int, ids: list[int]) -> tuple[Any, bytes]:
    with services.session() as db:
        plan = download_plan(db, services, actor=actor_of(db, account_id), ids=ids)
    return plan, b"".join(stream_zip(services, plan))


def test_zip_names_are_deduplicated_utf8_and_contents_exact(services: Any, acc: dict[str, Any]) -> None:
    pdfs = [sample_pdf("合同一"), sample_pdf("合同二"), sample_pdf("申请书")]
    ids = [upload(services, acc["person"], "合同.pdf", pdfs[0]), upload(services, acc["person"], "合同.pdf", pdfs[1]),
           business(services, acc["person"], "不动产登记申请表", data=pdfs[2])]
    plan, data = _zip_of(services, acc["person"], ids)
    assert not plan.single and plan.media_type == "application/zip" and plan.file_name == "文档_3份.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        infos = zf.infolist()
        assert [i.filename for i in infos] == ["合同.pdf", "合同(2).pdf", "不动产登记申请表.pdf"]
        assert all(i.flag_bits & 0x800 for i in infos)  # UTF-8 names
        assert [zf.read(i) for i in infos] == pdfs


def test_one_document_is_the_pdf_itself(services: Any, acc: dict[str, Any]) -> None:
    from eseal.platform.documents import stream_pdf

    pdf = sample_pdf("单个")
    doc = upload(services, acc["person"], "单个文件", pdf)
    with services.session() as db:
        plan = download_plan(db, services, actor=actor_of(db, acc["person"]), ids=[doc])
    assert plan.single and plan.media_type == "application/pdf" and plan.file_name == "单个文件.pdf"
    assert b"".join(stream_pdf(services, plan)) == pdf


def test_download_of_others_or_deleted_documents_is_not_found(services: Any, acc: dict[str, Any]) -> None:
    mine = upload(services, acc["person"], "我的.pdf")
    theirs = upload(services, acc["other"], "别人的.pdf")
    deleted = upload(services, acc["person"], "删掉的.pdf")
    with services.session() as db:
        delete_documents(db, services, actor=actor_of(db, acc["person"]), ids=[deleted])
    with services.session() as db:
        for ids in ([theirs], [mine, theirs], [deleted]):
            with pytest.raises(NotFound):
                download_plan(db, services, actor=actor_of(db, acc["person"]), ids=ids)


@pytest.mark.slow
def test_zip_streams_big_files_without_holding_them(services: Any, acc: dict[str, Any]) -> None:
    size = 12 * 1024 * 1024
    big = [big_pdf(size), big_pdf(size)]
    ids = [upload(services, acc["person"], "大文件.pdf", big[0]), upload(services, acc["person"], "大文件.pdf", big[1])]
    del big
    with services.session() as db:
        plan = download_plan(db, services, actor=actor_of(db, acc["person"]), ids=ids)
    total = largest = 0
    tracemalloc.start()
    try:
        for piece in stream_zip(services, plan):
            total += len(piece)
            largest = max(largest, len(piece))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 2 * size  # random bytes do not compress
    assert largest < 1024 * 1024, largest  # pieces are chunks, never a whole file
    assert peak < 6 * 1024 * 1024, peak  # about one read chunk and its deflate buffers, not 24 MB


def test_retention_setting_is_read_from_the_environment() -> None:
    from eseal.platform.core import Settings, SettingsError

    assert Settings.from_env({}).documents.retention_days == 30
    assert Settings.from_env({"ESEAL_DOCUMENT_RETENTION_DAYS": "7"}).documents.retention_days == 7
    with pytest.raises(SettingsError):
        Settings.from_env({"ESEAL_DOCUMENT_RETENTION_DAYS": "0"})
