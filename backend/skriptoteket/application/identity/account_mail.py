"""The account e-mails, in the recipient's language (Swedish, or English): a reset link, an
invitation, a self-registration's confirmation. Plain text, the link on a line of its own."""

from __future__ import annotations

from skriptoteket.domain.users import Language
from skriptoteket.protocols.mail import MailMessage

_RESET = {
    "sv": (
        "Återställ ditt lösenord i Skriptoteket",
        "Hej {name}!\n\n"
        "Någon (förhoppningsvis du) bad om att få återställa lösenordet till ditt konto i "
        "Skriptoteket. Öppna länken inom en timme och välj ett nytt lösenord:\n\n"
        "{url}\n\n"
        "Länken fungerar en gång. När du har bytt lösenord loggas du ut överallt.\n"
        "Bad du inte om det här kan du bortse från brevet; ditt lösenord är oförändrat.\n",
    ),
    "en": (
        "Reset your Skriptoteket password",
        "Hello {name},\n\n"
        "Someone (hopefully you) asked to reset the password of your Skriptoteket account. "
        "Open the link within an hour and choose a new password:\n\n"
        "{url}\n\n"
        "The link works once. Changing the password signs you out everywhere.\n"
        "If you did not ask for this, ignore this mail; your password is unchanged.\n",
    ),
}

_INVITATION = {
    "sv": (
        "Du är inbjuden till Skriptoteket",
        "Hej!\n\n"
        "{inviter} har bjudit in dig till Skriptoteket. Öppna länken inom {days} dagar, "
        "skriv ditt namn och välj ett lösenord:\n\n"
        "{url}\n",
    ),
    "en": (
        "You are invited to Skriptoteket",
        "Hello,\n\n"
        "{inviter} has invited you to Skriptoteket. Open the link within {days} days, enter "
        "your name and choose a password:\n\n"
        "{url}\n",
    ),
}

_SIGNUP = {
    "sv": (
        "Bekräfta din e-postadress för Skriptoteket",
        "Hej!\n\n"
        "Någon (förhoppningsvis du) vill skapa ett konto i Skriptoteket med den här adressen. "
        "Öppna länken inom {days} dagar, skriv ditt namn och välj ett lösenord:\n\n"
        "{url}\n\n"
        "Bad du inte om det här kan du bortse från brevet.\n",
    ),
    "en": (
        "Confirm your e-mail address for Skriptoteket",
        "Hello,\n\n"
        "Someone (hopefully you) wants to create a Skriptoteket account with this address. "
        "Open the link within {days} days, enter your name and choose a password:\n\n"
        "{url}\n\n"
        "If you did not ask for this, ignore this mail.\n",
    ),
}


def reset_mail(to: str, language: Language, name: str, url: str) -> MailMessage:
    subject, text = _RESET[language]
    return MailMessage(to=to, subject=subject, text=text.format(name=name, url=url))


def invitation_mail(
    to: str, language: Language, inviter: str | None, url: str, days: int
) -> MailMessage:
    subject, text = (_INVITATION if inviter else _SIGNUP)[language]
    return MailMessage(
        to=to, subject=subject, text=text.format(inviter=inviter, url=url, days=days)
    )
