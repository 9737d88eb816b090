"""验签 end to end in one process ([D1] measure: "verify a 20 MB upload end to end ≤ 500 ms").

Builds a platform on a fresh SQLite database (tempdir), issues a 个人方章, signs a PDF of ~20 MB (random,
incompressible padding + one GM stamp with the platform TSA), then POSTs it to /api/v1/verify through the ASGI app
(FastAPI TestClient: multipart parsing, the body limit, the service, both blobs stored, the commit) ``--runs`` times,
and prints p50 / min / max beside the baseline: ``verify_pdf`` alone on the same bytes, and the PDF report
(``issue_report``) alone.

    .venv/bin/python bench/verify_upload.py [--runs 5] [--mb 20]

Target: p50 of the API ≤ 500 ms for a 20 MB upload.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def big_pdf(size: int) -> bytes:
    import pikepdf
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawString(72, 760, "bench: 20 MB verification")
    c.showPage()
    c.save()
    with pikepdf.open(io.BytesIO(buf.getvalue())) as doc:
        doc.Root.Padding = doc.make_stream(os.urandom(size - 4000))
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mb", type=float, default=20)
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from eseal.engine.ids import generate_citizen_id
    from eseal.engine.pdf import (
        ReportSealPolicy,
        SigningPolicy,
        StampRequest,
        TimeSource,
        issue_report,
        seal_document,
        verify_pdf,
    )
    from eseal.platform.accounts import Account, Actor, person_id_columns
    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import FrozenClock, Settings, configure_hasher, make_engine, upgrade_schema
    from eseal.platform.seals import IssueRequest, issue_seals, seal_lifecycle, signing_material
    from eseal.platform.verification import platform_trust, public_report_url, report_signer
    from eseal.web.app import create_app

    configure_hasher(time_cost=1, memory_cost=1024)
    tmp = Path(tempfile.mkdtemp(prefix="eseal-bench-verify-"))
    engine = make_engine(f"sqlite:///{tmp / 'db.sqlite'}")
    upgrade_schema(engine)
    real_now = datetime.now(UTC).replace(microsecond=0)
    clock = FrozenClock(real_now - timedelta(hours=1))
    svc = build_services(Settings(data_dir=tmp / "data", database_url=str(engine.url)), clock=clock, engine=engine)
    from datetime import date

    pid = generate_citizen_id("450103", date(1990, 5, 1), 11, "M")
    with svc.session() as db:
        person = Account(kind="person", created_at=clock.now(), status="active", phone="13900000002",
                         login_phone="13900000002", person_name="王测试", realname_verified=True,
                         **person_id_columns(svc, "resident_id", pid))
        db.add(person)
        db.flush()
        actor = Actor(account=person)
        (seal,) = issue_seals(db, svc, actor=actor, request=IssueRequest(
            owner_account_id=person.id, kinds=("personal_square",), holder_name="王测试", id_number=pid, font="song"))
        db.commit()
        material = signing_material(db, svc, actor=actor, seal_id=seal.id)
    unsigned = big_pdf(int(args.mb * 1024 * 1024) - 64 * 1024)
    policy = SigningPolicy(profile="gm", request=StampRequest.from_mm(mode="single", page=1, x_mm=120, y_mm=200),
                           time_source=TimeSource.CA, ca=svc.ca)
    pdf = seal_document(unsigned, material, policy).pdf
    clock.set(real_now + timedelta(minutes=1))
    app = create_app(services=svc, include_pages=False)
    print(f"file: {len(pdf) / 1024 / 1024:.2f} MB, 1 GM signature (platform TSA); runs: {args.runs}")

    def timed(fn) -> list[float]:
        out = []
        for _ in range(args.runs):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
        return out

    trust = platform_trust(svc)
    report_signer(svc)  # built once per process (the server keeps it)
    with svc.session() as db:
        report = verify_pdf(pdf, trust=trust, lifecycle=seal_lifecycle(db), now=clock.now(), name="bench.pdf")
        assert report.indication.value == "TOTAL_PASSED", report.message
        engine_ms = timed(lambda: verify_pdf(pdf, trust=platform_trust(svc), lifecycle=seal_lifecycle(db),
                                             now=clock.now(), name="bench.pdf"))
    report_ms = timed(lambda: issue_report(report, ReportSealPolicy(signer=report_signer(svc)),
                                           qr_text=public_report_url(svc, report.serial)))
    with TestClient(app) as client:
        client.get("/api/v1/session")
        client.headers["X-CSRF-Token"] = client.cookies.get("eseal_csrf") or ""

        def api() -> None:
            r = client.post("/api/v1/verify", files={"file": ("bench.pdf", pdf, "application/pdf")})
            assert r.status_code == 201 and r.json()["verdict"] == "TOTAL_PASSED", r.text

        api()  # warm-up (first import of the report renderer, fonts)
        api_ms = timed(api)

    def line(name: str, ms: list[float]) -> str:
        return f"{name:<44} p50 {statistics.median(ms):7.1f} ms   min {min(ms):7.1f}   max {max(ms):7.1f}"

    print(line("baseline: verify_pdf alone (engine)", engine_ms))
    print(line("baseline: issue_report alone (sealed PDF)", report_ms))
    print(line("POST /api/v1/verify end to end (in-process)", api_ms))
    print(f"target: API p50 <= 500 ms -> {'met' if statistics.median(api_ms) <= 500 else 'NOT met'}")


if __name__ == "__main__":
    main()
