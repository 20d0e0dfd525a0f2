from enum import StrEnum


class ListRunsScope(StrEnum):
    ALL = "all"
    MINE = "mine"

    def __str__(self) -> str:
        return str(self.value)
