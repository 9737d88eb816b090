"""Background jobs: work done outside a request (signing queues, expiry sweeps, housekeeping) calling the same service functions as the routes. Arrives with the first issue that needs one.

Nothing lives here yet: this package marks the place (the house rules are in CONTRIBUTING.md).
"""
