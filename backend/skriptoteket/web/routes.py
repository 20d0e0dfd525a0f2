"""Every controller of /api/v1, in one list: a feature adds its controllers here."""

from __future__ import annotations

from litestar import Controller

from .controllers.auth import AuthController
from .controllers.run_cancel import RunCancelController

API_CONTROLLERS: list[type[Controller]] = [
    AuthController,
    RunCancelController,
]
