"""Each stored article's meaning vector (`text.meaning`), made once, after collection: the
headline and lead of every article that has none by today's encoder, oldest first, in batches
committed one by one. A store made before vectors existed gains them on its next run; a run
stopped by `run.max_minutes` keeps the batches it finished and the next run goes on from there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from digest.store import vectors
from digest.store.backend import Connection
from digest.text.meaning import ENCODER, encode, pack, span

ROWS = 128  # articles read, encoded and committed together


@dataclass(frozen=True)
class MeaningReport:
    made: int  # vectors made this run
    left: int  # articles still without one (the run's time ran out), made by the next run
    problem: str = ""  # why no vector could be made (the encoder would not load), if so


def make_vectors(
    conn: Connection,
    deadline: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MeaningReport:
    """Vectors for the stored articles that lack one, until done or `deadline` (monotonic)."""
    total = vectors.count_missing(conn, ENCODER)
    made = 0
    while made < total and (deadline is None or time.monotonic() < deadline):
        batch = vectors.missing(conn, ENCODER, ROWS)
        if not batch:
            break
        try:
            found = encode([span(s.article.title, s.article.body) for s in batch])
        except (ImportError, OSError, ValueError, MemoryError) as exc:
            why = f"the meaning encoder {ENCODER} could not run: {exc}"
            return MeaningReport(made, total - made, why)
        vectors.save(conn, ENCODER, [(s.id, pack(v)) for s, v in zip(batch, found, strict=True)])
        made += len(batch)
        if progress is not None:
            progress(made, total)
    return MeaningReport(made, vectors.count_missing(conn, ENCODER))
