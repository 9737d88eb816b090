"""Signing: the GB/T 38540 (GM) and PAdES profiles, the signature dictionary, trusted time."""
