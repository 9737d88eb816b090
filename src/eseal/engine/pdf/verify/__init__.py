"""Verification: found signatures, GM and PAdES verifiers, certificates, coverage/revisions, trust."""
