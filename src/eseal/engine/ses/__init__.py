"""GB/T 38540 electronic-seal objects: SES_Seal and SES_Signature (write v4, read v1/v2/v4)."""
