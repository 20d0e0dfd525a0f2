from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """The current time; swapped for a fixed or stepping clock in tests."""

    def now(self) -> datetime: ...
