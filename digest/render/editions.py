"""Daily editions: which issue carries each article.

The issue of day D is an edition: what was published from D at `issue.cutoff` to D+1 at the
cut-off, in `schedule.timezone` (a seed, dated by day only, belongs to its day). An edition is
*closed* once its end has passed; the morning email carries the latest closed edition. An
article that arrives after its own edition was emailed is not lost: it goes into the edition
open when it was collected, marked late.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from digest.models import StoredArticle


def _moment(stamp: str) -> datetime:
    when = datetime.fromisoformat(stamp)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def edition_of(stamp: str, zone: ZoneInfo, cutoff: time) -> str:
    """The edition a time falls in; a date without a time is that day's edition."""
    if len(stamp) <= 10:
        return stamp
    local = _moment(stamp).astimezone(zone)
    day = local.date() if local.time() >= cutoff else local.date() - timedelta(days=1)
    return day.isoformat()


def closes_at(edition: str, zone: ZoneInfo, cutoff: time) -> datetime:
    """When the edition of that day ends (the next day at the cut-off)."""
    return datetime.combine(date.fromisoformat(edition) + timedelta(days=1), cutoff, zone)


def latest_closed(editions: Iterable[str], now: datetime, zone: ZoneInfo, cutoff: time) -> str:
    """The newest of `editions` whose end has passed, or '' if none has."""
    closed = [e for e in editions if closes_at(e, zone, cutoff) <= now]
    return max(closed, default="")


CATCH_UP_DAYS = 7  # after downtime, the editions of at most the last week are mailed


def due(
    dates: Iterable[str],
    latest: str,
    first_sent: Mapping[str, str | None],
    sent: Set[tuple[str, str]],
) -> list[tuple[str, list[str]]]:
    """The editions to email now, oldest first, each with its recipients. `latest`: the newest
    closed edition; `first_sent`: by recipient, the first edition ever sent them (None: none);
    `sent`: the (edition, recipient) pairs already delivered. A recipient gets every edition from
    their first, within `CATCH_UP_DAYS` of the latest, not yet sent them (catching up after
    downtime, or a start after `issue_at`); a recipient never sent one, the latest only (a new
    reader is not sent the archive)."""
    oldest = (date.fromisoformat(latest) - timedelta(days=CATCH_UP_DAYS - 1)).isoformat()
    out: list[tuple[str, list[str]]] = []
    for day in sorted(d for d in set(dates) if oldest <= d <= latest):
        todo = [
            r for r, first in first_sent.items()
            if (day == latest or (first is not None and day >= first)) and (day, r) not in sent
        ]  # fmt: skip
        if todo:
            out.append((day, todo))
    return out


def assign(
    stored: Iterable[StoredArticle],
    collected: Mapping[int, str],
    sent: Mapping[str, str],
    zone: ZoneInfo,
    cutoff: time,
) -> dict[int, tuple[str, bool]]:
    """By article id: (the edition that carries it, whether it came late). `collected`: when
    each article was stored; `sent`: when each edition was first emailed."""
    out: dict[int, tuple[str, bool]] = {}
    for s in stored:
        own = edition_of(s.article.published, zone, cutoff)
        mailed, arrived = sent.get(own), collected.get(s.id)
        if mailed and arrived and _moment(arrived) > _moment(mailed):
            later = max(edition_of(arrived, zone, cutoff), own)
            if later == own:  # collected in its own edition's time, after a manual send
                later = (date.fromisoformat(own) + timedelta(days=1)).isoformat()
            out[s.id] = (later, True)
        else:
            out[s.id] = (own, False)
    return out
