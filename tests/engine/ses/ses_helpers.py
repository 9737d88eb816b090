"""Helpers shared by the SES tests (imported by conftest.py and test modules)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from eseal.engine import ses
from eseal.engine.pki.ca import LocalCA
from eseal.engine.pki.signer import SM2SoftwareSigner

UTC = dt.UTC


def red_circle_png(size: int = 96) -> bytes:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse((4, 4, size - 4, size - 4), outline=(220, 0, 0, 255), width=5)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@dataclass
class Party:
    signer: SM2SoftwareSigner
    cert_der: bytes


def make_seal(ca: LocalCA, party: Party, picture: bytes, now: dt.datetime, **over: object) -> bytes:
    args: dict[str, object] = dict(
        es_id=ses.make_es_id("350100", ses.SealType.CONTRACT, 42),
        seal_type=ses.SealType.CONTRACT,
        name="福州测试有限公司合同专用章",
        cert_list=[party.cert_der],
        picture=picture,
        picture_type="PNG",
        width_mm=40,
        height_mm=40,
        valid_start=now,
        valid_end=now + dt.timedelta(days=200),
        create_date=now,
        maker_signer=ca.maker_signer(),
        maker_cert=ca.maker_cert.dump(),
    )
    args.update(over)
    return ses.build_seal(**args)  # type: ignore[arg-type]



DOC = b"%PDF-1.7 protected bytes of the document"
