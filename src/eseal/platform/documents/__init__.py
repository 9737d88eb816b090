"""Documents (我的文档): uploaded and signed documents of an account, their metadata, search and download. Arrives with the documents issue; builds on storage.

Nothing lives here yet: this package marks the place (the house rules are in CONTRIBUTING.md).
"""
