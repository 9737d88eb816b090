"""Reports for signatures that cannot be checked at all: unreadable data, or removed by a later revision."""

from __future__ import annotations

from eseal.engine.pdf.report.model import (
    CheckItem,
    CheckStatus,
    Indication,
    ItemCode,
    Problem,
    SignatureReport,
    SubIndication,
)
from eseal.engine.pdf.report.texts import zh
from eseal.engine.pdf.verify.fields import FoundSignature, RemovedSignature


def removed_report(index: int, s: RemovedSignature) -> SignatureReport:
    """A signature that was removed by a later revision: TOTAL_FAILED / DISALLOWED_MODIFICATION."""
    reason = zh("failure.removed", name=s.name, revision=s.revision, removed_in=s.removed_in)
    items = [CheckItem(code, CheckStatus.UNKNOWN, zh("failure.removed_item")) for code in ItemCode]
    items[-1] = CheckItem(ItemCode.DOCUMENT_HASH, CheckStatus.FAIL, reason,
                          {"removed_in_revision": s.removed_in, "signed_revision": s.revision})
    return SignatureReport(
        index=index, field_name=s.name, profile="removed", filter=None, sub_filter=None,
        indication=Indication.TOTAL_FAILED, sub_indication=SubIndication.DISALLOWED_MODIFICATION,
        message=reason, items=items,
        problems=[Problem(SubIndication.DISALLOWED_MODIFICATION, Indication.TOTAL_FAILED, reason)],
    )


def format_failure_report(index: int, s: FoundSignature, reason: str, *,
                          technical: str | None = None) -> SignatureReport:
    """A signature whose data cannot be processed at all: TOTAL_FAILED / FORMAT_FAILURE.

    ``reason`` is the Chinese sentence users see; ``technical`` (an English parser/exception message)
    goes to the format item's ``details.error`` only.
    """
    sig_obj = s.sig_obj
    items = [CheckItem(code, CheckStatus.UNKNOWN, zh("failure.unparsable_item")) for code in ItemCode]
    details = {"error": technical[:300]} if technical else {}
    items[0] = CheckItem(ItemCode.SEAL_FORMAT, CheckStatus.FAIL, reason, details)
    problems = [Problem(SubIndication.FORMAT_FAILURE, Indication.TOTAL_FAILED, reason)]
    return SignatureReport(
        index=index, field_name=s.name, profile="unknown",
        filter=str(sig_obj.get("/Filter")) if sig_obj.get("/Filter") is not None else None,
        sub_filter=str(sig_obj.get("/SubFilter")) if sig_obj.get("/SubFilter") is not None else None,
        indication=Indication.TOTAL_FAILED, sub_indication=SubIndication.FORMAT_FAILURE, message=reason,
        items=items, problems=problems, page=s.page,
    )
