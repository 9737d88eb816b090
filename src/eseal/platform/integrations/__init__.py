"""Integrations: other platforms that call eseal (API clients, their keys, callbacks). Arrives with the integrations issue.

Nothing lives here yet: this package marks the place (the house rules are in CONTRIBUTING.md).
"""
