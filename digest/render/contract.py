"""The JSON contract: `archive/index.json` and `archive/<date>/digest.json`.

Other tools read these files; keep them stable and keep docs/JSON.md in step. Fields are only
ever added. A translation that is not available is `null`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from digest import __version__
from digest.models import StoryArticle
from digest.render.bilingual import Text, TranslationInfo, story_texts
from digest.render.course import Course
from digest.render.entities import Entities
from digest.render.i18n import Strings
from digest.render.issues import Issue, IssueStory

SCHEMA_VERSION = 2  # 2 (2026-12-07, #22): an issue lists a story's articles bounded (`shown`)


def article_json(item: StoryArticle, story: IssueStory) -> dict[str, Any]:
    a = item.stored.article
    return {
        "source": a.source,
        "outlet": a.outlet,
        "via": a.via,
        "cites": list(a.cites),
        "author": a.author,
        "url": a.url,
        "published": a.published,
        "title": a.title,
        "title_derived": a.title_derived,
        "language": a.language,
        "in_this_issue": item.day == story.issue_date,
        "late": item.late,
        "original": item.original,
        "why": story.why.get(item.stored.id, item.membership.why),
    }


def _both(texts: dict[str, Text]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lang, t in texts.items():
        out[lang] = t.text
        out[f"{lang}_source"] = t.source
        if t.flag:
            out[f"{lang}_flag"] = t.flag
    return out


def story_json(
    story: IssueStory, info: TranslationInfo, entities: Mapping[str, Entities] | None = None
) -> dict[str, Any]:
    texts = story_texts(story, info)
    found = (entities or {}).get(story.story_id)
    return {
        "id": story.story_id,
        "status": story.status,
        "first_issue": story.first_issue,
        "title": _both(texts.title),
        "summary": _both(texts.summary),
        "keywords": list(story.keywords),
        "entities": found.as_dict() if found is not None else None,
        "outlets": list(story.outlets),
        "articles": [article_json(a, story) for a in story.shown],
        "earlier_articles": story.earlier,
        "figures_differ": [
            {"about": d.about, "figures": [{"outlet": o, "figure": f} for o, f in d.figures]}
            for d in story.figures_differ
        ],
    }


def translation_json(info: TranslationInfo) -> dict[str, Any]:
    out: dict[str, Any] = {
        "available": info.available,
        "engines": list(info.engines),
        "missing": list(info.missing),
    }
    if info.missing:
        out["note"] = missing_note(info)
    return out


def missing_note(info: TranslationInfo, s: Strings | None = None) -> str:
    """What is missing for want of a model, in the page's language (`s`; English without)."""
    s = s or Strings("en")
    if not info.engines:
        return s.t("note_no_model")
    return s.t("note_missing", pairs=", ".join(p.replace("-", "→") for p in info.missing))


def issue_json(
    issue: Issue, info: TranslationInfo, entities: Mapping[str, Entities] | None = None
) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "generator": f"digest {__version__}",
        "date": issue.date,
        "previous": issue.previous,
        "next": issue.next,
        "translation": translation_json(info),
        "stories": [story_json(s, info, entities) for s in issue.stories],
        "rising": [
            {"story_id": r.story_id, "articles_today": r.today, "daily_before": round(r.before, 2)}
            for r in issue.rising
        ],
    }


def course_json(shape: Course) -> dict[str, Any]:
    """A story's course (`render.course`): its days, first outlet and peak."""
    return {
        "first_outlet": shape.first_outlet,
        "first_day": shape.first_day,
        "peak_day": shape.peak.day,
        "articles": shape.total_articles,
        "outlets": shape.total_outlets,
        "days": [{"day": d.day, "articles": d.articles, "outlets": d.outlets} for d in shape.days],
    }


def index_json(issues: list[Issue], title: str) -> dict[str, Any]:
    newest_first = sorted(issues, key=lambda i: i.date, reverse=True)
    return {
        "schema": SCHEMA_VERSION,
        "generator": f"digest {__version__}",
        "title": title,
        "issues": [
            {
                "date": i.date,
                "html": f"{i.date}/index.html",
                "markdown": f"{i.date}/digest.md",
                "json": f"{i.date}/digest.json",
                "stories": len(i.stories),
                "new_stories": sum(1 for s in i.stories if s.status == "new"),
                "updates": sum(1 for s in i.stories if s.status == "update"),
                "articles": i.article_count,
            }
            for i in newest_first
        ],
    }
