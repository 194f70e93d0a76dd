"""What each command does, and how it reports: timestamped lines a person can grep."""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from digest import lock, pipeline, subscriptions
from digest.cluster import evaluate
from digest.collect.fetch import make_client
from digest.config import Config
from digest.deliver import alerts
from digest.errors import CONFIG_ERROR, OK, PARTIAL, ModelError
from digest.log import say
from digest.models import is_database_url
from digest.render import search
from digest.store import claims, copy, db
from digest.store.backend import Connection, redact
from digest.store.search import Filters
from digest.translate import evaluate as mt_eval
from digest.translate import packages
from digest.translate.argos import ArgosEngine
from digest.translate.engines import engines


def _report_collect(report: pipeline.CollectReport) -> None:
    for o in report.outcomes:
        status = o.status.replace("_", " ")  # "not modified", as a person writes it
        line = f"collect  {o.kind} {o.source}: {status}" + (f" ({o.detail})" if o.detail else "")
        say(line, file=sys.stderr if o in report.failed else sys.stdout)
    for o in report.chronic:
        say(f"health   feed {o.source} has failed {o.chronic} runs in a row; it no longer counts"
            " in the exit status (stop trying: digest feeds disable URL)")  # fmt: skip
    feeds = sum(1 for o in report.outcomes if o.kind == "feed")
    say(
        f"collect  summary: {report.new_articles} new article(s);"
        f" seed files: {report.count('new', 'seed')} new, {report.count('unchanged', 'seed')}"
        f" unchanged, {report.count('failed', 'seed')} failed;"
        f" feeds: {feeds} in all, {report.count('ok', 'feed')} fetched,"
        f" {report.count('not_modified', 'feed')} not modified,"
        f" {report.count('failed', 'feed') + report.count('deferred', 'feed')} failed"
    )


def _progress_line(what: str, unit: str) -> Callable[[int, int], None]:
    """A stage's progress line on a terminal; nothing under cron (stderr is not a terminal)."""

    def show(done: int, total: int) -> None:
        if sys.stderr.isatty() and total:
            end = "\n" if done >= total else ""
            print(f"\r{what:<8} {done}/{total} {unit}", end=end, file=sys.stderr, flush=True)

    return show


def _doctor(args: argparse.Namespace, conn: Connection) -> int:
    db.quarantine_bad_rows(conn)
    rows = db.quarantined(conn)
    for q in rows:
        say(f"doctor   article {q.article_id} ({q.source}): {q.reason} (since {q.found_at})")
    if not rows:
        say("doctor   nothing quarantined: every stored article is usable")
        return OK
    if args.delete:
        say(f"doctor   deleted {db.delete_quarantined(conn)} quarantined article(s)")
        return OK
    say(f"doctor   {len(rows)} article(s) quarantined; delete them with: digest doctor --delete")
    return PARTIAL


def eval_(args: argparse.Namespace, config: Config) -> int:
    if args.action == "translation":
        model = packages.find(config.translate.models_dir, args.pair)
        if model is None:
            raise ModelError(
                f"no {args.pair} model installed in {config.translate.models_dir}:"
                " install one with digest models install FILE.argosmodel"
            )
        engine = ArgosEngine(model, config.translate)
        result = mt_eval.evaluate(args.src, args.ref, engine)
        say(f"eval     {model.label} on {args.src}: {result.line()}")
        return OK
    pairs = evaluate.read_pairs(args.pairs)
    errors: list[str] | None = [] if args.errors else None
    scores = evaluate.score(pairs, config.cluster, errors)
    for error in errors or []:
        print(error)
    say(f"eval     {args.pairs}: {scores.line()}")
    return OK


def models_(args: argparse.Namespace, config: Config) -> int:
    folder = config.translate.models_dir
    if args.action == "list":
        have = packages.installed(folder)
        for m in have:
            say(f"models   {m.pair}: {m.label} in {m.path}")
        if not have:
            say(f"models   none installed in {folder}")
        for pair in config.translate.pairs:
            ok = any(m.pair == pair for m in have)
            say(f"needs    {pair}: {'installed' if ok else 'MISSING'}")
        return OK
    if not args.paths and not args.index:
        raise ModelError("name .argosmodel files or folders to install, or --index")
    for path in args.paths:
        m = packages.install(path, folder)
        say(f"models   installed {m.label} from {path}")
    if args.index:
        with make_client(config.fetch) as client:
            for m in packages.install_from_index(
                config.translate.index_url, list(config.translate.pairs), folder, client
            ):
                say(f"models   installed {m.label} from the package index")
    return OK


def plan_for(args: argparse.Namespace) -> pipeline.Plan:
    """The stages a command runs: each runs only what it needs."""
    command = args.command
    return pipeline.Plan(
        collect=command in ("collect", "run"),
        cluster=command in ("cluster", "render", "run", "translate"),
        render=command in ("render", "run", "translate"),
        send=command == "send" or (command == "run" and not getattr(args, "dry_run", False)),
        alert=command == "run" and not getattr(args, "dry_run", False),
        date=getattr(args, "date", None),
        rebuild=command == "render",
        since=getattr(args, "since", None),
    )


def _report_render(report: pipeline.RenderReport, day: str | None, scratch: bool) -> None:
    result, info = report.archive, report.translation
    if day is not None and day not in {i.date for i in report.issues}:
        say(f"render   no articles were published on {day}: no issue for that day")
    if info.missing:
        pairs = ", ".join(p.replace("-", "→") for p in info.missing)
        say(
            f"warning  no translation model installed for {pairs}: issues are built without"
            " those translations (install one: digest models install FILE.argosmodel)",
            file=sys.stderr,
        )
    if info.engines:
        say(f"translate {report.translated} text(s) translated, the rest from the cache"
              f" ({', '.join(info.engines)})")  # fmt: skip
    if info.pending:
        say(f"translate {info.pending} text(s) pending: translate.max_minutes reached; the next"
            " run goes on, newest issues first")  # fmt: skip
    say(
        f"render   {len(report.issues)} issue(s); {len(result.written)} file(s) written,"
        f" {result.unchanged} unchanged"
    )
    if not scratch:  # a dry run's archive is a scratch copy, removed when it ends
        say(f"open     {result.index.resolve().as_uri()}")


def _report_send(report: pipeline.SendReport, day: str | None) -> None:
    if not report.editions:
        say(f"send     no issue {'for ' + day if day else 'due'}: nothing to send")
        return
    if len(report.editions) > 1:
        days = ", ".join(d for d, _ in report.editions)
        say(f"send     catching up: {len(report.editions)} closed editions not yet sent: {days}")
    for date, deliveries in report.editions:
        for d in deliveries:
            if d.status == "empty":
                say(f"send     {date} to {d.recipient}: none of its stories matches their watch"
                    " terms (only_watched): nothing sent")  # fmt: skip
                continue
            line = f"send     {date} to {d.recipient}: {d.status}"
            line += f" after {d.attempts} attempt(s)" if d.attempts else ""
            line += f" ({d.error})" if d.error else ""
            say(line, file=sys.stderr if d.status == "failed" else sys.stdout)
    failed = sum(1 for d in report.deliveries if d.status == "failed")
    delivered = len(report.deliveries) - failed
    say(f"send     summary: {delivered} delivered or already sent, {failed} failed")


def _report_meaning(report: pipeline.MeaningReport) -> None:
    if report.problem:
        say(f"meaning  {report.problem}; grouping goes on by words alone", file=sys.stderr)
    elif report.made or report.left:
        left = f", {report.left} left for the next run" if report.left else ""
        say(f"meaning  {report.made} article vector(s) made{left}")


def _notifier(plan: pipeline.Plan, scratch: bool = False) -> pipeline.Notify:
    """Log lines for each stage's report, as soon as the stage is done."""

    def notify(part: object) -> None:
        if isinstance(part, pipeline.CollectReport):
            _report_collect(part)
        elif isinstance(part, pipeline.QuarantineReport):
            for q in part.rows:
                say(f"store    quarantined article {q.article_id} ({q.source}): {q.reason}",
                    file=sys.stderr)  # fmt: skip
            say("store    quarantined rows are left out of every issue; see: digest doctor")
        elif isinstance(part, pipeline.MeaningReport):
            _report_meaning(part)
        elif isinstance(part, pipeline.ClusterReport):
            say(f"cluster  {part.assigned} article(s) assigned to stories")
        elif isinstance(part, pipeline.RenderReport):
            _report_render(part, plan.date, scratch)
        elif isinstance(part, pipeline.SendReport):
            _report_send(part, plan.date)
        elif isinstance(part, alerts.AlertReport):
            for alert, d in part.sent:
                line = f"alert    {alert.recipient}: {alert.headline[:80]} ({alert.story_id}):"
                say(f"{line} {d.status}" + (f" ({d.error})" if d.error else ""),
                    file=sys.stderr if d.status == "failed" else sys.stdout)  # fmt: skip

    return notify


def status_of(report: pipeline.RunReport) -> int:
    """Exit status: 1 when a source or a delivery failed, else 0."""
    failed = report.collect is not None and bool(report.collect.failed)
    failed = failed or bool(report.stopped) or report.quarantine is not None
    if report.send is not None:
        failed = failed or any(d.status == "failed" for d in report.send.deliveries)
    if report.alert is not None:
        failed = failed or any(d.status == "failed" for _, d in report.alert.sent)
    return PARTIAL if failed else OK


def run_plan(config: Config, plan: pipeline.Plan, locked: bool = True) -> int:
    """Run `plan` on the real store, network and SMTP, reporting each stage as it ends."""
    if plan.send and not config.email.to:
        plan = dataclasses.replace(plan, send=False)
        if not (plan.collect or plan.cluster or plan.render):
            say("send     no recipients: set email.to in config.yaml")
            return OK
    lines = [_progress_line(*a) for a in (("collect", "feeds"), ("translate", "texts"),
                                          ("meaning", "articles"))]  # fmt: skip
    notify = _notifier(plan, scratch=not locked)  # unlocked: a dry run on a scratch copy
    report = pipeline.execute(config, plan, notify, lines[0], locked, *lines[1:])
    if report.stopped:
        say(f"run      stopped: {report.stopped}; what was finished is kept", file=sys.stderr)
    return status_of(report)


def run_locked(args: argparse.Namespace, config: Config) -> int:
    """A command on the database, under the run lock: never two at once, from cron or the
    scheduler. Raises `Busy` when another run holds it."""
    if config.source is None and not config.shared_store and not config.database.exists():
        say(f"store    no config.yaml here: creating a new database at {config.database.resolve()}"
            " (pass --config FILE to use another)", file=sys.stderr)  # fmt: skip
    if args.command == "feeds" and args.action == "status":  # only reads: beside a run (WAL)
        conn = db.connect(config.store, config.database_timeout)
        try:
            return subscriptions.feeds(args, config, conn)
        finally:
            conn.close()
    if args.command in ("feeds", "doctor"):
        with lock.of_store(config.database, config.shared_store):
            conn = db.connect(config.store, config.database_timeout)
            try:
                with claims.exclusive(conn):
                    if args.command == "doctor":
                        return _doctor(args, conn)
                    return subscriptions.feeds(args, config, conn)
            finally:
                conn.close()
    if args.command == "translate" and not engines(config):
        wanted = ", ".join(config.translate.pairs)
        say(f"translate no translation model is installed for {wanted}: nothing to translate"
            " (install one: digest models install FILE.argosmodel)", file=sys.stderr)  # fmt: skip
        return CONFIG_ERROR
    return run_plan(config, plan_for(args))


def db_(args: argparse.Namespace, config: Config) -> int:
    """`digest db migrate-to URL`: copy the SQLite store into PostgreSQL under the run lock
    (no run writes meanwhile), check every table, say what to change in config.yaml."""
    if config.shared_store:
        say("db       the store is PostgreSQL already; migrate-to copies an SQLite store",
            file=sys.stderr)  # fmt: skip
        return CONFIG_ERROR
    if not is_database_url(args.url):
        say(f"db       {args.url!r} is not a postgresql:// address", file=sys.stderr)
        return CONFIG_ERROR
    if not config.database.exists():
        say(f"db       no SQLite store at {config.database}", file=sys.stderr)
        return CONFIG_ERROR
    with lock.of_store(config.database, config.shared_store):
        source = db.connect(config.database, config.database_timeout)
        target = db.connect(args.url, config.database_timeout)
        assert isinstance(source, sqlite3.Connection)
        try:
            checks = copy.copy_store(source, target)
        finally:
            source.close()
            target.close()
    for c in checks:
        verdict = "same" if c.ok else "DIFFERENT"
        say(f"db       {c.table}: {c.source_rows} rows here, {c.target_rows} there,"
            f" {c.copied} copied now; contents {verdict}")  # fmt: skip
    if not all(c.ok for c in checks):
        say("db       the copy differs (see above): run the command again to resume it",
            file=sys.stderr)  # fmt: skip
        return PARTIAL
    say(f"db       copied and checked; to use it, set in config.yaml: database: {redact(args.url)}")
    return OK


def search_(args: argparse.Namespace, config: Config) -> int:
    """`digest search`: stories matching the query, with issue dates, outlets and a snippet.
    Reads the store without the run lock (a search during a run sees what is stored)."""
    if not config.shared_store and not config.database.exists():
        say(f"search   no database at {config.database}: run `digest run` first", file=sys.stderr)
        return CONFIG_ERROR
    conn = db.connect(config.store, config.database_timeout)
    try:
        filters = Filters(args.since or "", args.until or "", args.outlet or "", args.lang or "")
        all_issues = pipeline.issues(conn, (), config)
        hits = search.find(conn, all_issues, " ".join(args.query), filters, args.limit)
    finally:
        conn.close()
    if not hits:
        print(f"no story matches {' '.join(args.query)!r}")
        return OK
    for hit in hits:
        story = hit.story
        print(f"{story.first_issue}  {story.original_title}")
        outlets = ", ".join(story.outlets) or "outlet unknown"
        more = [d for d in hit.issues if d != story.first_issue]
        also = f" · updated in {', '.join(more)}" if more else ""
        print(f"            {outlets}{also}")
        quoted = f"{hit.outlet}: «{hit.snippet}»" if hit.outlet else f"«{hit.snippet}»"
        print(f"            {quoted} · by {hit.how}")
        page = config.archive_dir / "stories" / f"{story.story_id}.html"
        print(f"            {page}")
    return OK


def dry_run(args: argparse.Namespace, config: Config) -> int:
    """The whole run on a copy of the database and into a scratch archive: nothing is stored,
    written or sent. Reports what a real run would do."""
    if config.shared_store:
        say(
            "dry-run  not available on a PostgreSQL store (it works on a copy of an SQLite file)",
            file=sys.stderr,
        )
        return CONFIG_ERROR
    with tempfile.TemporaryDirectory(prefix="digest-dry-run-") as tmp:
        copy = Path(tmp) / "digest.sqlite3"
        if config.database.exists():
            source = sqlite3.connect(config.database)
            target = sqlite3.connect(copy)
            with target:
                source.backup(target)
            source.close()
            target.close()
        scratch = Path(tmp) / "archive"
        if config.archive_dir.is_dir():
            shutil.copytree(config.archive_dir, scratch)
        trial = dataclasses.replace(config, database=copy, archive_dir=scratch)
        status = run_plan(trial, plan_for(args), locked=False)
        if args.command in ("run", "send") and config.email.to:
            conn = db.connect(copy, config.database_timeout)
            try:
                due = pipeline.preview_send(trial, conn)
            finally:
                conn.close()
            for day, todo in due:
                say(f"dry-run  would email the issue of {day} to {', '.join(todo)}")
            if not due:
                say("dry-run  would email nothing: no closed edition is due to anyone")
    say("dry-run  nothing was stored, written or sent; the lines above say what a run would do"
        " (the archive shown was a scratch copy, now removed)")  # fmt: skip
    return status
