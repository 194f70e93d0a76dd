"""The one place where the stages meet: collect → store → cluster → render → archive.

Each stage commits on its own, so a run that stops part-way leaves every finished stage in
place and the next run picks up from there. Re-running is always safe.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from itertools import chain

from digest import lock
from digest.cluster.stories import assign
from digest.collect.fetch import Fetcher, make_client
from digest.collect.intake import CollectReport as CollectReport  # re-exported for callers
from digest.collect.intake import SourceOutcome as SourceOutcome
from digest.collect.intake import all_feeds as all_feeds
from digest.collect.intake import collect
from digest.collect.meaning import MeaningReport as MeaningReport  # re-exported for callers
from digest.collect.meaning import make_vectors
from digest.config import Config
from digest.deliver import alerts
from digest.deliver.archive import ArchiveResult, read_text, write_files
from digest.deliver.email import Delivery, Sender, SmtpSender, send_issue
from digest.models import StoredArticle
from digest.render import browse, editions, pages, search
from digest.render.bilingual import TranslationInfo, translatable, wanted
from digest.render.context import STATE_FILE, failing_feeds, page_context, render_state
from digest.render.issues import Issue, IssueStory
from digest.render.stored import choose_issue as choose_issue  # re-exported for callers
from digest.render.stored import due as due
from digest.render.stored import issues as issues  # re-exported for callers
from digest.render.stored import preview_send as preview_send
from digest.render.stored import zone_cutoff
from digest.store import claims, db, vectors
from digest.store.backend import Connection
from digest.text.meaning import ENCODER
from digest.translate.base import Engine
from digest.translate.cache import OTHER, cached_only, translate_all
from digest.translate.engines import engines
from digest.translate.pivots import pivots


@dataclass(frozen=True)
class ClusterReport:
    assigned: int
    days: frozenset[str]  # publication days of the articles assigned: the issues that change


@dataclass(frozen=True)
class RenderReport:
    issues: list[Issue]
    archive: ArchiveResult
    translation: TranslationInfo
    translated: int  # texts the engines translated in this run (the rest came from the cache)


@dataclass(frozen=True)
class Plan:
    """Which stages a run does. `date`: the issue to render or send (default: the issues that
    changed, and the newest for sending); `rebuild`: render every issue, not only the changed."""

    collect: bool = False
    cluster: bool = False
    render: bool = False
    send: bool = False
    date: str | None = None
    rebuild: bool = False
    since: str | None = None  # render (and translate, with no time limit) issues from this day
    alert: bool = False  # email the watchers' alerts due (after grouping)


@dataclass(frozen=True)
class SendReport:
    """Each edition emailed, oldest first, with its deliveries (none: nothing was due)."""

    editions: tuple[tuple[str, tuple[Delivery, ...]], ...]

    @property
    def date(self) -> str | None:
        """The newest edition emailed, if any."""
        return self.editions[-1][0] if self.editions else None

    @property
    def deliveries(self) -> tuple[Delivery, ...]:
        return tuple(d for _, sent in self.editions for d in sent)


@dataclass(frozen=True)
class RunReport:
    """What each stage of the run did (None: the stage was not in the plan)."""

    collect: CollectReport | None = None
    meaning: MeaningReport | None = None
    quarantine: QuarantineReport | None = None
    cluster: ClusterReport | None = None
    render: RenderReport | None = None
    send: SendReport | None = None
    alert: alerts.AlertReport | None = None
    stopped: str = ""  # why the run stopped before the end of its plan, if it did


@dataclass(frozen=True)
class QuarantineReport:
    """Stored rows set aside this run because later stages cannot handle them."""

    rows: tuple[db.Quarantined, ...]


def cluster(
    config: Config, conn: Connection, engine_map: dict[str, Engine] | None = None
) -> ClusterReport:
    """Assign every article not yet in a story, comparing it with the stored articles inside
    the window around it (only those are read)."""
    pending = _with_vectors(conn, db.unclustered(conn))
    if not pending:
        return ClusterReport(0, frozenset())
    window = timedelta(days=config.cluster.window_days)
    first = date.fromisoformat(min(s.article.day for s in pending)) - window
    last = date.fromisoformat(max(s.article.day for s in pending)) + window
    nearby = _with_vectors(conn, db.clustered_between(conn, first.isoformat(), last.isoformat()))
    story_of = db.story_ids(conn, [s.id for s in nearby])
    existing = [(s, story_of[s.id]) for s in nearby]
    through = pivots(config, conn, [*pending, *nearby], engine_map or {})
    memberships = assign(pending, existing, config.cluster, pivots=through)
    assigned = db.save_memberships(conn, memberships)
    zone, cutoff = zone_cutoff(config)
    now = datetime.now(UTC).isoformat()  # a late article goes into the edition open now
    days = {editions.edition_of(s.article.published, zone, cutoff) for s in pending}
    return ClusterReport(assigned, frozenset(days | {editions.edition_of(now, zone, cutoff)}))


def _with_vectors(conn: Connection, stored: list[StoredArticle]) -> list[StoredArticle]:
    """`stored` with each article's meaning vector, where made (`collect.meaning`)."""
    found = vectors.of(conn, ENCODER, [s.id for s in stored])
    return [replace(s, vector=found.get(s.id)) for s in stored]


def translate(
    config: Config, conn: Connection, stories: list[IssueStory],
    engine_map: dict[str, Engine] | None = None, progress: Callable[[int, int], None] | None = None,
) -> tuple[TranslationInfo, int]:  # fmt: skip
    """Translate what `stories` need (titles, summaries; full texts if configured)."""
    if engine_map is None:
        engine_map = engines(config)
    items = wanted(stories)
    if config.translate.full_text:
        items += [
            (a.stored.article.body, a.stored.article.language)
            for s in stories
            for a in s.articles
            if a.stored.article.source in s.new_sources
        ]
    minutes = config.translate.max_minutes
    deadline = time.monotonic() + minutes * 60 if minutes > 0 else None
    table, fresh = translate_all(
        items, engine_map, conn, config.translate.glossary, deadline=deadline, progress=progress
    )
    labels = tuple(sorted(e.label for e in engine_map.values()))
    needed = {f"{lang}-{OTHER[lang]}" for _, lang in items}
    missing = sorted(p for p in needed if p not in engine_map and p in config.translate.pairs)
    pending = sum(
        1 for text, lang in set(items)
        if f"{lang}-{OTHER[lang]}" in engine_map and (text, lang) not in table and text.strip()
    )  # fmt: skip
    info = TranslationInfo(labels, tuple(missing), table, tuple(sorted(engine_map)), pending)
    return info, fresh


def _with_cached_titles(
    info: TranslationInfo, all_issues: list[Issue], engine_map: dict[str, Engine], conn: Connection
) -> TranslationInfo:
    """`info` plus the stored translations of every story's title, so that the index, the
    search page and the story pages show the same headlines whichever issues this run wrote.
    Only the cache is read: nothing new is translated."""
    titles = [item for i in all_issues for st in i.stories for item in translatable(st.title)]
    return replace(info, table={**cached_only(titles, engine_map, conn), **info.table})


def render(
    config: Config, conn: Connection, date: str | None = None,
    engine_map: dict[str, Engine] | None = None, changed: frozenset[str] | None = None,
    since: str | None = None, progress: Callable[[int, int], None] | None = None,
) -> RenderReport:  # fmt: skip
    """Translate and write the archive, then the index: the issue of `date` with its
    neighbours; or, given `changed` days, those and any issue missing from the archive;
    otherwise every issue."""
    all_issues = issues(conn, config.render.keywords, config)
    engine_map = engine_map if engine_map is not None else engines(config)
    health = failing_feeds(conn, config.fetch.max_failures)
    state = render_state(config, [f"{p}: {e.label}" for p, e in engine_map.items()], health)
    dates: set[str] | None = None if date is None else {date}
    if since is not None:
        dates = {i.date for i in all_issues if i.date >= since}
    elif date is None and changed is not None:
        dates = set(changed) | {
            i.date for i in all_issues
            if not (config.archive_dir / i.date / "digest.json").exists()
        }  # fmt: skip
        if read_text(config.archive_dir / STATE_FILE) != state:  # settings or models changed
            dates |= pages.recent_dates(all_issues, config.translate.backfill_days)
    chosen = pages.dates_to_write(all_issues, dates)
    stories = [s for i in all_issues if i.date in chosen for s in i.stories]
    info, fresh = translate(config, conn, stories, engine_map, progress)
    every = browse.appearances(all_issues)
    latest = [a.story for a in every.values()]
    info = _with_cached_titles(info, all_issues, engine_map, conn)
    ctx = page_context(config, conn, stories, info, latest, health)
    search.update_index(conn)
    files = browse.archive_files(all_issues, ctx, dates, every)
    if date is None and since is None:  # every issue written, or every one the state affects
        files = chain(files, [(STATE_FILE, state)])
    result = write_files(config.archive_dir, files)
    return RenderReport(all_issues, result, info, fresh)


def _send_one(
    config: Config, conn: Connection, issue: Issue, sender: Sender,
    engine_map: dict[str, Engine] | None, recipients: list[str] | None = None,
) -> list[Delivery]:  # fmt: skip
    """The issue to `recipients` (all when None); a reader with `only_watched` gets the
    stories matching their watch terms, or nothing that day (`alerts.watched`)."""
    todo = list(recipients or config.email.to)
    narrow = {r.address: r for r in config.email.recipients if r.only_watched}
    out = _mail(config, conn, issue, sender, engine_map, [r for r in todo if r not in narrow])
    for address in (r for r in todo if r in narrow):
        kept = alerts.watched(conn, narrow[address], issue.stories,
                              lambda s: [a.stored for a in s.articles],
                              lambda s: s.story_id)  # fmt: skip
        out += (_mail(config, conn, replace(issue, stories=kept), sender, engine_map, [address])
                if kept else [alerts.nothing_watched(conn, issue.date, address)])  # fmt: skip
    return out


def _mail(
    config: Config, conn: Connection, issue: Issue, sender: Sender,
    engine_map: dict[str, Engine] | None, recipients: list[str],
) -> list[Delivery]:  # fmt: skip
    if not recipients:
        return []
    info, _ = translate(config, conn, list(issue.stories), engine_map)
    ctx = page_context(config, conn, list(issue.stories), info)
    text = pages.issue_text(issue, ctx)
    html = pages.issue_email_html(issue, ctx)
    first = issue.stories[0] if issue.stories else None
    fields = {"stories": len(issue.stories), "top": first.original_title if first else ""}
    return send_issue(conn, config.email, issue.date, text, html, sender,
                      recipients=recipients, fields=fields)  # fmt: skip


def send(
    config: Config,
    conn: Connection,
    sender: Sender,
    date: str | None = None,
    engine_map: dict[str, Engine] | None = None,
    all_issues: list[Issue] | None = None,
    now: datetime | None = None,
) -> SendReport:
    """Email the issue of `date` to every recipient not yet sent it; without `date`, every
    edition `due`, oldest first (catching up after downtime).
    `all_issues` spares reading the store again when the caller has just built them."""
    if all_issues is None:
        all_issues = issues(conn, config.render.keywords, config)
    if date is not None:
        issue = choose_issue(config, all_issues, date, now)
        if issue is None:
            return SendReport(())
        return SendReport(
            ((issue.date, tuple(_send_one(config, conn, issue, sender, engine_map))),)
        )
    return SendReport(tuple(
        (issue.date, tuple(_send_one(config, conn, issue, sender, engine_map, todo)))
        for issue, todo in due(config, conn, all_issues, now)
    ))  # fmt: skip


# ---- the run: which stages, in what order, with what ------------------------------------


Notify = Callable[[object], None]


@dataclass
class Deps:
    """What the stages need from outside, passed in: tests hand in real local servers, an
    in-memory store or fakes. `notify` hears each stage's report as soon as it is done."""

    conn: Connection
    fetcher: Fetcher | None = None
    engines: dict[str, Engine] | None = None
    sender: Sender | None = None
    progress: Callable[[int, int], None] | None = None
    notify: Notify | None = None
    deadline: float | None = None  # time.monotonic() after which no further stage starts
    translating: Callable[[int, int], None] | None = None  # texts translated / to translate
    meaning: Callable[[int, int], None] | None = None  # vectors made / to make
    # held from grouping to sending: one process at a time on a shared store (`store.claims`)
    exclusive: Callable[[], AbstractContextManager[None]] = nullcontext


def run(config: Config, deps: Deps, plan: Plan) -> RunReport:
    """The one orchestrator: collect → cluster → render (translate, archive) → send, as the
    plan says. Each stage commits on its own: a run that stops part-way keeps what it did."""
    engine_map = deps.engines if deps.engines is not None else engines(config)
    report = RunReport()

    def done(**part: object) -> None:
        nonlocal report
        report = replace(report, **part)  # type: ignore[arg-type]
        if deps.notify is not None:
            deps.notify(next(iter(part.values())))

    def out_of_time(stage: str) -> bool:
        nonlocal report
        if deps.deadline is None or time.monotonic() < deps.deadline:
            return False
        why = f"run.max_minutes ({config.run.max_minutes:g}) reached before {stage}"
        report = replace(report, stopped=why)
        return True

    if plan.collect:
        done(collect=collect(config, deps.conn, deps.fetcher, deps.progress))
    if (plan.collect or plan.cluster) and not out_of_time("meaning vectors"):
        done(meaning=make_vectors(deps.conn, deps.deadline, deps.meaning))
    stages = plan.cluster or plan.render or plan.send
    with deps.exclusive() if stages else nullcontext():  # one process at a time on a shared store
        if stages:
            bad = db.quarantine_bad_rows(deps.conn)
            if bad:
                done(quarantine=QuarantineReport(tuple(bad)))
        if plan.cluster and not out_of_time("grouping"):
            done(cluster=cluster(config, deps.conn, engine_map))
        if plan.alert and deps.sender and config.email.watchers and not out_of_time("alerts"):
            done(alert=alerts.send(config.email, deps.conn, deps.sender, config.schedule.timezone,
                                   config.render.language, config.render.base_url))  # fmt: skip
        built: list[Issue] | None = None
        if plan.render and not report.stopped and not out_of_time("rendering"):
            changed = None
            if not plan.rebuild and report.cluster is not None:
                changed = report.cluster.days
            if plan.since is not None:
                config = replace(config, translate=replace(config.translate, max_minutes=0.0))
            rendered = render(
                config, deps.conn, plan.date, engine_map, changed, plan.since, deps.translating
            )
            built = rendered.issues
            done(render=rendered)
        sender = deps.sender if plan.send and not report.stopped else None
        if sender is not None and not out_of_time("send"):
            done(send=send(config, deps.conn, sender, plan.date, engine_map, built))
    return report


def execute(
    config: Config,
    plan: Plan,
    notify: Notify | None = None,
    progress: Callable[[int, int], None] | None = None,
    locked: bool = True,
    translating: Callable[[int, int], None] | None = None,
    meaning: Callable[[int, int], None] | None = None,
) -> RunReport:
    """`run` on the real things, opened here at the edge: the store, an HTTP client when the
    plan collects, the installed engines (each model loads once, when first needed), SMTP when
    it sends. Under the run lock (never two runs at once, from cron or the scheduler; `Busy`
    when another holds it) unless `locked` is False (a dry run on a copy). On a shared
    PostgreSQL store there is no lock file: collectors claim feeds one by one and the rest of
    the run waits for the database-held lock (`store.claims`)."""
    guard = lock.of_store(config.database, config.shared_store) if locked else nullcontext()
    with guard, ExitStack() as stack:
        conn = db.connect(config.store, config.database_timeout)
        stack.callback(conn.close)
        fetcher = None
        if plan.collect:
            client = stack.enter_context(make_client(config.fetch))
            fetcher = Fetcher(config.fetch, client)
        mails = (plan.send and config.email.to) or (plan.alert and config.email.watchers)
        sender = SmtpSender(config.email) if mails else None
        minutes = config.run.max_minutes
        deadline = time.monotonic() + minutes * 60 if minutes > 0 else None
        deps = Deps(conn, fetcher, engines(config), sender, progress, notify, deadline, translating,
                    meaning, lambda: claims.exclusive(conn))  # fmt: skip
        return run(config, deps, plan)
