from enum import StrEnum


class RunResponseMode(StrEnum):
    ACTION = "action"
    INITIAL = "initial"

    def __str__(self) -> str:
        return str(self.value)
