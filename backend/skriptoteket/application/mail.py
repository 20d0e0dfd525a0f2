"""Mail goes out as a background job of kind `mail.send`: queued in the unit of work of the
change that causes it (a reset asked for, an invitation made), sent by a worker, retried with
backoff while the mail server is away. The request never waits for the mail server."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skriptoteket.protocols.background_jobs import BackgroundJobs, PermanentJobFailure
from skriptoteket.protocols.mail import MailMessage, MailTransport

MAIL_KIND = "mail.send"


async def queue_mail(jobs: BackgroundJobs, message: MailMessage) -> int:
    return await jobs.enqueue(
        MAIL_KIND, {"to": message.to, "subject": message.subject, "text": message.text}
    )


class SendMail:
    """The handler of `mail.send`."""

    def __init__(self, transport: MailTransport) -> None:
        self._transport = transport

    async def __call__(self, payload: Mapping[str, Any]) -> None:
        try:
            message = MailMessage(
                to=str(payload["to"]), subject=str(payload["subject"]), text=str(payload["text"])
            )
        except KeyError as exc:
            raise PermanentJobFailure(f"the mail job has no {exc}") from exc
        await self._transport.send(message)
