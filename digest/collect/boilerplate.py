"""What site chrome, photo credits and source lines look like in Russian news text.

Patterns, not file names: anything here applies to any article of the same kind.
"""

from __future__ import annotations

import re

from digest.text.words import MONTH_NAMES

# Whole lines that are site chrome or reading furniture, wherever they stand.
CHROME_LINES = re.compile(
    r"^(?:продолжение после рекламы|реклама|читайте также.*|новости и события|главная"
    r"|все новости|лента новостей|поделиться|подписывайтесь.*|версия для печати"
    r"|комментарии|advertisement|read more|share)$",
    re.IGNORECASE,
)

# A photo credit taking a whole line: «Фото: …», «Фото из личного архива …», «© Photo : …».
PHOTO_LINE = re.compile(r"^(?:©\s*)?(?:фото|фотография|photo|изображение)\b", re.IGNORECASE)

# A photo credit trailing a caption or a headline on the same line: «… Фото: РИА Новости».
PHOTO_TAIL = re.compile(r"\s+(?:©\s*)?(?:Фото|Photo)\s*:\s.*$")

# Disclaimers that say nothing about the story.
DISCLAIMER = re.compile(
    r"^(?:автор выражает (?:личное|собственное) мнение|мнение автора может не совпадать"
    r"|редакция может не разделять).*$",
    re.IGNORECASE,
)

# Metadata lines, kept as fields instead of body text.
SOURCE_LINE = re.compile(r"^(?:источник|source)\s*[-–—:]\s*(?P<value>.+?)\.?$", re.IGNORECASE)
URL_LINE = re.compile(
    r"^(?:постоянный адрес(?: статьи)?|адрес статьи|ссылка на (?:статью|материал)|permalink)"
    r"\s*[-–—:]\s*(?P<value>https?://\S+)$",
    re.IGNORECASE,
)
AUTHOR_LINE = re.compile(r"^(?:автор|author|текст)\s*[:–—-]\s*(?P<value>.+)$", re.IGNORECASE)

# «… сообщает Lada.kz со ссылкой на Sputnik», «… передает ТАСС», «… пишет «Коммерсант»».
REPORTED_BY = re.compile(
    r"(?:сообщает|сообщил[аи]?|передает|передаёт|пишет|информирует)\s+"
    r"(?P<outlet>[«\"]?[A-ZА-ЯЁ][\w.\-]*(?:\.[a-zа-я]{2,})?[»\"]?)"
    r"(?:\s+со ссылкой на\s+(?P<cited>[«\"]?[A-ZА-ЯЁ][\w.\- ]*?[»\"]?))?(?=[.,;:]|$)"
)
CITING = re.compile(r"со ссылкой на\s+(?P<cited>[«\"]?[A-ZА-ЯЁ][\w.\-]*[»\"]?)")

# Interview subjects: «редакция побеседовала с … Антоном Арутюновым».
INTERVIEW = re.compile(
    r"(?:побеседовал[аи]?|поговорил[аи]?|беседует|интервью)\s+с\s+(?P<who>[^.]+)",
    re.IGNORECASE,
)

# Dates and times in page headers: «Пятница, 06.02.2026», «11:21 06.02.2026», «5 февраля 2026».
MONTHS = "|".join(MONTH_NAMES["ru"])
WEEKDAYS = "понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
DATE_LINE = re.compile(
    rf"^(?:(?:{WEEKDAYS}),?\s*)?(?:\d{{1,2}}:\d{{2}}\s*)?"
    rf"(?:\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?(?:\s*г\.?)?)"
    rf"(?:,?\s*\d{{1,2}}:\d{{2}})?$",
    re.IGNORECASE,
)


def is_menu(line: str) -> bool:
    """A run of capitalised words, like the colour menu «КРАСНЫЙ ЖЕЛТЫЙ ЗЕЛЕНЫЙ СИНИЙ»."""
    words = line.split()
    return len(words) >= 2 and all(w.isalpha() and w.isupper() for w in words)
