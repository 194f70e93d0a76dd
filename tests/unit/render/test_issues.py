"""Issues from stories: one per date, updates linked back, neighbours linked; Markdown escaping."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from digest.cluster.stories import assign
from digest.collect.seeds import load_seeds
from digest.config import ClusterConfig
from digest.models import StoredArticle
from digest.render.bilingual import TranslationInfo
from digest.render.contract import issue_json
from digest.render.issues import build_issues, build_stories
from digest.render.pages import PageContext, issue_html, issue_markdown, md_escape


def _issues(seeds_dir: Path) -> list:  # type: ignore[type-arg]
    stored = [StoredArticle(i + 1, a) for i, a in enumerate(load_seeds(seeds_dir).articles)]
    return build_issues(build_stories(stored, assign(stored, [], ClusterConfig())))


def test_one_issue_per_date_linked_in_order(seeds_dir: Path) -> None:
    issues = _issues(seeds_dir)
    assert [i.date for i in issues] == [
        "2025-10-11",
        "2025-11-12",
        "2025-12-11",
        "2026-02-05",
        "2026-02-07",
    ]
    assert issues[0].previous is None and issues[-1].next is None
    pairs = zip(issues, issues[1:], strict=False)
    assert all(a.next == b.date and b.previous == a.date for a, b in pairs)


def test_rewrite_day_carries_an_update_linking_back(seeds_dir: Path) -> None:
    issues = {i.date: i for i in _issues(seeds_dir)}
    (first,) = issues["2026-02-05"].stories
    (update,) = issues["2026-02-07"].stories
    assert first.status == "new" and update.status == "update"
    assert update.story_id == first.story_id
    assert update.first_issue == "2026-02-05"
    assert update.outlets == ("КП", "Lada.kz")
    assert update.new_sources == frozenset({"001_dc8aa74235170cf7.txt"})
    html = issue_html(issues["2026-02-07"])
    assert f'href="../2026-02-05/index.html#story-{first.story_id}"' in html
    data = issue_json(issues["2026-02-07"], TranslationInfo())
    originals = [a["original"] for a in data["stories"][0]["articles"]]
    assert originals == [True, False]


def test_markdown_escapes_source_text() -> None:
    assert md_escape("*bold* [x](javascript:y) <b>") == (r"\*bold\* \[x\]\(javascript:y\) \<b\>")
    assert md_escape("1. not a list") == r"1\. not a list"
    assert md_escape("- not a bullet\n=== nor a rule") == "\\- not a bullet\n\\=== nor a rule"


def test_html_escapes_source_text(seeds_dir: Path) -> None:
    issue = _issues(seeds_dir)[0]
    story = issue.stories[0]
    item = story.articles[0]
    hostile = replace(item.stored.article, title="<script>alert(1)</script>")
    bad_item = replace(item, stored=replace(item.stored, article=hostile))
    bad_issue = replace(issue, stories=(replace(story, articles=(bad_item,)),))
    html = issue_html(bad_issue, PageContext(site_title="<i>site</i>"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<i>site</i>" not in html
    assert "<script>" not in issue_markdown(bad_issue)


def test_a_keyword_found_only_in_the_text_is_shown_in_a_passage(seeds_dir: Path) -> None:
    stored = [StoredArticle(i + 1, a) for i, a in enumerate(load_seeds(seeds_dir).articles)]
    stories = build_stories(stored, assign(stored, [], ClusterConfig()))
    issue = next(i for i in build_issues(stories, ["газопровод"]) if i.date == "2026-02-05")
    (story,) = issue.stories
    assert story.keywords == ("газопровод",)
    assert "газопровод" not in f"{story.title['ru']} {story.summary['ru']}".lower()  # not in view
    assert "газопровод" in story.keyword_passage.lower()
    html = issue_html(issue, PageContext(site_title="Digest", info=TranslationInfo()))
    assert "<mark>газопровод</mark>" in html.lower() or "<mark>Газопровод</mark>" in html
