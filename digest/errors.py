"""The error tree. Every error a user can meet names its source and says what to do next.

DigestError
├── ConfigError          config.yaml missing, unreadable, or a key with a bad value
├── SourceError          one input source is unusable (the run goes on without it)
│   └── SeedFormatError  a seed file that breaks the ` date YYYY-MM-DD` format
├── StoreError           the SQLite database cannot be opened, migrated or written
├── ArchiveError         the archive folder cannot be written
├── PathError            a folder or file digest needs cannot be created, read or written
├── ModelError           a translation model package is unusable or cannot be installed
└── Busy                 another digest process holds the run lock
"""

from __future__ import annotations

from pathlib import Path

# Exit codes of the `digest` command, beside the errors that lead to them.
OK = 0  # everything worked
PARTIAL = 1  # something failed (a source, a delivery); the rest was done
CONFIG_ERROR = 2  # a setting or an input is unusable: fix it and run again
FATAL = 3  # the database or the archive cannot be used
BUSY = 4  # another digest run holds the lock


class DigestError(Exception):
    """Base of every error digest raises on purpose."""


class ConfigError(DigestError):
    """The configuration is unusable; the message names the file and key."""


class SourceError(DigestError):
    """One source (a seed file, a feed) is unusable. Other sources are unaffected."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class SeedFormatError(SourceError):
    """A seed file breaks the format: first line ` date YYYY-MM-DD`, then the article text."""


class StoreError(DigestError):
    """The database cannot be opened, migrated or written."""


class ArchiveError(DigestError):
    """The archive folder cannot be written."""


class Busy(DigestError):
    """Another digest process holds the lock."""


class ModelError(DigestError):
    """A model package is unusable, or cannot be installed; the message says what to do."""


class PathError(DigestError):
    """A path digest needs (the lock beside the database, the models folder) cannot be
    created, read or written; the message names the path and the problem."""


def make_folder(path: Path, what: str) -> None:
    """`path` created as a folder (with its parents), or a `PathError` naming it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PathError(
            f"{path}: cannot create the {what} folder ({exc.strerror or exc}); check the path"
            " in config.yaml"
        ) from None
