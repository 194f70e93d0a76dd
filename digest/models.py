"""The domain: articles, stories and issues. Small frozen dataclasses, no I/O."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr
from typing import Any, Literal
from urllib.parse import urlsplit

Language = Literal["ru", "en"]  # the languages digest translates between and shows side by side


def parse_language(value: str) -> Language:
    """A language code as digest's type; anything but ru or en is a ValueError."""
    if value == "ru":
        return "ru"
    if value == "en":
        return "en"
    raise ValueError(f"unknown language {value!r} (digest reads ru and en)")


_CODE = re.compile(r"[a-z]{2,3}")


def language_tag(value: str) -> str:
    """A language tag's first part, lower case: "de-DE" and "de_de" give "de" (unchecked)."""
    return value.strip().lower().replace("_", "-").split("-")[0]


MAX_URL = 2048


def feed_url_problem(url: str) -> str | None:
    """Why `url` cannot be a feed's address, or None: http or https, a host, a port that can
    be, no whitespace or control characters (a CR/LF would forge a log line), not too long."""
    if len(url) > MAX_URL:
        return f"is {len(url):,} characters long, over {MAX_URL:,}"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "holds a space, a line break or a control character"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return "must be an http or https address"
    try:
        parts.port  # noqa: B018 (raises on a port that cannot be)
    except ValueError:
        return "has a port that cannot be (1 to 65535)"
    if not parts.hostname:
        return "has no host"
    return None


# One address (RFC 5322 addr-spec, in its common form): no spaces, one @, a dotted domain
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")  # fmt: skip


def address_problem(value: str) -> str | None:
    """Why `value` is not one email address ("Name <a@b.example>" or "a@b.example"), or None."""
    name, address = parseaddr(value)
    if not address or not _ADDRESS.fullmatch(address) or (not name and address != value.strip()):
        return f"{value!r} is not an email address (name@example.org)"
    return None


def is_language_code(value: str) -> bool:
    """Whether `value` is a language code as digest keeps one: two or three letters a-z."""
    return bool(_CODE.fullmatch(value))


def language_code(value: str) -> str:
    """An ISO 639 code from a tag such as "de-DE" or "RU": lower case, region dropped. Articles
    in languages other than ru and en keep their own code (shown as such, not translated)."""
    code = language_tag(value)
    if not is_language_code(code):
        raise ValueError(f"{value!r} is not a language code (ru, en, de, kk, …)")
    return code


def declared_language(value: object) -> str:
    """The language code a source declares («de-DE» → «de»), or "" for none or a bad one."""
    try:
        return language_code(str(value)) if value else ""
    except ValueError:
        return ""


def is_database_url(value: object) -> bool:
    """Whether `database` names a PostgreSQL server rather than an SQLite file."""
    return isinstance(value, str) and value.startswith(("postgresql://", "postgres://"))


# The range of publication days the rest of the code can handle, checked where a date enters
# (a seed file, a feed entry, a stored row).
EARLIEST_DAY = date(1990, 1, 1)  # news before this is not what digest is for
FUTURE_DAYS = 1  # a day ahead is a time zone's difference; more is a wrong date


def day_problem(day: date, today: date | None = None) -> str | None:
    """Why `day` cannot be a publication day, or None when it can."""
    latest = (today or date.today()) + timedelta(days=FUTURE_DAYS)
    if day < EARLIEST_DAY:
        return f"date {day.isoformat()} is before {EARLIEST_DAY.isoformat()}"
    if day > latest:
        return f"date {day.isoformat()} is in the future (after {latest.isoformat()})"
    return None


FetchStatus = Literal["ok", "not_modified", "failed", "deferred"]  # one feed's fetch
SourceStatus = Literal[
    "new", "unchanged", "updated", "duplicate", "skipped",  # a seed file
    "ok", "not_modified", "failed", "deferred",  # a feed (failed: either)
]  # fmt: skip
SourceKind = Literal["seed", "feed"]
# one email to one recipient ("empty": a reader's edition held none of their watched stories)
DeliveryStatus = Literal["sent", "already", "failed", "sending", "empty"]
StoryStatus = Literal["new", "update"]  # a story in an issue: first reported, or followed up


def _help(default: Any, help: str) -> Any:
    """A field with its one line of help (config keys are documented from it)."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Article:
    """One article as collected, before it is stored.

    `source` identifies where it came from: the seed file name, or the URL for feed articles.
    `published` is ISO 8601: `YYYY-MM-DD` for seeds, a full timestamp where the source has one.
    """

    source: str
    published: str
    title: str
    body: str
    language: str  # ru, en, or another ISO 639 code (stored and shown, not translated)
    outlet: str = ""
    via: str = ""
    cites: tuple[str, ...] = ()
    author: str = ""
    url: str = ""
    title_derived: bool = False
    content_hash: str = ""
    feed_url: str = ""
    guid: str = ""
    published_estimated: bool = False  # the source gave no date: the fetch time stands in
    encoding: str = ""  # what the text was decoded from, and why ("koi8-r (declared …)")

    @property
    def shown_outlet(self) -> str:
        """The outlet's name to show: its own, else the site it came through, else its source."""
        return self.outlet or self.via or self.source

    @property
    def day(self) -> str:
        """The publication date, `YYYY-MM-DD`."""
        return self.published[:10]

    @property
    def moment(self) -> datetime:
        """When it was published, as one instant whatever zone the source wrote it in (UTC
        where it gave none; a day alone is that day's midnight UTC): what orders articles,
        since "10:15+05:00" comes before "05:30+00:00" as text but after it in time."""
        try:
            when = datetime.fromisoformat(self.published)
        except ValueError:
            return datetime.min.replace(tzinfo=UTC)
        return when if when.tzinfo else when.replace(tzinfo=UTC)


@dataclass(frozen=True)
class StoredArticle:
    """An article as it sits in the store, with its database id."""

    id: int
    article: Article
    vector: bytes | None = None  # what it means (`text.meaning`), once computed for it

    @property
    def anchor(self) -> str:
        """The article's anchor on a page: of its source, not its database id, so identical
        input gives identical pages whichever feed was stored first."""
        return hashlib.sha1(self.article.source.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Membership:
    """Why an article belongs to its story: the article it matched best and how well."""

    article_id: int
    story_id: str
    score: float
    matched_id: int | None = None
    why: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class StoryArticle:
    """An article inside a story, with the reason it joined."""

    stored: StoredArticle
    membership: Membership
    original: bool = False
    edition: str = ""  # the issue that carries it (see render.editions); its own day if empty
    late: bool = False  # it arrived after its own day's issue was emailed: carried by a later one

    @property
    def day(self) -> str:
        """The date of the issue that carries the article."""
        return self.edition or self.stored.article.day


@dataclass(frozen=True)
class Story:
    """The same event or the same source material, as carried by one or more outlets."""

    id: str
    articles: tuple[StoryArticle, ...]

    @property
    def first_day(self) -> str:
        return min(a.day for a in self.articles)

    @property
    def days(self) -> tuple[str, ...]:
        return tuple(sorted({a.day for a in self.articles}))


@dataclass(frozen=True)
class Translation:
    text: str
    source: str  # the engine label, or "original" when the output was thrown away
    flag: str = ""  # why the original was kept: empty, loop, symbols, lost-protected


@dataclass(frozen=True)
class FeedState:
    url: str
    name: str
    origin: str
    etag: str | None
    last_modified: str | None
    last_attempt: str | None
    last_success: str | None
    last_status: FetchStatus | None
    last_error: str | None
    last_warning: str | None
    retry_after: str | None
    entries_seen: int
    articles_new: int
    articles_stored: int
    disabled: bool = False  # `digest feeds disable`: listed but not fetched
    failures: int = 0  # failed fetches in a row (0 after a success)
    last_encoding: str | None = None  # e.g. "koi8-r (declared cp1251, compared with …)"


@dataclass(frozen=True)
class FeedConfig:
    url: str = _help("", "Feed address, http or https (required).")
    name: str = _help("", "The outlet's name, shown in the digest (required).")
    language: str = _help("", "ru or en; empty means detect from the text.")
    full_text: bool = _help(False, "Fetch each article's page and extract its text.")
    tags: tuple[str, ...] = _help((), "Free labels for the feed.")
    enabled: bool = _help(True, "false: listed but not fetched.")
