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
from dataclasses import dataclass
from pathlib import Path

import httpx

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


def start_uvicorn(target: str, env: dict[str, str], app_dir: Path | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning", "--no-access-log"]
    if app_dir is not None:
        cmd += ["--app-dir", str(app_dir)]
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server {target} exited with {proc.returncode}")
        try:
            if httpx.get(base + "/openapi.json" if app_dir else base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"server {target} did not start")


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
    args = parser.parse_args()

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

    bare = results[0].rps
    print(f"\n{'endpoint':44} {'req/s':>8} {'x bare':>7} {'p50 ms':>8} {'p95 ms':>8}  errors")
    for r in results:
        errs = ", ".join(f"{k}:{v}" for k, v in sorted(r.errors.items())) or "0"
        ratio = f"{r.rps / bare:.2f}" if "logins" not in r.label else "-"
        print(f"{r.label:44} {r.rps:8.1f} {ratio:>7} {r.pct(50) * 1000:8.1f} {r.pct(95) * 1000:8.1f}  {errs}")


if __name__ == "__main__":
    main()
