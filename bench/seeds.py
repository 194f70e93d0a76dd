"""Thousands of seeds in one `digest run` (#22): 5,000 small seed files over 308 days, written
from a small vocabulary of the region's news, so that stories run long (hundreds of articles,
across months), as a long-running story does. Wall time and peak memory of the run, in a
child process (`bench.child`), and of a `digest render` of every issue again.

    python -m bench.seeds [N]
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SEEDS = 5_000
DAYS = 308
WORDS = (
    "Казахстан Россия тенге нефть газ банк ставка Алматы Астана Бишкек трасса снег выборы"
    " министр парламент закон инфляция курс доллар экспорт импорт зерно порт Актау Каспий"
    " трубопровод инвестиции завод рабочие забастовка суд приговор полиция авария погода"
).split()


def write_seeds(folder: Path, n: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    folder.mkdir(parents=True)
    for i in range(n):
        day = start + timedelta(days=rng.randrange(DAYS))
        title = " ".join(rng.choice(WORDS) for _ in range(7)).capitalize()
        body = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(25)).capitalize() + "." for _ in range(4)
        )
        (folder / f"{i:05d}.txt").write_text(f" date {day.isoformat()} {title}\n\n{body}\n")


def _child(folder: Path, *args: str) -> tuple[float, str, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", *args, "--config", str(folder / "config.yaml")],
        cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: some source failed, reported
    peak = done.stderr.strip().splitlines()[-1].split("=")[1]
    rendered = next((ln for ln in done.stdout.splitlines() if " render " in ln), "")
    return elapsed, peak, rendered.split("render", 1)[-1].strip()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_seeds(folder / "seeds", n)
        (folder / "config.yaml").write_text("archive_dir: archive\n")
        elapsed, peak, rendered = _child(folder, "run")
        print(f"seeds    digest run on {n:,} seeds: {elapsed:.1f} s wall, peak RSS {peak} MB"
              f" ({rendered})", flush=True)  # fmt: skip
        shutil.rmtree(folder / "archive")  # every issue missing: all written again
        elapsed, peak, rendered = _child(folder, "render")
        print(f"seeds    digest render of the whole archive again: {elapsed:.1f} s wall, peak RSS"
              f" {peak} MB ({rendered})", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
