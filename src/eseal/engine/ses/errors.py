"""The one exception the SES parser lets escape.

Why a single type: callers (PDF verifier, CLI, web upload) must be able to turn *any* malformed
seal or signature into the report item "电子印章数据格式: 不通过" without guessing which of a dozen
library exceptions a byte soup might trigger. The message always names the ASN.1 field path
(e.g. ``SESeal.eSealInfo.property.validEnd``) so a human can see what is wrong.
"""

from __future__ import annotations


class SesFormatError(ValueError):
    """Bytes are not a well-formed GB/T 38540 / GM/T 0031 seal or signature.

    ``field`` is the dotted ASN.1 path of the offending element ("" for the outer object).
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)
