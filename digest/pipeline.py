"""The one place where the stages meet: collect → store → cluster → render → archive.

Each stage commits on its own, so a run that stops part-way leaves every finished stage in
place and the next run picks up from there. Re-running is always safe.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from digest.cluster.stories import assign
from digest.collect.seeds import load_seeds
from digest.config import Config
from digest.deliver.archive import ArchiveResult, write_archive
from digest.errors import SeedFormatError
from digest.render.issues import Issue, build_issues, build_stories
from digest.store import db


@dataclass(frozen=True)
class SourceOutcome:
    source: str
    status: str  # new | unchanged | updated | duplicate | failed
    detail: str = ""


@dataclass(frozen=True)
class CollectReport:
    outcomes: tuple[SourceOutcome, ...]

    @property
    def failed(self) -> tuple[SourceOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "failed")

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def collect(config: Config, conn: sqlite3.Connection) -> CollectReport:
    """Read the seed folder and store what is new. A broken file is reported, not fatal."""
    outcomes: list[SourceOutcome] = []
    try:
        loaded = load_seeds(config.seeds_dir)
    except SeedFormatError as exc:
        return CollectReport((SourceOutcome(exc.source, "failed", exc.problem),))
    outcomes += [SourceOutcome(e.source, "failed", e.problem) for e in loaded.errors]
    result = db.add_articles(conn, loaded.articles)
    outcomes += [SourceOutcome(s, "new") for s in result.new]
    outcomes += [SourceOutcome(s, "unchanged") for s in result.unchanged]
    outcomes += [SourceOutcome(s, "updated") for s in result.updated]
    outcomes += [SourceOutcome(s, "duplicate", f"same text as {t}") for s, t in result.duplicates]
    return CollectReport(tuple(sorted(outcomes, key=lambda o: o.source)))


def cluster(config: Config, conn: sqlite3.Connection) -> int:
    """Assign every article not yet in a story; return how many were assigned."""
    pending = db.unclustered(conn)
    if not pending:
        return 0
    by_id = {s.id: s for s in db.articles(conn)}
    existing = [(by_id[m.article_id], m.story_id) for m in db.memberships(conn)]
    return db.save_memberships(conn, assign(pending, existing, config.cluster))


def issues(conn: sqlite3.Connection) -> list[Issue]:
    return build_issues(build_stories(db.articles(conn), db.memberships(conn)))


def render(
    config: Config, conn: sqlite3.Connection, date: str | None = None
) -> tuple[list[Issue], ArchiveResult]:
    """Write the archive: every issue, or the issue of `date` with its neighbours and the index."""
    all_issues = issues(conn)
    dates = None if date is None else [date]
    return all_issues, write_archive(config.archive_dir, all_issues, config.site_title, dates)
