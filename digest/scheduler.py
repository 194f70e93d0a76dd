"""`digest schedule`: APScheduler in the foreground. Collects every `collect_every_minutes`;
at `issue_at` in `timezone` builds yesterday's issue and sends it. Missed runs are coalesced
into one, a job never overlaps itself, and every job holds the same lock as `digest run`, so a
cron run and the scheduler never work at once. SIGTERM and SIGINT stop it cleanly after the
running job."""

from __future__ import annotations

import argparse
import signal
from datetime import datetime, timedelta
from types import FrameType
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from digest import commands
from digest.commands import OK, say
from digest.config import Config
from digest.errors import Busy, DigestError


def _job(config: Config, command: str, date: str | None = None) -> None:
    args = argparse.Namespace(command=command, date=date, dry_run=False)
    try:
        status = commands.run_locked(args, config)
        say(f"schedule {command} finished with status {status}")
    except Busy as exc:
        say(f"schedule {command} skipped: {exc}")
    except DigestError as exc:
        say(f"schedule {command} failed: {exc}")


def daily(config: Config) -> None:
    zone = ZoneInfo(config.schedule.timezone)
    yesterday = (datetime.now(zone) - timedelta(days=1)).date().isoformat()
    _job(config, "run" if config.schedule.send else "render", yesterday)


def build(config: Config) -> BlockingScheduler:
    zone = ZoneInfo(config.schedule.timezone)
    scheduler = BlockingScheduler(
        timezone=zone,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    every = timedelta(minutes=config.schedule.collect_every_minutes)
    scheduler.add_job(
        _job, IntervalTrigger(seconds=max(1, int(every.total_seconds())), timezone=zone),
        args=[config, "collect"], id="collect", next_run_time=datetime.now(zone),
    )  # fmt: skip
    hour, minute = (int(x) for x in config.schedule.issue_at.split(":"))
    scheduler.add_job(
        daily, CronTrigger(hour=hour, minute=minute, timezone=zone), args=[config], id="daily"
    )
    return scheduler


def serve(config: Config) -> int:
    scheduler = build(config)

    def stop(signum: int, frame: FrameType | None) -> None:
        say(f"schedule received {signal.Signals(signum).name}: stopping after the running job")
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    say(
        f"schedule collecting every {config.schedule.collect_every_minutes:g} min; daily issue"
        f" at {config.schedule.issue_at} {config.schedule.timezone}"
    )
    scheduler.start()
    say("schedule stopped")
    return OK
