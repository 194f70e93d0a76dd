"""Log lines a person can grep: UTC time, stage, source, outcome. Shared by the command line
and the scheduler."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from typing import TextIO


def say(line: str, file: TextIO | None = None) -> None:
    """A log line a person can grep: UTC time, stage, source, outcome."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        print(f"{stamp} {line}", file=file or sys.stdout, flush=True)
    except BrokenPipeError:  # read by `head`, which has gone: the run goes on, unheard
        reader_gone(file or sys.stdout)


def reader_gone(stream: TextIO) -> None:
    """Whoever read `stream` has closed the pipe (`digest … | head -1`): what is still to be
    written there goes nowhere, without a traceback when Python flushes it at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError):  # a stream without a file (a test's capture)
        pass
