"""Request and response shapes of export, erasure and the retention settings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from skriptoteket.domain.privacy import ErasureRequest, RetentionSettings

from .base import ApiStruct


class EraseUserRequest(ApiStruct):
    confirm: Annotated[
        str,
        msgspec.Meta(
            max_length=200,
            description="The user's display name, typed by the admin to confirm",
        ),
    ]


class ErasureResponse(ApiStruct):
    user_id: UUID
    removed: dict[str, int]  # what went, counted (rows, files)


class ErasureRequestResponse(ApiStruct):
    user_id: UUID
    display_name: str
    email: str
    requested_at: datetime

    @classmethod
    def from_domain(cls, r: ErasureRequest) -> ErasureRequestResponse:
        return cls(
            user_id=r.user_id,
            display_name=r.display_name,
            email=r.email,
            requested_at=r.requested_at,
        )


class MyErasureRequestResponse(ApiStruct):
    requested_at: datetime


class RetentionResponse(ApiStruct):
    """How long personal data is kept (hours and days as configured on this server)."""

    run_content_days: int
    artifact_days: int
    tool_session_hours: int
    sign_in_idle_hours: float
    sign_in_absolute_hours: float
    finished_jobs_hours: float
    pass_interval_minutes: float

    @classmethod
    def from_domain(cls, r: RetentionSettings) -> RetentionResponse:
        return cls(**{f: getattr(r, f) for f in cls.__struct_fields__})
