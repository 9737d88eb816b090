"""Storage of binary objects (seal pictures, certificates, uploaded and signed documents) behind one small interface (local directory first). Arrives with the first issue that stores files.

Nothing lives here yet: this package marks the place (the house rules are in CONTRIBUTING.md).
"""
