"""20 signings at once as the very first signings of a fresh server process all succeed: the engine imports
pyHanko lazily, and concurrent first imports of its circular modules used to fail with "partially initialized
module 'pyhanko.sign.signers.pdf_byterange'" (a 500) — the first call of each engine path now runs alone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from test_d1_never_lose import SEAL_PASSWORD, _login, _pdf, _seed, _start

pytestmark = [pytest.mark.db, pytest.mark.slow]


def test_twenty_concurrent_first_signings_of_a_cold_server(db_engine, tmp_path):
    url = db_engine.url.render_as_string(hide_password=False)
    data_dir = tmp_path / "data"
    seal_id = _seed(url, data_dir, db_engine)
    proc, base = _start(url, data_dir, None)
    try:
        c = _login(base)
        stamps = [{"seal_id": seal_id, "mode": "single", "page": 1, "x_mm": 120, "y_mm": 200}]
        ready = []
        for n in range(20):  # uploads and challenges first: no signing has run in this process yet
            r = c.post("/api/v1/documents", params={"name": f"{n}.pdf"}, content=_pdf(),
                       headers={"Content-Type": "application/pdf"})
            assert r.status_code == 201, r.text
            doc = r.json()["document"]["id"]
            prep = c.post(f"/api/v1/documents/{doc}/signing/prepare", json={"stamps": stamps}).json()
            ready.append((doc, prep["challenge"]["challenge_id"]))

        def sign(item):
            doc, cid = item
            return c.post(f"/api/v1/documents/{doc}/signing", json={
                "stamps": stamps, "willingness_challenge_id": cid, "seal_password": SEAL_PASSWORD}).status_code

        with ThreadPoolExecutor(20) as pool:
            assert list(pool.map(sign, ready)) == [200] * 20
    finally:
        proc.terminate()
        proc.wait(timeout=30)
