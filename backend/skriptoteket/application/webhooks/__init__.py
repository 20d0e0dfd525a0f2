"""Webhooks: registration, the delivery log, the fan-out of events and the delivery job."""
