"""Background jobs: the enqueue side per container, and the handlers of the kinds (which kind
a worker runs with which handler is entrypoints/background_jobs.py's JOB_KINDS)."""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.mail import SendMail
from skriptoteket.infrastructure.db.background_jobs import SqlBackgroundJobs
from skriptoteket.infrastructure.mail.smtp import SmtpTransport, parse_smtp_url
from skriptoteket.infrastructure.settings import Settings, SettingsError
from skriptoteket.protocols.background_jobs import BackgroundJobs
from skriptoteket.protocols.mail import MailTransport

from .wiring import register_by_constructor


def register_background_jobs(registry: svcs.Registry, settings: Settings) -> None:
    async def jobs(c: svcs.Container) -> BackgroundJobs:
        return SqlBackgroundJobs(
            await c.aget(AsyncSession), max_attempts=settings.background_job_max_attempts
        )

    registry.register_factory(BackgroundJobs, jobs)
    try:
        server = parse_smtp_url(settings.smtp_url) if settings.smtp_url else None
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc
    registry.register_value(MailTransport, SmtpTransport(server, settings.mail_from))
    register_by_constructor(registry, SendMail)
