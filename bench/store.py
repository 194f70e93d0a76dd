"""Store benchmark (issue 16): the end-to-end day (5,000 articles from 200 feeds on a local
server, as bench/e2e.py) collected by one and by two concurrent `digest collect` processes,
then grouped and rendered by `digest run`, on SQLite and on PostgreSQL, in one run.

On SQLite a second collector finds the run's lock file held and exits 4 at once (one process
at a time is SQLite's model); on PostgreSQL the two share the feeds (each feed claimed by one,
`store.claims`). The PostgreSQL server is a real one started for the benchmark in a temporary
folder (tests/support/postgres.py), with fsync off like the tests' (so its figures are an upper
bound on what a durable server does).

    python -m bench.store
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import write_feeds
from bench.e2e import DAY, FEEDS, HOSTS, ITEMS
from bench.feeds import _free_port
from bench.feedserver import serving
from digest.store import db
from tests.support.postgres import new_database, server


def _config(folder: Path, port: int, database: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"database: {database}", "archive_dir: archive", "feeds:"]
    for f in range(FEEDS):
        host = f"127.0.0.{1 + f % HOSTS}"
        lines += [f"  - url: http://{host}:{port}/feed{f}.xml", f"    name: Outlet {f}"]
    path = folder / "config.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def _start(config: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "digest", *args, "--config", str(config)],
        cwd=config.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _collect(configs: list[Path]) -> tuple[float, list[int]]:
    start = time.perf_counter()
    procs = [_start(c, "collect") for c in configs]
    for p in procs:
        out = p.communicate(timeout=1800)[0]
        if p.returncode not in (0, 4):  # 4: busy, SQLite's answer to a second process
            print("store    a collector failed:\n" + out[-2000:], flush=True)
    return time.perf_counter() - start, [p.returncode for p in procs]


def _stored(database: str) -> tuple[int, int]:
    conn = db.connect(database)
    row = conn.execute("SELECT count(*), count(DISTINCT source) FROM articles").fetchone()
    conn.close()
    return int(row[0]), int(row[1])


def _scenario(root: Path, port: int, label: str, database: str, collectors: int) -> None:
    configs = [_config(root / f"m{i}", port, database) for i in range(collectors)]
    took, codes = _collect(configs)
    total, distinct = _stored(database)
    start = time.perf_counter()
    run = _start(configs[0], "run", "--date", DAY)
    run.communicate(timeout=1800)
    rendered = time.perf_counter() - start
    print(f"store    {label}, {collectors} collector(s): collect {took:.1f} s (exit codes"
          f" {codes}), {total} articles stored ({distinct} distinct); then digest run"
          f" {rendered:.1f} s (exit {run.returncode})", flush=True)  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_feeds(root / "feeds", FEEDS, ITEMS)
        port = _free_port()
        with serving(root / "feeds", HOSTS, port), server() as maintenance:
            for collectors in (1, 2):
                lite = str(root / f"sqlite{collectors}" / "digest.sqlite3")
                _scenario(root / f"s{collectors}", port, "SQLite", lite, collectors)
                pg = new_database(maintenance)
                _scenario(root / f"p{collectors}", port, "PostgreSQL", pg, collectors)


if __name__ == "__main__":
    main()
