"""HTML and Markdown from the Jinja templates in `templates/`: autoescaped, strict undefined."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from digest import __version__
from digest.render.bilingual import TranslationInfo, story_texts
from digest.render.contract import missing_note
from digest.render.issues import Issue

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LEAD_PARAGRAPHS = 2
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: object) -> str:
    """Escape Markdown and inline-HTML syntax so source text shows as plain text."""
    s = _MD_SPECIAL.sub(r"\\\1", str(text))
    s = s.replace("&", "&amp;")
    s = re.sub(r"^(\s*)(\d+)([.)])", r"\1\2\\\3", s, flags=re.MULTILINE)  # «1.» is no list
    return re.sub(r"^(\s*)([-=+])", r"\1\\\2", s, flags=re.MULTILINE)  # nor «- », «===»


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]


@lru_cache(maxsize=4)
def environment(folder: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(["html"], default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.globals.update(
        paragraphs=paragraphs,
        lead_paragraphs=LEAD_PARAGRAPHS,
        version=__version__,
    )
    return env


def _issue(template: str, issue: Issue, site_title: str, info: TranslationInfo | None) -> str:
    info = info or TranslationInfo()
    return (
        environment()
        .get_template(template)
        .render(
            issue=issue,
            site_title=site_title,
            info=info,
            note=missing_note(info) if info.missing else "",
            texts={s.story_id: story_texts(s, info) for s in issue.stories},
        )
    )


def issue_html(issue: Issue, site_title: str, info: TranslationInfo | None = None) -> str:
    return _issue("issue.html", issue, site_title, info)


def issue_markdown(issue: Issue, site_title: str, info: TranslationInfo | None = None) -> str:
    return _issue("issue.md", issue, site_title, info)


def index_html(issues: list[Issue], site_title: str) -> str:
    newest_first = sorted(issues, key=lambda i: i.date, reverse=True)
    return (
        environment().get_template("index.html").render(issues=newest_first, site_title=site_title)
    )
