from enum import StrEnum


class UpdateProfileRequestLanguageType0(StrEnum):
    EN = "en"
    SV = "sv"

    def __str__(self) -> str:
        return str(self.value)
