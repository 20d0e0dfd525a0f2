"""RFC 9457 problem+json: the one mapping from errors to HTTP responses."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPI, OpenAPIResponse
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from skriptoteket.domain.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    RequestTimeout,
    Unauthenticated,
    Unavailable,
    UnsupportedMediaType,
)

from .correlation import correlation_id_for

log = logging.getLogger("skriptoteket.web")

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemFieldError(msgspec.Struct, kw_only=True, omit_defaults=True):
    field: str
    code: str
    message: str
    line: int | None = None  # with column: where in a source file (syntax errors)
    column: int | None = None


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An error response (RFC 9457) with a stable machine `code`."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    correlation_id: str
    errors: list[ProblemFieldError] | None = None


_STATUS: dict[type[DomainError], int] = {
    NotFound: 404,
    Conflict: 409,
    Unauthenticated: 401,
    Forbidden: 403,
    InvalidInput: 422,
    PayloadTooLarge: 413,
    RateLimited: 429,
    Unavailable: 503,
    RequestTimeout: 408,
    UnsupportedMediaType: 415,
}

_TITLES = {
    400: "Bad request",
    401: "Unauthenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    408: "Request timeout",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Validation failed",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    503: "unavailable",
}


def status_for(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in _STATUS:
            return _STATUS[cls]
    return 400


def problem_response(
    request: Request[Any, Any, Any],
    *,
    status: int,
    code: str,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    body = Problem(
        type=f"https://skriptoteket.se/problems/{code.replace('_', '-')}",
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        code=code,
        correlation_id=correlation_id_for(request.scope),
        errors=[
            ProblemFieldError(
                field=e.field, code=e.code, message=e.message, line=e.line, column=e.column
            )
            for e in errors
        ]
        if errors is not None
        else None,
    )
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def handle_domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[Problem]:
    headers = None
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(exc.retry_after_s)}
        budget = getattr(exc, "budget", None)  # run creation's limits tell their window
        if budget is not None:
            headers.update(budget.headers())
    return problem_response(
        request,
        status=status_for(exc),
        code=exc.code,
        detail=exc.message,
        errors=exc.errors if isinstance(exc, InvalidInput) else None,
        headers=headers,
    )


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Problem]:
    status = exc.status_code
    if status >= 500:
        return handle_unexpected(request, exc)
    if isinstance(exc, ValidationException):
        return _validation_problem(request, exc)
    if status == 400 and _is_malformed_json(str(exc.detail)):
        return malformed_body(request)
    headers = {
        k: v for k, v in (exc.headers or {}).items() if k.lower() in ("allow", "retry-after")
    }
    return problem_response(
        request,
        status=status,
        code=_HTTP_CODES.get(status, "bad_request"),
        detail=_safe_detail(exc.detail, status),
        headers=headers or None,
    )


def _validation_problem(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[Problem]:
    """Litestar's decode/validation failures: malformed JSON is 400, wrong shapes are 422."""
    extra = exc.extra if isinstance(exc.extra, list) else []
    errors: list[FieldError] = []
    for item in extra:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", "Invalid value."))
        key = str(item.get("key") or "body")
        field = _field_from_message(message) or key
        errors.append(FieldError(field=field, code="invalid", message=_clean(message)))
    text = " ".join(e.message for e in errors) + " " + str(exc.detail)
    if _is_malformed_json(text):
        return malformed_body(request)
    if not errors:
        errors = [FieldError(field="body", code="invalid", message=_clean(str(exc.detail)))]
    return problem_response(
        request,
        status=422,
        code="validation_failed",
        detail="Some fields are invalid.",
        errors=errors,
    )


def _is_malformed_json(text: str) -> bool:
    return (
        "JSON is malformed" in text
        or "invalid utf-8" in text.lower()
        or "Input data was truncated" in text
        or "out of range" in text
    )


def malformed_body(
    request: Request[Any, Any, Any], exc: Exception | None = None
) -> Response[Problem]:
    """Also the handler of UnicodeDecodeError: msgspec raises it for a body that is not UTF-8,
    and Litestar lets it through undecorated."""
    return problem_response(
        request, status=400, code="malformed_body", detail="The request body is not valid JSON."
    )


def _field_from_message(message: str) -> str | None:
    # msgspec ends its messages with "- at `$.path`"
    marker = "- at `"
    if marker in message and message.endswith("`"):
        return message.rsplit(marker, 1)[1][:-1]
    return None


def _clean(message: str) -> str:
    return message.split(" - at `", 1)[0][:500]


def _safe_detail(detail: str, status: int) -> str:
    if status == 404:
        return "The requested resource does not exist."
    if status == 405:
        return "This method is not allowed here."
    return detail[:500] if detail else _TITLES.get(status, "Error")


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    log.exception("unhandled error", extra={"path": request.url.path})
    return problem_response(
        request,
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        code="internal_error",
        detail="Something went wrong on our side. Quote the correlation id if you report it.",
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: handle_domain_error,
    HTTPException: handle_http_exception,
    UnicodeDecodeError: malformed_body,
    Exception: handle_unexpected,
}


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """The documented error responses of a route, for OpenAPI and both clients.

    400 is always listed: any request can be malformed, and it replaces the response shape
    Litestar would otherwise document for its own validation errors (we answer problem+json).
    """
    statuses = tuple(sorted({400, *statuses}))
    return {
        s: ResponseSpec(
            data_container=Problem,
            description=_TITLES.get(s, "Error"),
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for s in statuses
    }


def complete_responses(openapi: OpenAPI) -> None:
    """Add to the built document what every operation's responses follow from.

    - Errors any input can cause: Litestar validates path and query parameters and bodies
      before a handler runs; a value that breaks the declared schema is our 422, and a body
      over the size limit is 413. Routes list their own errors with problems(); these two
      follow from the route's inputs, so they are added here for every operation with such
      inputs.
    - A 204 has no body (RFC 9110); Litestar documents a `Response[None]` as JSON null.
    """
    for path_item in (openapi.paths or {}).values():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(path_item, method, None)
            if operation is None or not operation.responses:
                continue
            no_content = operation.responses.get("204")
            if isinstance(no_content, OpenAPIResponse):
                no_content.content = None
            bad_request = operation.responses.get("400")
            if not isinstance(bad_request, OpenAPIResponse):
                continue  # not a problems() route (only /healthz, which takes no input)
            statuses = []
            if operation.parameters or operation.request_body:
                statuses.append(422)
            if operation.request_body:
                statuses.append(413)
            for status in statuses:
                operation.responses.setdefault(
                    str(status),
                    OpenAPIResponse(description=_TITLES[status], content=bad_request.content),
                )
            operation.responses = dict(sorted(operation.responses.items()))
