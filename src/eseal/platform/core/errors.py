"""Business errors carried up to the API as ``{"error": {"code", "message", "field"}}``.

``message`` is Chinese and shown to the user verbatim; ``code`` is stable for page logic.
"""

from __future__ import annotations


class PlatformError(Exception):
    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        field: str | None = None,
        *,
        status: int | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status
        self.retry_after = retry_after

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "message": self.message, "field": self.field}
        if self.retry_after is not None:
            body["retry_after"] = self.retry_after
        return body


class NotFound(PlatformError):
    status = 404

    def __init__(self, message: str = "对象不存在", field: str | None = None) -> None:
        super().__init__("not_found", message, field)


class ProviderError(PlatformError):
    """An external identity provider failed (network, bad response)."""

    status = 502

    def __init__(self, detail: str) -> None:
        super().__init__("provider_error", "服务暂时不可用，请稍后再试")
        self.detail = detail  # English, for logs
