"""Alerts (#21): a watcher (`email.recipients[]` with `watch` terms) is emailed as soon as a
collected article starts or joins a story that matches one of their terms: at most one alert
per story per watcher per day (in `schedule.timezone`), and only when the story holds an
article they were not yet alerted to. The ledger (`store.alerts`) makes each go out once, as
the editions do: a rerun, or a restarted `digest schedule`, sends nothing twice.

Only news counts: an article collected in the last `ALERT_HOURS` and published on this day or
the day before, so a first run over a feed's months of history alerts to none of them."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from html import escape
from typing import TypeVar
from zoneinfo import ZoneInfo

import numpy as np

from digest.config import EmailConfig, Recipient
from digest.deliver.email import Delivery, Sender, deliver, envelope
from digest.models import DeliveryStatus, StoredArticle
from digest.store import alerts as ledger
from digest.store import sends, vectors
from digest.store.backend import Connection
from digest.text.meaning import ENCODER, encode, unpack
from digest.text.watch import Hit, matches, seen

S = TypeVar("S")
ALERT_HOURS = 24
RECENT_DAYS = 2  # published today or yesterday
STORY_ARTICLES = 20  # a story is matched on its newest articles
# By meaning: a term's vector this close to an article's (`python -m lab.watch`: three words of
# an English headline against its Russian article; chosen on lab/out/wmt_train.tsv, recall
# 0.409, no other article matched; held back: recall 0.235, 0.0009 of the others matched)
WATCH_NEAR = 0.35
ARTICLE_CHARS = 20_000  # of each, as the names are found

WORDS = {
    "en": {"subject": "Alert: {head}", "outlets": "Outlets", "articles": "articles",
           "why": "Matched your watch", "latest": "Latest", "story": "Story page"},
    "ru": {"subject": "Сигнал: {head}", "outlets": "Издания", "articles": "статей",
           "why": "Совпало с вашим списком", "latest": "Последняя", "story": "Страница сюжета"},
}  # fmt: skip


@dataclass(frozen=True)
class Alert:
    recipient: str
    story_id: str
    headline: str  # the newest article's
    outlets: tuple[str, ...]  # in the order they reported
    articles: int
    hits: tuple[Hit, ...]
    newest: StoredArticle  # the latest stored: what the ledger records as sent up to
    message_id: str = ""  # of an alert tried today and not yet sent: a retry reuses it


@dataclass(frozen=True)
class AlertReport:
    sent: tuple[tuple[Alert, Delivery], ...]


def _by_meaning(
    reader: Recipient, terms: dict[str, np.ndarray], articles: Sequence[StoredArticle],
    by_words: tuple[Hit, ...],
) -> tuple[Hit, ...]:  # fmt: skip
    """The reader's terms not matched by their words whose meaning is within `WATCH_NEAR` of
    one of the articles' (their stored vectors)."""
    known = [unpack(s.vector) for s in articles if s.vector is not None]
    if not reader.meaning or not known:
        return ()
    said = {h.term for h in by_words}
    near = [(t, max(float(terms[t] @ v) for v in known)) for t in reader.watch if t not in said]
    return tuple(Hit(t, (), round(c, 2)) for t, c in near if c >= WATCH_NEAR)


def matching(
    watchers: Sequence[Recipient], stories: dict[str, list[StoredArticle]]
) -> list[tuple[Recipient, str, tuple[Hit, ...]]]:
    """Each (watcher, story, hits) where the story's newest articles match a watch term, by
    its words, or by meaning for a reader who asks for it (`Recipient.meaning`: the articles'
    `vector`s must be given)."""
    asked = sorted({t for r in watchers if r.meaning for t in r.watch})
    terms = dict(zip(asked, encode(asked), strict=True)) if asked else {}
    found = []
    for sid, articles in sorted(stories.items()):
        newest = articles[-STORY_ARTICLES:]
        text = seen(
            "\n".join(f"{s.article.title}\n{s.article.body[:ARTICLE_CHARS]}" for s in newest)
        )
        for reader in watchers:
            hits = matches(reader.watch, text)
            hits += _by_meaning(reader, terms, newest, hits)
            if hits:
                found.append((reader, sid, hits))
    return found


def with_vectors(
    conn: Connection, stories: dict[str, list[StoredArticle]]
) -> dict[str, list[StoredArticle]]:
    """The stories with their articles' meaning vectors, where made."""
    ids = [s.id for articles in stories.values() for s in articles[-STORY_ARTICLES:]]
    found = vectors.of(conn, ENCODER, ids)
    return {sid: [replace(s, vector=found.get(s.id)) for s in articles]
            for sid, articles in stories.items()}  # fmt: skip


def watched(
    conn: Connection, reader: Recipient, stories: Sequence[S],
    articles_of: Callable[[S], list[StoredArticle]], story_id: Callable[[S], str],
) -> tuple[S, ...]:  # fmt: skip
    """The `stories` (of any kind: an issue's) that match the reader's watch terms, in order:
    a reader's edition with `only_watched`."""
    by_id = {story_id(s): articles_of(s) for s in stories}
    hits = {sid for _, sid, _ in matching([reader], with_vectors(conn, by_id))}
    return tuple(s for s in stories if story_id(s) in hits)


def nothing_watched(conn: Connection, date: str, recipient: str) -> Delivery:
    """No story of the edition of `date` matches the reader's terms: nothing is sent, and the
    ledger says so (`empty`), so the edition is not due to them again."""
    sends.record(conn, date, recipient, "empty", "")
    return Delivery(recipient, "empty")


def due(cfg: EmailConfig, conn: Connection, zone: str, now: datetime) -> list[Alert]:
    """The alerts to send now, story by story."""
    if not cfg.watchers:
        return []
    today = now.astimezone(ZoneInfo(zone)).date()
    since = (now - timedelta(hours=ALERT_HOURS)).astimezone(UTC).isoformat(timespec="seconds")
    first_day = (today - timedelta(days=RECENT_DAYS - 1)).isoformat()
    recent = ledger.articles_of(conn, ledger.recent_stories(conn, since, first_day))
    stories = with_vectors(conn, recent)
    out = []
    for reader, sid, hits in matching(cfg.watchers, stories):
        articles = stories[sid]
        newest = max(articles, key=lambda s: s.id)
        sent_up_to, days = ledger.ledger(conn, sid, reader.address)
        status, message_id = days.get(today.isoformat(), ("", ""))
        if newest.id <= sent_up_to or status == "sent":
            continue  # nothing new since their last alert, or one went out today already
        latest = max(articles, key=lambda s: (s.article.moment, s.id))
        outlets = tuple(dict.fromkeys(s.article.shown_outlet for s in articles))
        out.append(Alert(reader.address, sid, latest.article.title, outlets, len(articles),
                         hits, newest, message_id))  # fmt: skip
    return out


def message(
    cfg: EmailConfig, alert: Alert, message_id: str, language: str, base_url: str
) -> EmailMessage:
    """The alert: the story's newest headline, its outlets, why it matched, the latest article
    and, with `render.base_url`, the story page."""
    w = WORDS.get(language, WORDS["en"])
    latest = alert.newest.article
    page = f"{base_url.rstrip('/')}/stories/{alert.story_id}.html" if base_url else ""
    facts = [
        f"{w['outlets']}: {', '.join(alert.outlets)} · {w['articles']}: {alert.articles}",
        f"{w['why']}: " + "; ".join(h.said() for h in alert.hits),
        f"{w['latest']}: {latest.shown_outlet}, {latest.published}: {latest.title}"
        + (f" <{latest.url}>" if latest.url else ""),
    ]
    text = "\n".join([alert.headline, "", *facts, *([f"{w['story']}: {page}"] if page else [])])
    html = "".join(
        [f"<h2>{escape(alert.headline)}</h2>", *(f"<p>{escape(f)}</p>" for f in facts)]
        + ([f'<p><a href="{escape(page)}">{escape(w["story"])}</a></p>'] if page else [])
    )
    subject = w["subject"].format(head=alert.headline)
    return envelope(cfg, alert.recipient, subject, text + "\n",
                    f"<!doctype html><html><body>{html}</body></html>", message_id)  # fmt: skip


def send(
    cfg: EmailConfig, conn: Connection, sender: Sender, zone: str, language: str = "en",
    base_url: str = "", now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> AlertReport:  # fmt: skip
    """Send every alert `due`, each once: `sending` recorded first, `sent` on acceptance."""
    now = now or datetime.now(UTC)
    day = now.astimezone(ZoneInfo(zone)).date().isoformat()
    out = []
    for alert in due(cfg, conn, zone, now):
        mid = alert.message_id or make_msgid(idstring=f"digest.alert.{alert.story_id}")

        def record(status: DeliveryStatus, attempts: int, error: str, a: Alert = alert,
                   m: str = mid) -> None:  # fmt: skip
            ledger.record(conn, a.story_id, a.recipient, day, a.newest.id, status, m,
                          attempts, error)  # fmt: skip

        record("sending", 0, "")
        msg = message(cfg, alert, mid, language, base_url)
        out.append((alert, deliver(cfg, alert.recipient, msg, sender, sleep, record)))
    return AlertReport(tuple(out))
