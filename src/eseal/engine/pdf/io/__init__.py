"""Input gate shared by signing and verification: opening a PDF, the GM format contract, digests, previews."""
