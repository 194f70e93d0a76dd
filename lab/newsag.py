"""Builds the team's real-news development pairs from a public snapshot of Russian headlines.

    python -m lab.newsag [SNAPSHOT]   # writes lab/out/newsag_{train,heldback}.tsv

The articles: every Russian item of `app-data/news_ru.js` in the history of the public GitHub
repository andrewfromtver/news_ag (NewsAPI "top headlines" for Russia, 8 to 18 May 2021, from
RBC, Lenta, RIA, TASS, Interfax, Izvestia, Meduza, RT, BBC Russian, sports and games sites and
others): the headline (its " - Outlet" tail cut) and the outlet's one- or two-sentence
description, so each article is a headline and a lead, without the rest of its text.
SNAPSHOT is that repository's git directory (`git clone https://github.com/andrewfromtver/news_ag`;
here the tool library's snapshot is the default). The repository has no licence, so its text is
read from the snapshot, never copied into this project.

The pairs and labels (`lab/data/newsag_labels.tsv`): every pair of articles published
within a day of each other that share at least two content-word stems with a summed rarity of at
least 12 (214 pairs), each labelled by the digest team by reading both, following
../shared/eval/dedup/annotation_guideline_en.html: OK when both tell the same event with the same
facts; BAD for a comment on, reaction to, preparation for or result of the event, a later
development, or another event of the same people. Five pairs we could not decide were left out.
The note column says why, for the BAD ones that are close. Labelled once, before any tuning.

The `part` column splits the pairs in two, whole groups at a time (articles linked by any pair go
to one part, so no article is in both): `train` may be used to fit the scorer, `heldback` never.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "lab" / "data" / "newsag_labels.tsv"
OUT = ROOT / "lab" / "out"
PARTS = ("train", "heldback")
SNAPSHOT = Path("/work/.mirror/andrewfromtver+news_ag/repo")
PATH = "app-data/news_ru.js"
COLUMNS = ["INPUT:first_title", "INPUT:second_title", "INPUT:first_url", "INPUT:second_url",
           "INPUT:first_text", "INPUT:second_text", "GOLDEN:quality", "HINT:text"]  # fmt: skip


def git(snapshot: Path, *args: str) -> str:
    """The command's output; empty where git has nothing (a version that deleted the file)."""
    done = subprocess.run(["git", f"--git-dir={snapshot}", *args], capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else ""


def articles(snapshot: Path) -> dict[str, tuple[str, str]]:
    """URL -> (headline, description) over every stored version of the Russian file."""
    found: dict[str, tuple[str, str]] = {}
    for commit in git(snapshot, "log", "--format=%H", "--", PATH).split():
        text = git(snapshot, "show", f"{commit}:{PATH}")
        if "{" not in text:
            continue
        data = json.loads(text[text.index("{") :].rstrip().rstrip(";"))
        for item in data["articles"]:
            title = re.sub(r"\s+-\s+[^-]+$", "", item.get("title") or "").strip()
            found.setdefault(item["url"], (title, (item.get("description") or "").strip()))
    return found


def main() -> None:
    snapshot = Path(sys.argv[1]) if len(sys.argv) > 1 else SNAPSHOT
    if not snapshot.exists():
        sys.exit(f"newsag: no snapshot at {snapshot} (git clone the repository named above)")
    found = articles(snapshot)
    with LABELS.open(encoding="utf-8", newline="") as src:
        labelled = list(csv.DictReader(src, delimiter="\t"))
    absent = sorted({r[k] for r in labelled for k in ("first_url", "second_url")} - set(found))
    if absent:
        sys.exit(f"newsag: {len(absent)} labelled articles are not in {snapshot}/{PATH}"
                 f" (another snapshot?), the first: {absent[0]}")  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        path = OUT / f"newsag_{part}.tsv"
        rows = [r for r in labelled if r["part"] == part]
        with path.open("w", encoding="utf-8") as dst:
            writer = csv.writer(dst, delimiter="\t", lineterminator="\n")
            writer.writerow(COLUMNS)
            for row in rows:
                (t1, d1), (t2, d2) = found[row["first_url"]], found[row["second_url"]]
                writer.writerow([t1, t2, row["first_url"], row["second_url"], d1, d2,
                                 row["label"], row["note"]])  # fmt: skip
        print(f"newsag   {len(rows)} labelled pairs -> {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
