"""Builds the team's own development pairs for story grouping (issue #10's error categories).

    python -m lab.devset        # writes lab/data/dev_{train,heldback}.tsv
    python -m lab.devset --details 0.8   # an experiment: lab/out/devset_details/ (below)

Written by the digest team for this purpose, not taken from any data set: each *family* is one
kind of news with slots (a region, a date, a company, a figure) and two or three *outlet styles*
that word the same event differently. From a family come
- positives: two styles filled with the same slots (one event, retold in other words: what they
  share is the rare names and figures, few common words);
- template negatives: one style filled with slots differing in a date, a place, a person or the
  figures (serial and templated articles: a forecast for another day, a press release copied for
  another region), sharing most of their words;
- same-actor negatives: the same people in a different event of another family.
Half the positives are rewrites instead (one style, a sentence left out), as real outlets
copy each other. Every text also carries filler sentences drawn from a shared pool of newsroom
phrases, so common words are shared by negatives too. Families are split whole: the held-back
file has families the scorer never saw in training. Labels are right by construction; the
wording is the team's.
The format is that of ../shared/eval/dedup (read by `digest eval pairs`).

`--details SHARE` (an experiment, not the shipped pairs) gives that share of texts a sentence of
their outlet's own in the lead: a person it spoke to, its name, a place its reporter went, as
real retellings carry (docs/BENCHMARKS.md, "Tried and rejected", says what it did to the
scorer: nothing that was kept).
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lab.devwords import (
    ARTISTS,
    CHANNELS,
    COMPANIES,
    GROUPS,
    PEOPLE,
    REGIONS,
    STUDIOS,
    TEAMS,
    cap,
    day,
    pad,
    with_detail,
)

OUT = Path(__file__).resolve().parents[1] / "lab" / "data"
EXPERIMENT = Path(__file__).resolve().parents[1] / "lab" / "out" / "devset_details"


@dataclass(frozen=True)
class Text:
    title: str
    body: str


Style = Callable[[dict[str, str]], Text]


# ---- families: slots, and styles that word one event differently ----------------------------


def weather_slots(rng: random.Random) -> dict[str, str]:
    region, city = rng.choice(REGIONS)
    low = rng.randint(5, 30)
    return {"region": region, "city": city, "date": day(rng), "low": str(-low),
            "high": str(-low + rng.randint(3, 9)), "wind": str(rng.randint(4, 15))}  # fmt: skip


WEATHER: list[Style] = [
    lambda s: Text(
        f"Прогноз погоды на {s['date']}: в {s['region']} до {s['low']} градусов",
        f"{cap(s['date'])} в {s['region']} ожидается облачная погода. Ночью столбик"
        f" термометра опустится до {s['low']} градусов, днём воздух прогреется до {s['high']}."
        f" Ветер северо-западный, {s['wind']} метров в секунду. Синоптики советуют одеваться"
        f" теплее и не планировать дальние поездки.",
    ),
    lambda s: Text(
        f"Синоптики рассказали, какой будет погода в {s['city']} {s['date']}",
        f"По данным гидрометцентра, {s['date']} в {s['city']} и окрестностях похолодает: ночью"
        f" {s['low']}, днём около {s['high']}. Порывы ветра достигнут {s['wind']} м/с. Местами"
        f" пройдёт небольшой снег, на дорогах гололедица.",
    ),
]


def release_slots(rng: random.Random) -> dict[str, str]:
    artist, album = rng.choice(ARTISTS)
    return {"artist": artist, "album": album, "date": day(rng),
            "tracks": str(rng.randint(8, 16)), "city": rng.choice(REGIONS)[1]}  # fmt: skip


RELEASE: list[Style] = [
    lambda s: Text(
        f"{cap(s['artist'])} выпустит альбом {s['album']} {s['date']}",
        f"{cap(s['artist'])} представит новый альбом {s['album']} {s['date']}. В пластинку"
        f" вошли {s['tracks']} композиций. Релиз состоится на всех цифровых площадках, а"
        f" презентация пройдёт в {s['city']}. Предзаказ уже открыт.",
    ),
    lambda s: Text(
        f"Новая пластинка {s['album']}: {s['artist']} назвал дату релиза",
        f"Слушатели услышат {s['album']} уже {s['date']}, сообщил {s['artist']} в своих соцсетях."
        f" На диске {s['tracks']} песен, первый концерт в поддержку релиза — в {s['city']}.",
    ),
]


def broadcast_slots(rng: random.Random) -> dict[str, str]:
    home, away = rng.sample(TEAMS, 2)
    return {"home": home, "away": away, "date": day(rng), "channel": rng.choice(CHANNELS),
            "time": f"{rng.randint(12, 21)}:{rng.choice(['00', '30'])}"}  # fmt: skip


BROADCAST: list[Style] = [
    lambda s: Text(
        f"{s['home']} — {s['away']}: где смотреть матч {s['date']}",
        f"Матч {s['home']} — {s['away']} пройдёт {s['date']}. Начало встречи в {s['time']} по"
        f" местному времени. Прямую трансляцию покажет телеканал {s['channel']}. Онлайн-"
        f"трансляция также доступна на сайте телеканала.",
    ),
    lambda s: Text(
        f"{s['channel']} покажет игру {s['home']} и {s['away']}",
        f"Встречу команд {s['home']} и {s['away']} {s['date']} в прямом эфире покажет"
        f" {s['channel']}, стартовый свисток прозвучит в {s['time']}. Хозяева поля идут выше в"
        f" турнирной таблице.",
    ),
]


def shelling_slots(rng: random.Random) -> dict[str, str]:
    return {"place": rng.choice(["Горловка", "Шебекино", "Грайворон", "Валуйки", "Новая Таволжанка",
                                 "Тёткино", "Климово", "Суджа"]),
            "date": day(rng), "hurt": str(rng.randint(1, 9)), "houses": str(rng.randint(2, 30)),
            "drones": str(rng.randint(3, 40))}  # fmt: skip


SHELLING: list[Style] = [
    lambda s: Text(
        f"Обстрел {s['place']} {s['date']}: пострадали {s['hurt']} человек",
        f"{cap(s['date'])} населённый пункт {s['place']} подвергся обстрелу. Пострадали"
        f" {s['hurt']} мирных жителей, повреждены {s['houses']} частных домов. Силы ПВО сбили"
        f" {s['drones']} беспилотников. На месте работают экстренные службы.",
    ),
    lambda s: Text(
        f"Глава района рассказал о последствиях атаки на {s['place']}",
        f"В результате атаки на {s['place']} ранения получили {s['hurt']} человек, сообщил глава"
        f" района. По его словам, {s['date']} повреждения получили {s['houses']} домовладений,"
        f" всего над территорией уничтожены {s['drones']} дронов.",
    ),
]


def release_pr_slots(rng: random.Random) -> dict[str, str]:
    region, city = rng.choice(REGIONS)
    return {"region": region, "city": city, "person": rng.choice(PEOPLE),
            "schools": str(rng.randint(3, 40)), "sum": str(rng.randint(120, 980))}  # fmt: skip


PRESS_RELEASE: list[Style] = [
    lambda s: Text(
        f"В {s['region']} отремонтируют {s['schools']} школ",
        f"В {s['region']} по национальному проекту в этом году отремонтируют {s['schools']} школ."
        f" На эти цели направят {s['sum']} млн рублей, сообщил губернатор {s['person']}. Работы"
        f" начнутся летом, подрядчиков выберут на конкурсе.",
    ),
    lambda s: Text(
        f"{s['person']}: на ремонт школ выделено {s['sum']} млн",
        f"Губернатор {s['person']} рассказал, что {s['schools']} учебных заведений в {s['city']} и"
        f" районах получат капитальный ремонт. Общая стоимость работ — {s['sum']} млн рублей.",
    ),
]


def hack_slots(rng: random.Random) -> dict[str, str]:
    return {"group": rng.choice(GROUPS), "company": rng.choice(COMPANIES),
            "records": str(rng.randint(2, 90)), "city": rng.choice(REGIONS)[1]}  # fmt: skip


HACK: list[Style] = [
    lambda s: Text(
        f"Хакеры {s['group']} взломали серверы компании «{s['company']}»",
        f"Группировка {s['group']} заявила о взломе инфраструктуры компании «{s['company']}» из"
        f" {s['city']}. По словам злоумышленников, им удалось похитить {s['records']} тысяч"
        f" записей о клиентах. В компании утечку пока не подтвердили.",
    ),
    lambda s: Text(
        f"«{s['company']}» проверяет данные об утечке",
        f"Специалисты по кибербезопасности обнаружили в открытом доступе базу, которую"
        f" {s['group']} приписывает себе. В ней около {s['records']} тыс. строк; "
        f"«{s['company']}» начала внутреннюю проверку.",
    ),
]


def studio_slots(rng: random.Random) -> dict[str, str]:
    return {"studio": rng.choice(STUDIOS), "game": rng.choice(["«Курган»", "«Тень степи»",
            "«Пятый мост»", "«Горизонт»", "«Туманный порт»"]), "date": day(rng),
            "people": str(rng.randint(20, 300))}  # fmt: skip


STUDIO: list[Style] = [
    lambda s: Text(
        f"Студия {s['studio']} перенесла выход игры {s['game']}",
        f"Разработчики из {s['studio']} отложили релиз {s['game']}: теперь игра выйдет"
        f" {s['date']}. В команде {s['people']} человек, им нужно больше времени на"
        f" исправление ошибок.",
    ),
    lambda s: Text(
        f"Релиз {s['game']} сдвинулся на {s['date']}",
        f"Игроки подождут: {s['game']} появится в продаже только {s['date']}, объявила"
        f" студия {s['studio']}, где работают {s['people']} сотрудников.",
    ),
]


def governor_slots(rng: random.Random) -> dict[str, str]:
    region, city = rng.choice(REGIONS)
    return {"person": rng.choice(PEOPLE), "region": region, "city": city,
            "measure": rng.choice(["запрет продажи энергетиков детям", "налоговые каникулы для"
                                   " фермеров", "бесплатный проезд для студентов",
                                   "ограничение ночной торговли алкоголем"]),
            "date": day(rng)}  # fmt: skip


GOVERNOR: list[Style] = [
    lambda s: Text(
        f"Губернатор {s['person']} подписал закон: {s['measure']}",
        f"{s['person']} подписал закон, который вводит в {s['region']} {s['measure']}. Документ"
        f" вступит в силу {s['date']}. Законопроект ранее одобрили депутаты регионального"
        f" парламента.",
    ),
    lambda s: Text(
        f"В {s['city']} с {s['date']} — {s['measure']}",
        f"Глава региона {s['person']} утвердил норму, и с {s['date']} в {s['region']} действует"
        f" {s['measure']}. Нарушителям грозит штраф.",
    ),
]
GOVERNOR_OTHER: Style = lambda s: Text(  # noqa: E731 (same actor, another event)
    f"{s['person']} провёл совещание по паводкам",
    f"{s['person']} провёл в {s['city']} совещание о подготовке к весеннему половодью. Глава"
    f" региона поручил проверить дамбы и запасы песка. Также обсуждался закон, который вводит"
    f" {s['measure']}.",
)


def mural_slots(rng: random.Random) -> dict[str, str]:
    return {"person": rng.choice(PEOPLE), "street": rng.choice(["Ленина", "Абая", "Гагарина",
            "Мира", "Садовой", "Сатпаева"]), "artist": rng.choice(["Мирзо", "Кос", "Варвара Лис",
            "Тэо"]), "city": rng.choice(REGIONS)[1]}  # fmt: skip


MURAL: list[Style] = [
    lambda s: Text(
        f"В {s['city']} закрасили мурал художника {s['artist']}",
        f"Рисунок художника {s['artist']} на улице {s['street']} закрасили по распоряжению главы"
        f" района {s['person']}. Горожане возмущены: граффити появилось всего месяц назад.",
    ),
    lambda s: Text(
        f"{s['person']} объяснил, почему исчезло граффити на {s['street']}",
        f"Глава района {s['person']} заявил, что работа {s['artist']} была нанесена без"
        f" согласования, поэтому стену на улице {s['street']} в {s['city']} перекрасили.",
    ),
]


def faction_slots(rng: random.Random) -> dict[str, str]:
    a, b = rng.sample(PEOPLE, 2)
    return {"a": a, "b": b, "party": rng.choice(["«Новая сила»", "«Народный курс»",
            "«Степной альянс»"]), "date": day(rng)}  # fmt: skip


FACTION: list[Style] = [
    lambda s: Text(
        f"Фракция {s['party']} обсуждает исключение депутатов {s['a']} и {s['b']}",
        f"Во фракции {s['party']} обсуждают исключение двух депутатов — {s['a']} и {s['b']}."
        f" Решение могут принять на заседании {s['date']}.",
    ),
    lambda s: Text(
        f"{s['party']} может исключить {s['a']} и {s['b']}",
        f"Вопрос об исключении {s['a']} и {s['b']} из фракции {s['party']} рассмотрят"
        f" {s['date']}, рассказали источники в партии.",
    ),
]
FACTION_OTHER: Style = lambda s: Text(  # noqa: E731 (same actors, days later)
    f"Исключённый из {s['party']} {s['a']} заявил о нарушении закона",
    f"{s['a']}, которого исключили из фракции {s['party']} вместе с {s['b']}, считает решение"
    f" незаконным и собирается оспорить его в суде.",
)


@dataclass(frozen=True)
class Family:
    name: str
    slots: Callable[[random.Random], dict[str, str]]
    styles: list[Style]
    key: tuple[str, ...]  # slots that make another event when they change
    other: Style | None = None  # the same actors in another event


FAMILIES = [
    Family("weather", weather_slots, WEATHER, ("date", "region", "low")),
    Family("release", release_slots, RELEASE, ("artist", "album")),
    Family("broadcast", broadcast_slots, BROADCAST, ("home", "away", "date")),
    Family("press_release", release_pr_slots, PRESS_RELEASE, ("region", "person", "sum")),
    Family("hack", hack_slots, HACK, ("group", "company")),
    Family("governor", governor_slots, GOVERNOR, ("person", "measure"), GOVERNOR_OTHER),
    Family("shelling", shelling_slots, SHELLING, ("place", "date", "hurt")),
    Family("studio", studio_slots, STUDIO, ("studio", "game")),
    Family("mural", mural_slots, MURAL, ("person", "artist", "street")),
    Family("faction", faction_slots, FACTION, ("a", "party"), FACTION_OTHER),
]
HELD_BACK = {"shelling", "studio", "mural", "faction"}


def _drop_sentence(rng: random.Random, text: Text) -> Text:
    """A rewrite: the same wording, one sentence left out (when there are three or more)."""
    parts = text.body.split(". ")
    if len(parts) >= 3:
        parts.pop(rng.randrange(1, len(parts)))
    return Text(text.title, ". ".join(parts))


def _pairs(family: Family, rng: random.Random, n: int) -> list[tuple[Text, Text, bool, str]]:
    out = []
    for _ in range(n):
        slots = family.slots(rng)
        a, b = rng.sample(family.styles, 2)
        if rng.random() < 0.5:
            out.append((a(slots), b(slots), True, "one event, two outlets' wording"))
        else:
            out.append((a(slots), _drop_sentence(rng, a(slots)), True, "one event, a rewrite"))
        other = family.slots(rng)
        change = {rng.choice(family.key)} | set(rng.sample(sorted(slots), k=rng.randint(0, 1)))
        mixed = {k: other[k] if k in change else v for k, v in slots.items()}
        if "region" in change and "city" in slots:
            mixed["city"] = other["city"]  # a region and its city go together
        if a(mixed).body == a(slots).body or b(mixed).body == b(slots).body:
            continue  # the slot that changed is not in the text: not another event
        if rng.random() < 0.7:
            out.append((a(slots), a(mixed), False, "one template, another event"))
        else:
            out.append((a(slots), b(mixed), False, "same kind of news, another event"))
        if family.other is not None:
            out.append((a(slots), family.other(slots), False, "same actors, another event"))
        if rng.random() < 0.4:
            stranger = rng.choice([f for f in FAMILIES if f.name != family.name])
            text = rng.choice(stranger.styles)(stranger.slots(rng))
            out.append((a(slots), text, False, "unrelated news of the same day"))
    return out


def _row(
    pair: tuple[Text, Text, bool, str], rng: random.Random, i: int, details: float
) -> dict[str, str]:
    a, b, same, hint = pair
    if details:
        a, b = (Text(t.title, with_detail(rng, t.body)) if rng.random() < details else t
                for t in (a, b))  # fmt: skip
    return {
        "INPUT:first_url": f"https://dev.example/{i}a", "INPUT:first_title": a.title,
        "INPUT:first_text": pad(rng, a.body), "INPUT:second_url": f"https://dev.example/{i}b",
        "INPUT:second_title": b.title, "INPUT:second_text": pad(rng, b.body),
        "GOLDEN:quality": "OK" if same else "BAD", "HINT:text": hint,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--details", type=float, default=0.0, metavar="SHARE",
                        help="give this share of texts a detail of their outlet's own (an"
                        " experiment: written to lab/out/, not the shipped pairs)")  # fmt: skip
    args = parser.parse_args()
    out = EXPERIMENT if args.details else OUT
    rng = random.Random(20261123)
    out.mkdir(parents=True, exist_ok=True)
    for split, names in (("train", None), ("heldback", HELD_BACK)):
        rows: list[dict[str, str]] = []
        for family in FAMILIES:
            if (names is None) == (family.name in HELD_BACK):
                continue
            for pair in _pairs(family, rng, 12):
                rows.append(_row(pair, rng, len(rows) + 1, args.details))
        path = out / f"dev_{split}.tsv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter="\t")
            writer.writeheader()
            writer.writerows(rows)
        ok = sum(r["GOLDEN:quality"] == "OK" for r in rows)
        print(f"devset {path.name}: {len(rows)} pairs, {ok} OK, {len(rows) - ok} BAD")


if __name__ == "__main__":
    main()
