"""The whole `digest run`, driven by generated seed files (hypothesis): random dates from year 1
to 9999, sizes, encodings, control characters and markup beside the five real seeds. Whatever
comes, the run exits 0 or 1 (never a traceback), the real seeds' issues are written, and the
next run goes through too."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED_DAYS = {"2025-10-11", "2025-11-12", "2025-12-11", "2026-02-05", "2026-02-07"}
ODD = st.sampled_from([
    "<script>alert(1)</script>", "\x00\x01\x1b[31m", "\u202e\u200b", "]]>", "{{ 7*7 }}",
    "Продолжение после рекламы", "Фото: РИА Новости", "\r\n\r\n", " date 2026-01-01 ", "ё" * 50,
])  # fmt: skip
BODY = st.lists(st.one_of(st.text(max_size=60), ODD), max_size=12).map("".join)
DAY = st.one_of(st.dates().map(lambda d: d.isoformat()), st.sampled_from(["2026-02-30", "x"]))
ENCODING = st.sampled_from(["utf-8", "cp1251", "koi8-r", "utf-16"])
SEED = st.tuples(DAY, BODY, ENCODING, st.integers(min_value=1, max_value=400))


def _write(folder: Path, index: int, seed: tuple[str, str, str, int]) -> None:
    day, body, encoding, repeat = seed
    text = f" date {day} {body * repeat}"
    data = text.encode(encoding, errors="replace")
    (folder / f"9{index:02d}_generated.txt").write_bytes(data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seeds=st.lists(SEED, max_size=4))
def test_no_generated_seed_stops_the_run(seeds: list[tuple[str, str, str, int]]) -> None:
    with tempfile.TemporaryDirectory(prefix="digest-prop-") as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "seeds", root / "seeds")
        for i, seed in enumerate(seeds):
            _write(root / "seeds", i, seed)
        config = root / "config.yaml"
        config.write_text(
            f"database: {root / 'db.sqlite3'}\narchive_dir: {root / 'archive'}\n"
            f"seeds_dir: {root / 'seeds'}\n",
            encoding="utf-8",
        )
        assert main(["run", "--config", str(config)]) in (0, 1)
        written = {p.parent.name for p in (root / "archive").glob("*/digest.json")}
        assert SEED_DAYS <= written
        assert main(["run", "--config", str(config)]) in (0, 1)
