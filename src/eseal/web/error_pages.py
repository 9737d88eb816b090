"""HTML error pages for browsers: a request outside ``/api/`` whose ``Accept`` prefers HTML over JSON gets
``pages/error.html`` (the app's look, 返回首页 / 返回上一页) instead of the JSON error body.

``fetch`` from the pages' JS sends ``Accept: application/json`` and API clients send ``*/*`` or JSON, so they
keep the JSON error; everything under ``/api/`` is JSON whatever the ``Accept`` says.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

import eseal.web.pages.helpers as helpers
from eseal.web.templating import templates

helpers.install(templates.env)

# status → (heading, what the user reads)
PAGE_TEXTS: dict[int, tuple[str, str]] = {
    400: ("请求有误", "请求的内容不正确，请返回后重试。"),
    401: ("请先登录", "请登录后再访问该页面。"),
    403: ("无权访问", "您没有权限访问该页面。"),
    404: ("页面不存在", "您访问的页面不存在或已被移除，请检查网址是否正确。"),
    405: ("请求方式不支持", "该页面不支持这种访问方式。"),
    413: ("提交的内容过大", "提交的内容超过了允许的大小。"),
    429: ("操作过于频繁", "请稍后再试。"),
    500: ("系统繁忙", "服务暂时出现问题，请稍后重试。"),
}
GENERIC = ("请求失败", "请稍后重试。")


def _quality(accept: str, wanted: tuple[str, ...]) -> float:
    """The highest q the Accept header gives to any of ``wanted`` (exact types only, no wildcards)."""
    best = 0.0
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        if media.strip().lower() not in wanted:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        best = max(best, q)
    return best


def wants_html(request: Request) -> bool:
    """True for a browser navigating to a page: not under /api/, and Accept prefers HTML to JSON."""
    if request.url.path.startswith("/api/"):
        return False
    accept = request.headers.get("accept", "")
    html = _quality(accept, ("text/html", "application/xhtml+xml"))
    return html > 0 and html > _quality(accept, ("application/json",))


def error_page(request: Request, status: int, detail: str | None = None,
               headers: dict[str, str] | None = None) -> HTMLResponse:
    heading, default_detail = PAGE_TEXTS.get(status, GENERIC)
    response = templates.TemplateResponse(
        request, "pages/error.html", {"status": status, "heading": heading, "detail": detail or default_detail},
        status_code=status, headers=headers)
    response.headers["Cache-Control"] = "no-store"
    return response
