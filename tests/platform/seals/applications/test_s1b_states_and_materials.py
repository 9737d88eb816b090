"""S1b: the one state table of applications, and the picture intake (sniffing, reading with a limit, re-encoding)
on their own (no database)."""

from __future__ import annotations

import io

import pytest

from eseal.platform.core import PlatformError
from eseal.platform.seals.applications import states
from eseal.platform.seals.applications.materials import MAX_BYTES, read_limited, reencode, sniff


def test_flows_are_the_contract_order():
    assert states.FLOWS["enterprise"] == ("draft", "materials", "method", "willingness", "auth_legal_rep",
                                          "auth_handler", "issuing", "done")
    assert states.FLOWS["person"] == ("draft", "method", "materials", "willingness", "auth_self", "issuing", "done")


def test_steps_can_be_redone_before_submission_but_not_skipped():
    states.require_step("enterprise", "method", "draft")  # correct a form later: allowed
    with pytest.raises(PlatformError) as exc:
        states.require_step("enterprise", "draft", "materials")  # skip ahead: refused
    assert exc.value.code == "seal_application.wrong_state"
    for state in ("auth_legal_rep", "done", "cancelled"):
        with pytest.raises(PlatformError):
            states.require_step("enterprise", state, "draft")  # after submission nothing is edited
    assert states.advance("person", "method", "method") == "materials"
    assert states.advance("person", "willingness", "method") == "willingness"


@pytest.mark.parametrize("state", ["draft", "materials", "method", "willingness", "auth_legal_rep", "auth_handler",
                                   "auth_self"])
def test_cancellable_before_issuing(state):
    states.require_cancellable(state)


@pytest.mark.parametrize("state", ["issuing", "done", "cancelled", "failed"])
def test_not_cancellable_from_issuing_on(state):
    with pytest.raises(PlatformError) as exc:
        states.require_cancellable(state)
    assert exc.value.code == "seal_application.not_cancellable"


def test_every_state_has_a_step_label():
    every = {s for flow in states.FLOWS.values() for s in flow} | {"cancelled", "failed"}
    assert every <= set(states.STEP_LABELS)
    assert states.STEP_LABELS["auth_legal_rep"] == "等待法人认证"
    assert states.STEP_LABELS["auth_handler"] == "等待经办人认证"


class _CountingReader(io.RawIOBase):
    """An endless stream that counts what was read from it."""

    def __init__(self) -> None:
        self.served = 0

    def read(self, n: int = -1) -> bytes:
        n = 65536 if n is None or n < 0 else n
        self.served += n
        return b"\xff" * n


def test_read_limited_stops_just_past_the_limit():
    source = _CountingReader()
    with pytest.raises(PlatformError) as exc:
        read_limited(source)  # type: ignore[arg-type]
    assert exc.value.code == "seal_application.material_too_large"
    assert MAX_BYTES < source.served <= MAX_BYTES + 65536


def test_sniff_goes_by_content():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "BMP")
    for data in (b"hello", out.getvalue(), b"%PDF-1.7"):
        with pytest.raises(PlatformError):
            sniff(data)


def test_reencode_keeps_pixels_and_orientation_drops_exif():
    from PIL import Image

    img = Image.new("RGB", (60, 20), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° CW to display
    exif[0x010F] = "SecretCam"
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    clean, thumb, ctype, width, height = reencode(out.getvalue())
    assert ctype == "image/jpeg" and (width, height) == (20, 60)  # what the camera meant
    with Image.open(io.BytesIO(clean)) as again:
        assert not again.getexif() and again.info.get("exif") is None
    assert b"SecretCam" not in clean and b"SecretCam" not in thumb


def test_reencode_refuses_a_decompression_bomb():
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")  # 48 MP in a few KB
    with pytest.raises(PlatformError) as exc:
        reencode(out.getvalue())
    assert exc.value.code == "seal_application.material_too_large"
