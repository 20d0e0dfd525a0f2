"""Personal data never reaches the application logs.

Code must not log form values, upload names, file contents, tool output or tool logs in the
first place (the canary test runs every script-bank tool with marked inputs and proves that
nothing of theirs arrives). This filter, on the one log handler, is the net under
that rule for what can still slip in through a library or an exception message:
- fields passed in `extra` under a name that carries personal data are replaced;
- e-mail addresses, Swedish personal identity numbers, access tokens, session cookies and
  query strings are masked in the message, in every string field and in exception text.
"""

from __future__ import annotations

import logging
import re
from typing import Any

REDACTED = "[borttaget]"

# `extra` names whose values are personal data whatever they hold.
PERSONAL_FIELDS = frozenset(
    {
        "email",
        "display_name",
        "password",
        "inputs",
        "input",
        "values",
        "settings",
        "state",
        "payload",
        "request",
        "result",
        "outputs",
        "logs",
        "stdout",
        "stderr",
        "filename",
        "file_name",
        "files",
        "content",
        "body",
        "cookie",
        "cookies",
        "token",
        "csrf_token",
        "authorization",
        "details",
    }
)

MASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    # e-mail addresses
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE), "[e-post]"),
    # personnummer / samordningsnummer: (YY)YYMMDD, optional - or +, four digits
    (re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+]?\d{4}(?!\d)"), "[personnummer]"),
    # personal access tokens and bearer credentials
    (re.compile(r"\bskt_[A-Za-z0-9_-]+"), "[token]"),
    (re.compile(r"(?i)\bbearer\s+\S+"), "Bearer [token]"),
    # session cookies and CSRF tokens in a header dump
    (
        re.compile(r"(?i)(skriptoteket_session|x-csrf-token)([\"']?\s*[=:]\s*[\"']?)[^\s;,\"']+"),
        r"\1\2[borttaget]",
    ),
    # query strings (search text, e-mail filters) of logged URLs
    (re.compile(r"(/[\w./%-]*)\?[^\s\"']*"), r"\1?[borttaget]"),
)


def mask(text: str) -> str:
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {
            k: REDACTED if str(k).lower() in PERSONAL_FIELDS else _clean(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


class PersonalDataFilter(logging.Filter):
    """Rewrites each record in place (installed on the handler, so it sees every logger)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD or key.startswith("_"):
                continue
            record.__dict__[key] = REDACTED if key.lower() in PERSONAL_FIELDS else _clean(value)
        if record.exc_info and record.exc_info[1] is not None:
            # Format now, mask, and keep only the text (the traceback is the useful part).
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
