"""PDFium is not thread-safe: every use in the engine holds engine/pdfium.PDFIUM. Without it, request threads
rendering previews at once crashed the server process (SIGSEGV inside PdfPage.render, seen in CI). The threads
run in a child process, so a crash fails this test instead of killing the test run."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import io, sys, threading
    from reportlab.pdfgen import canvas
    from eseal.engine.pdf import page_sizes, render_page

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(6):
        for y in range(40):
            c.drawString(40, 800 - y * 19, f"page {i + 1} line {y} " * 4)
        c.showPage()
    c.save()
    pdf = buf.getvalue()
    errors = []

    def work(k):
        try:
            for j in range(int(sys.argv[1])):
                render_page(pdf, 1 + (k + j) % 6, width=600)
                page_sizes(pdf)
        except BaseException as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("errors", errors)
    sys.exit(1 if errors else 0)
""")


def test_previews_rendered_by_many_threads_at_once_do_not_crash() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, "15"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (done.returncode, done.stdout[-500:], done.stderr[-2000:])
    assert "errors []" in done.stdout
