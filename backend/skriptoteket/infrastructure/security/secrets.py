"""Random secrets for cookies, CSRF and access tokens, and how they are stored."""

from __future__ import annotations

import hashlib
import secrets


def new_secret(n_bytes: int = 32) -> str:
    return secrets.token_urlsafe(n_bytes)


def secret_hash(secret: str) -> bytes:
    """Secrets are high-entropy, so a fast hash is enough to keep them useless at rest."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).digest()


def same(a: str, b: str) -> bool:
    return secrets.compare_digest(
        a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass")
    )
