"""PDF stamping, signing (GM and PAdES profiles), verification, reports and previews."""
