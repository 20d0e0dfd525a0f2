"""What the web layer reads of the settings. The web layer does not import infrastructure (an
import-linter contract in pyproject.toml), so it names the settings it needs here; bootstrap
registers the one Settings object (infrastructure/settings.py) under this type as well, and
mypy checks there that it fits. A route that needs another setting adds it below."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class WebSettings(Protocol):
    @property
    def secure_cookies(self) -> bool: ...

    @property
    def max_json_body_bytes(self) -> int: ...

    @property
    def trusted_proxies(self) -> str: ...

    @property
    def session_cookie(self) -> str: ...

    @property
    def session_absolute_timeout_s(self) -> int: ...

    @property
    def spa_dir(self) -> Path: ...

    @property
    def upload_idle_ms(self) -> int: ...

    @property
    def upload_total_ms(self) -> int: ...

    @property
    def public_url(self) -> str: ...

    @property
    def device_cookie(self) -> str: ...

    @property
    def save_rate_per_minute(self) -> int: ...

    @property
    def sandbox_run_rate_per_minute(self) -> int: ...

    @property
    def sse_max_streams_per_user(self) -> int: ...

    @property
    def sse_max_streams(self) -> int: ...
