"""Odd but possible inputs never stop the daily run (issue #14): each is refused at the edge
with a message naming it, or set aside, and the other sources' issues are still written; the
next run is clean. Real processes where the exit code and the absence of a traceback matter."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from digest import pipeline
from digest.cli import main
from digest.config import load
from digest.store import db

ROOT = Path(__file__).resolve().parents[2]
SEED_DAYS = {"2025-10-11", "2025-11-12", "2025-12-11", "2026-02-05", "2026-02-07"}


def _project(tmp_path: Path, extra: dict[str, str] | None = None, config: str = "") -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    for name, text in (extra or {}).items():
        (tmp_path / "seeds" / name).write_text(text, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    return tmp_path / "config.yaml"


def _digest(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "digest", *args, "--config", str(config)],
        cwd=config.parent, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


def _issue_days(config: Path) -> set[str]:
    archive = config.parent / "archive"
    return {p.parent.name for p in archive.glob("*/digest.json")}


@pytest.mark.parametrize("day", ["0001-01-01", "2031-06-01"])
def test_a_seed_dated_out_of_range_is_refused_and_the_others_are_written(
    tmp_path: Path, day: str
) -> None:
    config = _project(tmp_path, {"999_odd.txt": f" date {day} Странная заметка. " * 3})
    first = _digest(config, "run")
    assert first.returncode == 1, first.stderr
    assert "999_odd.txt" in first.stderr and day in first.stderr
    assert "Traceback" not in first.stderr
    assert _issue_days(config) == SEED_DAYS
    (tmp_path / "seeds" / "999_odd.txt").unlink()
    again = _digest(config, "run")
    assert again.returncode == 0, again.stderr


def test_a_store_that_already_holds_an_unusable_row_still_runs(tmp_path: Path) -> None:
    config = _project(tmp_path)
    assert _digest(config, "collect").returncode == 0
    conn = sqlite3.connect(tmp_path / "data" / "digest.sqlite3")
    with conn:  # as an older version, or a hand edit, could have left it
        conn.execute(
            "INSERT INTO articles (source, published, title, body, language, content_hash,"
            " collected_at) VALUES ('old.txt', '0001-01-01', 'Old', 'Old text.', 'ru', 'h',"
            " '2026-01-01')"
        )
    conn.close()
    first = _digest(config, "run")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "quarantined article" in first.stderr and "old.txt" in first.stderr
    assert "Traceback" not in first.stderr
    assert _issue_days(config) == SEED_DAYS
    assert _digest(config, "run").returncode == 0  # set aside once, then left out quietly
    listed = _digest(config, "doctor")
    assert listed.returncode == 1 and "old.txt" in listed.stdout
    assert _digest(config, "doctor", "--delete").returncode == 0
    assert "nothing quarantined" in _digest(config, "doctor").stdout


class RecordingSender:
    """A fake SMTP sender (named so): keeps the messages; the real SMTP path is tested in
    test_email.py against aiosmtpd. Here only the choice of issue matters."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    def send(self, message: EmailMessage, accepted: Callable[[], None] = lambda: None) -> None:
        self.messages.append(message)


def test_a_future_dated_article_never_takes_the_place_of_todays_issue(tmp_path: Path) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()  # the latest day a seed may have
    today = date.today().isoformat()
    extra = {
        "900_today.txt": f" date {today} Сегодняшняя заметка о погоде в Омске. " * 3,
        "901_tomorrow.txt": f" date {tomorrow} Заметка из будущего о курсе тенге. " * 3,
    }
    config_path = _project(
        tmp_path, extra, "email:\n  from: digest@example.org\n  to: [reader@example.org]\n"
    )
    config = load(config_path)
    conn = db.connect(config.database)
    pipeline.collect(config, conn)
    pipeline.cluster(config, conn, {})
    sender = RecordingSender()
    day = pipeline.send(config, conn, sender, engine_map={}).date
    assert day is not None and day <= today  # the schedule's time zone may still be on today
    assert all(tomorrow not in str(m["Subject"]) for m in sender.messages)


def test_a_50_mb_seed_is_refused_at_once_and_the_run_finishes(tmp_path: Path) -> None:
    config = _project(tmp_path)
    with (tmp_path / "seeds" / "998_huge.txt").open("w", encoding="utf-8") as handle:
        handle.write(" date 2026-02-05 ")
        handle.write(("Очень длинный текст без конца. " * 1000 + "\n") * 1700)  # ~55 MB
    ran = _digest(config, "run", timeout=60)  # a bound on a hang, not a benchmark
    assert ran.returncode == 1
    assert "998_huge.txt" in ran.stderr and "limits.seed_bytes" in ran.stderr
    assert _issue_days(config) == SEED_DAYS


def test_a_long_seed_under_the_byte_limit_is_cut_at_a_paragraph(tmp_path: Path) -> None:
    paragraph = "Абзац длинной статьи о транзите газа через Казахстан. " * 20
    text = " date 2026-02-05 " + "\n\n".join([paragraph] * 200)  # ~220,000 characters
    config = _project(tmp_path, {"997_long.txt": text}, "limits:\n  article_chars: 50000\n")
    assert _digest(config, "collect").returncode == 0
    conn = db.connect(load(config).database)
    (long,) = [s for s in db.articles(conn) if s.article.source == "997_long.txt"]
    assert len(long.article.body) <= 50_000
    assert long.article.body.endswith("\n\n[…]")


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ("database: afile/db.sqlite3", "afile"),
        ("database: /proc/digest-test/db.sqlite3", "/proc/digest-test"),
        ("archive_dir: afile/archive", "afile/archive"),
        ("database: lockdir/db.sqlite3", "db.lock"),
    ],
)
def test_paths_that_cannot_be_created_exit_3_with_a_message(
    tmp_path: Path, setting: str, named: str
) -> None:
    config = _project(tmp_path, config=setting + "\n")
    (tmp_path / "afile").write_text("not a folder")
    (tmp_path / "lockdir" / "db.lock").mkdir(parents=True)  # the lock's place is taken
    ran = _digest(config, "run")
    assert ran.returncode == 3, ran.stdout + ran.stderr
    assert named in ran.stderr and "Traceback" not in ran.stderr


def test_a_models_folder_that_cannot_be_created_exits_3(tmp_path: Path) -> None:
    config = _project(tmp_path, config="translate:\n  models_dir: afile/models\n")
    (tmp_path / "afile").write_text("not a folder")
    (tmp_path / "model.argosmodel").write_bytes(b"not a zip")
    ran = _digest(config, "models", "install", str(tmp_path / "model.argosmodel"))
    assert ran.returncode == 3, ran.stdout + ran.stderr
    assert "afile/models" in ran.stderr and "Traceback" not in ran.stderr


def test_nan_in_the_config_exits_2(tmp_path: Path) -> None:
    config = _project(tmp_path, config="fetch:\n  total_timeout: .nan\n")
    assert main(["run", "--config", str(config)]) == 2


def test_a_run_past_its_deadline_stops_cleanly_and_releases_the_lock(tmp_path: Path) -> None:
    config = _project(tmp_path, config="run:\n  max_minutes: 0.0001\n")  # 6 ms: collect is longer
    ran = _digest(config, "run")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "run.max_minutes" in ran.stderr and "what was finished is kept" in ran.stderr
    assert "5 new article(s)" in ran.stdout  # collecting finished and is kept
    config.write_text("", encoding="utf-8")
    again = _digest(config, "run")  # the lock was released; the next run picks up
    assert again.returncode == 0, again.stderr
    assert _issue_days(config) == SEED_DAYS


def test_a_fifo_and_a_dev_zero_link_among_the_seeds_are_refused_by_name(tmp_path: Path) -> None:
    """#22: a FIFO in seeds/ hung `digest collect`; a seed linked to /dev/zero read until a
    MemoryError, and nothing was stored, not even the good seeds. A UTF-16 seed without its
    mark was only said not to start with ' date'."""
    config = _project(tmp_path)
    os.mkfifo(tmp_path / "seeds" / "pipe.txt")
    (tmp_path / "seeds" / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "seeds" / "wide.txt").write_bytes(
        " date 2026-02-05 Заметка в UTF-16 о погоде в Алматы.".encode("utf-16-le")
    )
    ran = _digest(config, "collect", timeout=120)  # a bound on a hang, not a benchmark
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "seed pipe.txt: failed (a FIFO, not a regular file" in ran.stderr
    assert "seed zero.txt: failed (a character device, not a regular file" in ran.stderr
    assert "seed wide.txt: failed (looks like UTF-16 text" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert "5 new article(s)" in ran.stdout  # the good seeds are stored
