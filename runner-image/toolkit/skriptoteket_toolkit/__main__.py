"""`python3 -m skriptoteket_toolkit run path/to/tool ...`: the offline runner."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .offline import command


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m skriptoteket_toolkit",
        description="Run a Skriptoteket tool offline: no server, no container.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a tool once and print its result")
    run.add_argument("tool", help="the tool's directory (tool.toml and main.py)")
    run.add_argument("--inputs", help="a JSON file with the form's values")
    run.add_argument("--file", action="append", metavar="FIELD=PATH", help="an upload, repeatable")
    run.add_argument("--settings", help="a JSON file with the user's settings")
    run.add_argument("--state", help="a JSON file with the session state")
    run.add_argument("--action", help="the id of the action to take")
    run.add_argument("--action-input", help="a JSON file with the action's form values")
    run.add_argument("--work-dir", help="stage here instead of a new temporary directory")
    args = parser.parse_args(argv)
    return command(args)


if __name__ == "__main__":
    sys.exit(main())
