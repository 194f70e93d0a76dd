"""Daily operation with real processes: the run lock, two runs at once, SIGKILL at random
points and the next run completing the same work, a full disk, a locked database, and
`digest schedule` started and stopped with SIGTERM."""

from __future__ import annotations

import json
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIGEST = [sys.executable, "-m", "digest"]


def _project(tmp_path: Path, extra: str = "") -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "config.yaml").write_text(extra, encoding="utf-8")
    return tmp_path


def _run(project: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DIGEST, *args, "--config", "config.yaml"], cwd=project, capture_output=True,
        text=True, timeout=300, check=False, **kwargs,  # type: ignore[call-overload]
    )  # fmt: skip


def _counts(project: Path) -> tuple[int, int, int]:
    with sqlite3.connect(project / "data" / "digest.sqlite3") as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "story_articles", "stories")
        )


def _archive_is_whole(project: Path) -> None:
    archive = project / "archive"
    index = json.loads((archive / "index.json").read_text(encoding="utf-8"))
    assert len(index["issues"]) == 5
    for issue in index["issues"]:
        for name in ("index.html", "digest.md", "digest.txt", "digest.json"):
            assert (archive / issue["date"] / name).stat().st_size > 0
        json.loads((archive / issue["date"] / "digest.json").read_text(encoding="utf-8"))
    assert not list(archive.rglob(".*.tmp")), "a half-written file was left behind"


def test_a_second_run_waits_its_turn_and_a_killed_holder_leaves_no_lock(tmp_path: Path) -> None:
    project = _project(tmp_path)
    holder = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from digest import"
         " lock\nwith lock.hold(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(60)",
         str(project / "data" / "digest.lock")], stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    busy = _run(project, "run")
    assert busy.returncode == 4 and "another digest run holds" in busy.stderr
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    assert _run(project, "run").returncode == 0  # the stale lock is gone with its process
    assert _counts(project) == (5, 5, 4)


def test_two_runs_started_together(tmp_path: Path) -> None:
    project = _project(tmp_path)
    procs = [
        subprocess.Popen([*DIGEST, "run", "--config", "config.yaml"], cwd=project,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    for p in procs:
        p.communicate(timeout=300)
    codes = sorted(p.returncode for p in procs)
    assert codes in ([0, 0], [0, 4])
    assert _counts(project) == (5, 5, 4)
    _archive_is_whole(project)


def test_sigkill_at_random_points_then_a_clean_finish(tmp_path: Path) -> None:
    project = _project(tmp_path)
    rng = random.Random(7)
    for _ in range(6):
        proc = subprocess.Popen([*DIGEST, "run", "--config", "config.yaml"], cwd=project,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.3, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    final = _run(project, "run")
    assert final.returncode == 0, final.stderr
    assert _counts(project) == (5, 5, 4)  # no duplicate article or story
    _archive_is_whole(project)
    again = _run(project, "run")
    assert "0 file(s) written" in again.stdout


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not kills
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_full_disk_gives_a_clear_error_and_keeps_the_archive(tmp_path: Path) -> None:
    project = _project(tmp_path, "archive_dir: public\nrender:\n  entities: false\n")
    assert _run(project, "run").returncode == 0
    before = {p: p.read_bytes() for p in (project / "public").rglob("*") if p.is_file()}
    # Every page changes with the title; pages over 20 kB cannot be written.
    (project / "config.yaml").write_text(
        "archive_dir: public\nsite_title: Renamed\nrender:\n  entities: false\n"
    )
    # A connection held open keeps SQLite's -shm file, so only the archive meets the limit.
    keep = sqlite3.connect(project / "data" / "digest.sqlite3")
    keep.execute("SELECT count(*) FROM articles").fetchone()
    try:
        full = _run(project, "render", preexec_fn=_limit_file_size)
    finally:
        keep.close()
    assert full.returncode == 3, full.stdout + full.stderr
    assert "cannot write (File too large)" in full.stderr and "previous version is intact" in (
        full.stderr
    )
    assert "Traceback" not in full.stderr
    after = {p: p.read_bytes() for p in (project / "public").rglob("*") if p.is_file()}
    assert set(after) == set(before)
    for path, data in after.items():
        if data != before[path]:  # replaced whole, never cut short
            assert b"Renamed" in data and (
                path.suffix != ".html" or data.rstrip().endswith(b"</html>")
            )
    assert after[project / "public" / "index.html"] == before[project / "public" / "index.html"]
    assert not list((project / "public").rglob(".*.tmp"))
    assert _run(project, "render").returncode == 0  # with room again, the next run completes


def test_locked_database_gives_a_clear_message(tmp_path: Path) -> None:
    project = _project(tmp_path, "database_timeout: 0.5\n")
    assert _run(project, "collect").returncode == 0
    shutil.copy(ROOT / "tests/data/cross_language/abaev_en.txt", project / "seeds" / "zz.txt")
    conn = sqlite3.connect(project / "data" / "digest.sqlite3", isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        locked = _run(project, "collect")
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    assert locked.returncode == 3, locked.stdout + locked.stderr
    assert "database is locked" in locked.stderr and "Traceback" not in locked.stderr
    # #22: it names the database and says what to do
    assert "digest.sqlite3" in locked.stderr and "wait for it to finish" in locked.stderr
    assert _run(project, "collect").returncode == 0  # released: the next run stores it
    assert _counts(project)[0] == 6


def test_feeds_status_reads_while_a_run_holds_the_lock(tmp_path: Path) -> None:
    """#22: `digest feeds status` exited 4 while a collection ran, though it only reads."""
    from digest import lock

    project = _project(tmp_path, "feeds:\n  - url: https://example.org/rss.xml\n    name: Ex\n")
    (project / "data").mkdir()
    with lock.of_store(project / "data" / "digest.sqlite3", False):  # as a run holds it
        status = _run(project, "feeds", "status")
        busy = _run(project, "collect")
    assert status.returncode == 0, status.stderr
    assert "Ex <https://example.org/rss.xml> [config]" in status.stdout
    assert busy.returncode == 4  # a writer still waits its turn


def test_a_database_path_that_is_a_folder_is_said_to_be_one(tmp_path: Path) -> None:
    project = _project(tmp_path, "database: data\n")
    (project / "data").mkdir()
    ran = _run(project, "collect")
    assert ran.returncode == 3
    assert "is a folder, not a database file" in ran.stderr and "Traceback" not in ran.stderr


def test_schedule_collects_and_stops_on_sigterm(tmp_path: Path) -> None:
    project = _project(tmp_path, "schedule:\n  collect_every_minutes: 0.02\n  issue_at: '03:00'\n")
    proc = subprocess.Popen(
        [*DIGEST, "schedule", "--config", "config.yaml"], cwd=project,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if "schedule collect finished" in line:
            break
    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=60)
    proc.stdout.close()
    out = "".join(lines) + rest
    assert proc.returncode == 0, out
    assert "schedule collect finished with status 0" in out
    assert "received SIGTERM" in out and "schedule stopped" in out
    assert _counts(project)[0] == 5
