"""National algorithms: SM2 (tongsuopy), SM3 and SM4 (cryptography), OIDs."""
