"""The project speaks of itself by dates, issue numbers and reasons (#20): no tracked file names a
work period by its ordinal (the diary's "ninth …"), and the word such a diary uses for one
survives only in its technical senses (a database's, a pytest fixture's scope, an SMTP
exchange's). docs/BENCHMARKS.md states today's figures and decisions in under 400 lines."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORDINALS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"last|previous|next|this|that|\d+(?:st|nd|rd|th)"
)
# The diary's word, spelt in two pieces so that this file does not name it itself
WORD = "sess" + "ion"
WORK_PERIOD = re.compile(rf"\b(?:{ORDINALS})(?:[\s-]+work)?[\s-]+{WORD}s?\b", re.IGNORECASE)
# where the word means what a library means by it: a database's, a test run's, an SMTP exchange's
TECHNICAL = re.compile(
    rf"database {WORD}|advisory locks?|scope=\"{WORD}\"|{WORD}: Any|killed {WORD}|{WORD} holds",
    re.IGNORECASE,
)


def _tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    files = [ROOT / name for name in listed.split("\0") if name]
    binary = {".png", ".gz", ".ico"}
    here = Path(__file__).resolve()  # this test names what it looks for
    return [p for p in files if p.is_file() and p.suffix not in binary and p != here]


def test_no_work_period_is_named_anywhere() -> None:
    found: list[str] = []
    for path in _tracked_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
            if WORK_PERIOD.search(line):
                found.append(where)
            elif WORD in line.lower() and not TECHNICAL.search(line):
                found.append(where)
    assert not found, "\n".join(found)


def test_the_benchmarks_document_states_today_in_under_400_lines() -> None:
    text = (ROOT / "docs" / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 400
    assert "## Today's figures" in text
