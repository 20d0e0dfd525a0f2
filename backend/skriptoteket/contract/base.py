"""The base of the contract's plain (untagged) structs."""

from __future__ import annotations

import msgspec


class ContractStruct(
    msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True
):
    """Keyword-only, immutable; unknown fields are an error (a typo should not pass silently)."""
