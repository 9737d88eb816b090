"""Verification (验签) on the platform: verify an uploaded PDF with the platform trust and seal records, keep the
reports under a public serial, and answer the public report page. Filled in by D1b."""

from eseal.platform.verification.models import VerificationReport

__all__ = ["VerificationReport"]
