"""One run at a time: an exclusive lock on a file beside the database.

The lock is `flock`: the kernel releases it when the process that holds it ends, however it
ends (SIGKILL included), so a stale lock is never left behind. The file keeps the holder's PID
and start time, for the message a second run prints.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

from digest.errors import Busy, PathError, make_folder


@contextmanager
def hold(path: Path) -> Iterator[None]:
    """Hold the lock at `path` for the duration, or raise `Busy` at once."""
    make_folder(path.parent, "database")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PathError(f"{path}: cannot create the run lock ({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = Path(path).read_text(encoding="utf-8", errors="replace").strip()
            raise Busy(
                f"another digest run holds {path} ({holder or 'unknown process'}); it ends on"
                " its own, or stop it; a killed run leaves no lock behind"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} since {datetime.now(UTC).isoformat()}".encode())
        yield
    finally:
        os.close(fd)  # closing releases the lock


def of_store(database: Path, shared: bool) -> AbstractContextManager[None]:
    """The run lock beside the SQLite store at `database`; none for a shared (PostgreSQL)
    store, where the database itself keeps runs apart (`store.claims`)."""
    return nullcontext() if shared else hold(database.with_suffix(".lock"))
