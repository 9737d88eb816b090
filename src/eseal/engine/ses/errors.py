"""Errors of the SES package: one hierarchy under :class:`SesError`, each class with a stable ``code``.

========================  =====================================================================
code                      class
========================  =====================================================================
ses                       :class:`SesError` (base)
ses.format                :class:`SesFormatError`: bytes are not a well-formed seal / signature
ses.build                 :class:`SesBuildError`: inputs cannot make a conforming seal / signature
ses.es_id                 :class:`EsIdError`: an esID (or its parts) does not follow the scheme
ses.seal_dir              :class:`SealDirError`: a seal directory is missing, incomplete, or locked
========================  =====================================================================

All are ``ValueError`` subclasses, as they were before the hierarchy existed. Messages are English and
technical; the Chinese text users read comes from each surface's catalogue, looked up by ``code``.

Why :class:`SesFormatError` is the one exception the parser lets escape: callers (PDF verifier, CLI,
web upload) must be able to turn *any* malformed seal or signature into the report item
"电子印章数据格式: 不通过" without guessing which of a dozen library exceptions a byte soup might
trigger. The message always names the ASN.1 field path (e.g. ``SESeal.eSealInfo.property.validEnd``)
so a human can see what is wrong.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = ["EsIdError", "SealDirError", "SesBuildError", "SesError", "SesFormatError"]


class SesError(ValueError):
    """Base class of every error raised by :mod:`eseal.engine.ses`."""

    code: ClassVar[str] = "ses"


class SesFormatError(SesError):
    """Bytes are not a well-formed GB/T 38540 / GM/T 0031 seal or signature.

    ``field`` is the dotted ASN.1 path of the offending element ("" for the outer object).
    """

    code: ClassVar[str] = "ses.format"

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class SesBuildError(SesError):
    """The inputs cannot make a conforming seal or signature (message names the parameter)."""

    code: ClassVar[str] = "ses.build"


class EsIdError(SesError):
    """An esID (or its parts) does not follow the platform scheme."""

    code: ClassVar[str] = "ses.es_id"


class SealDirError(SesError):
    """A seal directory is missing, incomplete, or its key cannot be opened."""

    code: ClassVar[str] = "ses.seal_dir"
