"""A story's headline follows the news, in both languages from one article, and one ranking
for new stories and updates (#19: the highway story read «закрыли» in the issue where it
reopened, with "highway reopens" under it; updates on followed stories sank below 60 minor
new items). The articles are the team's own, written for these tests."""

from __future__ import annotations

from digest.models import Article, Membership, StoredArticle
from digest.render.bilingual import TranslationInfo, story_texts
from digest.render.issues import build_issues, build_stories

HIGHWAY = [  # (day, outlet, language, headline)
    ("2026-01-10", "Tengrinews", "ru", "Трассу Алматы — Бишкек закрыли из-за снегопада"),
    ("2026-01-10", "Kazinform", "en", "Almaty–Bishkek highway closed by heavy snow"),
    ("2026-01-11", "Tengrinews", "ru", "Трассу Алматы — Бишкек открыли для всех машин"),
    ("2026-01-11", "Informburo", "ru", "Движение по трассе Алматы — Бишкек открыли утром"),
    ("2026-01-11", "Kazinform", "en", "Almaty–Bishkek highway reopens to all traffic"),
]


def _article(i: int, day: str, outlet: str, lang: str, title: str) -> StoredArticle:
    body = f"{title}. Подробности в материале {outlet}." if lang == "ru" else f"{title}. More."
    return StoredArticle(i, Article(f"a{i}", day, title, body, lang, outlet=outlet))


def _stories(rows: list[tuple[str, str, str, str]], story: str, first_id: int = 1) -> list:  # type: ignore[type-arg]
    stored = [_article(first_id + i, *row) for i, row in enumerate(rows)]
    members = [Membership(s.id, story, 0.9) for s in stored]
    return [stored, members]


def test_the_headline_is_that_issues_lead_article_in_both_languages() -> None:
    stored, members = _stories(HIGHWAY, "highway")
    issues = {i.date: i for i in build_issues(build_stories(stored, members))}
    (closed,) = issues["2026-01-10"].stories
    (reopened,) = issues["2026-01-11"].stories
    assert closed.title == {"ru": "Трассу Алматы — Бишкек закрыли из-за снегопада"}
    assert reopened.title == {"ru": "Трассу Алматы — Бишкек открыли для всех машин"}
    assert set(reopened.summary) == {"ru"}  # the summary of the same article
    # No model: the English line is not another article's older headline.
    texts = story_texts(reopened, TranslationInfo())
    assert texts.head.text == "Трассу Алматы — Бишкек открыли для всех машин"
    assert texts.title["en"].text is None


def test_an_update_carried_by_several_outlets_outranks_minor_new_stories() -> None:
    stored, members = _stories(HIGHWAY, "highway")
    for n in range(60):  # one German tech item each, on the day the highway reopened
        item = _article(100 + n, "2026-01-11", f"Tech {n}", "de", f"Neues Gerät Nummer {n}")
        stored.append(item)
        members.append(Membership(item.id, f"tech{n}", 1.0))
    issue = {i.date: i for i in build_issues(build_stories(stored, members))}["2026-01-11"]
    assert issue.stories[0].story_id == "highway" and issue.stories[0].status == "update"
    # With one new article that day, the update still outranks a one-outlet new story: the
    # story's whole coverage breaks the tie.
    one = [row for row in HIGHWAY if row[0] == "2026-01-10" or row[1] == "Informburo"]
    stored, members = _stories(one, "highway")
    item = _article(200, "2026-01-11", "Tech", "de", "Neues Gerät")
    issue = build_issues(build_stories([*stored, item], [*members, Membership(200, "t", 1.0)]))[-1]
    assert [s.story_id for s in issue.stories] == ["highway", "t"]


def test_times_are_shown_in_the_readers_zone_with_the_outlets_own() -> None:
    """#19: items timed at fetch showed UTC beside Almaty times."""
    from digest.render.i18n import Strings
    from digest.render.pages import shown_time

    s = Strings("en")
    moscow = Article("a", "2026-01-11T09:15:00+03:00", "t", "b", "ru")
    almaty = Article("b", "2026-01-11T11:20:00+05:00", "t", "b", "ru")
    fetched = Article("c", "2026-01-11T05:30:00+00:00", "t", "b", "en", published_estimated=True)
    assert shown_time(moscow, "Asia/Almaty", s) == ("2026-01-11 11:15", "09:15 +0300 at the outlet")
    assert shown_time(almaty, "Asia/Almaty", s) == ("2026-01-11 11:20", "")  # the reader's zone
    local, note = shown_time(fetched, "Asia/Almaty", s)
    assert local == "2026-01-11 10:30" and note.startswith("time of fetching")
    day = Article("d", "2026-01-11", "t", "b", "ru")
    assert shown_time(day, "Asia/Almaty", s) == ("2026-01-11", "")


def test_the_why_names_outlet_and_headline_and_only_evidence_for_the_match() -> None:
    """#19: "Matched https://stepnoy.kz/… with score 0.67: 0% of its word stems, headline
    similarity 0.0" named a URL, and its figures seemed to argue against the match."""
    from digest.render.explain import why_line
    from digest.render.i18n import Strings

    across = {"matched": "https://stepnoy.kz/news/1", "matched_outlet": "Stepnoy",
              "matched_title": "Magnitude 4.7 quake felt in Almaty", "score": 0.67,
              "meaning": 0.81, "containment": 0.0, "title": 0.0}  # fmt: skip
    line = why_line(across, Strings("en"))
    assert line == (
        "Matched Stepnoy «Magnitude 4.7 quake felt in Almaty», score 0.67: same meaning (0.81)."
    )
    same = {**across, "meaning": 0.0, "containment": 0.46, "title": 0.5}
    assert why_line(same, Strings("ru")) == (
        "Совпадает с Stepnoy «Magnitude 4.7 quake felt in Almaty», оценка 0.67: 46% общих основ"
        " слов, похожие заголовки (0.50)."
    )


def test_the_issue_page_says_no_more_than_it_needs() -> None:
    """#19: "Full text (1 paragraph)" repeated the summary; a stray "#" stood before "Story
    page"; with render.language ru the no-model note stayed English."""
    from digest.render.pages import PageContext, issue_html

    short = StoredArticle(1, Article("a1", "2026-01-10", "Трассу закрыли",
                                     "Трассу Алматы — Бишкек закрыли из-за снегопада.", "ru",
                                     outlet="Tengrinews"))  # fmt: skip
    issue = build_issues(build_stories([short], [Membership(1, "s", 1.0)]))[0]
    html = issue_html(issue, PageContext(language="ru", info=TranslationInfo()))
    assert '<details class="fulltext"' not in html and ">#</a>" not in html
    assert "Модель перевода ещё не установлена" in html and "No translation model" not in html
    long = StoredArticle(2, Article("a2", "2026-01-10", "Трассу закрыли", "Первый абзац. " * 40
                                    + "\n\nВторой абзац о том, когда откроют.", "ru"))  # fmt: skip
    issue = build_issues(build_stories([long], [Membership(2, "s", 1.0)]))[0]
    assert '<details class="fulltext"' in issue_html(issue, PageContext(info=TranslationInfo()))
