"""pyHanko ``TimeStamper`` backed by our in-process :class:`~eseal.engine.pki.tsa.authority.TimeStampAuthority`.

Kept in its own module because importing pyHanko costs ~0.75 s; only PDF code should pay for it.
Over HTTP, pyHanko's own ``HTTPTimeStamper`` pointed at a :class:`~eseal.engine.pki.tsa.server.TimeStampServer`
works as well.
"""

from __future__ import annotations

from asn1crypto import tsp
from pyhanko.sign.timestamps.api import TimeStamper

from eseal.engine.pki.tsa.authority import TimeStampAuthority


class LocalPyHankoTimeStamper(TimeStamper):
    def __init__(self, tsa: TimeStampAuthority, include_nonce: bool = True) -> None:
        super().__init__(include_nonce=include_nonce)
        self.tsa = tsa

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return tsp.TimeStampResp.load(self.tsa.respond(req.dump()))
