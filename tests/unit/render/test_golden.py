"""Golden files: the Markdown and plain text of the seed issues, as a reviewer reads them.
A change to the output shows up as a diff of tests/data/golden/. To accept a deliberate change:
`DIGEST_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/render/test_golden.py`, then review the diff."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.cluster.stories import assign
from digest.collect.seeds import load_seeds
from digest.config import ClusterConfig
from digest.models import StoredArticle
from digest.render.bilingual import TranslationInfo
from digest.render.i18n import catalog, plural_form
from digest.render.issues import build_issues, build_stories
from digest.render.pages import PageContext, feed_xml, issue_markdown, issue_text
from digest.text.meaning import of_article

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "golden"


def _issues(seeds_dir: Path) -> list:  # type: ignore[type-arg]
    articles = load_seeds(seeds_dir).articles
    stored = [StoredArticle(i + 1, a, of_article(a.title, a.body)) for i, a in enumerate(articles)]
    return build_issues(build_stories(stored, assign(stored, [], ClusterConfig())))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_seed_issues_match_the_golden_files(seeds_dir: Path, language: str) -> None:
    ctx = PageContext(info=TranslationInfo(missing=("ru-en",)), language=language)
    for issue in _issues(seeds_dir):
        for suffix, render in (("md", issue_markdown), ("txt", issue_text)):
            if language == "ru" and suffix == "md":
                continue
            path = GOLDEN / f"{issue.date}.{language}.{suffix}"
            got = render(issue, ctx)
            if os.environ.get("DIGEST_UPDATE_GOLDEN"):
                path.write_text(got, encoding="utf-8")
            assert got == path.read_text(encoding="utf-8"), f"{path.name} differs"


def test_feed_is_atom_with_every_issue(seeds_dir: Path) -> None:
    from xml.etree import ElementTree

    root = ElementTree.fromstring(feed_xml(_issues(seeds_dir)))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    links = [e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)]  # type: ignore[union-attr]
    assert links[0] == "2026-02-07/index.html" and len(links) == 5


def test_catalogs_have_the_same_keys_and_russian_has_three_plural_forms() -> None:
    en, ru = catalog("en"), catalog("ru")
    assert set(en) == set(ru)
    assert set(en["language_names"]) == set(ru["language_names"])
    for key, value in ru.items():
        if isinstance(value, dict) and key != "language_names":
            assert set(value) == {"one", "few", "many"}, key
            assert set(en[key]) == {"one", "other"}, key
    assert [plural_form("ru", n) for n in (1, 2, 5, 11, 12, 21, 22, 25, 101)] == [
        "one", "few", "many", "many", "many", "one", "few", "many", "one",
    ]  # fmt: skip
