"""S1b: every rule and refusal of the application API (forms, held kinds, materials, method, personal seals)."""

from __future__ import annotations

import io

from apihelpers import api_error, new_id_number
from test_s1_applications_flow import (
    ENT_SLOTS,
    PERSON_SLOTS,
    authenticate,
    enterprise,
    forms_for,
    get_app,
    jpeg,
    link_token,
    prepare_enterprise,
    submit,
    upload,
)

from eseal.engine.ids import generate_credit_code

STROKES = [[{"x": 10 + i * 3, "y": 40 + (i % 7) * 4} for i in range(40)],
           [{"x": 30, "y": 10 + i * 3} for i in range(30)]]


def _new(client, **body):
    return client.post("/api/v1/seal-applications", json=body)


def _person(client, register_person):
    return register_person(client)


# ------------------------------------------------------------------------------------------ kinds

def test_select_all_asks_for_the_five_enterprise_kinds(client, register_enterprise):
    enterprise(client, register_enterprise)
    r = _new(client, select_all=True)
    assert r.status_code == 201, r.text
    app = r.json()["application"]
    assert app["seal_kinds"] == ["legal_name", "contract", "finance", "invoice", "legal_rep"]
    assert app["state"] == "draft" and app["step_label"] == "待填写申请信息"


def test_unknown_or_personal_kind_is_refused_for_an_enterprise(client, register_enterprise):
    enterprise(client, register_enterprise)
    assert api_error(_new(client, seal_kinds=["personal_square"]))["code"] == "seal.invalid_kind"
    assert api_error(_new(client, seal_kinds=["nope"]))["code"] == "seal.invalid_kind"
    assert api_error(_new(client, seal_kinds=[]))["code"] == "seal_application.no_kind"


def test_pending_kind_is_not_applied_for_twice(client, register_enterprise):
    enterprise(client, register_enterprise)
    assert _new(client, seal_kinds=["contract"]).status_code == 201
    r = _new(client, seal_kinds=["contract", "finance"])
    assert r.status_code == 409 and api_error(r)["code"] == "seal_application.kind_pending"
    kinds = {k["kind"]: k for k in client.get("/api/v1/seal-applications/options").json()["kinds"]}
    assert kinds["contract"]["pending"] and not kinds["finance"]["pending"]


def test_held_kind_enabled_or_suspended_is_marked_and_refused(app, client, register_enterprise, sms_outbox):
    from sqlalchemy import update

    from eseal.platform.seals import Seal

    ent = enterprise(client, register_enterprise)
    prepared = prepare_enterprise(client, ent, kinds=["contract"])
    submit(client, prepared["id"])
    authenticate(client, link_token(sms_outbox, prepared["forms"]["legal_rep"]["phone"]))
    authenticate(client, link_token(sms_outbox, prepared["forms"]["handler"]["phone"]))
    assert get_app(client, prepared["id"])["state"] == "done"
    kinds = {k["kind"]: k for k in client.get("/api/v1/seal-applications/options").json()["kinds"]}
    assert kinds["contract"]["held"] and not kinds["finance"]["held"]
    r = _new(client, seal_kinds=["contract"])
    assert r.status_code == 409 and api_error(r)["code"] == "seal_application.kind_held"
    assert "合同专用章" in api_error(r)["message"]
    r = _new(client, select_all=True)  # 全选 includes a held kind: refused, not silently trimmed
    assert r.status_code == 409 and api_error(r)["code"] == "seal_application.kind_held"
    svc = app.state.services
    with svc.session() as db:
        db.execute(update(Seal).where(Seal.application_id == prepared["id"]).values(state="suspended"))
    assert api_error(_new(client, seal_kinds=["contract"]))["code"] == "seal_application.kind_held"
    with svc.session() as db:
        db.execute(update(Seal).where(Seal.application_id == prepared["id"]).values(state="cancelled"))
    assert _new(client, seal_kinds=["contract"]).status_code == 201  # a cancelled seal is not held


# ------------------------------------------------------------------------------------------ forms

def test_forms_check_digits_and_the_acting_enterprise(client, register_enterprise):
    ent = enterprise(client, register_enterprise)
    app_id = _new(client, seal_kinds=["contract"]).json()["application"]["id"]
    url = f"/api/v1/seal-applications/{app_id}/forms"
    good = forms_for(ent)
    bad_id = new_id_number()
    bad_id = bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1")
    cases = [
        ({**good, "handler": {**good["handler"], "id_number": bad_id}}, "invalid_id_number", "handler.id_number"),
        ({**good, "legal_rep": {**good["legal_rep"], "phone": "12345"}}, "invalid_phone", "legal_rep.phone"),
        ({**good, "unit": {**good["unit"], "credit_code": good["unit"]["credit_code"][:-1]
                           + ("X" if good["unit"]["credit_code"][-1] != "X" else "Y")}},  # another check character
         "invalid_credit_code", "unit.credit_code"),
        ({**good, "unit": {**good["unit"], "credit_code": generate_credit_code()}},
         "seal_application.unit_mismatch", "unit.credit_code"),
        ({**good, "handler": {**good["handler"], "name": "x"}}, "invalid_person_name", "handler.name"),
    ]
    for body, code, field in cases:
        err = api_error(client.put(url, json=body))
        assert (err["code"], err["field"]) == (code, field), (code, err)
    assert get_app(client, app_id)["state"] == "draft"
    r = client.put(url, json=good)
    assert r.status_code == 200, r.text
    app = r.json()["application"]
    assert app["state"] == "materials"
    assert good["handler"]["id_number"] not in r.text  # only masks go up
    assert app["handler"]["id_number_masked"].startswith(good["handler"]["id_number"][0])


def test_forms_store_id_numbers_encrypted(app, client, register_enterprise):
    from eseal.platform.seals.applications import SealApplication

    ent = enterprise(client, register_enterprise)
    app_id = _new(client, seal_kinds=["contract"]).json()["application"]["id"]
    forms = forms_for(ent)
    assert client.put(f"/api/v1/seal-applications/{app_id}/forms", json=forms).status_code == 200
    svc = app.state.services
    with svc.session() as db:
        row = db.get(SealApplication, app_id)
        assert forms["handler"]["id_number"] not in (row.handler_id_enc or "")
        assert svc.pii.decrypt(row.handler_id_enc, field="seal_applications.handler_id_number") == \
            forms["handler"]["id_number"]


def test_steps_out_of_order_are_refused(client, register_enterprise):
    enterprise(client, register_enterprise)
    app_id = _new(client, seal_kinds=["contract"]).json()["application"]["id"]
    r = upload(client, app_id, "business_license", jpeg())
    assert r.status_code == 409 and api_error(r)["code"] == "seal_application.wrong_state"
    r = client.put(f"/api/v1/seal-applications/{app_id}/method", json={"method": "sms"})
    assert r.status_code == 409
    r = client.post(f"/api/v1/seal-applications/{app_id}/submit", json={"willingness_challenge_id": "wc_x"})
    assert r.status_code == 409


# ------------------------------------------------------------------------------------------ materials

def _at_materials(client, register_enterprise):
    ent = enterprise(client, register_enterprise)
    app_id = _new(client, seal_kinds=["contract"]).json()["application"]["id"]
    assert client.put(f"/api/v1/seal-applications/{app_id}/forms", json=forms_for(ent)).status_code == 200
    return app_id


def test_text_file_renamed_jpg_is_refused_in_chinese(client, register_enterprise):
    app_id = _at_materials(client, register_enterprise)
    r = upload(client, app_id, "business_license", "这不是图片\n".encode() * 50, "license.jpg", "image/jpeg")
    assert r.status_code == 400
    assert api_error(r) == {"code": "seal_application.material_not_image", "message": "仅支持JPG、PNG格式的图片",
                            "field": "file"}


def test_gif_and_truncated_jpeg_are_refused(client, register_enterprise):
    from PIL import Image

    app_id = _at_materials(client, register_enterprise)
    gif = io.BytesIO()
    Image.new("RGB", (8, 8)).save(gif, "GIF")
    assert api_error(upload(client, app_id, "business_license", gif.getvalue(), "a.png"))["code"] == \
        "seal_application.material_not_image"
    broken = jpeg((200, 200))[:300]
    assert api_error(upload(client, app_id, "business_license", broken))["code"] == \
        "seal_application.material_not_image"


def test_six_megabyte_image_is_refused_while_reading(client, register_enterprise):
    app_id = _at_materials(client, register_enterprise)
    big = jpeg() + b"\0" * (6 * 1024 * 1024)  # a valid JPEG start, 6 MB in all
    r = upload(client, app_id, "business_license", big)
    assert r.status_code == 413
    assert api_error(r)["code"] == "seal_application.material_too_large"
    assert api_error(r)["message"] == "图片大小不能超过5MB"


def test_exif_is_gone_and_thumbnail_is_stored(client, register_enterprise):
    from PIL import Image

    app_id = _at_materials(client, register_enterprise)
    original = jpeg((800, 600))
    assert b"SecretCam" in original
    r = upload(client, app_id, "business_license", original, "IMG_0001.JPG")
    assert r.status_code == 201, r.text
    material = r.json()["material"]
    assert (material["width"], material["height"], material["content_type"]) == (800, 600, "image/jpeg")
    image = client.get(material["image_url"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert b"SecretCam" not in image.content and b"Exif" not in image.content
    with Image.open(io.BytesIO(image.content)) as img:
        assert not img.getexif() and img.size == (800, 600)
    import hashlib

    assert hashlib.sha256(image.content).hexdigest() == material["sha256"]
    thumb = client.get(material["thumbnail_url"])
    with Image.open(io.BytesIO(thumb.content)) as img:
        assert max(img.size) == 320


def test_png_text_chunks_are_stripped(client, register_enterprise):
    from PIL import Image, PngImagePlugin

    app_id = _at_materials(client, register_enterprise)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret-location")
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (10, 20, 30, 255)).save(out, "PNG", pnginfo=info)
    r = upload(client, app_id, "business_license", out.getvalue(), "x.jpg", "image/jpeg")  # name lies: content wins
    assert r.status_code == 201, r.text
    assert r.json()["material"]["content_type"] == "image/png"
    assert b"secret-location" not in client.get(r.json()["material"]["image_url"]).content


def test_all_required_materials_move_on_to_the_method(client, register_enterprise):
    app_id = _at_materials(client, register_enterprise)
    for slot in ENT_SLOTS[:-1]:
        upload(client, app_id, slot, jpeg())
    assert get_app(client, app_id)["state"] == "materials"
    assert upload(client, app_id, "nope", jpeg()).status_code == 400
    upload(client, app_id, ENT_SLOTS[-1], jpeg())
    app = get_app(client, app_id)
    assert app["state"] == "method"
    assert [m["slot"] for m in app["materials"] if m["uploaded"]] == list(ENT_SLOTS)


# ------------------------------------------------------------------------------------------ method

def test_method_password_rules(client, register_enterprise):
    app_id = _at_materials(client, register_enterprise)
    for slot in ENT_SLOTS:
        upload(client, app_id, slot, jpeg())
    url = f"/api/v1/seal-applications/{app_id}/method"
    err = api_error(client.put(url, json={"method": "password", "password": "135790", "password_confirm": "135791"}))
    assert err == {"code": "verification_password_mismatch", "message": "核验密码不一致！", "field": "password_confirm"}
    assert api_error(client.put(url, json={"method": "password", "password": "12345", "password_confirm": "12345"}))[
        "code"] == "invalid_verification_password"
    assert api_error(client.put(url, json={"method": "voice"}))["code"] == "seal_application.invalid_method"
    r = client.put(url, json={"method": "password", "password": "135790", "password_confirm": "135790"})
    assert r.status_code == 200 and r.json()["application"]["method"] == "password"
    assert r.json()["application"]["state"] == "willingness"
    assert client.put(url, json={"method": "face"}).json()["application"]["method"] == "face"


def test_method_password_is_stored_as_a_keyed_hash(app, client, register_enterprise):
    from eseal.platform.core import verify_pin
    from eseal.platform.core.security import PIN_PREFIX
    from eseal.platform.seals.applications import SealApplication

    app_id = _at_materials(client, register_enterprise)
    for slot in ENT_SLOTS:
        upload(client, app_id, slot, jpeg())
    client.put(f"/api/v1/seal-applications/{app_id}/method",
               json={"method": "password", "password": "13579024", "password_confirm": "13579024"})
    with app.state.services.session() as db:
        stored = db.get(SealApplication, app_id).method_password_hash
    # a keyed hash (docs/platform.md "Seal PINs"): the PIN is not in it and it verifies only with the master key
    assert stored.startswith(PIN_PREFIX) and "13579024" not in stored
    assert verify_pin(app.state.services.master_key, stored, "13579024") == (True, False)
    assert verify_pin(b"another master key".ljust(32, b"!"), stored, "13579024") == (False, False)


def test_submit_needs_the_seal_apply_willingness_for_this_application(client, register_enterprise):
    from test_s1_applications_flow import willingness

    ent = enterprise(client, register_enterprise)
    first = prepare_enterprise(client, ent, kinds=["contract"])
    second = prepare_enterprise(client, ent, kinds=["finance"])
    cid = willingness(client, first["id"])
    r = client.post(f"/api/v1/seal-applications/{second['id']}/submit", json={"willingness_challenge_id": cid})
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"
    assert client.post(f"/api/v1/seal-applications/{first['id']}/submit",
                       json={"willingness_challenge_id": cid}).status_code == 200


# ------------------------------------------------------------------------------------------ persons

def test_person_square_seal_with_font_and_previews(client, register_person, sms_outbox):
    from PIL import Image

    p = register_person(client)
    options = client.get("/api/v1/seal-applications/options").json()
    assert [k["kind"] for k in options["kinds"]] == ["personal_square", "personal_handdrawn"]
    assert [f["font"] for f in options["fonts"]] == ["song", "kai", "fangsong", "hei", "gukai"]
    for f in options["fonts"]:
        r = client.get(f["preview_url"])
        assert r.status_code == 200 and r.headers["content-type"] == "image/png"
        with Image.open(io.BytesIO(r.content)) as img:
            assert img.getchannel("A").getbbox() is not None  # a face was drawn
    assert api_error(_new(client, seal_kinds=["personal_square"], font="comic"))["code"] == "seal.invalid_font"
    r = _new(client, seal_kinds=["personal_square"], font="gukai")
    assert r.status_code == 201, r.text
    app = r.json()["application"]
    assert app["state"] == "method" and app["font"] == "ukai"
    assert api_error(_new(client, seal_kinds=["personal_square"], font="kai"))["code"] == \
        "seal_application.kind_pending"
    r = client.put(f"/api/v1/seal-applications/{app['id']}/method", json={"method": "sms"})
    assert r.json()["application"]["state"] == "materials"
    for slot in PERSON_SLOTS:
        assert upload(client, app["id"], slot, jpeg()).status_code == 201
    assert get_app(client, app["id"])["state"] == "willingness"
    app = submit(client, app["id"])
    assert app["state"] == "auth_self" and [s["role"] for s in app["auth_steps"]] == ["self"]
    assert client.get("/api/v1/seal-applications").json()["records"][0]["step_label"] == "等待本人认证"
    authenticate(client, link_token(sms_outbox, p["phone"]))
    app = get_app(client, app["id"])
    assert app["state"] == "done" and len(app["seal_ids"]) == 1


def test_person_font_previews_differ(client, register_person):
    register_person(client)
    a = client.get("/api/v1/seal-applications/fonts/song/preview.png").content
    b = client.get("/api/v1/seal-applications/fonts/hei/preview.png").content
    assert a != b
    assert api_error(client.get("/api/v1/seal-applications/fonts/comic/preview.png"))["code"] == "seal.invalid_font"


def test_person_handdrawn_preview_and_application(client, register_person, sms_outbox):
    from PIL import Image

    p = register_person(client)
    r = client.post("/api/v1/seal-applications/handdrawn-preview", json={"strokes": STROKES})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(r.content)) as img:
        assert img.getchannel("A").getbbox() is not None  # ink, cropped by the engine
    assert api_error(client.post("/api/v1/seal-applications/handdrawn-preview", json={"strokes": []}))["code"] == \
        "seal_application.bad_strokes"
    assert api_error(_new(client, seal_kinds=["personal_handdrawn"], strokes=[]))["code"] == \
        "seal_application.bad_strokes"
    r = _new(client, seal_kinds=["personal_handdrawn"], strokes=STROKES)
    assert r.status_code == 201, r.text
    app_id = r.json()["application"]["id"]
    client.put(f"/api/v1/seal-applications/{app_id}/method", json={"method": "face"})
    for slot in PERSON_SLOTS:
        upload(client, app_id, slot, jpeg())
    submit(client, app_id)
    authenticate(client, link_token(sms_outbox, p["phone"]))
    assert get_app(client, app_id)["state"] == "done"


def test_person_without_real_name_cannot_apply(client, register_person):
    register_person(client, realname=False)
    r = _new(client, seal_kinds=["personal_square"], font="song")
    assert r.status_code == 403 and api_error(r)["code"] == "realname_required"


def test_person_one_kind_per_application(client, register_person):
    register_person(client)
    r = _new(client, seal_kinds=["personal_square", "personal_handdrawn"], font="song", strokes=STROKES)
    assert api_error(r)["code"] == "seal_application.one_personal_kind"




def test_pictures_up_to_5_mb_pass_the_body_limit_other_routes_keep_theirs(client, register_enterprise):
    import os

    from PIL import Image

    app_id = _at_materials(client, register_enterprise)
    noise = Image.frombytes("RGB", (1200, 1000), os.urandom(1200 * 1000 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    data = out.getvalue()
    assert 3 * 1024 * 1024 < len(data) < 5 * 1024 * 1024  # over the general 1 MB body limit
    r = upload(client, app_id, "business_license", data, "scan.png", "image/png")
    assert r.status_code == 201, r.text
    assert r.json()["material"]["content_type"] == "image/png"
    r = client.post("/api/v1/seal-applications", json={"seal_kinds": ["x" * 30] * 60_000})  # ~2 MB of JSON
    assert r.status_code == 413 and api_error(r)["code"] == "body_too_large"
