"""Each story's title and summary in both languages: the original where an article was written
in that language, else the machine translation (with its engine), else nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from digest.models import Translation
from digest.render.issues import IssueStory

LANGUAGES = ("ru", "en")


@dataclass(frozen=True)
class Text:
    text: str | None
    source: str | None  # "original", an engine label such as "argos ru→en 1.9", or None
    flag: str = ""  # set when the engine's output was unusable and the original is shown
    pending: bool = False  # a model is installed, the translation waits for a later run

    @property
    def machine(self) -> bool:
        return self.source not in (None, "original")


@dataclass(frozen=True)
class TranslationInfo:
    """What the run could translate: engines used, directions with no model installed."""

    engines: tuple[str, ...] = ()
    missing: tuple[str, ...] = ("ru-en", "en-ru")
    table: Mapping[tuple[str, str], Translation] = field(default_factory=dict)
    installed: tuple[str, ...] = ()  # directions with an engine, e.g. ("ru-en",)
    pending: int = 0  # texts left for a later run (translate.max_minutes)

    @property
    def available(self) -> bool:
        return bool(self.engines)


def _pick(own: Mapping[str, str], lang: str, info: TranslationInfo) -> Text:
    if own.get(lang):
        return Text(own[lang], "original")
    for other in LANGUAGES:
        text = own.get(other)
        if other != lang and text:
            found = info.table.get((text, other))
            if found is not None:
                return Text(found.text, found.source, found.flag)
            if f"{other}-{lang}" in info.installed:
                return Text(None, None, pending=True)
    return Text(None, None)


@dataclass(frozen=True)
class StoryTexts:
    """A story's title and summary by language ("ru", "en", and the code of a story led by an
    article in neither, shown as written), and the headline to show: the lead's, as written."""

    title: dict[str, Text]
    summary: dict[str, Text]
    other: str = ""  # the language of a story with no Russian or English article

    @property
    def languages(self) -> tuple[str, ...]:
        """The columns to show: Russian and English, or the one language of a story written
        in neither (digest translates only between Russian and English)."""
        return (self.other,) if self.other else LANGUAGES

    @property
    def head(self) -> Text:
        """The headline as written (the lead article's), the same on every page; else the
        first text there is."""
        langs = [lang for lang in (*LANGUAGES, self.other) if lang]
        found = [self.title[lang] for lang in langs if self.title[lang].text]
        return next((t for t in found if t.source == "original"), found[0] if found else
                    self.title["ru"])  # fmt: skip


def story_texts(story: IssueStory, info: TranslationInfo) -> StoryTexts:
    """Titles and summaries in Russian and English (original or translated), plus the
    original of a story written in another language."""
    other = story.other_language
    texts = StoryTexts(
        title={lang: _pick(story.title, lang, info) for lang in LANGUAGES},
        summary={lang: _pick(story.summary, lang, info) for lang in LANGUAGES},
        other=other,
    )
    if other:
        texts.title[other] = Text(story.title[other], "original")
        texts.summary[other] = Text(story.summary[other], "original")
    return texts


def wanted(stories: list[IssueStory]) -> list[tuple[str, str]]:
    """The (text, language) items these stories need translated, in the order a reader needs
    them: the newest issue first, its stories by rank, titles before summaries; then older
    issues."""
    by_issue: dict[str, list[IssueStory]] = {}
    for story in stories:
        by_issue.setdefault(story.issue_date, []).append(story)
    items: list[tuple[str, str]] = []
    for day in sorted(by_issue, reverse=True):
        ranked = by_issue[day]
        for texts in ("title", "summary"):
            for story in ranked:
                items += translatable(getattr(story, texts))
    return items


def translatable(texts: Mapping[str, str]) -> list[tuple[str, str]]:
    """The (text, language) items of a story's texts that digest translates: Russian's and
    English's, Russian first."""
    return [(texts[lang], lang) for lang in LANGUAGES if texts.get(lang)]
