from enum import StrEnum


class CreateWebhookRequestEventsItem(StrEnum):
    RUN_FAILED = "run.failed"
    RUN_FINISHED = "run.finished"
    VERSION_PUBLISHED = "version.published"
    VERSION_SUBMITTED = "version.submitted"

    def __str__(self) -> str:
        return str(self.value)
