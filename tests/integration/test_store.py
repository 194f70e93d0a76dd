"""The store on disk: WAL, recorded migrations, never storing an article twice. The tests that
take `database` run on both backends: an SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from digest.collect.seeds import load_seeds
from digest.errors import StoreError
from digest.models import Membership
from digest.store import db
from digest.store.migrations import MIGRATIONS


def test_connect_creates_wal_database_with_recorded_migrations(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "digest.sqlite3"
    conn = db.connect(path)
    assert path.is_file()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [v for v, _, _ in MIGRATIONS]
    conn.close()
    # Opening again applies nothing new.
    conn = db.connect(path)
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    conn.close()


def test_adding_twice_stores_once(database: str, seeds_dir: Path) -> None:
    articles = load_seeds(seeds_dir).articles
    conn = db.connect(database)
    first = db.add_articles(conn, articles)
    second = db.add_articles(conn, articles)
    assert len(first.new) == 5 and not first.unchanged
    assert len(second.unchanged) == 5 and not second.new
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    stored = db.articles(conn)
    assert [s.article for s in stored] == sorted(articles, key=lambda a: a.published)
    conn.close()


def test_same_text_under_another_name_is_a_duplicate(database: str, seeds_dir: Path) -> None:
    article = load_seeds(seeds_dir).articles[0]
    conn = db.connect(database)
    db.add_articles(conn, [article])
    copy = dataclasses.replace(article, source="copy.txt")
    result = db.add_articles(conn, [copy])
    assert result.duplicates == (("copy.txt", article.source),)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    conn.close()


def test_changed_text_updates_in_place_and_is_grouped_again(database: str, seeds_dir: Path) -> None:
    article = load_seeds(seeds_dir).articles[0]
    conn = db.connect(database)
    db.add_articles(conn, [article])
    (stored,) = db.articles(conn)
    db.save_memberships(conn, [Membership(stored.id, "s1", 1.0)])
    edited = dataclasses.replace(article, body=article.body + "\n\nPS.", content_hash="changed")
    assert db.add_articles(conn, [edited]).updated == (article.source,)
    (after,) = db.articles(conn)
    assert after.id == stored.id and after.article.body.endswith("PS.")
    # #22: its story was of the old text: the grouping stage takes it again, and the pages
    # that show it are rewritten in the same run
    assert db.memberships(conn) == [] and [s.id for s in db.unclustered(conn)] == [stored.id]
    conn.close()


def test_memberships_are_recorded_once(database: str, seeds_dir: Path) -> None:
    conn = db.connect(database)
    db.add_articles(conn, load_seeds(seeds_dir).articles)
    ids = [s.id for s in db.articles(conn)]
    assert db.save_memberships(conn, [Membership(i, "s", 1.0) for i in ids]) == 5
    assert db.save_memberships(conn, [Membership(i, "other", 1.0) for i in ids]) == 0
    assert {m.story_id for m in db.memberships(conn)} == {"s"}
    assert db.unclustered(conn) == []
    conn.close()


def test_corrupt_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="unusable") as info:
        db.connect(path)
    assert str(path) in str(info.value)
    assert path.read_bytes().startswith(b"this is not")  # left as it was


def test_failed_batch_keeps_what_was_stored(tmp_path: Path, seeds_dir: Path) -> None:
    articles = load_seeds(seeds_dir).articles
    conn = db.connect(tmp_path / "d.sqlite3")
    db.add_articles(conn, articles[:2])
    conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON articles"
        " WHEN NEW.source LIKE '004%' BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
    )
    with pytest.raises(StoreError, match="disk says no"):
        db.add_articles(conn, articles[2:])
    # The failed batch left nothing half-done; the earlier batch is intact.
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert isinstance(conn, sqlite3.Connection)


def test_migrations_on_postgresql_are_recorded_and_applied_once(postgres_server: str) -> None:
    from tests.support.postgres import new_database

    url = new_database(postgres_server)
    conn = db.connect(url)
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    assert versions == [v for v, _, _ in MIGRATIONS]
    conn.close()
    conn = db.connect(url)  # opening again applies nothing new
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    conn.close()
