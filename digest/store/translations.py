"""The translation cache's table: each text translated once per engine, kept for every rebuild."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from digest.errors import StoreError
from digest.models import Translation
from digest.store.backend import DB_ERRORS, Connection, chunks, marks


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached(conn: Connection, engine: str, texts: Sequence[str]) -> dict[str, Translation]:
    """The stored translations by `engine` of those of `texts` it has translated before."""
    by_hash = {_hash(t): t for t in texts}
    found: dict[str, Translation] = {}
    for chunk in chunks(list(by_hash)):
        rows = conn.execute(
            "SELECT source_hash, target_text, source_label, flag FROM translations"
            f" WHERE engine = ? AND source_hash IN ({marks(chunk)})",
            (engine, *chunk),
        )
        found.update({by_hash[h]: Translation(t, s, f) for h, t, s, f in rows})
    return found


def store(conn: Connection, engine: str, done: Mapping[str, Translation]) -> None:
    """Keep `done` (source text -> translation by `engine`) for later runs."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO translations (engine, source_hash, source_text,"
                " target_text, source_label, flag, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(engine, _hash(s), s, t.text, t.source, t.flag, now) for s, t in done.items()],
            )
    except DB_ERRORS as exc:
        raise StoreError(f"cannot store translations: {exc}") from None
