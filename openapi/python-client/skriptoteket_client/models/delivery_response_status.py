from enum import StrEnum


class DeliveryResponseStatus(StrEnum):
    DELIVERED = "delivered"
    FAILING = "failing"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
