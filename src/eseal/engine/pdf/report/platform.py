"""The rows the PDF report shows for an issuing platform's note on a signature (:class:`PlatformSection`): for a
signature made under a grant, 授权 (the grant, who granted it to whom), 授权时间 (its window, Beijing time) and
授权使用 (第 N 次使用，共 M 次 / 不限次数). Chinese, for people; the platform's JSON keeps the codes."""

from __future__ import annotations

from eseal.engine.pdf.report.model import GrantedSigning, PlatformSignatureNote
from eseal.engine.pdf.report.texts import BEIJING_LABEL, bj


def granted_rows(granted: GrantedSigning) -> list[tuple[str, str]]:
    window = "不限" if granted.starts_at is None and granted.ends_at is None else \
        f"{BEIJING_LABEL} {bj(granted.starts_at)} 至 {bj(granted.ends_at)}"
    total = "不限次数" if granted.uses_total is None else f"共 {granted.uses_total} 次"
    use = f"第 {granted.use_number} 次使用（{total}）" if granted.use_number is not None else total
    return [("授权", f"{granted.grant_ref}（{granted.grantor} 授权 {granted.grantee}）"),
            ("授权时间", window), ("授权使用", use)]


def note_rows(note: PlatformSignatureNote | None) -> list[tuple[str, str]]:
    """The rows of one signature's platform note (none without a note)."""
    if note is None or note.granted is None:
        return []
    return granted_rows(note.granted)
