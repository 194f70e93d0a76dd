"""Typed configuration, declared once: defaults and a line of help for every key.

`load(path)` reads `config.yaml`, checks every key and value, and resolves paths relative to the
file's own folder. With no file, the embedded defaults apply, relative to the current folder.
"""

from __future__ import annotations

import dataclasses
import math
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from digest.errors import ConfigError
from digest.models import FeedConfig as FeedConfig  # re-exported: a feed entry of config.yaml
from digest.models import address_problem, feed_url_problem, is_database_url, is_language_code
from digest.settings import ClusterConfig as ClusterConfig
from digest.settings import EmailConfig as EmailConfig
from digest.settings import FetchConfig as FetchConfig
from digest.settings import IssueConfig as IssueConfig
from digest.settings import LimitsConfig as LimitsConfig
from digest.settings import Recipient as Recipient
from digest.settings import RenderConfig as RenderConfig
from digest.settings import RunConfig as RunConfig
from digest.settings import ScheduleConfig as ScheduleConfig
from digest.settings import TranslateConfig as TranslateConfig
from digest.settings import _key


@dataclass(frozen=True)
class Config:
    database: Path = _key(
        Path("data/digest.sqlite3"),
        "SQLite database file, or a PostgreSQL address postgresql://user@host/dbname (the"
        " password from DIGEST_DB_PASSWORD, never in the file).",
    )
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
    database_url: str = ""  # set from `database` when it is a postgresql:// address; not a key

    @property
    def store(self) -> Path | str:
        """What `store.db.connect` opens: the PostgreSQL address, else the SQLite file."""
        return self.database_url or self.database

    @property
    def shared_store(self) -> bool:
        """True on PostgreSQL: runs coordinate through the database, not a lock file."""
        return bool(self.database_url)


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
NESTED: dict[str, type] = {"recipients": Recipient}  # lists of settings inside a section


_NOT_KEYS = {"source", "database_url"}


def _postgres_url(value: str, where: str) -> str:
    """A PostgreSQL address, refused when it carries a password (config files get copied,
    committed and mailed; the password belongs in DIGEST_DB_PASSWORD)."""
    if re.match(r"^[a-z]+://[^/@]*:[^/@]*@", value) or "password=" in value:
        raise ConfigError(
            f"{where}: 'database' must not hold a password; give postgresql://user@host/dbname"
            " and set DIGEST_DB_PASSWORD"
        )
    if not re.match(r"^[a-z]+://[^/]*/[A-Za-z0-9_.-]+", value):
        raise ConfigError(f"{where}: 'database' {value!r} names no database (…/dbname)")
    return value


def keys() -> list[str]:
    """Every configuration key, dotted for nested sections (for docs and their test)."""
    out: list[str] = []
    for f in dataclasses.fields(Config):
        if f.name in _NOT_KEYS:
            continue
        out.append(f.name)
        if f.name in SECTIONS:
            sep = "[]." if f.name in LISTS else "."
            back = {v: k for k, v in ALIASES.get(f.name, {}).items()}
            for g in dataclasses.fields(SECTIONS[f.name]):
                out.append(f"{f.name}{sep}{back.get(g.name, g.name)}")
                if g.name in NESTED:
                    out += [
                        f"{f.name}.{g.name}[].{h.name}" for h in dataclasses.fields(NESTED[g.name])
                    ]
    return out


def help_for(dotted: str) -> str:
    """The one-line help of a key, e.g. `help_for("cluster.min_score")`."""
    cls: type = Config
    parts = dotted.replace("[]", "").split(".")
    for part in parts[:-1]:
        cls = SECTIONS.get(part) or NESTED[part]
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
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in _NOT_KEYS}
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
        if name == "database" and cls is Config and is_database_url(value):
            values["database_url"] = _postgres_url(value, where)
        elif name in LISTS and cls is Config:
            values[name] = _feeds(value, where)
        elif name in NESTED and cls is EmailConfig:
            values[name] = _recipients(value, where)
        elif name in SECTIONS and cls is Config:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: key '{dotted}' must be a mapping of settings")
            values[name] = _build(SECTIONS[name], value, where, dotted + ".")
        elif value is None:
            continue  # an empty key keeps its default
        else:
            values[name] = _coerce(where, dotted, value, default)
    if cls is EmailConfig:  # a reader with the edition gets it as email.to's addresses do
        to = [
            *values.get("to", ()),
            *(r.address for r in values.get("recipients", ()) if r.edition),
        ]
        values["to"] = tuple(dict.fromkeys(to))
    return cls(**values)


def _recipients(value: Any, where: str) -> tuple[Recipient, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ConfigError(f"{where}: email.recipients must be a list (- address: …, watch: […])")
    found: list[Recipient] = []
    for i, item in enumerate(value):
        label = f"email.recipients[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: {label} must be a mapping with address and watch")
        reader: Recipient = _build(Recipient, item, where, label + ".")
        if not reader.address.strip():
            raise ConfigError(f"{where}: {label}.address is required")
        if any(not t.strip() or "\n" in t or "\r" in t for t in reader.watch):
            raise ConfigError(f"{where}: {label}.watch: each term must be words on one line")
        if reader.only_watched and not (reader.watch and reader.edition):
            raise ConfigError(f"{where}: {label}: only_watched needs watch terms and edition true")
        if not reader.watch and not reader.edition:
            raise ConfigError(
                f"{where}: {label}: no watch terms and edition false: nothing to send"
            )
        found.append(reader)
    return tuple(found)


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


def check_feed(feed: FeedConfig, where: str, cli: bool = False) -> None:
    """A feed needs an http(s) URL and a name; its language, if set, is an ISO 639 code.
    `cli`: the feed came from the command line, whose options the messages name."""
    url, name, lang = ("the URL", "--name", "--language") if cli else ("url", "name", "language")
    sep = ": " if cli else "."
    problem = feed_url_problem(feed.url)
    if problem:
        raise ConfigError(f"{where}{sep}{url} {problem}: {feed.url!r}")
    if not feed.name.strip():
        raise ConfigError(f"{where}{sep}{name} is required (the outlet's name)")
    if feed.language and not is_language_code(feed.language):
        raise ConfigError(
            f"{where}{sep}{lang} must be a language code (ru, en, de, kk, …), not {feed.language!r}"
        )


def _resolve(config: Any, base: Path) -> Any:
    """Every path in `config` (and its sections) made relative to `base`."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if f.name in _NOT_KEYS:
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
    readers = [r.address for r in email.recipients]
    if email.recipients and not email.sender:
        raise ConfigError(f"{where}: email.recipients is set but email.from is not: set both")
    if email.to and not email.sender:
        raise ConfigError(f"{where}: email.to is set but email.from is not: set both")
    for key, values in (("subject", [email.subject]), ("from", [email.sender]), ("to", email.to)):
        if any("\r" in v or "\n" in v for v in values):
            raise ConfigError(f"{where}: email.{key} must be one line (no line breaks)")
    for key, values in (("from", [email.sender] if email.sender else []),
                        ("recipients[].address", readers), ("to", email.to)):  # fmt: skip
        for value in values:
            if problem := address_problem(value):
                raise ConfigError(f"{where}: email.{key}: {problem}")
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
    if config.render.base_url and not re.match(r"https?://[^\s/]", config.render.base_url):
        raise ConfigError(f"{where}: render.base_url must be an http or https address, not"
                          f" {config.render.base_url!r}")  # fmt: skip
    resolved: Config = _resolve(config, base)
    _check_folders(resolved, data, where)
    return dataclasses.replace(resolved, source=path.resolve())


def _check_folders(config: Config, data: dict[str, Any], where: str) -> None:
    """A folder named in the file must be one: seeds_dir must exist (left out, a missing
    seeds/ only means no seeds), archive_dir must not be a file (it is created if missing)."""
    if "seeds_dir" in data and not config.seeds_dir.is_dir():
        what = "is a file, not a folder" if config.seeds_dir.exists() else "does not exist"
        raise ConfigError(f"{where}: seeds_dir: {config.seeds_dir} {what} (leave the key out to"
                          " collect feeds only)")  # fmt: skip
    if config.archive_dir.exists() and not config.archive_dir.is_dir():
        raise ConfigError(f"{where}: archive_dir: {config.archive_dir} is a file, not a folder")
