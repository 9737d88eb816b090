"""ASGI entry point for uvicorn/gunicorn workers: ``uvicorn eseal.web.asgi:app`` (settings from the environment)."""

from eseal.web.app import create_app

app = create_app()
