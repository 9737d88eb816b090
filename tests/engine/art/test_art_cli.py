"""``eseal art``: files in every format, exit 0; bad input exits 2 with one line, no traceback."""

from __future__ import annotations

import json

import pytest
from art_helpers import png_image

from eseal.cli import main


def test_round_seal_to_png_svg_pdf(tmp_path, capsys) -> None:
    for suffix in ("png", "svg", "pdf"):
        out = tmp_path / f"contract.{suffix}"
        code = main(["art", "contract", "--name", "北京星河数智科技有限公司", "--code", "1101080123456",
                     "--out", str(out)])
        assert code == 0
        assert out.stat().st_size > 1000
    assert png_image((tmp_path / "contract.png").read_bytes()).size == (472, 472)
    assert (tmp_path / "contract.pdf").read_bytes().startswith(b"%PDF-")
    assert 'width="40mm"' in (tmp_path / "contract.svg").read_text(encoding="utf-8")


def test_invoice_personal_font_and_dpi(tmp_path) -> None:
    out = tmp_path / "invoice.png"
    assert main(["art", "invoice", "--name", "北京星河数智科技有限公司", "--code", "91350100M000100Y43",
                 "--dpi", "600", "--out", str(out)]) == 0
    assert png_image(out.read_bytes()).size == (945, 709)
    out = tmp_path / "me.png"
    assert main(["art", "personal", "--name", "欧阳明", "--font", "kai", "--out", str(out)]) == 0


def test_handdrawn_from_strokes_file(tmp_path, signature) -> None:
    strokes = tmp_path / "pad.json"
    strokes.write_text(json.dumps(signature()), encoding="utf-8")
    out = tmp_path / "hand.svg"
    assert main(["art", "handdrawn", "--strokes", str(strokes), "--out", str(out)]) == 0
    assert "<path" in out.read_text(encoding="utf-8")


def test_list_fonts(capsys) -> None:
    assert main(["art", "--list-fonts"]) == 0
    out = capsys.readouterr().out
    for label in ("宋体", "楷体", "仿宋", "黑体"):
        assert label in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["art", "invoice", "--name", "某某公司", "--code", "91350100M000100Y44"], "check character"),
        (["art", "legal-name", "--name", ""], "name is empty"),
        (["art", "legal-name", "--name", "北京\x01公司"], "control character"),
        (["art", "personal", "--name", "张三", "--font", "comic"], "unknown font"),
        (["art", "legal-name", "--name", "北" * 30], "too long"),
        (["art", "handdrawn"], "--strokes"),
        (["art", "personal"], "needs --name"),
    ],
)
def test_bad_input_exits_2_with_one_line(argv, message, tmp_path, capsys) -> None:
    code = main([*argv, "--out", str(tmp_path / "x.png")])
    assert code == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and err.startswith("eseal: ")
    assert not (tmp_path / "x.png").exists()


def test_bad_strokes_file_and_format(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[[{", encoding="utf-8")
    assert main(["art", "handdrawn", "--strokes", str(bad), "--out", str(tmp_path / "x.png")]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    dot = tmp_path / "dot.json"
    dot.write_text('[[{"x": 1, "y": 1}]]', encoding="utf-8")
    assert main(["art", "handdrawn", "--strokes", str(dot), "--out", str(tmp_path / "x.png")]) == 2
    assert "single dot" in capsys.readouterr().err
    assert main(["art", "personal", "--name", "张三", "--out", str(tmp_path / "x.gif")]) == 2
    assert "unsupported output format" in capsys.readouterr().err


def test_handdrawn_refuses_oversized_strokes_file_without_reading_it_all(tmp_path, signature, capsys) -> None:
    from eseal.commands.art import MAX_STROKES_BYTES

    one = json.dumps(signature())
    big = tmp_path / "big.json"
    big.write_text("[" + ",".join([one[1:-1]] * (MAX_STROKES_BYTES // len(one) + 2)) + "]", encoding="utf-8")
    assert big.stat().st_size > MAX_STROKES_BYTES
    capsys.readouterr()
    assert main(["art", "handdrawn", "--strokes", str(big), "--out", str(tmp_path / "h.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert "too large" in err and "\n" not in err
    # a character device has st_size 0: the capped read still stops it
    assert main(["art", "handdrawn", "--strokes", "/dev/zero", "--out", str(tmp_path / "z.png")]) == 2
    assert "too large" in capsys.readouterr().err


def test_unwritable_output_exits_2_with_one_line(tmp_path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    capsys.readouterr()
    # the parent "directory" is a regular file: mkdir/write fail whatever the user's privileges
    assert main(["art", "legal-name", "--name", "北京星河数智科技有限公司", "--out", str(blocker / "seal.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert "cannot write" in err and "\n" not in err
