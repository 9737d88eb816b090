"""Domain services on SQLAlchemy 2: accounts, seals, signing, documents, grants, audit, providers.

Never imports ``eseal.web``.
"""
