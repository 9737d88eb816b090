"""PDF stamping/signing speed, side by side with raw pyHanko (not a test; prints a table).

    .venv/bin/python bench/pdf.py [--repeat 5]

Generated, deterministic inputs (cached in bench/out/): 1 page, 100 pages and ~20 MB (500 pages, each
with its own 40 KB incompressible image). Rows (median wall time of ``--repeat`` runs, warm process):

* GM single stamp (SM2 + SES, claimed time: no TSA round-trip) vs raw pyHanko ECDSA P-256 PAdES
  signing of the same file with a visible PNG stamp (``PdfSigner``, no TSA). Target <= 1.5x.
* 20 MB GM stamp + sign. Target <= 0.6 s.
* Verify one GM signature on the 20 MB file with ``eseal.engine.pdf.verify_pdf``. Target <= 0.3 s.
* Seam seal over 100 pages (GM). Target <= 1.0 s.
* Cold ``eseal verify`` process on the 1-page signed file. Target < 1.5 s.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(ROOT / "tests" / "engine" / "pdf"))


def _median(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def make_big_pdf(pages: int = 500, image_bytes: int = 40_000) -> bytes:
    """~20 MB: text pages, each with its own incompressible (seeded random) RGB image."""
    import pikepdf

    rng = random.Random(20261125)  # deterministic filler, not crypto
    side = int((image_bytes / 3) ** 0.5)
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    for i in range(pages):
        img = pdf.make_stream(
            rng.randbytes(side * side * 3),
            Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=side, Height=side,
            ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
        )
        page = pdf.add_blank_page(page_size=(595.28, 841.89))
        page.obj.Resources = pikepdf.Dictionary(
            Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(Im1=img)
        )
        page.obj.Contents = pdf.make_stream(
            b"BT /F1 24 Tf 60 760 Td (Page %d) Tj ET q 300 0 0 300 140 300 cm /Im1 Do Q" % (i + 1)
        )
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=False)
    return out.getvalue()


def inputs() -> dict[str, bytes]:
    from _sign_fixtures import make_pdf

    OUT.mkdir(parents=True, exist_ok=True)
    big = OUT / "bench-20mb.pdf"
    if not big.exists():
        big.write_bytes(make_big_pdf())
    return {"1 page": make_pdf(1), "100 pages": make_pdf(100), "20 MB": big.read_bytes()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    import logging

    from _sign_fixtures import ca_material, pades_material
    from pyhanko import stamp
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_signer import PdfSigner

    logging.disable(logging.WARNING)  # pyHanko's stamp-layout chatter

    from eseal.engine.pdf import StampRequest, sign_gm
    from eseal.engine.pdf.sign.pades import pyhanko_signer  # the pyHanko baseline (not part of the face)

    docs = inputs()
    m = ca_material()
    pm = pades_material()
    from PIL import Image

    png = Image.open(io.BytesIO(__import__("_sign_fixtures").red_seal_png()))
    ph_signer = pyhanko_signer(pm.ecdsa_signer, pm.ecdsa_cert, [pm.root])

    def gm(pdf: bytes, req: StampRequest | None = None) -> bytes:
        return sign_gm(
            pdf, seal_der=m.seal_der, signer=m.sm2_signer, signer_cert_der=m.sm2_cert_der,
            request=req, claimed_time_only=True,
        )

    def raw_pyhanko(pdf: bytes) -> bytes:
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        style = stamp.StaticStampStyle(background=PdfImage(png), background_opacity=1.0, border_width=0)
        meta = signers.PdfSignatureMetadata(field_name="Sig1", subfilter=fields.SigSeedSubFilter.PADES)
        spec = fields.SigFieldSpec("Sig1", on_page=0, box=(400, 100, 519, 219))
        return PdfSigner(meta, signer=ph_signer, stamp_style=style, new_field_spec=spec).sign_pdf(w).getvalue()

    print(f"eseal bench/pdf.py — median of {args.repeat} runs, warm process, wall time\n")
    print(f"{'input':<10} {'size':>8} {'GM stamp+sign':>14} {'pyHanko ECDSA':>14} {'ratio':>6}  target <= 1.5x")
    results: dict[str, float] = {}
    for label, pdf in docs.items():
        gm(pdf)
        raw_pyhanko(pdf)  # warm-up
        t_gm = _median(lambda pdf=pdf: gm(pdf), args.repeat)
        t_ph = _median(lambda pdf=pdf: raw_pyhanko(pdf), args.repeat)
        results[label] = t_gm
        print(f"{label:<10} {len(pdf) / 1e6:>6.2f}MB {t_gm * 1000:>12.0f}ms {t_ph * 1000:>12.0f}ms {t_gm / t_ph:>6.2f}")

    print()
    big_gm = results["20 MB"]
    print(f"20 MB stamp+sign (GM, no TSA round-trip): {big_gm * 1000:.0f} ms   target <= 600 ms"
          f"   {'OK' if big_gm <= 0.6 else 'MISSED'}")

    signed_big = gm(docs["20 MB"])
    try:
        from eseal.engine.pdf import TrustStore, verify_pdf

        trust = TrustStore.from_directory(m.ca.directory)  # roots, CAs and CRLs of the local CA
        verify_pdf(signed_big, trust=trust)
        t_v = _median(lambda: verify_pdf(signed_big, trust=trust), args.repeat)
        how = "eseal.engine.pdf.verify_pdf: full report, LocalCA trust + CRLs"
    except ImportError:
        from eseal.engine.gm import sm3_chunks

        def fallback() -> None:
            sm3_chunks([signed_big])

        t_v = _median(fallback, args.repeat)
        how = "SM3 over ByteRange only (verify API not available)"
    print(f"verify 1 signature on 20 MB: {t_v * 1000:.0f} ms   target <= 300 ms   "
          f"{'OK' if t_v <= 0.3 else 'MISSED'}   [{how}]")

    seam_pdf = docs["100 pages"]
    gm(seam_pdf, StampRequest(mode="seam", seam_max_pages=20))
    t_seam = _median(lambda: gm(seam_pdf, StampRequest(mode="seam", seam_max_pages=20)), args.repeat)
    print(f"seam seal over 100 pages (5 seals of 20 slices): {t_seam * 1000:.0f} ms   target <= 1000 ms   "
          f"{'OK' if t_seam <= 1.0 else 'MISSED'}")

    eseal = ROOT / ".venv" / "bin" / "eseal"
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "signed.pdf"
        f.write_bytes(gm(docs["1 page"]))
        if not eseal.exists():
            print("cold `eseal verify` process: n/a (no .venv/bin/eseal)")
        else:
            cold = []
            for _ in range(3):
                t = time.perf_counter()
                subprocess.run([str(eseal), "verify", str(f)], capture_output=True, check=False)
                cold.append(time.perf_counter() - t)
            c = statistics.median(cold)
            print(f"cold `eseal verify` process (1 page, 1 signature): {c * 1000:.0f} ms   target < 1500 ms   "
                  f"{'OK' if c < 1.5 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
