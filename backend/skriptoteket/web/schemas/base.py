"""The base of every request and response struct of the API."""

from __future__ import annotations

import msgspec


class ApiStruct(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """snake_case fields; unknown fields in a request are an error, not silently dropped."""
