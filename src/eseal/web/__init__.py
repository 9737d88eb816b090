"""FastAPI application: JSON API under /api/v1 and the mobile H5 pages."""
