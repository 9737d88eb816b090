"""Seals (印章): applying for, making, suspending, resuming, renewing and revoking electronic seals of an account (models, service functions `(db, svc, *, actor, ...)`, typed views). Arrives with the seal-application issue; builds on accounts, identity (willingness) and the engine (ses, pki).

Nothing lives here yet: this package marks the place (the house rules are in CONTRIBUTING.md).
"""
