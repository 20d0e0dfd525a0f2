"""The error tree of the domain.

Every error carries a stable machine `code` and a human message. They are raised deep
(domain, handlers, repositories) and mapped to HTTP once, at the web edge.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field of a submission; `field` is a name or a JSON path.

    `line` and `column` point into a text field (a syntax error in a source file).
    """

    field: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None


class DomainError(Exception):
    """Something the caller asked for cannot be done."""

    code = "domain_error"
    default_message = "The request could not be completed."

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        self.message = message or self.default_message
        if code is not None:
            self.code = code
        super().__init__(self.message)


class NotFound(DomainError):
    code = "not_found"
    default_message = "The requested resource does not exist."


class Conflict(DomainError):
    code = "conflict"
    default_message = "The request conflicts with the current state."


class Unauthenticated(DomainError):
    code = "unauthenticated"
    default_message = "Sign in to continue."


class Forbidden(DomainError):
    code = "forbidden"
    default_message = "You are not allowed to do this."


class InvalidInput(DomainError):
    code = "validation_failed"
    default_message = "Some fields are invalid."

    def __init__(
        self,
        errors: list[FieldError],
        message: str | None = None,
        *,
        code: str | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.errors = errors


class PayloadTooLarge(DomainError):
    code = "payload_too_large"
    default_message = "The request is larger than allowed."


class RateLimited(DomainError):
    code = "rate_limited"
    default_message = "Too many attempts. Try again later."

    def __init__(self, retry_after_s: int, message: str | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = max(1, retry_after_s)


class Unavailable(DomainError):
    code = "unavailable"
    default_message = "A service the request needs is not available right now."


class RequestTimeout(DomainError):
    """The client took too long to send its request (a slow upload)."""

    code = "request_timeout"


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"
