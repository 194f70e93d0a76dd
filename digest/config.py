"""Typed configuration, declared once: defaults and a line of help for every key.

`load(path)` reads `config.yaml`, checks every key and value, and resolves paths relative to the
file's own folder. With no file, the embedded defaults apply, relative to the current folder.
"""

from __future__ import annotations

import dataclasses
import math
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from digest.errors import ConfigError
from digest.models import FeedConfig as FeedConfig  # re-exported: a feed entry of config.yaml


def _key(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class ClusterConfig:
    window_days: int = _key(
        7, "An article may join a story whose articles lie within this many days of it."
    )
    min_score: float = _key(
        0.5,
        "Join a story when the similarity score reaches this value (same language: the"
        " learned probability, 0..1, that two articles tell one story).",
    )
    min_story_score: float = _key(
        0.3,
        "An article also needs this mean score against the story's other members (its first"
        " and latest), so look-alikes cannot chain into one story.",
    )
    min_stems: int = _key(
        20,
        "Articles with fewer distinct content-word stems than this count as short (evidence the"
        " scorer weighs).",
    )
    figure_weight: float = _key(
        0.05, "Across languages: score added for each distinctive figure two articles share."
    )
    max_figure_bonus: float = _key(
        0.25, "Across languages: upper bound on the score added for shared figures."
    )
    cross_name_weight: float = _key(
        0.7, "Across languages: weight of shared proper names (transliterated) in the score."
    )
    cross_date_weight: float = _key(
        0.05, "Across languages: score added for each day-and-month date two articles share."
    )
    candidates: int = _key(
        25, "Most articles scored in full for each new article (the best by rare shared words)."
    )
    rare_stems: int = _key(
        12, "How many of an article's rarest words are looked up to find its candidates."
    )
    max_postings: int = _key(
        32, "For each word looked up, only this many of the most recent articles are considered."
    )
    match_through: str = _key(
        "en-ru",
        "Across languages, when this model is installed: compare articles in the first language"
        " through a translation of their title and summary into the second ('' for never).",
    )


@dataclass(frozen=True)
class FetchConfig:
    concurrency: int = _key(8, "Feeds fetched at the same time.")
    per_host: int = _key(2, "Requests to one host at the same time.")
    host_delay: float = _key(0.5, "Seconds between the starts of two requests to one host.")
    connect_timeout: float = _key(10.0, "Seconds to wait for a connection.")
    read_timeout: float = _key(20.0, "Seconds to wait for the next bytes of a response.")
    total_timeout: float = _key(60.0, "Seconds one fetch may take in all, retries included.")
    max_bytes: int = _key(5_000_000, "Largest response body accepted, in bytes.")
    max_redirects: int = _key(5, "Redirects followed before giving up.")
    retries: int = _key(2, "Retries after a 429 or 503 answer (honouring Retry-After).")
    max_failures: int = _key(
        3,
        "A feed failing more runs in a row than this is reported as a health note and no"
        " longer makes the run exit 1 (exit 1 then means something new failed).",
    )
    max_retry_wait: float = _key(
        30.0, "Longest Retry-After waited for within a run; longer ones defer the feed."
    )
    user_agent: str = _key(
        "digest/0.1 (media-monitoring digest; +https://example.invalid/digest)",
        "User-Agent header sent with every request.",
    )


@dataclass(frozen=True)
class LimitsConfig:
    seed_bytes: int = _key(
        2_000_000, "Largest seed file read, in bytes; a larger file is refused with a message."
    )
    article_chars: int = _key(
        100_000,
        "Longest article text kept, in characters; a longer one is cut at a paragraph and"
        " ends with «[…]».",
    )


@dataclass(frozen=True)
class RunConfig:
    max_minutes: float = _key(
        60.0,
        "A run stops cleanly after this many minutes, keeping what is finished (0: no limit).",
    )


@dataclass(frozen=True)
class TranslateConfig:
    models_dir: Path = _key(Path("data/models"), "Folder of installed translation models.")
    pairs: tuple[str, ...] = _key(("ru-en", "en-ru"), "Directions to translate, from-to.")
    beam_size: int = _key(2, "Beam size for decoding (1 is greedy and fastest).")
    threads: int = _key(2, "CPU threads the translation engine uses.")
    batch_size: int = _key(32, "Sentences translated together in one batch.")
    full_text: bool = _key(False, "Also translate the full text of each new article.")
    backfill_days: int = _key(
        7,
        "When installed translation models (or settings that change pages) change, digest run"
        " translates and rewrites the issues of this many most recent days (digest translate"
        " --since or digest render do the rest).",
    )
    max_minutes: float = _key(
        20.0,
        "Translation time per run: the newest issue's stories first (titles, then summaries),"
        " then older ones; what is left is translated by the next run (0: no limit).",
    )
    glossary: tuple[str, ...] = _key((), "Names and terms never to translate, kept as written.")
    index_url: str = _key(
        "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json",
        "Argos package index, used only by `digest models install --index`.",
    )


@dataclass(frozen=True)
class RenderConfig:
    language: str = _key("en", "Language of the page chrome (menus, labels): en or ru.")
    keywords: tuple[str, ...] = _key(
        (), "Words that mark a story as important: highlighted, and such stories come first."
    )
    entities: bool = _key(True, "Show each story's people, organisations and places (natasha).")
    entities_top: int = _key(
        60, "Find entities for this many top stories of an issue (natasha: ~30 ms an article)."
    )
    base_url: str = _key(
        "", "Public address of the archive, for links in emails and the feed (empty: relative)."
    )


@dataclass(frozen=True)
class EmailConfig:
    sender: str = _key("", "From address, e.g. Digest <digest@example.org> (key: email.from).")
    to: tuple[str, ...] = _key((), "Recipients, a list of addresses.")
    subject: str = _key(
        "Digest {date}",
        "Subject line: {date} becomes the issue's date, {stories} its number of stories, {top}"
        " its first headline.",
    )
    smtp_host: str = _key("localhost", "SMTP server.")
    smtp_port: int = _key(25, "SMTP port (587 for STARTTLS, 465 for SSL).")
    starttls: bool = _key(False, "Upgrade the connection with STARTTLS.")
    ssl: bool = _key(False, "Connect with SSL from the start (port 465).")
    username: str = _key("", "SMTP login name; empty for none.")
    password_env: str = _key(
        "DIGEST_SMTP_PASSWORD", "Environment variable holding the SMTP password (never in here)."
    )
    retries: int = _key(3, "Attempts per recipient before reporting a failure.")
    retry_delay: float = _key(2.0, "Seconds before the first retry; doubled each time.")
    timeout: float = _key(30.0, "Seconds to wait for the SMTP server.")


@dataclass(frozen=True)
class ScheduleConfig:
    collect_every_minutes: float = _key(60.0, "digest schedule: collect feeds this often.")
    issue_at: str = _key("07:00", "digest schedule: build and send the daily issue at HH:MM.")
    timezone: str = _key("Asia/Almaty", "Time zone of issue_at, and of 'yesterday'.")
    send: bool = _key(True, "digest schedule: email the daily issue (when email.to is set).")


@dataclass(frozen=True)
class IssueConfig:
    cutoff: str = _key(
        "06:00",
        "HH:MM in schedule.timezone where one day's edition ends and the next begins: the issue"
        " of day D holds what was published from D at this time to D+1 at this time.",
    )


@dataclass(frozen=True)
class Config:
    database: Path = _key(Path("data/digest.sqlite3"), "SQLite database file.")
    database_timeout: float = _key(
        10.0, "Seconds to wait for a database another program has locked, then give up."
    )
    seeds_dir: Path = _key(Path("seeds"), "Folder of seed article files (*.txt).")
    archive_dir: Path = _key(Path("archive"), "Folder the daily issues and the index go to.")
    site_title: str = _key("Digest", "Title shown on the archive pages.")
    cluster: ClusterConfig = _key(ClusterConfig(), "Story grouping settings.")
    fetch: FetchConfig = _key(FetchConfig(), "How feeds are fetched.")
    translate: TranslateConfig = _key(TranslateConfig(), "Offline translation (argostranslate).")
    render: RenderConfig = _key(RenderConfig(), "How issues look.")
    email: EmailConfig = _key(EmailConfig(), "Sending issues by email (digest send).")
    schedule: ScheduleConfig = _key(ScheduleConfig(), "The long-running `digest schedule`.")
    issue: IssueConfig = _key(IssueConfig(), "Daily editions.")
    limits: LimitsConfig = _key(LimitsConfig(), "Limits on what one input may bring in.")
    run: RunConfig = _key(RunConfig(), "The daily run as a whole.")
    feeds: tuple[FeedConfig, ...] = _key((), "News feeds (RSS, Atom, RDF) to collect.")
    source: Path | None = None  # the file this was loaded from; not a key


SECTIONS: dict[str, type] = {
    "cluster": ClusterConfig,
    "fetch": FetchConfig,
    "translate": TranslateConfig,
    "render": RenderConfig,
    "email": EmailConfig,
    "schedule": ScheduleConfig,
    "issue": IssueConfig,
    "limits": LimitsConfig,
    "run": RunConfig,
    "feeds": FeedConfig,
}
# Keys whose name in config.yaml differs from the field ("from" is a Python keyword).
ALIASES = {"email": {"from": "sender"}}
LISTS = {"feeds"}


def keys() -> list[str]:
    """Every configuration key, dotted for nested sections (for docs and their test)."""
    out: list[str] = []
    for f in dataclasses.fields(Config):
        if f.name == "source":
            continue
        out.append(f.name)
        if f.name in SECTIONS:
            sep = "[]." if f.name in LISTS else "."
            back = {v: k for k, v in ALIASES.get(f.name, {}).items()}
            out += [
                f"{f.name}{sep}{back.get(g.name, g.name)}"
                for g in dataclasses.fields(SECTIONS[f.name])
            ]
    return out


def help_for(dotted: str) -> str:
    """The one-line help of a key, e.g. `help_for("cluster.min_score")`."""
    cls: type = Config
    parts = dotted.replace("[]", "").split(".")
    for part in parts[:-1]:
        cls = SECTIONS[part]
    leaf = ALIASES.get(parts[0], {}).get(parts[-1], parts[-1])
    for f in dataclasses.fields(cls):
        if f.name == leaf:
            return str(f.metadata.get("help", ""))
    raise KeyError(dotted)


def _coerce(where: str, name: str, value: Any, default: Any) -> Any:
    """Check `value` against the type of the default; paths come back as they are written."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: key '{name}' must be true or false, not {value!r}")
        return value
    if isinstance(default, int | float) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where}: key '{name}' must be a number, not {value!r}")
        if isinstance(default, int) and not isinstance(value, int):
            raise ConfigError(f"{where}: key '{name}' must be a whole number, not {value!r}")
        if not math.isfinite(value):
            raise ConfigError(f"{where}: key '{name}' must be a finite number, not {value!r}")
        if value < 0:
            raise ConfigError(f"{where}: key '{name}' must not be negative, not {value!r}")
        return value
    if isinstance(default, Path):
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: key '{name}' must be a path, not {value!r}")
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value):
            raise ConfigError(
                f"{where}: key '{name}' must be a path, not an address ({value.split('://')[0]}"
                ":// is not supported; give the path of a file or folder)"
            )
        return Path(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"{where}: key '{name}' must be text, not {value!r}")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: key '{name}' must be a list of text, not {value!r}")
        return tuple(value)
    raise ConfigError(f"{where}: key '{name}' has a value of an unsupported type")


def _build(cls: type, data: dict[str, Any], where: str, prefix: str) -> Any:
    aliases = ALIASES.get(prefix.rstrip("."), {})
    data = {aliases.get(k, k): v for k, v in data.items()}
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "source"}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConfigError(
            f"{where}: unknown key '{prefix}{unknown[0]}'; known keys: "
            + ", ".join(prefix + k for k in fields)
        )
    values: dict[str, Any] = {}
    for name, value in data.items():
        default = fields[name].default
        dotted = prefix + name
        if name in LISTS and cls is Config:
            values[name] = _feeds(value, where)
        elif name in SECTIONS and cls is Config:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: key '{dotted}' must be a mapping of settings")
            values[name] = _build(SECTIONS[name], value, where, dotted + ".")
        elif value is None:
            continue  # an empty key keeps its default
        else:
            values[name] = _coerce(where, dotted, value, default)
    return cls(**values)


def _feeds(value: Any, where: str) -> tuple[FeedConfig, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ConfigError(f"{where}: key 'feeds' must be a list of feeds (- url: …, name: …)")
    feeds: list[FeedConfig] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        label = f"feeds[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: {label} must be a mapping with url and name")
        feed: FeedConfig = _build(FeedConfig, item, where, label + ".")
        check_feed(feed, f"{where}: {label}")
        if feed.url in seen:
            raise ConfigError(f"{where}: {label}: feed {feed.url} is listed twice")
        seen.add(feed.url)
        feeds.append(feed)
    return tuple(feeds)


def check_feed(feed: FeedConfig, where: str) -> None:
    """A feed needs an http(s) URL and a name; its language, if set, is ru or en."""
    if not feed.url.lower().startswith(("http://", "https://")):
        raise ConfigError(f"{where}.url must be an http or https address, not {feed.url!r}")
    if not feed.name.strip():
        raise ConfigError(f"{where}.name is required (the outlet's name)")
    if feed.language not in ("", "ru", "en"):
        raise ConfigError(f"{where}.language must be ru or en, not {feed.language!r}")


def _resolve(config: Any, base: Path) -> Any:
    """Every path in `config` (and its sections) made relative to `base`."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if f.name == "source":
            continue
        if isinstance(value, Path):
            changes[f.name] = base / value
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes[f.name] = _resolve(value, base)
    return dataclasses.replace(config, **changes)


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key written twice in one mapping (the last would win
    silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


SUBJECT_FIELDS = ("date", "stories", "top")  # what email.subject may name in braces


def _check_email(config: Config, where: str) -> None:
    """Settings that would otherwise fail only when the email goes out."""
    email = config.email
    if email.to and not email.sender:
        raise ConfigError(f"{where}: email.to is set but email.from is not: set both")
    for key, values in (("subject", [email.subject]), ("from", [email.sender]), ("to", email.to)):
        if any("\r" in v or "\n" in v for v in values):
            raise ConfigError(f"{where}: email.{key} must be one line (no line breaks)")
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(email.subject) if f is not None]
    except ValueError as exc:
        raise ConfigError(f"{where}: email.subject: {exc} (write {{{{ for a brace)") from None
    for name in fields:
        if name not in SUBJECT_FIELDS:
            allowed = ", ".join(f"{{{f}}}" for f in SUBJECT_FIELDS)
            raise ConfigError(
                f"{where}: email.subject: {{{name}}} is not a placeholder (use {allowed})"
            )


def load(path: Path | None = None) -> Config:
    """Load and check a config file; `None` means the embedded defaults, relative to cwd."""
    if path is None:
        defaults: Config = _resolve(Config(), Path.cwd())
        return defaults
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{where}: config file not found (pass --config PATH)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot read config file: {exc}") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the top level must be a mapping of keys")
    config = _build(Config, data, where, "")
    base = path.resolve().parent
    for pair in config.translate.pairs:
        if pair not in ("ru-en", "en-ru"):
            raise ConfigError(f"{where}: translate.pairs: {pair!r} is not ru-en or en-ru")
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", config.issue.cutoff):
        raise ConfigError(f"{where}: issue.cutoff must be HH:MM, not {config.issue.cutoff!r}")
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", config.schedule.issue_at):
        raise ConfigError(
            f"{where}: schedule.issue_at must be HH:MM, not {config.schedule.issue_at!r}"
        )
    try:
        ZoneInfo(config.schedule.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{where}: schedule.timezone {config.schedule.timezone!r} is unknown"
        ) from None
    if config.render.language not in ("en", "ru"):
        raise ConfigError(f"{where}: render.language must be en or ru")
    if config.email.ssl and config.email.starttls:
        raise ConfigError(f"{where}: email.ssl and email.starttls cannot both be true")
    _check_email(config, where)
    if config.cluster.match_through not in ("", "ru-en", "en-ru"):
        raise ConfigError(f"{where}: cluster.match_through must be en-ru, ru-en or ''")
    resolved: Config = _resolve(config, base)
    return dataclasses.replace(resolved, source=path.resolve())
