"""The course of a story and of a name (#21): articles and outlets per day, the first outlet and
the peak day; a name's mentions per week; the stories of an issue whose coverage is rising.
Pure: stories in, small dataclasses and inline SVG out (no script; readable without colour:
articles are bars, outlets a line with square markers, and every figure is also written in
words beside the drawing)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from digest.models import StoryArticle

CHART_DAYS = 30  # a story's chart shows at most its last 30 days
WEEKS = 12  # a name's sparkline: mentions per week over the last 12 weeks
RISING = 3  # at most three rising stories head an issue
BEFORE = 3  # coverage today is set against the mean of the three days before
RISING_MIN = 3  # articles on the day, at least, and at least twice the days before


@dataclass(frozen=True)
class Day:
    day: str
    articles: int
    outlets: int


@dataclass(frozen=True)
class Course:
    days: tuple[Day, ...]  # consecutive days, those without coverage included, oldest first
    first_outlet: str
    first_day: str
    peak: Day
    total_articles: int
    total_outlets: int
    span_days: int  # from the first day to the last, both counted
    cut: bool  # the story is older than the chart: its first days are not drawn


def outlet(item: StoryArticle) -> str:
    return item.stored.article.shown_outlet


def of_story(articles: Sequence[StoryArticle]) -> Course:
    """The course of a story from its articles (any order): each day from its first to its
    last (the last `CHART_DAYS` of them), the outlet that reported first, the busiest day."""
    ordered = sorted(articles, key=lambda i: (i.stored.article.moment, i.stored.article.source))
    per_day: dict[str, list[str]] = {}
    for item in ordered:
        per_day.setdefault(item.stored.article.day, []).append(outlet(item))
    first, last = date.fromisoformat(min(per_day)), date.fromisoformat(max(per_day))
    start = max(first, last - timedelta(days=CHART_DAYS - 1))
    days = tuple(
        Day(d, len(per_day.get(d, [])), len(set(per_day.get(d, []))))
        for d in ((start + timedelta(days=n)).isoformat() for n in range((last - start).days + 1))
    )
    counted = [Day(d, len(v), len(set(v))) for d, v in sorted(per_day.items())]
    peak = max(counted, key=lambda d: (d.articles, d.outlets))  # the first of equals
    return Course(
        days=days,
        first_outlet=outlet(ordered[0]),
        first_day=ordered[0].stored.article.day,
        peak=peak,
        total_articles=len(ordered),
        total_outlets=len({outlet(i) for i in ordered}),
        span_days=(last - first).days + 1,
        cut=start > first,
    )


def chart(course: Course, label: str) -> Markup:
    """The course as an inline SVG bar chart: articles per day as bars, outlets per day as a
    line with square markers, the peak's count written over its bar, the first and last dates
    under the axis. `label` (what it shows, in words) is its accessible name and tooltip."""
    n = len(course.days)
    width, height, top, bottom = 600, 140, 22, 22
    step = width / max(n, 1)
    scale = (height - top - bottom) / max(course.peak.articles, 1)
    base = height - bottom
    parts = [
        f'<svg class="course" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>',
        f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" class="axis"/>',
    ]
    points = []
    for i, d in enumerate(course.days):
        x = i * step
        h = d.articles * scale
        if d.articles:
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" '
                f'height="{h:.1f}" class="bar"><title>{d.day}: {d.articles} / {d.outlets}'
                "</title></rect>"
            )
        points.append((x + step / 2, base - d.outlets * scale))
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts.append(f'<polyline points="{line}" class="outlets" fill="none"/>')
    parts += [
        f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" class="marker"/>'
        for x, y in points
    ]
    peak_at = next(i for i, d in enumerate(course.days) if d.day == course.peak.day)
    px = peak_at * step + step / 2
    parts.append(
        f'<text x="{px:.1f}" y="{base - course.peak.articles * scale - 7:.1f}" '
        f'text-anchor="middle" class="peak">{course.peak.articles}</text>'
    )
    first, last = course.days[0].day, course.days[-1].day
    parts.append(f'<text x="0" y="{height - 4}" class="date">{first}</text>')
    if last != first:
        parts.append(
            f'<text x="{width}" y="{height - 4}" text-anchor="end" class="date">{last}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def weekly(days: Iterable[str], until: str, weeks: int = WEEKS) -> tuple[int, ...]:
    """How many of `days` fall in each of the `weeks` weeks ending on `until`, oldest first."""
    end = date.fromisoformat(until)
    counts = [0] * weeks
    for d in days:
        back = (end - date.fromisoformat(d)).days // 7
        if 0 <= back < weeks:
            counts[weeks - 1 - back] += 1
    return tuple(counts)


def sparkline(counts: Sequence[int], label: str) -> Markup:
    """A small inline SVG line of `counts` (oldest first) with a marker on the last week;
    `label` (the counts in words) is its accessible name and tooltip."""
    width, height = 96, 20
    step = width / max(len(counts) - 1, 1)
    high = max(max(counts), 1)
    pts = [(i * step, height - 2 - (c / high) * (height - 4)) for i, c in enumerate(counts)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    lx, ly = pts[-1]
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>"
        f'<polyline points="{line}" fill="none" class="spark-line"/>'
        f'<rect x="{lx - 2:.1f}" y="{ly - 2:.1f}" width="4" height="4" class="marker"/></svg>'
    )


@dataclass(frozen=True)
class Rise:
    story_id: str
    today: int  # articles on the day
    before: float  # mean articles a day over the `BEFORE` days before it


def rising(stories: Iterable[tuple[str, Sequence[StoryArticle]]], day: str) -> tuple[Rise, ...]:
    """The stories, of (id, articles up to `day`), whose coverage grew most on `day` against
    the days before: already covered in the week before, at least `RISING_MIN` articles on the
    day and at least twice the mean of the `BEFORE` days before. A story new today is not
    rising (the issue's first headlines show it); the largest growth first."""
    today = date.fromisoformat(day)
    window = {(today - timedelta(days=n)).isoformat() for n in range(1, BEFORE + 1)}
    week = {(today - timedelta(days=n)).isoformat() for n in range(1, 8)}
    found = []
    for sid, articles in stories:
        days = [i.stored.article.day for i in articles]
        now = days.count(day)
        before = sum(1 for d in days if d in window) / BEFORE
        if now >= RISING_MIN and now >= 2 * before and any(d in week for d in days):
            found.append(Rise(sid, now, before))
    found.sort(key=lambda r: (-(r.today - r.before), -r.today, r.story_id))
    return tuple(found[:RISING])
