"""JSON structured logs, each line carrying the request's correlation id."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from skriptoteket.application.correlation import correlation_id

from .log_filter import PersonalDataFilter

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": correlation_id.get(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        cid = correlation_id.get()
        base = super().format(record)
        return f"{base} [cid={cid}]" if cid else base


def configure_logging(level: str = "INFO", *, as_json: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(
        JsonFormatter()
        if as_json
        else PlainFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # The servers' own loggers (granian's for `serve`, uvicorn's in tests) go through ours,
    # so their lines are JSON too.
    for name in (
        "_granian",
        "granian",
        "granian.access",
        "uvicorn",
        "uvicorn.error",
        "uvicorn.access",
    ):
        lg = logging.getLogger(name)
        lg.handlers[:] = []
        lg.propagate = True
