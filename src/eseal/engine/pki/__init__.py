"""Keys, the built-in CA (roots, issuing CAs, end-entity certificates, CRLs) and the RFC 3161 TSA."""
