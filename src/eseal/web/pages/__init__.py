"""Mobile H5 pages (Jinja2 templates + vanilla JS) for the 统一电子印章 app.

The pages are thin: they render the screens of the product manual and call the JSON API under
``/api/v1`` with ``fetch`` (see docs/api.md). ``create_app()`` includes :data:`router`.
"""

from eseal.web.pages.routes import router

__all__ = ["router"]
