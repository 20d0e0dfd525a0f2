from enum import StrEnum


class VersionSummaryResponseState(StrEnum):
    ARCHIVED = "archived"
    CHANGES_REQUESTED = "changes_requested"
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"

    def __str__(self) -> str:
        return str(self.value)
