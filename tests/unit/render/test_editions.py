"""Which closed editions are due to whom (`render.editions.due`): the one rule `digest run`
and `digest schedule` follow (#19: the scheduler mailed "yesterday" and skipped an edition
for good when started after `issue_at`)."""

from __future__ import annotations

from digest.render.editions import CATCH_UP_DAYS, due

DAYS = [f"2026-02-{d:02d}" for d in range(1, 11)]


def test_a_new_reader_gets_the_latest_closed_edition_only() -> None:
    assert due(DAYS, "2026-02-09", {"new@example.org": None}, set()) == [
        ("2026-02-09", ["new@example.org"])
    ]


def test_after_downtime_every_missed_edition_goes_out_oldest_first_once() -> None:
    sent = {("2026-02-06", "a@example.org")}
    first = {"a@example.org": "2026-02-06"}
    assert due(DAYS, "2026-02-09", first, sent) == [
        ("2026-02-07", ["a@example.org"]),
        ("2026-02-08", ["a@example.org"]),
        ("2026-02-09", ["a@example.org"]),
    ]
    every = sent | {(d, "a@example.org") for d in ("2026-02-07", "2026-02-08", "2026-02-09")}
    assert due(DAYS, "2026-02-09", first, every) == []  # once each
    assert due(DAYS, "2026-02-10", first, every) == [("2026-02-10", ["a@example.org"])]


def test_an_edition_that_failed_is_tried_again_and_open_ones_wait() -> None:
    first = {"a@example.org": "2026-02-05", "b@example.org": "2026-02-05"}
    sent = {(d, "a@example.org") for d in DAYS[4:8]} | {(d, "b@example.org") for d in DAYS[4:8]}
    sent.discard(("2026-02-07", "b@example.org"))  # the server refused b that morning
    assert due(DAYS, "2026-02-08", first, sent) == [("2026-02-07", ["b@example.org"])]
    assert all(day <= "2026-02-08" for day, _ in due(DAYS, "2026-02-08", first, set()))


def test_catching_up_stops_a_week_back() -> None:
    days = [f"2026-01-{d:02d}" for d in range(1, 32)]
    todo = due(days, "2026-01-31", {"a@example.org": "2026-01-01"}, set())
    assert [d for d, _ in todo] == days[-CATCH_UP_DAYS:]
