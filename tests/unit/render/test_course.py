"""#21: the course of a story (articles and outlets per day, first outlet, peak), a name's weeks,
and the rising stories of an issue, on the team's own small stories."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from digest.models import Article, Membership, StoredArticle, StoryArticle
from digest.render.course import chart, of_story, rising, sparkline, weekly

SVG = "{http://www.w3.org/2000/svg}"


def _item(i: int, published: str, outlet: str) -> StoryArticle:
    article = Article(f"https://{outlet.lower()}.example/{i}", published, f"Заголовок {i}",
                      "Текст.", "ru", outlet=outlet)  # fmt: skip
    return StoryArticle(StoredArticle(i, article), Membership(i, "s1", 1.0), original=i == 1)


# A gas-deal story: KP first on the 5th, one rewrite on the 7th, four articles from three
# outlets on the 8th (two of them Lada.kz's), given out of order.
STORY = [
    _item(4, "2026-02-08T10:00:00+05:00", "Lada.kz"),
    _item(1, "2026-02-05T09:00:00+03:00", "KP"),
    _item(2, "2026-02-07T12:00:00+05:00", "Lada.kz"),
    _item(3, "2026-02-08T08:00:00+05:00", "Tengrinews"),
    _item(5, "2026-02-08T11:00:00+05:00", "Lada.kz"),
    _item(6, "2026-02-08T12:00:00+05:00", "Kursiv"),
]


def test_a_story_s_course_counts_each_day_from_its_first_to_its_last() -> None:
    course = of_story(STORY)
    assert [(d.day, d.articles, d.outlets) for d in course.days] == [
        ("2026-02-05", 1, 1), ("2026-02-06", 0, 0), ("2026-02-07", 1, 1), ("2026-02-08", 4, 3),
    ]  # fmt: skip
    assert (course.first_outlet, course.first_day) == ("KP", "2026-02-05")
    assert (course.peak.day, course.peak.articles, course.peak.outlets) == ("2026-02-08", 4, 3)
    assert (course.total_articles, course.total_outlets, course.span_days) == (6, 4, 4)
    assert not course.cut


def test_a_long_story_draws_its_last_thirty_days_and_says_so() -> None:
    course = of_story([_item(1, "2025-11-01", "KP"), _item(2, "2026-02-08", "Kursiv")])
    assert len(course.days) == 30 and course.days[-1].day == "2026-02-08"
    assert course.cut and course.span_days == 100 and course.first_day == "2025-11-01"


def test_the_chart_is_well_formed_svg_with_a_bar_per_covered_day_and_a_name() -> None:
    svg = str(chart(of_story(STORY), "Articles per day <and> outlets"))
    root = ET.fromstring(svg)  # strict: it must be XML
    assert root.get("role") == "img" and root.get("aria-label") == "Articles per day <and> outlets"
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == 3  # the 6th had no article: no bar, the line goes down to 0
    heights = [float(b.get("height") or 0) for b in bars]
    assert heights[-1] == 4 * heights[0]  # bars are to scale
    assert [t.text for t in bars[-1].iter(f"{SVG}title")] == ["2026-02-08: 4 / 3"]
    markers = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "marker"]
    assert len(markers) == 4  # outlets: a square on every day, a shape not a colour
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["4", "2026-02-05", "2026-02-08"]  # the peak's count, first and last day


def test_weeks_of_mentions_end_on_the_given_day() -> None:
    days = ["2026-02-08", "2026-02-02", "2026-02-01", "2026-01-01", "2025-01-01", "2026-03-01"]
    assert weekly(days, "2026-02-08", weeks=4) == (0, 0, 1, 2)  # 02-01 is 7 days back
    svg = ET.fromstring(str(sparkline((0, 1, 3, 0), "Articles per week: 0, 1, 3, 0")))
    assert svg.get("aria-label") == "Articles per week: 0, 1, 3, 0"
    assert len((svg.find(f"{SVG}polyline").get("points") or "").split()) == 4  # type: ignore[union-attr]


def test_rising_is_growth_against_the_days_before_not_a_new_story() -> None:
    quiet = [_item(10, "2026-02-06", "KP"), _item(11, "2026-02-08", "KP")]
    new_today = [_item(20 + n, "2026-02-08", o) for n, o in enumerate(["KP", "Kursiv", "Vlast"])]
    steady = [_item(30 + n, d, "KP") for n, d in enumerate(
        ["2026-02-05", "2026-02-05", "2026-02-06", "2026-02-06", "2026-02-07", "2026-02-07",
         "2026-02-08", "2026-02-08", "2026-02-08"])]  # fmt: skip
    found = rising(
        [("gas", STORY), ("quiet", quiet), ("new", new_today), ("steady", steady)], "2026-02-08"
    )
    assert [(r.story_id, r.today) for r in found] == [("gas", 4)]  # 4 against 2 in 3 days
    assert round(found[0].before, 2) == 0.67
