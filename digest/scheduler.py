"""`digest schedule`: APScheduler in the foreground. Collects every `collect_every_minutes` (and,
when readers watch terms, groups what came and emails their alerts);
at `issue_at` in `timezone` builds the issues and, when `schedule.send` is on, mails every
closed edition not yet sent (`pipeline.due`: the one `digest run` would mail, and any missed
while it was down). Started after `issue_at`, it does that at once. Missed runs are coalesced
into one, a job never overlaps itself, and every job holds the same lock as `digest run`, so a
cron run and the scheduler never work at once. SIGTERM and SIGINT stop it cleanly after the
running job."""

from __future__ import annotations

import signal
from collections.abc import Callable
from datetime import datetime, timedelta
from types import FrameType
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from digest.config import Config
from digest.errors import OK, Busy, DigestError
from digest.log import say
from digest.pipeline import Plan

Runner = Callable[[Plan], int]  # runs a plan under the run lock, reports it, gives a status


def _job(runner: Runner, name: str, plan: Plan) -> None:
    try:
        status = runner(plan)
        say(f"schedule {name} finished with status {status}")
    except Busy as exc:
        say(f"schedule {name} skipped: {exc}")
    except DigestError as exc:
        say(f"schedule {name} failed: {exc}")


def daily_plan(config: Config) -> Plan:
    """Collect, group, render, and (when `schedule.send` is on) mail every closed edition not
    yet sent, oldest first: the rule `digest run` follows."""
    send = config.schedule.send
    return Plan(collect=send, cluster=True, render=True, send=send, alert=send)


def collect_plan(config: Config) -> Plan:
    """Collect; with watchers (`email.recipients[].watch`), group and alert too, so an alert
    goes out within one collection cycle of the article that raised it."""
    watching = bool(config.email.watchers) and config.schedule.send
    return Plan(collect=True, cluster=watching, alert=watching)


def daily(config: Config, runner: Runner) -> None:
    _job(runner, "run" if config.schedule.send else "render", daily_plan(config))


def build(config: Config, runner: Runner) -> BlockingScheduler:
    zone = ZoneInfo(config.schedule.timezone)
    scheduler = BlockingScheduler(
        timezone=zone,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    every = timedelta(minutes=config.schedule.collect_every_minutes)
    now = datetime.now(zone)
    if config.schedule.send:  # first the daily run: whatever closed edition is due goes out now
        scheduler.add_job(daily, args=[config, runner], id="start", next_run_time=now)
    scheduler.add_job(
        _job, IntervalTrigger(seconds=max(1, int(every.total_seconds())), timezone=zone),
        args=[runner, "collect", collect_plan(config)], id="collect",
        next_run_time=now + every if config.schedule.send else now,
    )  # fmt: skip
    hour, minute = (int(x) for x in config.schedule.issue_at.split(":"))
    scheduler.add_job(
        daily,
        CronTrigger(hour=hour, minute=minute, timezone=zone),
        args=[config, runner],
        id="daily",
    )
    return scheduler


def serve(config: Config, runner: Runner) -> int:
    """Run the schedule in the foreground; `runner` runs each job's plan (the command line
    hands in its own, which reports each stage)."""
    scheduler = build(config, runner)

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
