"""The storage errors: one class, four stable codes (``storage.*``), an English technical detail for logs.

A storage error is a ``PlatformError`` (the web layer renders it by code like any other refusal); the Chinese
text the user reads is chosen here by code, never parsed from the detail.
"""

from __future__ import annotations

from eseal.platform.core import PlatformError

TOO_LARGE = "storage.too_large"
HASH_MISMATCH = "storage.hash_mismatch"
NOT_FOUND = "storage.not_found"
BACKEND_ERROR = "storage.backend_error"

# Chinese user text by code (what a page shows when a storage refusal reaches it)
MESSAGES: dict[str, str] = {
    TOO_LARGE: "文件过大",
    HASH_MISMATCH: "文件内容校验失败",
    NOT_FOUND: "文件不存在",
    BACKEND_ERROR: "存储服务暂时不可用，请稍后再试",
}


class StorageError(PlatformError):
    """Unusable input (too large, wrong hash), a missing blob, or a failing backend; ``detail`` is English."""

    def __init__(self, code: str, detail: str, *, field: str | None = None, limit: int | None = None) -> None:
        if code not in MESSAGES:
            raise ValueError(f"unknown storage error code {code!r}")
        super().__init__(code, MESSAGES[code], field)
        self.detail = detail
        self.limit = limit  # storage.too_large: the limit in bytes
        self.args = (f"{code}: {detail}",)

    @property
    def english(self) -> str:
        return self.detail
