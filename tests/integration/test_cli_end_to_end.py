"""End to end: the CLI on the seeds in a temporary folder, as `make digest` runs it."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from digest.cli import main

SEED_DATES = ["2025-10-11", "2025-11-12", "2025-12-11", "2026-02-05", "2026-02-07"]


@pytest.fixture()
def project(tmp_path: Path, seeds_dir: Path) -> Path:
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    (tmp_path / "config.yaml").write_text(
        "database: state/digest.sqlite3\nseeds_dir: seeds\narchive_dir: public\n",
        encoding="utf-8",
    )
    return tmp_path


def _run(project: Path, *args: str) -> int:
    return main([*args, "--config", str(project / "config.yaml")])


def _digests(archive: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    return {
        p.parent.name: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(archive.glob("*/digest.json"))
    }


def test_run_builds_the_archive_with_the_seed_truth(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(project, "run") == 0
    out = capsys.readouterr().out
    archive = project / "public"
    assert f"open     {(archive / 'index.html').resolve().as_uri()}" in out

    index = json.loads((archive / "index.json").read_text(encoding="utf-8"))
    assert [i["date"] for i in index["issues"]] == sorted(SEED_DATES, reverse=True)
    index_html = (archive / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(\d{4}-\d{2}-\d{2})/index.html"', index_html)
    assert links == sorted(SEED_DATES, reverse=True)

    digests = _digests(archive)
    assert sorted(digests) == SEED_DATES
    story_of: dict[str, set[str]] = {}
    for day, data in digests.items():
        assert data["date"] == day
        for story in data["stories"]:
            assert set(story["title"]) >= {"ru", "en"}
            for a in story["articles"]:
                assert {"source", "outlet", "published", "title", "language"} <= set(a)
                assert a["published"].startswith(a["published"][:10])
                story_of.setdefault(a["source"][:3], set()).add(story["id"])
    assert all(len(ids) == 1 for ids in story_of.values())  # one id in every issue
    ids = {k: next(iter(v)) for k, v in story_of.items()}
    assert ids["000"] == ids["001"]
    assert len({ids["000"], ids["002"], ids["003"], ids["004"]}) == 4

    update = digests["2026-02-07"]["stories"][0]
    assert update["status"] == "update" and update["first_issue"] == "2026-02-05"
    assert [a["outlet"] for a in update["articles"]] == ["КП", "Lada.kz"]

    for day in SEED_DATES:
        html = (archive / day / "index.html").read_text(encoding="utf-8")
        md = (archive / day / "digest.md").read_text(encoding="utf-8")
        assert "No translation model is installed yet" in html
        assert "No translation model is installed yet" in md
        assert 'href="../index.html"' in html
    feb7 = (archive / "2026-02-07" / "index.html").read_text(encoding="utf-8")
    assert 'rel="prev" href="../2026-02-05/index.html"' in feb7
    assert f'href="../2026-02-05/index.html#story-{ids["000"]}"' in feb7
    assert "Lada.kz" in feb7 and "Sputnik" in feb7
    feb5_md = (archive / "2026-02-05" / "digest.md").read_text(encoding="utf-8")
    assert "Казахстан и Россия: дружба, проверенная временем" in feb5_md
    assert "centrasia.org" in feb5_md


def test_rerun_changes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(project, "run") == 0
    db = project / "state" / "digest.sqlite3"
    before = {p: p.read_bytes() for p in (project / "public").rglob("*") if p.is_file()}
    capsys.readouterr()
    assert _run(project, "run") == 0
    out = capsys.readouterr().out
    assert "0 new" in out and "5 unchanged" in out and "0 file(s) written" in out
    after = {p: p.read_bytes() for p in (project / "public").rglob("*") if p.is_file()}
    assert before == after
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        assert conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 5
        assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 4


def test_a_broken_seed_is_reported_and_the_rest_is_built(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "seeds" / "broken.txt").write_text("no date line here\n", encoding="utf-8")
    assert _run(project, "run") == 1
    captured = capsys.readouterr()
    assert "broken.txt: failed (first line must start with ' date YYYY-MM-DD'" in captured.err
    assert "Traceback" not in captured.err
    assert len(_digests(project / "public")) == 5


def test_render_one_date_writes_it_and_its_neighbours(project: Path) -> None:
    assert _run(project, "collect") == 0
    assert _run(project, "render", "--date", "2026-02-05") == 0
    written = sorted(p.parent.name for p in (project / "public").glob("*/digest.json"))
    assert written == ["2025-12-11", "2026-02-05", "2026-02-07"]
    assert (project / "public" / "index.html").is_file()


def test_config_error_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "config.yaml").write_text("archive_dri: x\n", encoding="utf-8")
    assert _run(project, "run") == 2
    assert "unknown key 'archive_dri'" in capsys.readouterr().err


def test_unusable_database_exits_3(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "state").mkdir()
    (project / "state" / "digest.sqlite3").write_bytes(b"garbage" * 1000)
    assert _run(project, "run") == 3
    err = capsys.readouterr().err
    assert "digest.sqlite3" in err and "unusable" in err and "Traceback" not in err


def test_unwritable_archive_exits_3_and_keeps_the_data(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "public").mkdir()
    (project / "public" / "2026-02-07").write_text("a file where an issue's folder should be")
    assert _run(project, "run") == 3
    assert "cannot write" in capsys.readouterr().err
    with sqlite3.connect(project / "state" / "digest.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    shutil.rmtree(project / "public")  # #22: an archive_dir that is a file: refused at the door
    (project / "public").write_text("a file where the archive folder should be")
    assert _run(project, "run") == 2
    assert "archive_dir: " in capsys.readouterr().err


def test_bad_date_option_is_a_usage_error(project: Path) -> None:
    with pytest.raises(SystemExit) as info:
        _run(project, "run", "--date", "2026-02-30")
    assert info.value.code == 2


def test_python_m_digest_help_has_examples(project: Path) -> None:
    for command in ("collect", "cluster", "render", "run"):
        out = subprocess.run(
            [sys.executable, "-m", "digest", command, "--help"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "example" in out and f"digest {command}" in out


def test_console_script_runs_the_pipeline(project: Path) -> None:
    script = Path(sys.executable).parent / "digest"
    done = subprocess.run(
        [str(script), "run", "--config", "config.yaml"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (project / "public" / "2026-02-07" / "digest.json").is_file()


def test_run_rewrites_only_what_changed_and_restores_what_is_missing(
    project: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(project, "run") == 0
    feb05 = (project / "public" / "2026-02-05" / "index.html").stat().st_mtime_ns
    shutil.copy(data_dir / "cross_language" / "abaev_en.txt", project / "seeds" / "zz_en.txt")
    capsys.readouterr()
    assert _run(project, "run") == 0
    out = capsys.readouterr().out
    # The new issue (4 files), its neighbour 2026-02-07 (3 files name the next issue; its
    # plain text does not), the page of the story the article joined (.html, .json), the
    # search index, the names page, the index, index.json and the feed: nothing else (the
    # search page and the state file are written unchanged).
    assert "render   6 issue(s); 14 file(s) written, 3 unchanged" in out
    assert (project / "public" / "stories").is_dir()
    assert (project / "public" / "2026-02-05" / "index.html").stat().st_mtime_ns == feb05
    shutil.rmtree(project / "public" / "2025-10-11")
    assert _run(project, "run") == 0
    assert (project / "public" / "2025-10-11" / "digest.json").is_file()
