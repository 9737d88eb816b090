"""我的文档 / 业务文档 API (D1c, docs/api.md "Documents: lists, download, delete"): list, search, 筛选 (signing date
range; 来源 / 签署状态 / 事项类型 for business documents), paging, 文档详情 and history, multi-select download (one PDF
or a streamed zip, JSON or a plain form) and delete (retention stated); another account gets 404 on every route."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from apihelpers import api_error

from eseal.platform.documents import SOURCES, create_business_document, render_sample

pytestmark = pytest.mark.db


def _pdf(title: str) -> bytes:
    return render_sample(title, ("第一条　示例条款。",), holder="王测试")


def _me(client: Any) -> dict[str, Any]:
    return client.get("/api/v1/me").json()["account"]


def _upload(client: Any, name: str, data: bytes | None = None) -> int:
    r = client.post("/api/v1/documents", params={"name": name}, content=data or _pdf(name),
                    headers={"Content-Type": "application/pdf"})
    assert r.status_code == 201, r.text
    return r.json()["document"]["id"]


def _business(app: Any, account_id: int, name: str, source: str = "gx_realestate", matter: str = "不动产登记",
              data: bytes | None = None) -> int:
    svc = app.state.services
    with svc.session() as db:
        return create_business_document(db, svc, source_code=source, account_id=account_id, name=name,
                                        matter_type=matter, pdf_bytes=data or _pdf(name)).id


def _names(client: Any, **params: Any) -> list[str]:
    r = client.get("/api/v1/documents", params=params)
    assert r.status_code == 200, r.text
    return [d["name"] for d in r.json()["documents"]]


@pytest.fixture
def owner(client: Any, register_person: Any) -> Any:
    register_person(client)
    return client


@pytest.fixture
def stranger(make_client: Any, register_person: Any) -> Any:
    other = make_client()
    register_person(other)
    return other


def test_list_search_and_origin(app: Any, owner: Any, stranger: Any) -> None:
    me = _me(owner)["id"]
    _upload(owner, "房屋租赁合同.pdf")
    _business(app, me, "不动产登记申请表")
    _upload(stranger, "别人的合同.pdf")
    assert sorted(_names(owner)) == ["不动产登记申请表", "房屋租赁合同.pdf"]
    assert _names(owner, q="租赁") == ["房屋租赁合同.pdf"]
    assert _names(owner, q="不动产APP") == ["不动产登记申请表"]  # keyword: the source's name
    assert _names(owner, origin="upload") == ["房屋租赁合同.pdf"]
    assert _names(owner, origin="business") == ["不动产登记申请表"]
    assert _names(stranger) == ["别人的合同.pdf"]
    body = owner.get("/api/v1/documents", params={"origin": "business"}).json()
    [doc] = body["documents"]
    assert body["total"] == 1 and doc["status"] == "pending" and doc["status_label"] == "待签署"
    assert doc["source_name"] == "广西不动产APP" and doc["matter_type"] == "不动产登记" and doc["signed_date"] is None


def test_business_documents_filtered_by_each_source_matter_and_status(app: Any, owner: Any) -> None:
    me = _me(owner)["id"]
    matters = {}
    for i, (code, name) in enumerate(SOURCES):
        matters[code] = f"事项{i}"
        _business(app, me, f"{name}文件", code, matters[code])
    for code, name in SOURCES:
        assert _names(owner, origin="business", source=code) == [f"{name}文件"]
        assert _names(owner, origin="business", matter_type=matters[code]) == [f"{name}文件"]
    assert len(_names(owner, origin="business", status="pending")) == 7
    assert _names(owner, origin="business", status="signed") == []
    assert _names(owner, origin="business", source="gx_eseal", status="pending", q="电子印章") == [
        "广西统一电子印章管理平台文件"]
    options = owner.get("/api/v1/business-sources").json()
    assert [s["name"] for s in options["sources"]] == [name for _, name in SOURCES]
    assert {"不动产登记", "企业开办", "供水供气"} <= set(options["matter_types"])
    assert [s["code"] for s in options["statuses"]] == ["unsigned", "pending", "signed"]
    assert options["retention_days"] == 30 and options["retention_notice"] == "删除后保留 30 天，期满后彻底清除"


def test_signing_date_range_and_bad_filters(app: Any, owner: Any) -> None:
    from eseal.platform.documents import Document

    me = _me(owner)["id"]
    early, late = _business(app, me, "一月签的"), _business(app, me, "三月签的")
    svc = app.state.services
    from datetime import UTC, datetime

    with svc.session() as db:  # signing dates as the stamping service records them (its own tests stamp for real)
        for doc_id, when in ((early, datetime(2026, 1, 10, 17, 0, tzinfo=UTC)),  # 2026-01-11 01:00 Beijing
                             (late, datetime(2026, 3, 2, 2, 0, tzinfo=UTC))):
            doc = db.get(Document, doc_id)
            doc.status, doc.signed_at = "signed", when
    assert _names(owner, **{"from": "2026-01-11", "to": "2026-01-11"}) == ["一月签的"]
    assert _names(owner, **{"from": "2026-01-10", "to": "2026-01-10"}) == []
    assert _names(owner, **{"from": "2026-02-01"}) == ["三月签的"]
    assert sorted(_names(owner, to="2026-12-31")) == ["一月签的", "三月签的"]
    for params, field in (({"from": "2026-03-01", "to": "2026-01-01"}, "from"), ({"from": "昨天"}, "from"),
                          ({"status": "lost"}, "status"), ({"source": "nowhere"}, "source"),
                          ({"origin": "mail"}, "origin")):
        r = owner.get("/api/v1/documents", params=params)
        assert r.status_code == 400 and api_error(r)["field"] == field, (params, r.text)
    assert owner.get("/api/v1/documents", params={"page_size": 101}).status_code == 422


def test_paging(app: Any, owner: Any) -> None:
    me = _me(owner)["id"]
    for n in range(3):
        _business(app, me, f"第{n}份")
        app.state.services.clock.advance(seconds=1)
    r = owner.get("/api/v1/documents", params={"page": 2, "page_size": 2}).json()
    assert r["total"] == 3 and r["page"] == 2 and [d["name"] for d in r["documents"]] == ["第0份"]


def test_details_and_history(app: Any, owner: Any) -> None:
    doc = _upload(owner, "合同.pdf")
    r = owner.get(f"/api/v1/documents/{doc}/details")
    assert r.status_code == 200, r.text
    d = r.json()["details"]
    assert d["document"]["name"] == "合同.pdf" and d["document"]["status"] == "unsigned"
    assert d["signatures"] == [] and d["revisions"] == 1 and len(d["sha256"]) == 64 and len(d["sm3"]) == 64
    assert d["created_by_name"] == "王**" and d["download_url"] == f"/api/v1/documents/{doc}/download"
    assert [h["event"] for h in d["history"]] == ["document.uploaded"]
    assert [h["label"] for h in owner.get(f"/api/v1/documents/{doc}/history").json()["history"]] == ["上传文档"]


def test_download_one_is_the_pdf_several_a_zip(app: Any, owner: Any) -> None:
    pdfs = [_pdf("甲"), _pdf("乙"), _pdf("丙")]
    ids = [_upload(owner, "合同.pdf", pdfs[0]), _upload(owner, "合同.pdf", pdfs[1]),
           _business(app, _me(owner)["id"], "供水供气服务合同", "gx_water_gas", "供水供气", pdfs[2])]
    one = owner.post("/api/v1/documents/download", json={"ids": [ids[0]]})
    assert one.status_code == 200 and one.headers["content-type"] == "application/pdf" and one.content == pdfs[0]
    assert "filename*=UTF-8''%E5%90%88%E5%90%8C.pdf" in one.headers["content-disposition"]
    many = owner.post("/api/v1/documents/download", json={"ids": [str(i) for i in ids]})
    assert many.status_code == 200 and many.headers["content-type"] == "application/zip"
    assert "filename*=UTF-8''" in many.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(many.content)) as zf:
        assert [i.filename for i in zf.infolist()] == ["合同.pdf", "合同(2).pdf", "供水供气服务合同.pdf"]
        assert all(i.flag_bits & 0x800 for i in zf.infolist())
        assert [zf.read(n) for n in zf.namelist()] == pdfs
    # a plain HTML form (the browser saves the stream itself): ids repeated + the CSRF token as a field
    form = owner.post("/api/v1/documents/download", data={"ids": [str(ids[0]), str(ids[2])],
                                                          "csrf_token": owner.csrf},
                      headers={"X-CSRF-Token": ""})
    assert form.status_code == 200 and form.headers["content-type"] == "application/zip", form.text
    for bad in ({"ids": []}, {}, {"ids": "1"}, {"ids": [True]}, {"ids": ["1"] * 101}):
        r = owner.post("/api/v1/documents/download", json=bad)
        assert r.status_code == 400 and api_error(r)["code"] == "invalid_input", (bad, r.text)


def test_delete_hides_everywhere_and_states_the_retention(app: Any, owner: Any) -> None:
    a, b, keep = _upload(owner, "甲.pdf"), _upload(owner, "乙.pdf"), _upload(owner, "丙.pdf")
    r = owner.post("/api/v1/documents/delete", json={"ids": [str(a), str(b)]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["deleted"] == [a, b] and body["retention_days"] == 30
    assert body["notice"] == "删除后保留 30 天，期满后彻底清除" and body["purge_after"] > body["deleted_at"]
    assert _names(owner) == ["丙.pdf"]
    for url in (f"/api/v1/documents/{a}", f"/api/v1/documents/{a}/details", f"/api/v1/documents/{a}/history",
                f"/api/v1/documents/{a}/download", f"/api/v1/documents/{a}/pages/1.png"):
        assert owner.get(url).status_code == 404, url
    assert owner.post("/api/v1/documents/download", json={"ids": [a]}).status_code == 404
    assert owner.post("/api/v1/documents/download", json={"ids": [keep, a]}).status_code == 404
    assert owner.post("/api/v1/documents/delete", json={"ids": [a]}).status_code == 404
    assert owner.post("/api/v1/documents/delete", json={"ids": []}).status_code == 422


def test_another_account_gets_404_on_every_route(app: Any, owner: Any, stranger: Any) -> None:
    mine = _upload(owner, "我的合同.pdf")
    biz = _business(app, _me(owner)["id"], "我的业务文档")
    for doc in (mine, biz):
        for url in (f"/api/v1/documents/{doc}/details", f"/api/v1/documents/{doc}/history"):
            r = stranger.get(url)
            assert r.status_code == 404 and api_error(r)["code"] == "not_found", url
        for url in ("/api/v1/documents/download", "/api/v1/documents/delete"):
            assert stranger.post(url, json={"ids": [doc]}).status_code == 404, url
        assert doc not in [d["id"] for d in stranger.get("/api/v1/documents").json()["documents"]]
    theirs = _upload(stranger, "别人的.pdf")  # one of the selection not theirs: nothing happens at all
    assert stranger.post("/api/v1/documents/delete", json={"ids": [theirs, mine]}).status_code == 404
    assert stranger.post("/api/v1/documents/download", json={"ids": [theirs, mine]}).status_code == 404
    assert _names(stranger) == ["别人的.pdf"] and sorted(_names(owner)) == ["我的业务文档", "我的合同.pdf"]
    for ident in ("0", "-1", "abc", str(2**40)):
        assert owner.get(f"/api/v1/documents/{ident}/details").status_code == 404
        assert owner.post("/api/v1/documents/delete", json={"ids": [ident]}).status_code == 404


def test_anonymous_visitors_are_refused(client: Any) -> None:
    assert client.get("/api/v1/documents").status_code == 401
    assert client.get("/api/v1/business-sources").status_code == 401
    assert client.post("/api/v1/documents/download", json={"ids": ["1"]}).status_code == 401
    assert client.post("/api/v1/documents/delete", json={"ids": ["1"]}).status_code == 401
