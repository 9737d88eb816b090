"""PKI throughput next to the raw signature primitives it is built on (not a test; prints a table).

    .venv/bin/python bench/pki.py [--seconds 1]

For each family (SM2, ECDSA P-256), CPU-time rates of:
* raw sign / raw verify of the family's Signer (the baseline: everything else is bounded by these);
* certificate issuance (``LocalCA.issue_enterprise``: build TBS + 1 signature + write the PEM);
* chain validation with CRLs (2 certificate signatures; CRL signature checks are memoised);
* TSA: ``respond(TimeStampReq DER)`` (1 signature) and ``verify_token`` (1 token + 2 cert + 2 CRL verifies);
* keystore: decrypting an SM4-GCM envelope into a Signer.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from eseal.engine.pki import (
    LocalCA,
    build_request,
    generate_signer,
    verify_token,
    verify_with_public_key_info,
)


def rate(fn: Callable[[], object], seconds: float) -> float:
    fn()
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        fn()
        n += 1
    return n / (time.process_time() - start)


def measure_family(ca: LocalCA, family: str, algo: str, s: float) -> dict[str, float]:
    from eseal.engine.pki import validate_certificate

    key = generate_signer(algo)
    issuing = ca.signer(family, "issuing")
    oid = issuing.signature_algorithm["algorithm"].dotted
    sig = issuing.sign(b"x" * 300)
    cert = ca.issue_enterprise(family, "基准测试有限公司", "91350100M000100Y43", key.public_key_info, 365)
    crls = ca.crls(family)
    tsa = ca.tsa(family)
    req = build_request(hashlib.sha256(b"doc").digest()).dump()
    token = tsa.stamp_data(b"doc", "sha256")
    roots, inter = ca.trust_roots(family), ca.intermediates(family)
    measures: dict[str, Callable[[], object]] = {
        "raw sign (baseline)": lambda: issuing.sign(b"x" * 300),
        "raw verify (baseline)": lambda: verify_with_public_key_info(issuing.public_key_info, sig, b"x" * 300, oid),
        "issue enterprise certificate": lambda: ca.issue_enterprise(
            family, "基准测试有限公司", "91350100M000100Y43", key.public_key_info, 365),
        "LocalCA.validate (reads CRL files)": lambda: ca.validate(cert),
        "validate_certificate, CRLs given": lambda: validate_certificate(
            cert, trust_roots=roots, intermediates=inter, crls=crls),
        "TSA respond(request)": lambda: tsa.respond(req),
        "verify_token (+TSA chain, CRLs)": lambda: verify_token(
            token, data=b"doc", trust_roots=roots, intermediates=inter, crls=crls),
        "keystore load (SM4-GCM decrypt)": lambda: ca.keystore.load(f"{family}-tsa"),
    }
    return {name: rate(fn, s) for name, fn in measures.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=1.0)
    s = ap.parse_args().seconds
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        ca = LocalCA.init(Path(tmp) / "ca")
        print(f"LocalCA.init (2 families, 7 keys, 7 certificates, 4 CRLs): {time.perf_counter() - t0:.2f} s wall")
        print(f"{'operation':44} {'sm2 /s':>10} {'ecdsa /s':>10}")
        rows: dict[str, list[float]] = {}
        for family, algo in (("sm2", "sm2"), ("ecdsa", "ecdsa-p256")):
            for name, value in measure_family(ca, family, algo, s).items():
                rows.setdefault(name, []).append(value)
        for name, (a, b) in rows.items():
            print(f"{name:44} {a:10.0f} {b:10.0f}")


if __name__ == "__main__":
    main()
