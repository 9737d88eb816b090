"""The crypto and document core: pure library, no web, no database.

Rule of the house: nothing under ``eseal.engine`` imports ``eseal.platform`` or ``eseal.web``
(tests/test_layering.py enforces it).
"""
