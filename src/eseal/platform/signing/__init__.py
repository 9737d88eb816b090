"""Signing (签署): the use case that signs a document with a seal of the acting account after a willingness check, calling the engine's PDF signing (the same library function the CLI uses). Arrives with the signing issue.

Nothing lives here yet: this package marks the place (the house rules are in CONTRIBUTING.md).
"""
