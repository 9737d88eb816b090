"""Grants (授权管理): administrators and authorised persons of an enterprise, which seals they may use, for how long and how often; extends `accounts.roles.enterprises_for`. Arrives with the grants issue.

Nothing lives here yet: this package marks the place (the house rules are in CONTRIBUTING.md).
"""
