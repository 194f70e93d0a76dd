"""Word pools for the team's generated development pairs (`lab.devset`): invented regions'
people, companies, groups, studios, artists, teams; newsroom filler (`pad`); and the pools an
outlet's own detail is drawn from (`with_detail`). Written by the digest team; every name is
made up.
"""

from __future__ import annotations

import random

from digest.text.words import MONTH_NAMES

REGIONS = [("Омской области", "Омск"), ("Томской области", "Томск"),
           ("Новосибирской области", "Новосибирск"), ("Алтайском крае", "Барнаул"),
           ("Красноярском крае", "Красноярск"), ("Карагандинской области", "Караганда"),
           ("Костанайской области", "Костанай"), ("Павлодарской области", "Павлодар"),
           ("Тюменской области", "Тюмень"), ("Курганской области", "Курган"),
           ("Акмолинской области", "Кокшетау"), ("Иркутской области", "Иркутск")]  # fmt: skip
PEOPLE = ["Вадим Кречетов", "Олег Бахтияров", "Ерлан Сапаров", "Марат Жумабаев",
          "Игорь Селезнёв", "Дмитрий Ольшанский", "Айдос Тулегенов", "Сергей Веретенников",
          "Руслан Абдрахманов", "Николай Заварзин", "Тимур Исмаилов", "Павел Горчаков"]  # fmt: skip
COMPANIES = ["Сибтехлайн", "Кварцсофт", "Нордвейв", "Алтынлогистик", "Геотрассер",
             "Белкомпозит", "Тайгапром", "Степьэнерго", "Ледокол Софт", "Арктикфуд"]  # fmt: skip
GROUPS = ["Silent Lynx", "Полярный лис", "Cobalt Heron", "Чёрный кречет", "Shadow Saiga",
          "Dark Tarpan"]  # fmt: skip
STUDIOS = ["Owlbyte", "Саксаул Геймс", "Tundra Forge", "Белый ворон", "Kestrel Works",
           "Степной волк Интерактив"]  # fmt: skip
ARTISTS = [("группа «Северный ветер»", "«Полярная ночь»"), ("певица Алина Гриц", "«Стекло»"),
           ("рэпер Кайрат Нурлан", "«Дворы»"), ("группа «Тихий океан»", "«Маяки»"),
           ("певец Тимофей Лаптев", "«Проводник»"), ("группа «Кедры»", "«Смола»")]  # fmt: skip
TEAMS = ["«Иртыш»", "«Авангард»", "«Барыс»", "«Сибирь»", "«Кайрат»", "«Тобол»", "«Енисей»",
         "«Амур»", "«Астана»", "«Локомотив»"]  # fmt: skip
CHANNELS = ["«Матч ТВ»", "«Qazsport»", "«Матч! Арена»", "«Хабар 24»"]
FILLER = [
    "Об этом сообщает пресс-служба ведомства.", "Подробности пока не уточняются.",
    "Ранее об этом писали местные СМИ.", "Ситуация находится на контроле.",
    "Напомним, что в прошлом году ситуация была похожей.",
    "Информация размещена на официальном сайте.", "Эксперты дают осторожные прогнозы.",
    "Жителей просят следить за официальными сообщениями.",
    "Редакция направила запрос в профильное министерство.",
    "Ответа на момент публикации не поступило.", "Мы будем следить за развитием событий.",
    "Об этом стало известно в среду.", "Как отметили в администрации, работа продолжается.",
]  # fmt: skip

# An outlet's own detail: real retellings each carry rare words the other lacks (a person the
# outlet spoke to, its own name, a place its reporter went), so an unshared rare word in the lead
# is no sign of another event by itself. Drawn fresh for each text (`detail_sentence`), with
# `python -m lab.devset --details SHARE` (an experiment, see lab/devset.py).
DETAIL_FIRST = ["Кирилл", "Вячеслав", "Арсений", "Глеб", "Ростислав", "Ефим", "Святослав",
                "Азамат", "Нурлан", "Богдан", "Савелий", "Мирон", "Аскар", "Елисей", "Ильдар",
                "Всеволод", "Жандос", "Тихон"]  # fmt: skip
DETAIL_LAST = ["Дробышев", "Колесников", "Мезенцев", "Байтурсынов", "Шадрин", "Ковыльников",
               "Сабитов", "Луговской", "Ермекбаев", "Трофимчук", "Полозов", "Карабеков",
               "Вершинин", "Оспанов", "Рудаков", "Тальков", "Есенжолов", "Бармин", "Чеботарёв",
               "Уразов"]  # fmt: skip
DETAIL_ROLES = ["политолог", "юрист", "экономист", "депутат городского совета", "очевидец",
                "местный житель", "представитель профсоюза", "эколог", "адвокат",
                "директор местной школы", "руководитель общественной приёмной",
                "председатель ТСЖ"]  # fmt: skip
DETAIL_OUTLETS = ["«Вечерний Прииртышск»", "«Степной курьер»", "«Северная панорама»",
                  "«Кедровый вестник»", "«Алтайская заря»", "«Байкальский репортёр»",
                  "«Ишимская правда»", "«Обской меридиан»", "«Сарыарка сегодня»",
                  "«Тобольский обозреватель»", "«Енисейский листок»",
                  "«Иртышская волна»"]  # fmt: skip
DETAIL_PLACES = ["у здания бывшего элеватора", "возле торгового центра «Меридиан»",
                 "на площади Кенесары", "у проходной завода «Полимерсталь»",
                 "рядом с автовокзалом «Южный»", "у стадиона «Трактор»",
                 "на набережной Тоболя", "в сквере Чокана Валиханова",
                 "у Дворца культуры железнодорожников", "возле рынка «Алтын»"]  # fmt: skip
DETAIL_SENTENCES = [
    "Подробности изданию {outlet} рассказал {role} {name}.",
    "Как уточнил в разговоре с {outlet} {role} {name}, это обсуждалось уже несколько недель.",
    "Корреспондент издания {outlet} побывал {place}.",
    "{cap_role} {name} считает, что этого следовало ожидать.",
    "Жители, с которыми поговорили журналисты {place}, узнали о новости из соцсетей.",
]


def day(rng: random.Random) -> str:
    """A day and month in words: «17 марта»."""
    return f"{rng.randint(1, 28)} {MONTH_NAMES['ru'][rng.randrange(12)]}"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def pad(rng: random.Random, body: str) -> str:
    """Newsroom phrases after the story (the lead stays the story's own, as in real news)."""
    return " ".join([body, *rng.sample(FILLER, rng.randint(2, 4))])


def with_detail(rng: random.Random, body: str) -> str:
    """The body with a sentence of its outlet's own after its first, in the lead
    (`detail_sentence`)."""
    sentence = detail_sentence(rng)
    first, dot, rest = body.partition(". ")
    return f"{first}. {sentence} {rest}" if dot else f"{body} {sentence}"


def detail_sentence(rng: random.Random) -> str:
    """A sentence only this outlet has: its name, a person it spoke to, a place it went."""
    role = rng.choice(DETAIL_ROLES)
    return rng.choice(DETAIL_SENTENCES).format(
        outlet=rng.choice(DETAIL_OUTLETS), role=role, cap_role=cap(role),
        name=f"{rng.choice(DETAIL_FIRST)} {rng.choice(DETAIL_LAST)}",
        place=rng.choice(DETAIL_PLACES),
    )  # fmt: skip
