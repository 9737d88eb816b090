"""[D1] 签署 through the UI in a real browser at 375×812 (manual §4.3 / §5.3): upload a PDF → 发起签署 → 选章 (a
suspended seal greyed with its reason, not choosable) → the seal drawn at true scale (40 mm on an A4 preview =
40/210 of its width) and dragged → 下一步 → 提交 → the seal's 核验密码 → 签章成功 → 下载 → 验签 of the downloaded file
shows 验证通过; then 多页签章 (all pages) and 骑缝签章 in one more submission, verified again."""

from __future__ import annotations

import re

import pytest
from d1_flows import SEAL_PASSWORD, issue_seal, login_demo_person, make_pdf
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]


def _suspended_handdrawn_seal(live_server, demo) -> int:
    """A second real seal of the demo person (个人手绘章), then suspended (停用)."""
    from eseal.platform.accounts import Account, Actor
    from eseal.platform.seals import IssueRequest, Seal, issue_seals

    strokes = [[[20, 40], [60, 20], [100, 60], [140, 30]], [[30, 90], [130, 100]]]
    with live_server.services.session() as db:
        owner = db.get(Account, demo["person_id"])
        (seal,) = issue_seals(db, live_server.services, actor=Actor(account=owner), request=IssueRequest(
            owner_account_id=owner.id, kinds=("personal_handdrawn",), holder_name=demo["person_name"],
            id_number=demo["person_id_number"], strokes=strokes))
        db.flush()
        db.get(Seal, seal.id).state = "suspended"
        db.commit()
        return seal.id


def _open_signing(page, doc_id: int) -> None:
    page.goto(f"/sign/{doc_id}")
    expect(page.locator("#s-body")).to_be_visible()
    page.wait_for_function("""() => [...document.querySelectorAll('#s-pages .sign-page__img')].slice(0, 1)
                              .every(i => i.complete && i.naturalWidth > 0)""")


def _choose(page, mode: str, seal_id: int) -> None:
    page.click("#b-choose")
    expect(page.locator("#seal-sheet")).to_be_visible()
    page.click(f'#seal-sheet [data-mode="{mode}"]')
    page.click(f'#ss-seals [data-seal-id="{seal_id}"]')
    expect(page.locator("#seal-sheet")).to_be_hidden()


def _submit_with_password(page, shot, name: str) -> None:
    page.click("#b-next")
    expect(page.locator("#bar-preview")).to_be_visible()
    shot(page, f"{name}_preview", full_page=False)
    page.click("#b-submit")
    expect(page.locator("#willing-dialog")).to_be_visible()
    expect(page.locator("#f-w-password")).to_be_visible()
    shot(page, f"{name}_willingness", full_page=False)
    page.fill("#f-w-password", SEAL_PASSWORD)
    page.click("#w-confirm")
    expect(page.locator("#s-done")).to_be_visible(timeout=30_000)
    expect(page.locator("#s-done-title")).to_have_text("签章成功")
    shot(page, f"{name}_done")


def _download(page, tmp_path, name: str) -> bytes:
    with page.expect_download() as dl:
        page.click("#s-download")
    data = dl.value.path().read_bytes()
    assert data[:5] == b"%PDF-"
    (tmp_path / name).write_bytes(data)
    return data


def _verify(page, path, shot, name: str) -> None:
    page.goto("/verify")
    page.set_input_files("#vup-file", str(path))
    expect(page.locator("#verify-start")).to_be_enabled()
    page.click("#verify-start")
    page.wait_for_url(re.compile(r"/verify/VR\w+$"), timeout=30_000)
    expect(page.locator("#r-body")).to_be_visible()
    shot(page, f"{name}_verify")
    expect(page.locator("#r-label")).to_have_text("验证通过")
    assert page.locator('[data-signature] [data-status="fail"]').count() == 0
    # each signature shows its seal picture (the SES picture served from the report) and the platform record
    faces = page.locator("[data-signature] .vsig__face")
    expect(faces).to_have_count(page.locator("[data-signature]").count())
    page.wait_for_function("() => [...document.querySelectorAll('.vsig__face')].every(i => i.complete && i.naturalWidth > 0)")
    assert page.locator('[data-platform-copy="same"]').count() == page.locator("[data-signature]").count()


def test_d1_sign_single_drag_then_multi_and_seam_through_the_ui(page, live_server, shot, tmp_path):
    demo = login_demo_person(page, live_server)
    seal_id = issue_seal(live_server, demo)
    stopped = _suspended_handdrawn_seal(live_server, demo)
    seal = next(s for s in page.request.get("/api/v1/signing/seals").json()["seals"] if s["id"] == seal_id)
    pdf = tmp_path / "采购合同.pdf"
    pdf.write_bytes(make_pdf(3, "D1 UI contract"))

    # 上传文件 → 发起签署
    page.goto("/sign")
    page.set_input_files("#up-file", str(pdf))
    expect(page.locator("#sign-start")).to_be_enabled(timeout=20_000)
    shot(page, "upload")
    page.click("#sign-start")
    page.wait_for_url(re.compile(r"/sign/\d+$"))
    doc_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator("#s-body")).to_be_visible()
    expect(page.locator("#s-error")).to_be_hidden()
    page.wait_for_function("() => { const i = document.querySelector('#s-pages .sign-page__img'); "
                           "return i && i.complete && i.naturalWidth > 0; }")
    shot(page, "pages")

    # 选章: the suspended seal is greyed with its reason and cannot be chosen
    page.click("#b-choose")
    expect(page.locator("#seal-sheet")).to_be_visible()
    off = page.locator(f'#ss-seals [data-seal-id="{stopped}"]')
    expect(off).to_be_disabled()
    expect(off.locator(".sealpick__why")).to_have_text("印章已停用，不能用于签章")
    assert "grayscale" in off.locator(".sealpick__face").evaluate("i => getComputedStyle(i).filter")
    shot(page, "choose", full_page=False)
    off.click(force=True)  # a click on the greyed seal places nothing
    expect(page.locator("#seal-sheet")).to_be_visible()
    assert page.locator(".stamp").count() == 0
    page.click(f'#ss-seals [data-seal-id="{seal_id}"]')
    expect(page.locator("#seal-sheet")).to_be_hidden()

    # true scale: seal width / page width on screen = seal mm / 210 mm
    st = page.locator('.stamp[data-page="1"]')
    expect(st).to_have_count(1)
    sheet = page.locator('#s-pages [data-page="1"] .sign-page__sheet')
    sb, nb = sheet.bounding_box(), st.bounding_box()
    assert abs(nb["width"] / sb["width"] - seal["width_mm"] / 210.0) < 0.005, (nb, sb, seal)
    img = page.locator('#s-pages [data-page="1"] .sign-page__img').bounding_box()
    assert abs(img["width"] - sb["width"]) < 1 and abs(img["height"] / img["width"] - 297 / 210) < 0.01
    shot(page, "placed", full_page=False)

    # drag the seal 90 px left and 150 px up (mouse, pointer events)
    st.evaluate("n => n.scrollIntoView({block: 'center'})")
    sb, nb = sheet.bounding_box(), st.bounding_box()
    px_per_mm = sb["width"] / 210.0
    x0 = (nb["x"] - sb["x"]) / px_per_mm
    y0 = (nb["y"] - sb["y"]) / px_per_mm
    page.mouse.move(nb["x"] + nb["width"] / 2, nb["y"] + nb["height"] / 2)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(nb["x"] + nb["width"] / 2 - 9 * i, nb["y"] + nb["height"] / 2 - 15 * i)
    page.mouse.up()
    moved = st.bounding_box()
    assert abs((moved["x"] - nb["x"]) + 90) < 2 and abs((moved["y"] - nb["y"]) + 150) < 2, (nb, moved)
    shot(page, "dragged", full_page=False)
    _submit_with_password(page, shot, "single")
    signed = _download(page, tmp_path, "signed1.pdf")
    doc = page.request.get(f"/api/v1/documents/{doc_id}").json()["document"]
    (signing,) = doc["signings"]
    assert signing["mode"] == "single" and signing["pages"] == [1]
    assert abs(signing["x_mm"] - (x0 - 90 / px_per_mm)) < 0.6 and abs(signing["y_mm"] - (y0 - 150 / px_per_mm)) < 0.6
    assert len(signed) == doc["size"]
    _verify(page, tmp_path / "signed1.pdf", shot, "single")

    # 多页签章 (all pages) + 骑缝签章 in one submission
    _open_signing(page, doc_id)
    _choose(page, "multi", seal_id)
    expect(page.locator(".stamp[data-mode=multi]")).to_have_count(3)
    _choose(page, "seam", seal_id)
    seam = page.locator(".stamp[data-mode=seam]")
    expect(seam).to_have_count(3)
    s1 = page.locator('#s-pages [data-page="2"] .sign-page__sheet').bounding_box()
    piece = seam.nth(1).bounding_box()
    assert abs(piece["x"] + piece["width"] - (s1["x"] + s1["width"])) < 1.5  # against the right edge
    assert abs(piece["width"] / s1["width"] - seal["width_mm"] / 3 / 210.0) < 0.005
    page.locator('#s-pages figure[data-page="2"]').evaluate("n => n.scrollIntoView({block: 'center'})")
    shot(page, "multi_seam_placed", full_page=False)
    _submit_with_password(page, shot, "multi_seam")
    _download(page, tmp_path, "signed2.pdf")
    doc = page.request.get(f"/api/v1/documents/{doc_id}").json()["document"]
    assert [(s["mode"], s["pages"]) for s in doc["signings"]] == [
        ("single", [1]), ("multi", [1, 2, 3]), ("seam", [1, 2, 3])]
    _verify(page, tmp_path / "signed2.pdf", shot, "multi_seam")
    assert page.locator("[data-signature]").count() == 3

    # the same file with one byte of page 1 changed: 验证不通过, and still recognised as signed on this platform
    data = (tmp_path / "signed2.pdf").read_bytes()
    at = data.index(b"D1 UI contract - page 1")
    (tmp_path / "changed.pdf").write_bytes(data[:at] + b"X" + data[at + 1:])
    page.goto("/verify")
    page.set_input_files("#vup-file", str(tmp_path / "changed.pdf"))
    page.click("#verify-start")
    page.wait_for_url(re.compile(r"/verify/VR\w+$"), timeout=30_000)
    expect(page.locator("#r-label")).to_have_text("验证不通过")
    expect(page.locator('[data-platform-copy="differs"]')).to_have_count(3)
    expect(page.locator(".vr-note--warn").first).to_contain_text("签章后已被修改")
    page.locator('[data-platform-copy="differs"]').first.evaluate("n => n.scrollIntoView({block: 'center'})")
    shot(page, "changed_verify", full_page=False)
