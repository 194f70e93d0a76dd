"""The sections of the configuration (cluster, fetch, translate, render, email, …): each key
declared once with its default and a line of help. `digest.config` assembles them into
`Config`, loads config.yaml and checks it; import the sections from there."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
        " probability, 0..1, that two articles tell one story: the larger of the learned"
        " scorer's and the rewrite judge's).",
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
    vector_candidates: int = _key(
        5, "Across languages: the articles whose meaning is nearest also become candidates."
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
class Recipient:
    """One reader of `email.recipients`: an address, the terms they watch, and whether they
    get the daily edition too."""

    address: str = _key("", "The reader's address (required).")
    watch: tuple[str, ...] = _key(
        (),
        "Watch terms: an alert as soon as a story matches one. Every word of a term must be in"
        " the story, in any form («Токаев Газпром» finds «Токаева» and «Газпромом»; a name in"
        " either alphabet: Tokayev finds Токаев).",
    )
    edition: bool = _key(True, "Also receive the daily edition; false: alerts only.")
    only_watched: bool = _key(
        False,
        "The daily edition holds only the stories matching the watch terms (none: no edition"
        " that day).",
    )
    meaning: bool = _key(
        False,
        "Also match a term by meaning, in any language (gas supplies to Kazakhstan finds"
        " «поставки газа в Казахстан»): the term's meaning vector close to an article's.",
    )


@dataclass(frozen=True)
class EmailConfig:
    sender: str = _key("", "From address, e.g. Digest <digest@example.org> (key: email.from).")
    to: tuple[str, ...] = _key((), "Recipients of the daily edition, a list of addresses.")
    recipients: tuple[Recipient, ...] = _key(
        (),
        "Readers with their own watch terms: a list of address, watch and edition (each reader"
        " with edition true also gets the daily edition, as email.to does).",
    )
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

    @property
    def watchers(self) -> tuple[Recipient, ...]:
        """The readers who watch terms, and so get alerts."""
        return tuple(r for r in self.recipients if r.watch)

    @property
    def anyone(self) -> bool:
        """Whether any email goes out: an edition recipient or a watcher."""
        return bool(self.to or self.watchers)


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
