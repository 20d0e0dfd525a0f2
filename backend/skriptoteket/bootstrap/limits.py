"""The limits table of the tool contract, as configured by the settings."""

from __future__ import annotations

import svcs

from skriptoteket.contract.limits import Limits
from skriptoteket.infrastructure.settings import Settings


def register_limits(registry: svcs.Registry, settings: Settings) -> None:
    registry.register_value(Limits, settings.limits)
