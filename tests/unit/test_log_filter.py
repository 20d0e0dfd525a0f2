"""The log filter masks personal data that slipped into a log record."""

from __future__ import annotations

import io
import json
import logging

from skriptoteket.infrastructure.log_filter import PersonalDataFilter
from skriptoteket.infrastructure.logs import JsonFormatter


def logged(emit: object) -> str:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("test.log_filter")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    assert callable(emit)
    emit(logger)
    return out.getvalue()


def test_known_fields_are_dropped_and_patterns_masked_everywhere() -> None:
    def emit(logger: logging.Logger) -> None:
        logger.debug(
            "login for %s with pnr 20100101-1234 via /api/v1/users?q=anna",
            "anna.svensson@skola.se",
            extra={
                "email": "anna.svensson@skola.se",
                "inputs": {"namn": "Anna"},
                "run_id": "r1",
                "headers": {"Authorization": "Bearer skt_abcdef", "x": "skt_zzz"},
            },
        )

    line = logged(emit)
    entry = json.loads(line)
    assert "anna" not in line.lower() and "20100101" not in line and "skt_" not in line
    assert entry["message"] == (
        "login for [e-post] with pnr [personnummer] via /api/v1/users?[borttaget]"
    )
    assert entry["email"] == "[borttaget]" and entry["inputs"] == "[borttaget]"
    assert entry["headers"] == {"Authorization": "[borttaget]", "x": "[token]"}
    assert entry["run_id"] == "r1"  # what is not personal stays readable


def test_exception_text_is_masked_but_the_traceback_stays() -> None:
    def emit(logger: logging.Logger) -> None:
        try:
            raise ValueError("Key (email)=(elev@skola.se) already exists; 0701234567")
        except ValueError:
            logger.exception("could not save")

    entry = json.loads(logged(emit))
    assert "elev@skola.se" not in entry["exception"]
    assert "[e-post]" in entry["exception"] and "Traceback" in entry["exception"]
