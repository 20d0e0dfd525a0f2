"""The port mail goes out through (SMTP in production: infrastructure/mail/smtp.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class MailMessage:
    to: str
    subject: str
    text: str  # plain text, UTF-8


class MailTransport(Protocol):
    async def send(self, message: MailMessage) -> None:
        """Hand the message to the mail server. A refusal that a retry cannot change (a 5xx
        answer, no server configured) raises PermanentJobFailure; anything else is worth
        another try later."""
        ...
