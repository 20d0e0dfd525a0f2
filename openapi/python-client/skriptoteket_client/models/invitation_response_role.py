from enum import StrEnum


class InvitationResponseRole(StrEnum):
    ADMIN = "admin"
    CONTRIBUTOR = "contributor"
    SUPERUSER = "superuser"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
