"""Builds the team's Russian-English development pairs from the WMT22 and WMT23 news test sets.

    python -m lab.wmt [WMT22_SNAPSHOT WMT23_SNAPSHOT]   # writes lab/out/wmt_{train,heldback}.tsv

The articles: every news document whose original language is Russian in `xml/wmttest2022.ru-en.
all.xml` (80) and `xml/wmttest2023.ru-en.all.xml` (54) of the public repositories
wmt-conference/wmt22-news-systems and wmt-conference/wmt23-news-systems (the shared tasks' test
sets: Russian news of 2021-2023 with their professional English translation, reference A). A
document's first segment is its headline, the rest its text. The snapshots are the tool
library's by default (`fetch github:wmt-conference/wmt22-news-systems`); the texts are read
from them, never copied into this project.

The pairs, in the format of `../shared/eval/dedup`, first article Russian, second English,
labelled by construction:
- OK: a Russian article and its own English version;
- BAD: the Russian article and the English version of the other document sharing the most
  names with it (name keys transliterated, `text.words.name_forms`; ties to the nearest in the
  file), so the two-story pairs are the hard ones: one country, one person, another event.

This is the kind of the issue's held-out cross-language set, built from other years: WMT21
(newstest2021) is that held-out set and is never read here. The `part` is chosen by a hash of
the document id, and a two-story partner is drawn from its document's part, so no document is
in both: `train` may be used to fit the cross-language calibration, `heldback` never.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

from digest.text.words import name_forms

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "lab" / "out"
MIRROR = Path("/work/.mirror")
SNAPSHOTS = (
    (MIRROR / "wmt-conference+wmt22-news-systems/repo", "xml/wmttest2022.ru-en.all.xml"),
    (MIRROR / "wmt-conference+wmt23-news-systems/repo", "xml/wmttest2023.ru-en.all.xml"),
)
COLUMNS = ["INPUT:first_title", "INPUT:second_title", "INPUT:first_url", "INPUT:second_url",
           "INPUT:first_text", "INPUT:second_text", "GOLDEN:quality", "HINT:text"]  # fmt: skip
HELD_BACK_SHARE = 50  # percent of documents held back


Document = tuple[str, tuple[str, str], tuple[str, str]]  # id, (ru title, text), (en title, text)


def _side(element: ET.Element | None) -> tuple[str, str]:
    segments = [s.text or "" for s in element.iter("seg")] if element is not None else []
    return (
        (segments[0].strip(), " ".join(s.strip() for s in segments[1:])) if segments else ("", "")
    )


def documents(snapshot: Path, path: str) -> list[Document]:
    """The news documents of one test set whose original is Russian."""
    done = subprocess.run(
        ["git", f"--git-dir={snapshot}", "show", f"HEAD:{path}"], capture_output=True, check=True
    )
    found = []
    for doc in ET.fromstring(done.stdout).iter("doc"):
        if doc.get("domain") != "news" or doc.get("origlang") != "ru":
            continue
        ru, en = _side(doc.find("src")), _side(doc.find("ref"))
        if ru[1] and en[1]:
            found.append((f"{path.split('/')[-1].split('.')[0]}:{doc.get('id')}", ru, en))
    return found


def pairs(docs: list[Document]) -> list[tuple[Document, Document, bool]]:
    """Each document with its own translation (one story), and with the English of the other
    document sharing the most name keys with it (two stories)."""
    names = [frozenset(name_forms(" ".join(ru))) for _, ru, _ in docs]
    out = []
    for i, doc in enumerate(docs):
        out.append((doc, doc, True))
        shared = [(len(names[i] & names[j]), -abs(i - j), j) for j in range(len(docs)) if j != i]
        out.append((doc, docs[max(shared)[2]], False))
    return out


def part(doc_id: str) -> str:
    return "heldback" if zlib.crc32(doc_id.encode()) % 100 < HELD_BACK_SHARE else "train"


def main() -> None:
    snapshots = [Path(a) for a in sys.argv[1:3]] or [s for s, _ in SNAPSHOTS]
    docs = [d for (_, path), snap in zip(SNAPSHOTS, snapshots, strict=True)
            for d in documents(snap, path)]  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[list[str]]] = {"train": [], "heldback": []}
    for where, found in rows.items():  # the partner is drawn from the document's own part
        for first, second, same in pairs([d for d in docs if part(d[0]) == where]):
            found.append([first[1][0], second[2][0], f"wmt:{first[0]}:ru", f"wmt:{second[0]}:en",
                          first[1][1], second[2][1], "OK" if same else "BAD", ""])  # fmt: skip
    for name, found in rows.items():
        target = OUT / f"wmt_{name}.tsv"
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(found)
        same = sum(r[6] == "OK" for r in found)
        print(f"wmt      {len(found)} pairs ({same} one story) -> {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
