"""[F2 #8] The longest allowed names (100-character organisation name, 50-character person names, Latin words that
cannot be hyphenated) at 320 and 375 px: no page scrolls sideways, open dialogs stay inside the viewport, and no
text is cut without an ellipsis. Screenshots: test-output/screenshots/test_long_names_*."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from h5_flows import PASSWORD, new_phone, pass_simulated_face_check, request_sms

from eseal.engine.ids import generate_citizen_id, generate_credit_code

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]

LONG_LATIN_REP = ("Maximilianus" * 5)[:50]            # 50 letters, one word: the longest legal person name
LONG_ORG = ("广西壮族自治区南宁市" + "Guangxiyunshuzhineng" * 3 + "科技发展集团股份有限公司" * 4)[:96] + "有限公司"
LONG_PERSON = ("欧阳" + "娜" * 48)                      # 50 Chinese characters

OVERFLOW_JS = """() => {
  const out = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  const d = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
    ' "' + (el.textContent || '').trim().slice(0, 30) + '"';
  // an element holding text itself (inputs scroll their value by design: not checked)
  const ownText = el => !/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) &&
    [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (document.documentElement.scrollWidth > vw)
    out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('[aria-hidden="true"], .sr-only, svg')) continue;   // closed sheets/dialogs, icons
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || cs.display === 'inline') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 1 || r.left < -1) out.push('outside the viewport: ' + d(el));
    else if (ownText(el) && el.scrollWidth > el.clientWidth + 1 && cs.textOverflow !== 'ellipsis')
      out.push('text cut or spilling (' + el.scrollWidth + ' > ' + el.clientWidth + '): ' + d(el));
  }
  for (const box of document.querySelectorAll('.mask.is-open .dialog, .mask.is-open .sheet')) {
    const r = box.getBoundingClientRect();
    if (r.left < 0 || r.top < 0 || r.right > vw || r.bottom > vh) out.push('dialog outside the viewport: ' + d(box));
  }
  return out;
}"""


def check_layout(page, shot, name: str) -> None:
    page.wait_for_load_state("load")
    problems = page.evaluate(OVERFLOW_JS)
    shot(page, name, full_page=False)
    assert not problems, f"{page.url}: {problems}"


@pytest.fixture(params=[320, 375], ids=["320px", "375px"])
def narrow_page(request, browser, live_server):
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 640 if width == 320 else 812},
                                  device_scale_factor=2, locale="zh-CN", base_url=str(live_server),
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_long_names_enterprise(narrow_page, shot, sms_code):
    page = narrow_page
    assert len(LONG_ORG) == 100 and len(LONG_LATIN_REP) == 50
    phone = new_phone()
    page.goto("/register/enterprise")
    page.fill("#f-name", LONG_ORG)
    page.fill("#f-credit_code", generate_credit_code("9", "1", "450100"))
    page.fill("#f-legal_rep_name", LONG_LATIN_REP)
    page.fill("#f-legal_rep_id_number", generate_citizen_id("450103", date(1985, 6, 15), random.randint(1, 900)))
    page.fill("#f-phone", phone)
    page.fill("#f-password", PASSWORD)
    page.fill("#f-password_confirm", PASSWORD)
    page.fill("#f-sms_code", request_sms(page, sms_code, phone))
    page.check("#f-agree")
    check_layout(page, shot, "register")
    page.get_by_role("button", name="完成注册").click()
    page.wait_for_url(re.compile(r"/home"))

    dialog = page.get_by_role("alertdialog")
    assert "M**" in dialog.inner_text() and LONG_LATIN_REP not in page.content()  # fixed-shape mask
    page.locator("#toast").wait_for(state="hidden")
    check_layout(page, shot, "face_dialog")
    page.click("#face-start")
    page.wait_for_url(re.compile(r"/dev/face/"))
    check_layout(page, shot, "face_page")
    pass_simulated_face_check(page)
    page.wait_for_url(re.compile(r"/home"))
    check_layout(page, shot, "home")
    page.goto("/me")
    check_layout(page, shot, "me")
    page.click("#logout")
    page.locator("#logout-dialog .dialog").wait_for(state="visible")
    check_layout(page, shot, "logout_dialog")
    page.goto("/me/records")
    check_layout(page, shot, "records")


def test_long_names_person(narrow_page, shot, sms_code):
    page = narrow_page
    phone = new_phone()
    page.goto("/register")
    page.fill("#f-name", LONG_PERSON)
    page.fill("#f-id_number", generate_citizen_id("450103", date(1990, 1, 2), random.randint(1, 900)))
    page.fill("#f-phone", phone)
    page.fill("#f-sms_code", request_sms(page, sms_code, phone))
    page.check("#f-agree")
    page.get_by_role("button", name="完成注册").click()
    page.wait_for_url(re.compile(r"/home"))
    page.locator("#toast").wait_for(state="hidden")
    check_layout(page, shot, "person_home")
    page.goto("/me")
    assert "欧**" in page.locator("#account-info").inner_text()
    check_layout(page, shot, "person_me")
