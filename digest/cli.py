"""The `digest` command. Exit codes: 0 all good, 1 some sources failed (the rest was done),
2 configuration or usage error, 3 fatal (database or archive unusable)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date as Date
from pathlib import Path

from digest import __version__, pipeline
from digest.cluster import evaluate
from digest.collect.fetch import Fetcher, make_client
from digest.collect.opml import read_opml
from digest.config import Config, load
from digest.deliver.email import SmtpSender
from digest.errors import ConfigError, DigestError, SourceError, StoreError
from digest.store import db, feedstate
from digest.translate import evaluate as mt_eval
from digest.translate import models
from digest.translate.argos import ArgosEngine

OK, PARTIAL, CONFIG_ERROR, FATAL = 0, 1, 2, 3

COMMANDS = {
    "collect": (
        "read the seed folder and the feeds, and store new articles",
        "example:\n  digest collect --config config.yaml  # seeds and feeds",
    ),
    "cluster": (
        "group stored articles into stories",
        "example:\n  digest cluster  # group stored articles into stories",
    ),
    "render": (
        "write the daily issues and the archive index",
        "examples:\n  digest render  # rebuild every issue and the index\n"
        "  digest render --date 2026-02-07  # one issue, its neighbours and the index",
    ),
    "run": (
        "collect, cluster and render: the daily job",
        "examples:\n  digest run  # collect, cluster, render everything\n"
        "  digest run --date 2026-02-07 --config /etc/digest/config.yaml",
    ),
    "eval": (
        "measure quality on labelled data",
        "examples:\n  digest eval pairs ../shared/eval/dedup/ru_train_pool.tsv"
        "  # precision, recall, F1\n"
        "  digest eval translation --src news.ru --ref news.en --pair ru-en  # chrF, BLEU",
    ),
    "send": (
        "email an issue to the recipients in email.to, once each",
        "examples:\n  digest send  # the newest issue\n"
        "  DIGEST_SMTP_PASSWORD=... digest send --date 2026-02-07",
    ),
    "models": (
        "install and list offline translation models (argostranslate packages)",
        "examples:\n  digest models install ru_en.argosmodel en_ru.argosmodel  # from files\n"
        "  digest models install --index  # from the Argos package index, when online\n"
        "  digest models list  # installed models and the directions the config needs",
    ),
    "feeds": (
        "import feeds from OPML, or show each feed's state",
        "examples:\n  digest feeds import subscriptions.opml  # add the feeds it lists\n"
        "  digest feeds status  # last success, last error and counts per feed",
    ),
}


def _date(text: str) -> str:
    try:
        return Date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Bilingual (Russian/English) media-monitoring digest generator.",
        epilog="example:\n  make digest   # or: digest run --config config.yaml\n\n"
        "exit codes: 0 all good, 1 some sources failed, 2 configuration error, 3 fatal",
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    parser.set_defaults(config=None)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        help="config file (default: ./config.yaml if present, else built-in defaults)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (text, examples) in COMMANDS.items():
        cmd = sub.add_parser(
            name, help=text, description=text.capitalize() + ".", epilog=examples,
            formatter_class=raw, parents=[common],
        )  # fmt: skip
        if name in ("render", "run", "send"):
            cmd.add_argument("--date", type=_date, help="only the issue of this day, YYYY-MM-DD")
        if name == "eval":
            what = cmd.add_subparsers(dest="action", metavar="WHAT", required=True)
            pairs = what.add_parser(
                "pairs", help="same-story decisions on a labelled pairs file", parents=[common]
            )
            pairs.add_argument("pairs", type=Path, metavar="FILE.tsv")
            mt = what.add_parser(
                "translation", help="chrF and BLEU of the installed model", parents=[common]
            )
            mt.add_argument("--src", type=Path, required=True, help="source sentences, one a line")
            mt.add_argument("--ref", type=Path, required=True, help="reference translations")
            mt.add_argument("--pair", default="ru-en", choices=["ru-en", "en-ru"])
        if name == "models":
            what = cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
            inst = what.add_parser(
                "install", help="install .argosmodel files or package folders", parents=[common]
            )
            inst.add_argument("paths", type=Path, nargs="*", metavar="PATH")
            inst.add_argument(
                "--index", action="store_true", help="download from the Argos package index"
            )
            what.add_parser("list", help="installed models, needed directions", parents=[common])
        if name == "feeds":
            what = cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
            imp = what.add_parser(
                "import", help="add the feeds an OPML file lists", parents=[common]
            )
            imp.add_argument("opml", type=Path, metavar="FILE.opml")
            what.add_parser(
                "status", help="each feed: last success, last error, counts", parents=[common]
            )
    return parser


def _config(path: Path | None) -> Config:
    if path is None and Path("config.yaml").is_file():
        path = Path("config.yaml")
    return load(path)


def _report_collect(report: pipeline.CollectReport) -> None:
    for o in report.outcomes:
        line = f"collect  {o.kind} {o.source}: {o.status}" + (f" ({o.detail})" if o.detail else "")
        print(line, file=sys.stderr if o in report.failed else sys.stdout)
    feeds = sum(1 for o in report.outcomes if o.kind == "feed")
    print(
        f"collect  summary: {report.new_articles} new article(s);"
        f" seed files: {report.count('new', 'seed')} new, {report.count('unchanged', 'seed')}"
        f" unchanged, {report.count('failed', 'seed')} failed;"
        f" feeds: {feeds} in all, {report.count('ok', 'feed')} fetched,"
        f" {report.count('not_modified', 'feed')} not modified,"
        f" {report.count('failed', 'feed') + report.count('deferred', 'feed')} failed"
    )


def _collect(config: Config, conn: sqlite3.Connection) -> int:
    with make_client(config.fetch) as client:
        report = pipeline.collect(config, conn, Fetcher(config.fetch, client))
    _report_collect(report)
    return PARTIAL if report.failed else OK


def _render(config: Config, conn: sqlite3.Connection, day: str | None) -> int:
    report = pipeline.render(config, conn, day)
    result, info = report.archive, report.translation
    if day is not None and day not in {i.date for i in report.issues}:
        print(f"render   no articles were published on {day}: no issue for that day")
    if info.missing:
        pairs = ", ".join(p.replace("-", "→") for p in info.missing)
        print(
            f"warning  no translation model installed for {pairs}: issues are built without"
            " those translations (install one: digest models install FILE.argosmodel)",
            file=sys.stderr,
        )
    if info.engines:
        print(f"translate {report.translated} text(s) translated, the rest from the cache"
              f" ({', '.join(info.engines)})")  # fmt: skip
    print(
        f"render   {len(report.issues)} issue(s); {len(result.written)} file(s) written,"
        f" {result.unchanged} unchanged"
    )
    print(f"open     {result.index.resolve().as_uri()}")
    return OK


def _feeds(args: argparse.Namespace, config: Config, conn: sqlite3.Connection) -> int:
    if args.action == "import":
        feeds, skipped = read_opml(args.opml)
        for reason in skipped:
            print(f"feeds    skipped {reason}", file=sys.stderr)
        added = feedstate.register(conn, feeds, "opml")
        print(f"feeds    {len(added)} feed(s) added, {len(feeds) - len(added)} already known")
        return PARTIAL if skipped else OK
    pipeline.all_feeds(config, conn)
    states = feedstate.states(conn)
    if not states:
        print("feeds    none: list some under feeds: in config.yaml, or digest feeds import")
    for s in states:
        print(f"{s.name} <{s.url}> [{s.origin}]")
        print(f"  last success: {s.last_success or 'never'}")
        print(f"  last attempt: {s.last_attempt or 'never'} ({s.last_status or 'not yet'})")
        print(f"  last error:   {s.last_error or 'none'}")
        if s.last_warning:
            print(f"  warning:      {s.last_warning}")
        if s.retry_after:
            print(f"  retry after:  {s.retry_after}")
        print(f"  articles:     {s.articles_stored} stored, {s.entries_seen} entries seen")
    return OK


def _eval(args: argparse.Namespace, config: Config) -> int:
    if args.action == "translation":
        model = models.find(config.translate.models_dir, args.pair)
        if model is None:
            raise models.ModelError(
                f"no {args.pair} model installed in {config.translate.models_dir}:"
                " install one with digest models install FILE.argosmodel"
            )
        engine = ArgosEngine(model, config.translate)
        result = mt_eval.evaluate(args.src, args.ref, engine)
        print(f"eval     {model.label} on {args.src}: {result.line()}")
        return OK
    pairs = evaluate.read_pairs(args.pairs)
    print(f"eval     {args.pairs}: {evaluate.score(pairs, config.cluster).line()}")
    return OK


def _models(args: argparse.Namespace, config: Config) -> int:
    folder = config.translate.models_dir
    if args.action == "list":
        have = models.installed(folder)
        for m in have:
            print(f"models   {m.pair}: {m.label} in {m.path}")
        if not have:
            print(f"models   none installed in {folder}")
        for pair in config.translate.pairs:
            ok = any(m.pair == pair for m in have)
            print(f"needs    {pair}: {'installed' if ok else 'MISSING'}")
        return OK
    if not args.paths and not args.index:
        raise models.ModelError("name .argosmodel files or folders to install, or --index")
    for path in args.paths:
        m = models.install(path, folder)
        print(f"models   installed {m.label} from {path}")
    if args.index:
        with make_client(config.fetch) as client:
            for m in models.install_from_index(
                config.translate.index_url, list(config.translate.pairs), folder, client
            ):
                print(f"models   installed {m.label} from the package index")
    return OK


def _send(args: argparse.Namespace, config: Config, conn: sqlite3.Connection) -> int:
    pipeline.cluster(config, conn)
    day, deliveries = pipeline.send(config, conn, SmtpSender(config.email), args.date)
    if day is None:
        print(f"send     no issue {'for ' + args.date if args.date else 'yet'}: nothing to send")
        return OK
    for d in deliveries:
        line = f"send     {day} to {d.recipient}: {d.status}"
        line += f" after {d.attempts} attempt(s)" if d.attempts else ""
        line += f" ({d.error})" if d.error else ""
        print(line, file=sys.stderr if d.status == "failed" else sys.stdout)
    failed = sum(1 for d in deliveries if d.status == "failed")
    print(
        f"send     summary: {len(deliveries) - failed} delivered or already sent, {failed} failed"
    )
    return PARTIAL if failed else OK


def _command(args: argparse.Namespace, config: Config, conn: sqlite3.Connection) -> int:
    if args.command == "feeds":
        return _feeds(args, config, conn)
    if args.command == "send":
        return _send(args, config, conn)
    status = OK
    if args.command in ("collect", "run"):
        status = _collect(config, conn)
    if args.command in ("cluster", "render", "run"):
        assigned = pipeline.cluster(config, conn)
        print(f"cluster  {assigned} article(s) assigned to stories")
    if args.command in ("render", "run"):
        status = max(status, _render(config, conn, args.date))
    return status


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = _config(args.config)
    except ConfigError as exc:
        print(f"digest: configuration error: {exc}", file=sys.stderr)
        return CONFIG_ERROR
    if args.command in ("eval", "models"):  # need no database
        try:
            return _eval(args, config) if args.command == "eval" else _models(args, config)
        except (SourceError, models.ModelError) as exc:
            print(f"digest: {exc}", file=sys.stderr)
            return CONFIG_ERROR
    try:
        conn = db.connect(config.database)
    except StoreError as exc:
        print(f"digest: {exc}", file=sys.stderr)
        return FATAL
    try:
        return _command(args, config, conn)
    except (SourceError, ConfigError) as exc:  # an input or setting is unusable
        print(f"digest: {exc}", file=sys.stderr)
        return CONFIG_ERROR
    except DigestError as exc:  # the database or the archive failed: nothing more can be done
        print(f"digest: {exc}", file=sys.stderr)
        return FATAL
    finally:
        conn.close()
