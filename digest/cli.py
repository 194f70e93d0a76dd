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
from digest.config import Config, load
from digest.errors import ConfigError, DigestError, StoreError
from digest.store import db

OK, PARTIAL, CONFIG_ERROR, FATAL = 0, 1, 2, 3

EXAMPLES = {
    "collect": "example:\n  digest collect --config config.yaml  # store new seed articles",
    "cluster": "example:\n  digest cluster  # group stored articles into stories",
    "render": "examples:\n  digest render  # rebuild every issue and the index\n"
    "  digest render --date 2026-02-07  # one issue, its neighbours and the index",
    "run": "examples:\n  digest run  # collect, cluster, render everything\n"
    "  digest run --date 2026-02-07 --config /etc/digest/config.yaml",
}


def _date(text: str) -> str:
    try:
        return Date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Bilingual (Russian/English) media-monitoring digest generator.",
        epilog="example:\n  make digest   # or: digest run --config config.yaml\n\n"
        "exit codes: 0 all good, 1 some sources failed, 2 configuration error, 3 fatal",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    helps = {
        "collect": "read the seed folder and store new articles",
        "cluster": "group stored articles into stories",
        "render": "write the daily issues and the archive index",
        "run": "collect, cluster and render: the daily job",
    }
    for name, text in helps.items():
        cmd = sub.add_parser(
            name,
            help=text,
            description=text[0].upper() + text[1:] + ".",
            epilog=EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        cmd.add_argument(
            "--config",
            type=Path,
            default=None,
            help="config file (default: ./config.yaml if present, else built-in defaults)",
        )
        if name in ("render", "run"):
            cmd.add_argument("--date", type=_date, help="only the issue of this day, YYYY-MM-DD")
    return parser


def _config(path: Path | None) -> Config:
    if path is None and Path("config.yaml").is_file():
        path = Path("config.yaml")
    return load(path)


def _report_collect(report: pipeline.CollectReport) -> None:
    for o in report.outcomes:
        line = f"collect  {o.source}: {o.status}" + (f" ({o.detail})" if o.detail else "")
        print(line, file=sys.stderr if o.status == "failed" else sys.stdout)
    print(
        f"collect  summary: {report.count('new')} new, {report.count('updated')} updated,"
        f" {report.count('unchanged')} unchanged, {report.count('duplicate')} duplicate,"
        f" {len(report.failed)} failed"
    )


def _render(config: Config, conn: sqlite3.Connection, day: str | None) -> int:
    issues, result = pipeline.render(config, conn, day)
    if day is not None and day not in {i.date for i in issues}:
        print(f"render   no articles were published on {day}: no issue for that day")
    print(
        f"render   {len(issues)} issue(s); {len(result.written)} file(s) written,"
        f" {result.unchanged} unchanged"
    )
    print(f"open     {result.index.resolve().as_uri()}")
    return OK


def _command(args: argparse.Namespace, config: Config, conn: sqlite3.Connection) -> int:
    status = OK
    if args.command in ("collect", "run"):
        report = pipeline.collect(config, conn)
        _report_collect(report)
        status = PARTIAL if report.failed else OK
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
    try:
        conn = db.connect(config.database)
    except StoreError as exc:
        print(f"digest: {exc}", file=sys.stderr)
        return FATAL
    try:
        return _command(args, config, conn)
    except DigestError as exc:  # the database or the archive failed: nothing more can be done
        print(f"digest: {exc}", file=sys.stderr)
        return FATAL
    finally:
        conn.close()
