"""Crypto throughput of eseal next to OpenSSL, in one run (not a test; prints a table).

    .venv/bin/python bench/crypto.py [--seconds 2] [--elapsed]

* SM2 sign/s and verify/s (eseal.engine.gm.sm2: Z computation + SM3 + Tongsuo EVP_PKEY_sign)
  vs ``openssl speed -seconds N sm2`` (EVP_DigestSign with the SM2 ID, also including Z).
* SM3 MB/s on 16 KiB blocks (eseal.engine.gm.sm3.sm3, one call per block) vs
  ``openssl speed -seconds N -bytes 16384 -evp sm3``.
* GB/T 38540 objects per second: seal build (SM2 maker signature, the real ~41 KB PNG
  of a 40 mm contract seal rendered by eseal.engine.art), seal
  parse + verify, signature build, signature parse + verify.

Timing: like ``openssl speed`` (which counts user CPU time unless ``-elapsed``), we count process
CPU time by default, so a noisy shared machine distorts both sides the same way. ``--elapsed``
switches both sides to wall-clock time. Target: eseal >= 0.9x OpenSSL for SM2 and SM3.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable


def _clock(elapsed: bool) -> Callable[[], float]:
    return time.perf_counter if elapsed else time.process_time


def rate(fn: Callable[[], object], seconds: float, elapsed: bool) -> float:
    """Calls per second of ``fn`` over about ``seconds`` (of CPU or wall time)."""
    clock = _clock(elapsed)
    fn()  # warm-up
    n = 0
    start = clock()
    deadline = start + seconds
    batch = 1
    while True:
        for _ in range(batch):
            fn()
        n += batch
        now = clock()
        if now >= deadline:
            return n / (now - start)
        batch = min(batch * 2, 256)


def openssl_sm2(seconds: int, elapsed: bool) -> tuple[float, float] | None:
    cmd = ["openssl", "speed", "-seconds", str(seconds), *(["-elapsed"] if elapsed else []), "sm2"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    m = re.search(r"SM2 \(CurveSM2\)\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)", out)
    return (float(m.group(1)), float(m.group(2))) if m else None


def openssl_sm3(seconds: int, elapsed: bool) -> float | None:
    cmd = ["openssl", "speed", "-seconds", str(seconds), *(["-elapsed"] if elapsed else []),
           "-bytes", "16384", "-evp", "sm3"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    m = re.search(r"^sm3\s+([\d.]+)k", out, re.MULTILINE)
    return float(m.group(1)) * 1000 / 1e6 if m else None  # "1000s of bytes per second" -> MB/s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=2)
    ap.add_argument("--elapsed", action="store_true", help="wall-clock time on both sides")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs, alternating eseal/openssl (default 3)")
    args = ap.parse_args()
    secs, el, reps = args.seconds, args.elapsed, max(1, args.repeat)

    from eseal.engine import ses
    from eseal.engine.art import render_seal
    from eseal.engine.gm import SM2PrivateKey, sm3
    from eseal.engine.pki import LocalCA, SM2SoftwareSigner

    key = SM2PrivateKey.generate()
    pub = key.public_key
    msg = b"x" * 20  # openssl speed signs a 20-byte buffer too
    sig = key.sign(msg)
    assert pub.verify(sig, msg)
    block = bytes(range(256)) * 64  # 16 KiB

    print(f"eseal crypto benchmark ({'wall-clock' if el else 'CPU'} time, {secs}s per measurement, "
          f"best of {reps}, eseal and openssl runs alternating)")
    ours_sign = ours_verify = ours_sm3 = 0.0
    ossl_sign = ossl_verify = ossl_sm3_best = 0.0
    for _ in range(reps):
        ours_sign = max(ours_sign, rate(lambda: key.sign(msg), secs, el))
        ours_verify = max(ours_verify, rate(lambda: pub.verify(sig, msg), secs, el))
        if (o := openssl_sm2(secs, el)) is not None:
            ossl_sign, ossl_verify = max(ossl_sign, o[0]), max(ossl_verify, o[1])
        ours_sm3 = max(ours_sm3, rate(lambda: sm3(block), secs, el) * len(block) / 1e6)
        if (m := openssl_sm3(secs, el)) is not None:
            ossl_sm3_best = max(ossl_sm3_best, m)
    ossl_sm2 = (ossl_sign, ossl_verify) if ossl_sign else None
    ossl_sm3 = ossl_sm3_best or None

    with tempfile.TemporaryDirectory() as tmp:
        ca = LocalCA.init(f"{tmp}/ca")
        signer = SM2SoftwareSigner(SM2PrivateKey.generate())
        cert = ca.issue_enterprise("sm2", "基准测试有限公司", "91350100M000100Y43", signer.public_key_info, days=365)
        # a real seal face from the art engine (~41 KB PNG at 300 dpi), as `eseal seal make` embeds
        png = render_seal("contract", "基准测试有限公司").png
        now = dt.datetime.now(dt.UTC)
        maker, maker_cert = ca.maker_signer(), ca.maker_cert.dump()

        def build_seal() -> bytes:
            return ses.build_seal(
                es_id=ses.make_es_id("350100", 4, 1), seal_type=4, name="基准测试有限公司合同专用章",
                cert_list=[cert.dump()], picture=png, picture_type="PNG", width_mm=40, height_mm=40,
                valid_start=now, valid_end=now + dt.timedelta(days=300), maker_signer=maker, maker_cert=maker_cert)

        seal_der = build_seal()
        digest = sm3(b"document")

        def build_sig() -> bytes:
            return ses.build_signature(seal_der=seal_der, data_hash=digest, property_info="PDF;ByteRange=[0 1 2 3]",
                                       signer=signer, signer_cert_der=cert.dump(), time=now)

        sig_der = build_sig()

        def verify_seal() -> None:
            assert ses.overall(ses.verify_seal(ses.parse_seal(seal_der))) != ses.Status.FAIL

        def verify_sig() -> None:
            assert ses.overall(ses.verify_signature(ses.parse_signature(sig_der), data_hash=digest)) != ses.Status.FAIL

        seal_build = rate(build_seal, secs, el)
        seal_verify = rate(verify_seal, secs, el)
        sig_build = rate(build_sig, secs, el)
        sig_verify = rate(verify_sig, secs, el)

    def ratio(a: float, b: float | None) -> str:
        return f"{a / b:5.2f}x" if b else "  n/a"

    rows = [
        ("SM2 sign/s", ours_sign, ossl_sm2[0] if ossl_sm2 else None),
        ("SM2 verify/s", ours_verify, ossl_sm2[1] if ossl_sm2 else None),
        ("SM3 MB/s (16 KiB blocks)", ours_sm3, ossl_sm3),
    ]
    print(f"\n{'measure':32} {'eseal':>10} {'openssl':>10} {'ratio':>7}")
    for label, ours, theirs in rows:
        t = f"{theirs:10.1f}" if theirs else "       n/a"
        print(f"{label:32} {ours:10.1f} {t} {ratio(ours, theirs):>7}")
    print(f"\nGB/T 38540 objects (SESeal {len(seal_der)} bytes incl. {len(png)}-byte PNG; SES_Signature {len(sig_der)} bytes)")
    for label, value in [("seal build/s (maker SM2 sign)", seal_build),
                         ("seal parse+verify/s", seal_verify),
                         ("signature build/s (signer SM2 sign)", sig_build),
                         ("signature parse+verify/s (2 SM2 verifies)", sig_verify)]:
        print(f"{label:42} {value:10.1f}")
    ok = ossl_sm2 is not None and ossl_sm3 is not None and min(
        ours_sign / ossl_sm2[0], ours_verify / ossl_sm2[1], ours_sm3 / ossl_sm3) >= 0.9
    print(f"\ntarget >= 0.9x openssl for SM2 and SM3: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
