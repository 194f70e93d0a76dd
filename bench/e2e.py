"""End-to-end benchmark (issue 7): a day of 5,000 articles from 200 feeds on a local server
(20 loopback hosts) through `digest run --date`, in a child process: wall time, peak memory,
and where the time goes (a cProfile of a second, identical run, summarised by stage).

No translation model is installed (none can be downloaded here), so translation costs nothing
in these figures; bench/translate.py measures it separately. Entities (natasha) are found for
the top 60 stories, as configured by default.

    python -m bench.e2e
"""

from __future__ import annotations

import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import write_feeds
from bench.feeds import _free_port
from bench.feedserver import serving

FEEDS, ITEMS, HOSTS = 200, 25, 20
DAY = "2026-03-01"
STAGES = {
    "collect": "intake.py:.*\\(collect\\)",
    "meaning vectors (#18)": "meaning.py:.*\\(make_vectors\\)",
    "cluster": "pipeline.py:.*\\(cluster\\)",
    "render (translate, entities, pages)": "pipeline.py:.*\\(render\\)",
}


def _config(folder: Path, port: int) -> Path:
    lines = ["feeds:"]
    for f in range(FEEDS):
        lines += [f"  - url: http://127.0.0.1:{port}/feed{f}.xml".replace(
            "127.0.0.1", f"127.0.0.{1 + f % HOSTS}"), f"    name: Outlet {f}"]  # fmt: skip
    path = folder / "config.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def _run(folder: Path, profile: Path | None = None) -> tuple[float, str, str]:
    args = [sys.executable]
    if profile is not None:
        args += ["-m", "cProfile", "-o", str(profile)]
        args += ["-m", "bench.child"]
    else:
        args += ["-m", "bench.child"]
    args += ["run", "--date", DAY, "--config", str(folder / "config.yaml")]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    peak = done.stderr.strip().splitlines()[-1].split("=")[-1] if done.stderr.strip() else "?"
    return elapsed, peak, done.stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_feeds(root / "feeds", FEEDS, ITEMS)
        port = _free_port()
        with serving(root / "feeds", HOSTS, port):
            first, second = root / "a", root / "b"
            for folder in (first, second):
                folder.mkdir()
                _config(folder, port)
            elapsed, peak, out = _run(first)
            summary = [line for line in out.splitlines() if "summary" in line or "render " in line]
            print(f"e2e      digest run, {FEEDS} feeds × {ITEMS} items: {elapsed:.1f} s wall,"
                  f" peak RSS {peak} MB", flush=True)  # fmt: skip
            for line in summary:
                print("e2e        " + line.split(" ", 1)[1][:150])
            profile = root / "run.prof"
            elapsed2, _, _ = _run(second, profile)
            stats = pstats.Stats(str(profile))
            total = sum(v[3] for k, v in stats.stats.items() if k[2] == "main" and "cli.py" in k[0])  # type: ignore[attr-defined]
            print(f"e2e      profiled run: {elapsed2:.1f} s wall (profiling slows it)")
            for stage, pattern in STAGES.items():
                import re

                cum = sum(v[3] for k, v in stats.stats.items()  # type: ignore[attr-defined]
                          if re.search(pattern, f"{k[0]}:{k[1]}({k[2]})"))  # fmt: skip
                share = cum / total * 100 if total else 0
                print(f"e2e        {stage}: {cum:.1f} s ({share:.0f}%)")


if __name__ == "__main__":
    main()
