"""Log lines a person can grep: UTC time, stage, source, outcome. Shared by the command line
and the scheduler."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TextIO


def say(line: str, file: TextIO | None = None) -> None:
    """A log line a person can grep: UTC time, stage, source, outcome."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"{stamp} {line}", file=file or sys.stdout, flush=True)
