"""Load on the web app beside a bare FastAPI endpoint ([F2] #14; grows in [D1]).

Starts, each with uvicorn in a subprocess on 127.0.0.1 (one worker, no access log):
* a bare FastAPI app with one JSON endpoint (the baseline);
* eseal on SQLite (a fresh data directory), and on PostgreSQL when one answers at ``--pg`` (a fresh database,
  dropped afterwards).
Then drives each with ``--concurrency`` async httpx clients (``--requests`` requests per endpoint) and prints,
side by side, throughput and p50/p95 for: the bare endpoint, ``/healthz``, ``/api/v1/health``, a static CSS file;
and ``--rounds`` rounds of ``--logins`` person logins at once (distinct accounts, the production argon2 cost),
with p50/p95 and the errors by status.

    .venv/bin/python bench/api_load.py [--requests 2000] [--concurrency 20] [--logins 20] [--rounds 3]

Targets ([F2] #14): read endpoints >= 0.5x the bare endpoint; 20 concurrent logins p95 <= 3 s, 0 errors.

[D1] (``--sign-seconds``, 0 = skip; ``--only-d1`` skips the F2 part): ``--signers`` clients, each its own person
with its own seal, upload a 1-page PDF and stamp it (prepare + submit with the seal's 核验密码, GM profile, the
platform TSA) in a loop for the bounded time: ops/s, p50/p95/p99 per upload+stamp, errors, and the server's CPU
per operation (all its processes); beside the same work as direct ``seal_document`` calls in one process (its CPU
per operation too); each client takes ``--accounts-per-signer`` accounts in turn, in both rounds (default 3: an account may open 60
willingness challenges an hour, and one account per client reached that in a fast 15 s run). The server runs as
deployed: ``--workers`` uvicorn worker processes, default one per CPU core (README, "Production-style start";
``--workers 1`` for one process). The F2 part always runs one worker (its baseline, the bare FastAPI app, is one
process too). Two rounds with other accounts: seal PINs as the platform
stores them (keyed hash), then PINs stored as argon2 by earlier versions (production cost; each is verified with
argon2 once and rewritten in the keyed form at its seal's first signing). Then the preview of page 1 of a
20 MB / 100-page PDF (cold, then cached) and the server's peak memory growth during a streamed 20 MB upload
(largest growth of any worker).
Targets ([D1]): p95 < 1 s, 0 errors, API ops/s >= 0.5x direct; preview <= 300 ms cold, <= 20 ms cached; memory
growth <= 3x the file size.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import yarl

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PASSWORD = "Bench12345"  # throwaway accounts of a throwaway database
BARE_APP = '''
from fastapi import FastAPI
app = FastAPI()

@app.get("/bare")
def bare() -> dict[str, str]:
    return {"status": "ok"}
'''


@dataclass
class Result:
    label: str
    n: int
    seconds: float
    latencies: list[float]
    errors: Counter[str]
    cpu_seconds: float | None = None  # the server's (or the direct loop's) CPU during the run
    client_cpu_seconds: float | None = None  # the load generator's own CPU during the run (D1)

    @property
    def rps(self) -> float:
        return self.n / self.seconds if self.seconds else 0.0

    def pct(self, q: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_uvicorn(target: str, env: dict[str, str], app_dir: Path | None = None,
                  workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning", "--no-access-log", "--workers", str(workers)]
    if app_dir is not None:
        cmd += ["--app-dir", str(app_dir)]
    elif workers > 1:  # eseal with several workers: as `eseal serve --workers N` starts it (eseal.web.server)
        cmd = [sys.executable, "-c", "from eseal.web.server import serve; "
               f"serve({target!r}, host='127.0.0.1', port={port}, workers={workers}, log_level='warning', "
               "access_log=False)"]
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server {target} exited with {proc.returncode}")
        try:
            if httpx.get(base + "/openapi.json" if app_dir else base + "/healthz", timeout=1).status_code == 200:
                while workers > 1 and len(_children(proc.pid)) < workers:  # every worker up before the load
                    time.sleep(0.2)
                if workers > 1:
                    time.sleep(2)
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"server {target} did not start")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live children (the uvicorn workers)."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


async def drive(base: str, path: str, label: str, requests: int, concurrency: int) -> Result:
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    todo = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        for _ in range(min(50, requests)):  # warm-up (imports, first connection, caches)
            await client.get(path)

        async def worker() -> None:
            for _ in todo:
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    if r.status_code != 200:
                        errors[str(r.status_code)] += 1
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] += 1
                latencies.append(time.perf_counter() - t)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - start
    return Result(label, requests, seconds, latencies, errors)


async def logins(base: str, phones: list[str], rounds: int) -> Result:
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    seconds = 0.0
    for _ in range(rounds):
        clients = [httpx.AsyncClient(base_url=base, timeout=120) for _ in phones]
        try:
            for c in clients:
                c.headers["X-CSRF-Token"] = (await c.get("/api/v1/session")).json()["csrf_token"]

            async def login(c: httpx.AsyncClient, phone: str) -> None:
                t = time.perf_counter()
                try:
                    r = await c.post("/api/v1/auth/person/login", json={
                        "account": phone, "method": "password", "password": PASSWORD, "agree": True})
                    if r.status_code != 200:
                        errors[str(r.status_code)] += 1
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] += 1
                latencies.append(time.perf_counter() - t)

            start = time.perf_counter()
            await asyncio.gather(*(login(c, p) for c, p in zip(clients, phones, strict=True)))
            seconds += time.perf_counter() - start
        finally:
            for c in clients:
                await c.aclose()
    return Result(f"{len(phones)} concurrent logins x{rounds}", len(latencies), seconds, latencies, errors)


def seed(data_dir: Path, url: str, count: int) -> list[str]:
    """``count`` person accounts with a password at the production argon2 cost; returns their phones."""
    from eseal.platform.accounts import KIND_PERSON, Account
    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import Settings, hash_password

    svc = build_services(Settings(data_dir=data_dir, database_url=url))
    phones = [f"1370000{i:04d}" for i in range(count)]
    hashed = hash_password(PASSWORD)
    with svc.session() as db:
        now = svc.clock.now()
        for phone in phones:
            db.add(Account(kind=KIND_PERSON, created_at=now, status="active", phone=phone, login_phone=phone,
                           password_hash=hashed, realname_verified=False))
    svc.engine.dispose()
    return phones


SEAL_PASSWORD = "246810"


def seed_signers(data_dir: Path, url: str, count: int, *, first: int = 0,
                 legacy_pins: bool = False) -> list[tuple[str, int]]:
    """``count`` persons, each with a 个人方章 (password method); returns (phone, seal id). Seal PINs as the platform
    stores them (``hash_pin``: keyed hash), or with ``legacy_pins`` as earlier versions did (argon2 at the production
    cost; the server verifies each once with argon2 and rewrites it at its first signing)."""
    from datetime import date

    from eseal.engine.ids import generate_citizen_id
    from eseal.platform.accounts import KIND_PERSON, Account, Actor
    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import Settings, hash_password, hash_pin
    from eseal.platform.seals import IssueRequest, issue_seals

    svc = build_services(Settings(data_dir=data_dir, database_url=url))
    out = []
    hashed = hash_password(PASSWORD)
    with svc.session() as db:
        for i in range(first, first + count):
            phone = f"1380000{i:04d}"
            person = Account(kind=KIND_PERSON, created_at=svc.clock.now(), status="active", phone=phone,
                             login_phone=phone, password_hash=hashed, realname_verified=True, person_name="王测试")
            db.add(person)
            db.flush()
            (seal,) = issue_seals(db, svc, actor=Actor(account=person), request=IssueRequest(
                owner_account_id=person.id, kinds=("personal_square",), holder_name="王测试",
                id_number=generate_citizen_id(birth=date(1990, 1, 1 + i % 28), sequence=i + 1), font="song",
                method="password", method_password_hash=hash_password(SEAL_PASSWORD) if legacy_pins
                else hash_pin(svc.master_key, SEAL_PASSWORD)))
            out.append((phone, seal.id))
        db.commit()
    svc.engine.dispose()
    return out


def one_page_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 760, "api_load: one page to stamp")
    c.showPage()
    c.save()
    return buf.getvalue()


STAMPS = [{"seal_id": 0, "mode": "single", "page": 1, "x_mm": 120, "y_mm": 200}]


async def _logged_in(http: aiohttp.ClientSession, base: str, phone: str) -> _Client:
    """One account logged in: its own cookie jar (session and CSRF cookies), over the shared connection pool."""
    jar = aiohttp.CookieJar(unsafe=True)  # cookies of 127.0.0.1 (an IP address) are kept only with unsafe=True
    c = _Client(http, base, jar)
    token = (await c.json("GET", "/api/v1/session"))[1]["csrf_token"]
    status, _ = await c.json("POST", "/api/v1/auth/person/login", csrf=token,
                             body={"account": phone, "method": "password", "password": PASSWORD, "agree": True})
    if status != 200:
        raise RuntimeError(f"login {status}")
    c.csrf = (await c.json("GET", "/api/v1/session"))[1]["csrf_token"]
    return c


@dataclass
class _Client:
    """A logged-in account of the D1 load: aiohttp requests with this account's cookies and CSRF token (``data``: a
    PDF body, bytes or chunks; the answer: JSON, or the bytes of anything else)."""

    http: aiohttp.ClientSession
    base: str
    jar: aiohttp.CookieJar
    csrf: str = ""

    async def json(self, method: str, path: str, *, body: object = None,
                   data: bytes | AsyncIterator[bytes] | None = None,
                   params: dict[str, str] | None = None, csrf: str | None = None) -> tuple[int, Any]:
        url = yarl.URL(self.base + path)
        headers = {"X-CSRF-Token": csrf if csrf is not None else self.csrf}
        cookies = self.jar.filter_cookies(url)
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in cookies.items())
        if data is not None:
            headers["Content-Type"] = "application/pdf"
        async with self.http.request(method, url, json=body, data=data, params=params, headers=headers) as r:
            self.jar.update_cookies(r.cookies, url)
            return r.status, (await r.json()) if r.content_type == "application/json" else await r.read()


async def upload_and_stamp(base: str, signers: list[tuple[str, int]], seconds: float, label: str,
                           server_pid: int | None = None, clients_count: int | None = None) -> Result:
    """``clients_count`` clients (default: one per signer) in a loop for ``seconds``: upload a 1-page PDF, prepare,
    submit; one latency per loop. With more signers than clients each client takes its accounts in turn, one per
    loop (each account may open 60 willingness challenges an hour: one account per client reached it in a fast
    15 s run, and the 429s then counted as quick operations). The clients are aiohttp (one connection pool, a
    cookie jar per account): the load generator shares the machine's cores with the server, and httpx's async
    client cost ~19 ms of CPU per operation here (aiohttp: a third of it); the client's own CPU per operation is
    reported beside the server's."""
    pdf = one_page_pdf()
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    n = clients_count or len(signers)
    connector = aiohttp.TCPConnector(limit=n)
    http = aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120),
                                 cookie_jar=aiohttp.DummyCookieJar())
    try:
        logged = [await _logged_in(http, base, phone) for phone, _ in signers]
        groups = [list(zip(logged[i::n], [sid for _, sid in signers[i::n]], strict=True)) for i in range(n)]

        async def once(c: _Client, seal_id: int) -> None:
            stamps = [{**STAMPS[0], "seal_id": seal_id}]
            status, out = await c.json("POST", "/api/v1/documents", params={"name": "load.pdf"}, data=pdf)
            if status != 201:
                raise RuntimeError(f"upload {status}")
            doc = out["document"]["id"]
            status, out = await c.json("POST", f"/api/v1/documents/{doc}/signing/prepare", body={"stamps": stamps})
            if status != 200:
                raise RuntimeError(f"prepare {status}")
            status, out = await c.json("POST", f"/api/v1/documents/{doc}/signing", body={
                "stamps": stamps, "willingness_challenge_id": out["challenge"]["challenge_id"],
                "seal_password": SEAL_PASSWORD})
            if status != 200:
                raise RuntimeError(f"sign {status} {str(out)[:80]}")

        async def worker(accounts: list[tuple[_Client, int]], deadline: float) -> None:
            turn = 0
            while time.perf_counter() < deadline:
                c, seal_id = accounts[turn % len(accounts)]
                turn += 1
                t = time.perf_counter()
                try:
                    await once(c, seal_id)
                except (TimeoutError, aiohttp.ClientError, RuntimeError) as exc:
                    errors[str(exc)[:40] or type(exc).__name__] += 1
                latencies.append(time.perf_counter() - t)

        for _ in range(4):  # warm-up (imports, fonts, the CA; every worker once, likely)
            await asyncio.gather(*(once(*g[0]) for g in groups[:2]))
        cpu0 = _cpu_seconds(server_pid) if server_pid else None
        own0 = time.process_time()
        start = time.perf_counter()
        await asyncio.gather(*(worker(g, start + seconds) for g in groups))
        elapsed = time.perf_counter() - start
        own = time.process_time() - own0
        cpu = _cpu_seconds(server_pid) - cpu0 if server_pid and cpu0 is not None else None
    finally:
        await http.close()
    return Result(label, len(latencies), elapsed, latencies, errors, cpu, own)


def direct_stamping(data_dir: Path, url: str, seal_id: int, seconds: float) -> Result:
    """The same stamping as direct engine calls in one process (material loaded once, platform TSA)."""
    from eseal.engine.pdf import SigningPolicy, StampRequest, TimeSource, seal_document
    from eseal.platform.accounts import Account, Actor
    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import Settings
    from eseal.platform.seals import Seal, signing_material

    svc = build_services(Settings(data_dir=data_dir, database_url=url))
    with svc.session() as db:
        owner = db.get(Account, db.get(Seal, seal_id).owner_account_id)
        material = signing_material(db, svc, actor=Actor(account=owner), seal_id=seal_id)
    pdf = one_page_pdf()
    policy = SigningPolicy(profile="gm", request=StampRequest.from_mm(mode="single", page=1, x_mm=120, y_mm=200),
                           time_source=TimeSource.CA, ca=svc.ca)
    seal_document(pdf, material, policy)  # warm-up
    latencies: list[float] = []
    cpu0 = time.process_time()
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        t = time.perf_counter()
        seal_document(pdf, material, policy)
        latencies.append(time.perf_counter() - t)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    svc.engine.dispose()
    return Result("direct seal_document (1 process)", len(latencies), elapsed, latencies, Counter(), cpu)


def _rss_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def big_pdf(size: int, pages: int) -> bytes:
    """A real PDF of about ``size`` bytes and ``pages`` pages (an incompressible image XObject on page 1)."""
    import io

    import pikepdf
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for n in range(pages):
        c.drawString(72, 760, f"api_load: page {n + 1} of a large document")
        c.showPage()
    c.save()
    with pikepdf.open(io.BytesIO(buf.getvalue())) as pdf:
        raw = os.urandom(size - len(buf.getvalue()) - 600)
        height = len(raw) // 192
        image = pikepdf.Stream(pdf, raw[: 192 * height])
        image.Type, image.Subtype, image.Width, image.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 64, height
        image.BitsPerComponent, image.ColorSpace = 8, pikepdf.Name.DeviceRGB
        pdf.pages[0].Resources.XObject = pikepdf.Dictionary(Pad=image)
        out = io.BytesIO()
        pdf.save(out, compress_streams=False)
    return out.getvalue()


async def big_document(base: str, pid: int, phone: str) -> list[str]:
    """Memory growth of the server during a streamed (chunked) 20 MB upload; preview of page 1 cold and cached."""
    pdf = big_pdf(20 * 1024 * 1024 - 4096, 100)
    lines = []
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(),
                                     timeout=aiohttp.ClientTimeout(total=120)) as http:
        c = await _logged_in(http, base, phone)
        workers = _children(pid) or [pid]  # uvicorn --workers N: the supervisor's children serve
        rss_before = {w: _rss_kb(w, "VmRSS") for w in workers}
        for w in workers:
            Path(f"/proc/{w}/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS

        async def chunks() -> AsyncIterator[bytes]:  # a chunked body: the server must count it while it streams
            for i in range(0, len(pdf), 256 * 1024):
                yield pdf[i:i + 256 * 1024]

        t = time.perf_counter()
        status, out = await c.json("POST", "/api/v1/documents", params={"name": "big.pdf"}, data=chunks())
        upload_s = time.perf_counter() - t
        grow = max(_rss_kb(w, "VmHWM") - rss_before[w] for w in workers) * 1024
        lines.append(f"20 MB upload ({len(pdf)} B, chunked): {status} in {upload_s * 1000:.0f} ms; server "
                     f"peak RSS growth {grow / 1048576:.1f} MB = {grow / len(pdf):.2f}x the file (target <= 3x)")
        doc = out["document"]["id"]
        page = f"/api/v1/documents/{doc}/pages/1.png"
        t = time.perf_counter()
        status, png = await c.json("GET", page, params={"width": "750"})
        cold = time.perf_counter() - t
        cached = []
        for _ in range(20):
            t = time.perf_counter()
            await c.json("GET", page, params={"width": "750"})
            cached.append(time.perf_counter() - t)
        lines.append(f"preview page 1 of 20 MB / 100 pages: cold {cold * 1000:.0f} ms (target <= 300), cached median "
                     f"{statistics.median(cached) * 1000:.1f} ms (target <= 20), {status}, {len(png)} B")
    return lines


def run_d1(label: str, url: str, data_dir: Path, args: argparse.Namespace) -> tuple[list[Result], list[str]]:
    accounts = args.signers * args.accounts_per_signer
    signers = seed_signers(data_dir, url, accounts)
    # as many accounts again, PINs as argon2: with one account per client, a client served fast (the aiohttp load
    # reached ~4 loops a second for some) opened its account's 60th willingness challenge of the hour within 15 s
    legacy = seed_signers(data_dir, url, accounts, first=accounts, legacy_pins=True)
    env = {"ESEAL_DATA_DIR": str(data_dir), "ESEAL_DATABASE_URL": url, "ESEAL_ENV": "development"}
    proc, base = start_uvicorn("eseal.web.asgi:app", env, workers=args.workers)
    served = f"{args.workers} worker{'s' if args.workers > 1 else ''}"
    try:
        api = asyncio.run(upload_and_stamp(base, signers, args.sign_seconds,
                                           f"{label} {args.signers} clients upload+stamp ({served})", proc.pid,
                                           args.signers))
        api_legacy = asyncio.run(upload_and_stamp(base, legacy, args.sign_seconds,
                                                  f"{label} same, PINs stored as argon2 (old)", proc.pid,
                                                  args.signers))
        lines = asyncio.run(big_document(base, proc.pid, signers[0][0]))
    finally:
        stop(proc)
    direct = direct_stamping(data_dir, url, signers[0][1], min(args.sign_seconds, 10))
    direct.label = f"{label} {direct.label}"
    for r in (api, api_legacy):
        lines.insert(0, f"{r.label}: {r.rps:.2f} ops/s = {r.rps / direct.rps:.2f}x direct {direct.rps:.2f} ops/s "
                        f"(target >= 0.5x); p95 {r.pct(95) * 1000:.0f} ms (target < 1000)")
    return [api, api_legacy, direct], lines


def pg_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def run_eseal(label: str, url: str, data_dir: Path, args: argparse.Namespace) -> list[Result]:
    phones = seed(data_dir, url, args.logins)
    env = {"ESEAL_DATA_DIR": str(data_dir), "ESEAL_DATABASE_URL": url, "ESEAL_ENV": "development"}
    proc, base = start_uvicorn("eseal.web.asgi:app", env)
    try:
        out = [asyncio.run(drive(base, path, f"{label} {path}", args.requests, args.concurrency))
               for path in ("/healthz", "/api/v1/health", "/static/css/app.css")]
        out.append(asyncio.run(logins(base, phones, args.rounds)))
        out[-1].label = f"{label} {out[-1].label}"
        return out
    finally:
        stop(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per read endpoint")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--logins", type=int, default=20, help="accounts logging in at once")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of concurrent logins")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--sign-seconds", type=float, default=20, help="[D1] upload+stamp load duration (0: skip)")
    parser.add_argument("--signers", type=int, default=20, help="[D1] concurrent signing clients")
    parser.add_argument("--accounts-per-signer", type=int, default=3,
                        help="[D1] accounts each client takes in turn (60 willingness challenges/hour each)")
    parser.add_argument("--only-d1", action="store_true", help="skip the F2 part (bare, reads, logins)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="[D1] uvicorn worker processes of the server (default: one per CPU core, as deployed)")
    args = parser.parse_args()
    if args.only_d1:
        d1_main(args)
        return

    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="eseal-bench-") as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "bare_app.py").write_text(BARE_APP)
        proc, base = start_uvicorn("bare_app:app", {}, app_dir=tmpdir)
        try:
            results.append(asyncio.run(drive(base, "/bare", "bare FastAPI /bare", args.requests, args.concurrency)))
        finally:
            stop(proc)
        results += run_eseal("sqlite", f"sqlite:///{tmpdir / 'sqlite' / 'eseal.db'}", tmpdir / "sqlite", args)
        if not args.no_pg and pg_reachable():
            from sqlalchemy import create_engine, text

            name = f"eseal_bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                results += run_eseal("postgresql", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
                                     tmpdir / "pg", args)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
        elif not args.no_pg:
            print("PostgreSQL not reachable at 127.0.0.1:5432: skipped")

    if args.sign_seconds > 0:
        d1_main(args)
    bare = results[0].rps
    print(f"\n{'endpoint':44} {'req/s':>8} {'x bare':>7} {'p50 ms':>8} {'p95 ms':>8}  errors")
    for r in results:
        errs = ", ".join(f"{k}:{v}" for k, v in sorted(r.errors.items())) or "0"
        ratio = f"{r.rps / bare:.2f}" if "logins" not in r.label else "-"
        print(f"{r.label:44} {r.rps:8.1f} {ratio:>7} {r.pct(50) * 1000:8.1f} {r.pct(95) * 1000:8.1f}  {errs}")


def d1_main(args: argparse.Namespace) -> None:
    results: list[Result] = []
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="eseal-bench-d1-") as tmp:
        tmpdir = Path(tmp)
        got = run_d1("sqlite", f"sqlite:///{tmpdir / 'sqlite' / 'eseal.db'}", tmpdir / "sqlite", args)
        results += got[0]
        lines += got[1]
        if not args.no_pg and pg_reachable():
            from sqlalchemy import create_engine, text

            name = f"eseal_bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                got = run_d1("postgresql", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", tmpdir / "pg",
                             args)
                results += got[0]
                lines += got[1]
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    print(f"\n{'[D1] upload + stamp':58} {'ops/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'CPU ms/op':>9}"
          f" {'client':>7}  errors")
    for r in results:
        errs = ", ".join(f"{k}:{v}" for k, v in sorted(r.errors.items())) or "0"
        cpu = f"{r.cpu_seconds * 1000 / r.n:9.1f}" if r.cpu_seconds is not None and r.n else f"{'-':>9}"
        own = f"{r.client_cpu_seconds * 1000 / r.n:7.1f}" if r.client_cpu_seconds is not None and r.n else f"{'-':>7}"
        print(f"{r.label:58} {r.rps:7.2f} {r.pct(50) * 1000:8.1f} {r.pct(95) * 1000:8.1f} {r.pct(99) * 1000:8.1f}"
              f" {cpu} {own}  {errs}")
    print("(CPU ms/op: the server's processes; client: the load generator's own, on the same cores)")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
