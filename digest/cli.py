"""The `digest` command. Exit codes: 0 all good, 1 partial (some sources or deliveries failed,
the rest was done), 2 configuration or usage error, 3 fatal (database or archive unusable),
4 busy (another run holds the lock)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date as Date
from pathlib import Path

from digest import __version__, commands
from digest.config import Config, load
from digest.errors import (
    BUSY,
    CONFIG_ERROR,
    FATAL,
    OK,
    Busy,
    ConfigError,
    DigestError,
    ModelError,
    SourceError,
)
from digest.log import reader_gone
from digest.store.backend import redact

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
    "translate": (
        "translate the archive's issues from a day on, with no time limit, and rewrite them",
        "example:\n  digest translate --since 2026-01-01  # after installing a model",
    ),
    "run": (
        "collect, cluster, translate, render and send: the daily job, for cron",
        "examples:\n  digest run  # everything; emails the newest issue if email.to is set\n"
        "  digest run --date 2026-02-07 --config /etc/digest/config.yaml\n"
        "  digest run --dry-run  # show what would happen, change nothing",
    ),
    "schedule": (
        "run as a long-lived process: collect and send on the schedule in config.yaml",
        "example:\n  digest schedule --config /etc/digest/config.yaml  # stop with SIGTERM",
    ),
    "eval": (
        "measure quality on labelled data",
        "examples:\n  digest eval pairs ../shared/eval/dedup/ru_train_pool.tsv"
        "  # precision, recall, F1\n"
        "  digest eval pairs --errors ../shared/eval/dedup/ru_train_pool.tsv  # why each miss\n"
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
        "manage the feeds added from the command line or OPML, and show each feed's state",
        "examples:\n  digest feeds import subscriptions.opml  # add the feeds it lists\n"
        "  digest feeds add https://example.org/rss.xml --name Example\n"
        "  digest feeds disable https://example.org/rss.xml  # also: enable, remove, rename\n"
        "  digest feeds status  # last success, last error and counts per feed\n"
        "(feeds listed in config.yaml are renamed or removed in the file; enabled: false there,\n"
        "or digest feeds disable, stops fetching one)",
    ),
    "search": (
        "find stories across every issue by words, names or outlets",
        "examples:\n  digest search Абаеву  # any form of a word finds the others\n"
        "  digest search санкции --since 2026-01-01 --outlet Интерфакс --lang ru",
    ),
    "watch": (
        "try watch terms: the stories of the last days they match, and why",
        'example:\n  digest watch test "Tokayev Gazprom" --days 14\n'
        "(a reader's terms go in config.yaml: email.recipients[].watch; digest run and digest\n"
        "schedule email an alert as soon as a story matches)",
    ),
    "db": (
        "move the store: copy an SQLite store into PostgreSQL, checked and resumable",
        "example:\n  DIGEST_DB_PASSWORD=... digest db migrate-to postgresql://digest@db.example/news\n"
        "  (then set database: postgresql://digest@db.example/news in config.yaml)",
    ),
    "doctor": (
        "list stored articles set aside as unusable, and delete them",
        "examples:\n  digest doctor  # what is quarantined and why\n"
        "  digest doctor --delete  # delete those rows (the source would be refused today)",
    ),
}


FEED_ACTIONS = (  # (action, what it does, the rest of its example)
    ("remove", "forget a feed added here or from OPML (its articles stay)", ""),
    ("disable", "stop fetching a feed, one from config.yaml too", ""),
    ("enable", "fetch a disabled feed again", ""),
    ("rename", "change the outlet name of a feed added here or from OPML", " 'Example News'"),
)


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 1 to 10,000")
    return value


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
        "exit codes: 0 all good, 1 partial (some sources or deliveries failed), 2 configuration"
        " error, 3 fatal, 4 another run holds the lock",
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    parser.add_argument(  # before the command too: digest --config c.yaml run
        "--config", type=Path, default=None, help="config file (also accepted after the command)"
    )
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
        if name == "translate":
            cmd.add_argument("--since", type=_date, required=True, help="the first day, YYYY-MM-DD")
        if name == "run":
            cmd.add_argument(
                "--dry-run",
                action="store_true",
                help="do everything on a copy: store, write and send nothing",
            )
        if name == "eval":
            what = cmd.add_subparsers(dest="action", metavar="WHAT", required=True)
            pairs = what.add_parser(
                "pairs", help="same-story decisions on a labelled pairs file", parents=[common]
            )
            pairs.add_argument("pairs", type=Path, metavar="FILE.tsv")
            pairs.add_argument(
                "--errors", action="store_true", help="list each wrong decision with its evidence"
            )
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
        if name == "search":
            cmd.add_argument("query", nargs="+", help="words; every one must be found")
            cmd.add_argument("--since", type=_date, help="published on or after YYYY-MM-DD")
            cmd.add_argument("--until", type=_date, help="published on or before YYYY-MM-DD")
            cmd.add_argument("--outlet", help="only articles from this outlet")
            cmd.add_argument("--lang", help="only articles in this language (ru, en, …)")
            cmd.add_argument("--limit", type=_limit, default=20,
                             help="stories shown, 1 to 10,000 (default 20)")  # fmt: skip
        if name == "db":
            what = cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
            move = what.add_parser(
                "migrate-to", help="copy this store into a PostgreSQL database", parents=[common]
            )
            move.add_argument("url", metavar="postgresql://user@host/dbname")
        if name == "doctor":
            cmd.add_argument(
                "--delete", action="store_true", help="delete the quarantined articles"
            )
        if name == "watch":
            what = cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
            test = what.add_parser(
                "test", help="the stories of the last days these terms match, and why",
                parents=[common], formatter_class=raw,
                description="Show which stories of the last days watch terms would have matched"
                " (every word of a term, in any form; names in either alphabet).",
                epilog='example:\n  digest watch test "Tokayev Gazprom" "Нацбанк ставка" --days 14',
            )  # fmt: skip
            test.add_argument("terms", nargs="+", metavar="TERM", help="a watch term, quoted")
            test.add_argument("--days", type=int, default=7, help="how many days back (default 7)")
            test.add_argument("--meaning", action="store_true",
                              help="also by meaning, in any language")  # fmt: skip
        if name == "feeds":
            what = cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
            imp = what.add_parser(
                "import", help="add the feeds an OPML file lists", parents=[common]
            )
            imp.add_argument("opml", type=Path, metavar="FILE.opml")
            what.add_parser(
                "status", help="each feed: last success, last error, counts", parents=[common]
            )
            add = what.add_parser(
                "add", help="add one feed", parents=[common], formatter_class=raw,
                description="Add one feed to those collected (stored in the database, beside"
                " the feeds of config.yaml).",
                epilog="example:\n  digest feeds add https://example.org/rss.xml --name Example"
                " --language de",
            )  # fmt: skip
            add.add_argument("url", help="the feed's http or https address")
            add.add_argument("--name", default="", help="the outlet's name (default: the URL)")
            add.add_argument("--language", default="", help="ru, en, de, …: the feed's language,"
                             " when it does not say (default: detected from the text)")  # fmt: skip
            for action, text, detail in FEED_ACTIONS:
                one = what.add_parser(
                    action, help=text, parents=[common], formatter_class=raw,
                    description=f"{text[0].upper()}{text[1:]}.",
                    epilog=f"example:\n  digest feeds {action} https://example.org/rss.xml{detail}",
                )  # fmt: skip
                one.add_argument("url", help="the feed's address, as digest feeds status shows it")
                if action == "rename":
                    one.add_argument("name", help="the outlet's new name")
    return parser


def _config(path: Path | None) -> Config:
    if path is None and Path("config.yaml").is_file():
        path = Path("config.yaml")
    return load(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = _config(args.config)
    except ConfigError as exc:
        print(f"digest: configuration error: {exc}", file=sys.stderr)
        return CONFIG_ERROR
    try:
        if args.command == "eval":  # needs no database
            return commands.eval_(args, config)
        if args.command == "models":
            return commands.models_(args, config)
        if args.command == "search":
            return commands.search_(args, config)
        if args.command == "db":
            return commands.db_(args, config)
        if args.command == "watch":
            from digest.watching import watch

            return watch(args, config)
        if args.command == "schedule":
            from digest import scheduler

            return scheduler.serve(config, lambda plan: commands.run_plan(config, plan))
        if getattr(args, "dry_run", False):
            return commands.dry_run(args, config)
        return commands.run_locked(args, config)
    except BrokenPipeError:  # `digest feeds status | head -1`: the reader has all it wanted
        reader_gone(sys.stdout)
        return OK
    except Busy as exc:
        print(f"digest: {exc}", file=sys.stderr)
        return BUSY
    except (SourceError, ConfigError, ModelError) as exc:  # an input or a setting
        print(f"digest: {exc}", file=sys.stderr)
        return CONFIG_ERROR
    except DigestError as exc:  # the database or the archive failed: nothing more can be done
        print(f"digest: {_advised(str(exc), config)}", file=sys.stderr)
        return FATAL


def _advised(message: str, config: Config) -> str:
    """`message` with where and what to do, when the store's own words lack them."""
    where = redact(str(config.database))
    if ("locked" in message or "busy" in message) and "wait" not in message:
        return (f"{message} ({where} is locked by another program: wait for it to finish, or"
                " stop it, and run again)")  # fmt: skip
    if "full" in message and "free" not in message:
        return (f"{message} (the disk holding {where} or the archive is full: free some space"
                " and run again; what was stored before is kept)")  # fmt: skip
    return message
