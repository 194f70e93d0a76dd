"""`digest eval pairs`: the pairs file stands for the store, so what is common across its
articles counts as common (document frequencies over the whole file, each article once)."""

from __future__ import annotations

from pathlib import Path

from digest.cluster.evaluate import Pair, corpus_rarity, decide, read_pairs
from digest.cluster.features import fingerprint
from digest.config import ClusterConfig
from digest.models import Article

BBC = "https://www.bbc.com/russian/news-"
TOPIC = "Число заболевших коронавирусом в регионе выросло, самоизоляция продлена."


def _article(source: str, title: str, body: str) -> Article:
    return Article(source=source, published="2020-04-01", title=title, body=body, language="ru")


def _spring_2020() -> list[Pair]:
    """Forty regional counts of one spring: every text names the virus and the self-isolation."""
    regions = ["Омск", "Томск", "Курган", "Тюмень", "Барнаул", "Иркутск", "Кемерово", "Чита"]
    pairs = []
    for i in range(20):
        a, b = regions[i % 8], regions[(i + 3) % 8]
        first = _article(f"{i}a", f"Коронавирус в городе {a}", f"{TOPIC} Город {a}, день {i}.")
        second = _article(f"{i}b", f"Коронавирус в городе {b}", f"{TOPIC} Город {b}, день {i}.")
        pairs.append(Pair(first, second, False))
    return pairs


def test_the_file_counts_each_article_once_and_common_words_lose_their_weight() -> None:
    pairs = _spring_2020()
    twice = pairs + pairs[:5]  # an article in several pairs is still one article
    rarity = corpus_rarity(twice)
    assert rarity.docs["ru"] == 40
    alone = corpus_rarity(pairs[:1])
    virus = next(s for s in fingerprint(pairs[0].first).stems if s.startswith("коронавирус"))
    assert rarity.idf("ru", virus) < alone.idf("ru", virus) - 1.0


def test_a_decision_uses_the_file_counts_when_given() -> None:
    pairs = _spring_2020()
    _, with_file = decide(pairs[0], ClusterConfig(), corpus_rarity(pairs))
    _, alone = decide(pairs[0], ClusterConfig())
    near = with_file.why.get("nearest", with_file.why)
    near_alone = alone.why.get("nearest", alone.why)
    assert isinstance(near, dict) and isinstance(near_alone, dict)
    assert near["score"] < near_alone["score"]  # the shared virus weighs less in a spring of it


def test_pairs_are_read_with_headlines_as_the_collector_stores_them(tmp_path: Path) -> None:
    """A site's name at the end of its headlines comes off, as at collection: a domain, or a
    capitalised tail on several of one site's headlines in the file."""
    head = "INPUT:first_title\tINPUT:second_title\tINPUT:first_url\tINPUT:second_url"
    rows = [
        head + "\tINPUT:first_text\tINPUT:second_text\tGOLDEN:quality",
        f"Дроздова ушла из театра | StarHit.ru\tДроздова покинула труппу\t{BBC}1\t{BBC}2"
        "\tтекст\tтекст\tOK",
        f"Кислород в Индии кончается - Би-би-си Русская служба\tИндия без кислорода\t{BBC}3"
        f"\t{BBC}4\tтекст\tтекст\tOK",
        f"Выборы в Шотландии: что дальше - Би-би-си Русская служба\tШотландия голосует\t{BBC}5"
        f"\t{BBC}6\tтекст\tтекст\tBAD",
        f"Почему грибок опасен - Би-би-си Русская служба\tГрибок в Индии\t{BBC}7\t{BBC}8"
        "\tтекст\tтекст\tBAD",
    ]
    path = tmp_path / "pairs.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    titles = [p.first.title for p in read_pairs(path)]
    assert titles == [
        "Дроздова ушла из театра",
        "Кислород в Индии кончается",
        "Выборы в Шотландии: что дальше",
        "Почему грибок опасен",
    ]
