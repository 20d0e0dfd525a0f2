"""Mail over SMTP with the standard library (smtplib in a thread): SKRIPTOTEKET_SMTP_URL is
`smtp://host:port` (plain: a relay on the same host or network), `smtp+starttls://host:587`
or `smtps://host:465`, with an optional `user:password@` (percent-encoded)."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

from skriptoteket.protocols.background_jobs import PermanentJobFailure
from skriptoteket.protocols.mail import MailMessage

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


@dataclass(frozen=True, slots=True)
class SmtpServer:
    scheme: str
    host: str
    port: int
    user: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpServer:
    """ValueError (naming what is wrong, never the password) for a URL we cannot use."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError(
            f"SKRIPTOTEKET_SMTP_URL must start with smtp://, smtp+starttls:// or smtps:// "
            f"(not {parts.scheme or 'nothing'})"
        )
    if not parts.hostname:
        raise ValueError("SKRIPTOTEKET_SMTP_URL names no host")
    return SmtpServer(
        scheme=parts.scheme,
        host=parts.hostname,
        port=parts.port or DEFAULT_PORTS[parts.scheme],
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


class SmtpTransport:
    def __init__(self, server: SmtpServer | None, mail_from: str, *, timeout_s: float = 30) -> None:
        self._server = server
        self._from = mail_from
        self._timeout_s = timeout_s

    async def send(self, message: MailMessage) -> None:
        if self._server is None or not self._from:
            raise PermanentJobFailure(
                "no mail is sent: set SKRIPTOTEKET_SMTP_URL and SKRIPTOTEKET_MAIL_FROM"
            )
        mail = EmailMessage()
        mail["From"] = self._from
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid(domain=self._from.rpartition("@")[2] or None)
        mail.set_content(message.text)
        await asyncio.to_thread(self._send, self._server, mail)

    def _send(self, server: SmtpServer, mail: EmailMessage) -> None:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if server.scheme == "smtps":
            smtp = smtplib.SMTP_SSL(
                server.host, server.port, timeout=self._timeout_s, context=context
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=self._timeout_s)
        try:
            with smtp:
                if server.scheme == "smtp+starttls":
                    smtp.starttls(context=context)
                if server.user is not None:
                    smtp.login(server.user, server.password or "")
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(code >= 500 for code in codes):
                raise PermanentJobFailure(
                    f"the mail server refused the recipient: {codes}"
                ) from exc
            raise
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code >= 500 and not isinstance(exc, smtplib.SMTPAuthenticationError):
                raise PermanentJobFailure(
                    f"the mail server refused the mail: {exc.smtp_code}"
                ) from exc
            raise
