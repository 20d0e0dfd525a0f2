from enum import StrEnum


class TokenResponseScopesItem(StrEnum):
    ADMIN = "admin"
    AUTHORINGWRITE = "authoring:write"
    CATALOGREAD = "catalog:read"
    RUNSREAD = "runs:read"
    RUNSWRITE = "runs:write"

    def __str__(self) -> str:
        return str(self.value)
