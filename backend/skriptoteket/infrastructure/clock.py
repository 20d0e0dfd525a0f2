"""The real clock (the Clock port). Its own module so the worker can use it without
importing the SQLAlchemy-based composition root."""

from __future__ import annotations

from datetime import datetime

from skriptoteket.domain.clock import utcnow


class SystemClock:
    def now(self) -> datetime:
        return utcnow()
