"""[G1] 授权管理 and 接受授权 in a real browser at 375×812 (manual §4.6, §5.7): the enterprise adds a 被授权人 with a
window and 2 uses (the ID check digit refused on the page first), the person switches role, accepts (意愿认证), is
warned on 首页 when one use is left, stamps twice through the 签署 page (/sign/<id>: 选章 → 提交 → SMS 核验), and the
third attempt is refused with the reason — by the signing API, and greyed with it in the 选章 list of /sign/<id>; the
enterprise sees both uses in the details and the CSV, changes (a change below the uses made refused on 提交, before
any willingness) and revokes.

The third attempt and the stamping after 变更 go through the HTTP API (``page.request``, what sign_doc.js posts)."""

from __future__ import annotations

import re

import pytest
from d1_flows import make_pdf
from g1_flows import (
    enter_as_enterprise,
    login_person,
    new_context,
    proof,
    seed,
    stamp_api,
    stamp_ui,
    upload,
    willing_by_password,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]


def bad_check_digit(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def add_grantee(page, demo, shot, uses: int = 2) -> None:
    page.click('.tabbar [data-tab="grants"]')
    page.wait_for_url(re.compile(r"/grants"))
    expect(page.locator("#grants-empty")).to_contain_text("暂无管理员")
    shot(page, "01_admins_empty")
    page.click('[data-seg="grantee"]')
    page.wait_for_url(re.compile(r"role=grantee"))
    expect(page.locator("#grants-empty")).to_contain_text("暂无被授权人")
    page.click("#grant-add")
    page.wait_for_url(re.compile(r"/grants/new\?role=grantee"))
    expect(page.locator("#grant-seals .grant-seal")).to_have_count(2)  # the company's two seals, with faces
    page.fill("#f-name", demo["person_name"])
    page.fill("#f-id_number", bad_check_digit(demo["person_id_number"]))
    page.fill("#f-phone", "1380000")
    page.click("#grant-submit")
    expect(page.locator('[data-error-for="id_number"]')).to_have_text("身份证号码校验错误")
    expect(page.locator('[data-error-for="phone"]')).to_have_text("手机号码格式错误")
    expect(page.locator('[data-error-for="seal_ids"]')).to_have_text("请选择授权印章")
    expect(page.locator('[data-error-for="uses_total"]')).to_contain_text("请输入授权次数")
    shot(page, "02_new_errors")
    page.fill("#f-id_number", demo["person_id_number"])
    page.fill("#f-phone", demo["person_phone"])
    page.fill("#f-department", "办公室")
    page.locator(".grant-seal", has_text="合同专用章").locator("input").check()
    page.fill("#f-uses_total", str(uses))
    shot(page, "03_new_filled")
    page.click("#grant-submit")
    willing_by_password(page, shot, "04_new_willing")
    page.wait_for_url(re.compile(r"/grants\?role=grantee"))
    card = page.locator(".grant")
    expect(card).to_have_count(1)
    expect(card.locator(".pill")).to_have_text("待接收")
    expect(card).to_contain_text("合同专用章")
    expect(card).to_contain_text(f"共{uses}次，剩余{uses}次")
    expect(card).to_contain_text("李**")
    shot(page, "05_list_pending")


def test_g1_grantee_two_uses_accept_stamp_twice_third_refused(page, browser, live_server, shot):
    demo = seed(live_server)
    person_ctx = new_context(browser, live_server)
    person = person_ctx.new_page()
    errors: list[str] = []
    person.on("pageerror", lambda exc: errors.append(str(exc)))
    login_person(person, demo)  # logged in once: may be granted

    enter_as_enterprise(page, demo)
    add_grantee(page, demo, shot)

    # the person: 首页 tells of the pending grant; 切换角色 lists the enterprise as 待接收授权 → 接收授权 → 意愿认证
    person.goto("/home")
    expect(person.locator("#grant-notices")).to_contain_text("向您发起授权")
    shot(person, "06_person_home_pending")
    person.click("#role-switch")
    entry = person.locator("#role-sheet .sheet__item", has_text=demo["enterprise_name"])
    expect(entry).to_contain_text("被授权人")
    expect(entry).to_contain_text("待接收授权")
    shot(person, "07_role_sheet")
    entry.click()
    expect(person.locator("#confirm-dialog")).to_have_class(re.compile(r"is-open"))
    expect(person.locator("#confirm-dialog [data-c-body]")).to_contain_text(demo["enterprise_name"])
    shot(person, "08_accept_dialog")
    person.click("#c-yes")
    willing_by_password(person, shot, "09_accept_willing")
    # accepted → the role switch goes on: the person's own face check, then 企业身份
    person.wait_for_url(re.compile(r"/dev/face/"))
    shot(person, "10_face")
    person.click("#face-pass")
    person.wait_for_url(re.compile(r"/home$"))
    expect(person.locator("#role-name")).to_have_text(demo["enterprise_name"])
    expect(person.locator(".seal-card")).to_have_count(1)  # only the granted seal
    expect(person.locator(".seal-card")).to_contain_text("合同专用章")
    shot(person, "11_acting_home")

    seal_id = int(person.locator(".seal-card").get_attribute("data-seal-id"))
    docs = [upload(person, make_pdf(1, f"G1 contract {n}"), f"授权合同{n}.pdf") for n in (1, 2, 3)]
    stamp_ui(person, live_server, docs[0], seal_id, demo["person_phone"], shot, "12a_sign1")
    person.goto("/home")
    expect(person.locator("#grant-notices")).to_contain_text("仅剩1次")  # the reminder of the last use
    shot(person, "12_home_last_use")
    stamp_ui(person, live_server, docs[1], seal_id, demo["person_phone"], shot, "12b_sign2")
    r = stamp_api(person, live_server, docs[2], seal_id, demo["person_phone"])
    assert r.status == 409 and r.json()["error"]["code"] == "grant.exhausted", r.text()
    assert r.json()["error"]["message"] == "授权次数已用完，不能使用该印章"

    # the 选章 list of /sign/<id> greys the seal with the same reason (from GET /signing/seals)
    person.goto(f"/sign/{docs[2]}")
    expect(person.locator("#s-body")).to_be_visible()
    person.click("#b-choose")
    expect(person.locator("#seal-sheet")).to_be_visible()
    off = person.locator(f'#ss-seals [data-seal-id="{seal_id}"]')
    expect(off).to_be_disabled()
    expect(off.locator(".sealpick__why")).to_have_text("授权次数已用完，不能使用该印章")
    off.scroll_into_view_if_needed()
    person.wait_for_timeout(400)  # the sheet's slide-in transition, for the screenshot only
    shot(person, "13_sign_refused", full_page=False)
    (choice,) = [c for c in person.request.get("/api/v1/signing/seals").json()["seals"] if c["id"] == seal_id]
    assert choice["usable"] is False and choice["reason_code"] == "grant.exhausted"

    # the enterprise: 次数已用完 in the list, both uses in the details (document, acting person, remaining)
    page.reload()
    card = page.locator(".grant")
    expect(card.locator(".pill")).to_have_text("次数已用完")
    expect(card).to_contain_text("共2次，剩余0次")
    shot(page, "14_list_exhausted")
    card.locator("a", has_text="查看详情").click()
    page.wait_for_url(re.compile(r"/grants/\d+$"))
    uses = page.locator('#g-history [data-action="use"]')
    expect(uses).to_have_count(2)
    expect(uses.nth(0)).to_contain_text("剩余")
    assert "第1次" in " ".join(uses.all_inner_texts()) and "第2次" in " ".join(uses.all_inner_texts())
    expect(page.locator("#g-state")).to_have_text("次数已用完")
    shot(page, "15_detail")
    csv = page.request.get(page.locator("#act-export").get_attribute("href"))
    assert csv.ok
    text = csv.body().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("授权编号,类型,姓名")
    assert text.count("使用印章") == 2

    # 变更: one more use → the person may stamp the third document
    page.click("#act-change")
    expect(page.locator("#change-form")).to_be_visible()
    # fewer uses than already made: refused on 提交 by POST /grants/{id}/change/check, no willingness asked
    page.fill("#change-form #f-uses_total", "1")
    page.click("#change-submit")
    expect(page.locator('#change-form [data-error-for="uses_total"]')).to_have_text("授权次数不能少于已使用的次数")
    expect(page.locator("#willing-dialog")).not_to_have_class(re.compile(r"is-open"))
    expect(page.locator("#change-submit")).to_be_enabled()
    shot(page, "16_change_refused")
    page.fill("#change-form #f-uses_total", "3")
    shot(page, "16_change")
    page.click("#change-submit")
    willing_by_password(page)
    expect(page.locator("#g-state")).to_have_text("生效中")
    expect(page.locator("#g-count")).to_have_text("共3次，剩余1次")
    r = stamp_api(person, live_server, docs[2], seal_id, demo["person_phone"])
    assert r.ok, r.text()

    # 撤销授权: confirm → willingness → 已撤销; the person's next request is refused
    page.click("#act-revoke")
    expect(page.locator("#confirm-dialog")).to_have_class(re.compile(r"is-open"))
    shot(page, "17_revoke_confirm")
    page.click("#c-yes")
    willing_by_password(page)
    expect(page.locator("#g-state")).to_have_text("已撤销")
    expect(page.locator("#act-revoke")).to_be_hidden()
    expect(page.locator('#g-history [data-action="revoke"]')).to_have_count(1)
    shot(page, "18_revoked")
    # the person's role ends on its next request: back in its own identity, the enterprise's seal is gone
    r = person.request.get("/api/v1/signing/seals")
    assert r.ok and seal_id not in [c["id"] for c in r.json()["seals"]], r.text()
    person.goto("/home")
    expect(person.locator("#role-kind")).to_have_text("个人用户")
    shot(person, "19_person_after_revoke")
    person_ctx.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_g1_unlimited_grant_ending_soon_is_flagged_on_home(page, browser, live_server, shot):
    from datetime import timedelta

    from d1_flows import csrf

    demo = seed(live_server)
    person_ctx = new_context(browser, live_server)
    person = person_ctx.new_page()
    login_person(person, demo)
    enter_as_enterprise(page, demo)
    now = live_server.services.clock.now()
    r = page.request.post("/api/v1/grants", headers={"X-CSRF-Token": csrf(page)}, data={
        "role": "grantee", "name": demo["person_name"], "id_number": demo["person_id_number"],
        "phone": demo["person_phone"], "all_seals": True, "uses_total": None,
        "starts_at": (now - timedelta(hours=1)).isoformat(), "ends_at": (now + timedelta(days=2)).isoformat(),
        "willingness_challenge_id": proof(page, "grant.create", "enterprise", demo["enterprise_id"])})
    assert r.status == 201, r.text()
    gid = r.json()["grant"]["id"]
    page.goto("/grants?role=grantee")
    expect(page.locator(".grant")).to_contain_text("不限次数（已使用0次）")
    expect(page.locator(".grant")).to_contain_text("全部印章")

    person.goto("/grants")
    person.locator(f'[data-accept="{gid}"]').click()
    willing_by_password(person)
    expect(person.locator(".grant .pill")).to_have_text("生效中")
    person.goto("/home")
    notice = person.locator(f'#grant-notices [data-grant-notice="{gid}"]')
    expect(notice).to_have_count(1)  # ends within 3 days; unlimited, so no last-use notice
    expect(notice).to_contain_text("到期")
    shot(person, "home_expiring")
    person_ctx.close()
