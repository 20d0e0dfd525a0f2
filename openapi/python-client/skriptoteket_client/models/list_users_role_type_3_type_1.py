from enum import StrEnum


class ListUsersRoleType3Type1(StrEnum):
    ADMIN = "admin"
    CONTRIBUTOR = "contributor"
    SUPERUSER = "superuser"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
