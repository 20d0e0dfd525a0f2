"""A person's data as a whole: erasing it, and the rules for who may."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from .errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from .users import Principal, Role, may_assign

# What tools they authored and versions they reviewed show for an erased user.
ERASED_NAME = "Borttagen användare"


@dataclass(frozen=True, slots=True)
class ErasureSubject:
    """The user about to be erased, as the rules need them (locked until commit)."""

    id: UUID
    email: str
    display_name: str
    role: Role
    erased_at: datetime | None
    other_superusers: int  # active, not erased


@dataclass(frozen=True, slots=True)
class Erased:
    """What an erasure removed (counts only: the audit event holds no personal data), and the
    stored files to delete once the rows are committed."""

    counts: dict[str, int]
    store_keys: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ErasureRequest:
    user_id: UUID
    display_name: str
    email: str
    requested_at: datetime


def check_erasure(actor: Principal, subject: ErasureSubject | None, confirm: str) -> ErasureSubject:
    """May `actor` erase `subject`? The confirmation is the subject's name, typed."""
    if subject is None:
        raise NotFound("Användaren finns inte.")
    if subject.role is Role.SUPERUSER and subject.other_superusers == 0:
        raise Conflict(
            "Det är den sista superanvändaren; utse en till innan du raderar den här.",
            code="last_superuser",
        )
    if subject.id == actor.id:
        raise Conflict(
            "Du kan inte radera dig själv; be en annan administratör.", code="erase_self"
        )
    if subject.erased_at is not None:
        raise Conflict("Användaren är redan raderad.", code="already_erased")
    if not may_assign(actor.role, subject.role):
        raise Forbidden(f"Bara en superanvändare kan radera en {subject.role.value}.")
    if confirm.strip() != subject.display_name.strip():
        message = "Skriv användarens namn exakt för att bekräfta raderingen."
        raise InvalidInput([FieldError("confirm", "confirm_mismatch", message)], message)
    return subject


@dataclass(frozen=True, slots=True)
class RetentionSettings:
    """How long each kind of personal data is kept here (the admin page lists them; each tool
    page states the run content's)."""

    run_content_days: int  # inputs, results, logs, error messages, files of a run; 0 = once read
    artifact_days: int  # files a tool made (at most run_content_days)
    tool_session_hours: int  # a tool session, its state and uploads, after its last use
    sign_in_idle_hours: float
    sign_in_absolute_hours: float
    finished_jobs_hours: float  # the queue's bookkeeping row of a finished run
    pass_interval_minutes: float  # how often retention runs (deletion happens at a pass)
