"""Meaning vectors in the store (#18), on SQLite and on a real PostgreSQL server: a store made
before vectors existed gains them on its next `digest run`, each article once; a vector of
another encoder is made again; a run out of time keeps the batches it finished."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from digest.cli import main
from digest.collect import meaning
from digest.collect.seeds import load_seeds
from digest.store import db, migrations, vectors
from digest.text.meaning import DIMENSIONS, ENCODER

ROOT = Path(__file__).resolve().parents[2]


def _project(folder: Path, database: str) -> Path:
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    config = folder / "config.yaml"
    config.write_text(f"database: {database}\nseeds_dir: seeds\narchive_dir: archive\n")
    return config


def _old_store(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store as the product made it before vectors (schema 9), holding the seeds."""
    with monkeypatch.context() as patched:
        patched.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:9])
        conn = db.connect(database)
        db.add_articles(conn, load_seeds(ROOT / "seeds").articles)
        conn.close()


def test_a_store_made_before_vectors_gains_them_on_its_next_run(
    database: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if not database.startswith("postgresql"):
        Path(database).parent.mkdir(parents=True)
    config = _project(tmp_path / "project", database)
    _old_store(database, monkeypatch)
    assert main(["run", "--config", str(config)]) == 0
    assert "meaning  5 article vector(s) made" in capsys.readouterr().out
    conn = db.connect(database)
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
    assert 10 in versions and max(versions) == len(versions)  # the vectors migration ran
    ids = [s.id for s in db.articles(conn)]
    found = vectors.of(conn, ENCODER, ids)
    assert sorted(found) == sorted(ids) and all(len(v) == DIMENSIONS * 2 for v in found.values())
    stories = {m.article_id: m.story_id for m in db.memberships(conn)}
    sources = {s.id: s.article.source[:3] for s in db.articles(conn)}
    by_seed = {sources[i]: sid for i, sid in stories.items()}
    assert by_seed["000"] == by_seed["001"]  # the seeds' truth holds with vectors
    assert len({by_seed[k] for k in ("000", "002", "003", "004")}) == 4
    conn.close()
    assert main(["run", "--config", str(config)]) == 0  # nothing is made twice
    assert "vector(s) made" not in capsys.readouterr().out


def test_a_vector_of_another_encoder_is_made_again(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "d.sqlite3")
    db.add_articles(conn, load_seeds(ROOT / "seeds").articles)
    assert meaning.make_vectors(conn).made == 5
    with conn:
        conn.execute(
            "UPDATE article_vectors SET encoder = 'an-older-encoder/1' WHERE article_id = 1"
        )
    again = meaning.make_vectors(conn)
    assert (again.made, again.left) == (1, 0)


def test_a_run_out_of_time_keeps_what_it_made_and_the_next_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = db.connect(tmp_path / "d.sqlite3")
    db.add_articles(conn, load_seeds(ROOT / "seeds").articles)
    assert meaning.make_vectors(conn, deadline=time.monotonic() - 1).made == 0
    monkeypatch.setattr(meaning, "ROWS", 2)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 2:
            monkeypatch.setattr(time, "monotonic", lambda: float("inf"))  # the clock runs out

    first = meaning.make_vectors(conn, deadline=time.monotonic() + 600, progress=progress)
    monkeypatch.undo()
    assert (first.made, first.left) == (2, 3) and seen == [(2, 5)]
    rest = meaning.make_vectors(conn)
    assert (rest.made, rest.left) == (3, 0)
