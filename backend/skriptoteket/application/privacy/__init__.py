"""A person's data: export (GDPR art. 15, 20) and erasure (art. 17)."""
