"""The archive folder: `index.html`, `index.json`, and `<date>/{index.html,digest.md,digest.json}`.

Every file is written to a temporary file beside it and renamed into place, so a crash never
leaves a half-written page and rebuilding is idempotent.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest.errors import ArchiveError
from digest.render import pages
from digest.render.contract import index_json, issue_json
from digest.render.issues import Issue
from digest.render.pages import PageContext


def write_atomic(path: Path, text: str) -> bool:
    """Write `text` to `path` via a temporary file and a rename. False if it was unchanged."""
    data = text.encode("utf-8")
    try:
        if path.exists() and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
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


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class ArchiveResult:
    folder: Path
    written: tuple[Path, ...]
    unchanged: int

    @property
    def index(self) -> Path:
        return self.folder / "index.html"


def sweep(folder: Path) -> int:
    """Remove temporary files a killed run left behind (only one run writes at a time)."""
    removed = 0
    if folder.is_dir():
        for leftover in folder.rglob(".*.tmp"):
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed


def dates_to_write(issues: list[Issue], dates: Collection[str] | None) -> set[str]:
    """All issue dates, or those in `dates` and their neighbours (whose links change)."""
    wanted = set(dates) if dates is not None else {i.date for i in issues}
    for issue in issues:
        if issue.date in wanted:
            wanted |= {d for d in (issue.previous, issue.next) if d}
    return wanted


def write_archive(
    folder: Path,
    issues: list[Issue],
    ctx: PageContext,
    dates: Collection[str] | None = None,
) -> ArchiveResult:
    """Write the issues (all, or those in `dates` and their neighbours), then the index and the
    feed: the index last, so it never points at an issue not yet written."""
    sweep(folder)
    wanted = dates_to_write(issues, dates)
    files: list[tuple[Path, str]] = []
    for issue in issues:
        if issue.date not in wanted:
            continue
        day = folder / issue.date
        files += [
            (day / "index.html", pages.issue_html(issue, ctx)),
            (day / "digest.md", pages.issue_markdown(issue, ctx)),
            (day / "digest.txt", pages.issue_text(issue, ctx)),
            (day / "digest.json", _json(issue_json(issue, ctx.info, ctx.entities))),
        ]
    files += [
        (folder / "feed.xml", pages.feed_xml(issues, ctx)),
        (folder / "index.json", _json(index_json(issues, ctx.site_title))),
        (folder / "index.html", pages.index_html(issues, ctx)),
    ]
    written = [path for path, text in files if write_atomic(path, text)]
    return ArchiveResult(folder, tuple(written), len(files) - len(written))
