"""Every controller of /api/v1, in one list: a feature adds its controllers here."""

from __future__ import annotations

from litestar import Controller

from .controllers.audit import AuditController
from .controllers.auth import AuthController
from .controllers.limits import LimitsController
from .controllers.users import UsersController

API_CONTROLLERS: list[type[Controller]] = [
    AuthController,
    UsersController,
    AuditController,
    LimitsController,
]
