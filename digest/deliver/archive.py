"""The archive folder: `index.html`, `index.json`, and `<date>/{index.html,digest.md,digest.json}`.

Every file is written to a temporary file beside it and renamed into place, so a crash never
leaves a half-written page and rebuilding is idempotent.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from digest.errors import ArchiveError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> bool:
    """Write `text` to `path` via a temporary file and a rename. False if it was unchanged.
    The file gets the mode an ordinary new file gets under the umask (0644 under 022), not
    the temporary file's 0600, so a web server can serve the archive."""
    data = text.encode("utf-8")
    try:
        if path.exists() and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ArchiveError(
            f"{path}: cannot write ({exc.strerror or exc}); the previous version is intact"
        ) from None
    return True


@dataclass(frozen=True)
class ArchiveResult:
    folder: Path
    written: tuple[Path, ...]
    unchanged: int

    @property
    def index(self) -> Path:
        return self.folder / "index.html"


# Files older versions wrote that no longer belong in an archive a web server may serve (the
# render state in full, keywords and failing feeds' addresses among it)
RETIRED = (".digest-state.json",)


def sweep(folder: Path) -> int:
    """Remove temporary files a killed run left behind (only one run writes at a time), and
    the `RETIRED` files."""
    removed = 0
    for name in RETIRED:
        if (folder / name).is_file():
            (folder / name).unlink(missing_ok=True)
            removed += 1
    if folder.is_dir():
        for leftover in folder.rglob(".*.tmp"):
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed


def read_text(path: Path) -> str | None:
    """A small file the archive keeps for itself, or None if it is missing or unreadable."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_files(folder: Path, files: Iterable[tuple[str, str]]) -> ArchiveResult:
    """Write rendered files (path relative to `folder`, text) in the order given, each
    atomically, as they come (a generator's pages are never all held at once); a caller puts
    the index last, so it never points at a page not yet written."""
    sweep(folder)
    written: list[Path] = []
    unchanged = 0
    for rel, text in files:
        if write_atomic(folder / rel, text):
            written.append(folder / rel)
        else:
            unchanged += 1
    return ArchiveResult(folder, tuple(written), unchanged)
