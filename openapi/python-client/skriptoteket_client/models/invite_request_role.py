from enum import StrEnum


class InviteRequestRole(StrEnum):
    ADMIN = "admin"
    CONTRIBUTOR = "contributor"
    SUPERUSER = "superuser"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
