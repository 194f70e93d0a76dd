"""Site furniture inside an article's running text, where no line break sets it apart.

A page scraped flat, or a feed's full text, carries the site around the story on the same
line as the story: a header «13:00 12.11.2019 Фото: кремлин.ру3 0 Только дотации…», calls to
subscribe («Подписывайтесь на каналы Яндекс Новости…», «Наш WhatsApp +7 …»), an author, a
source line and the tag list («Источник: ТАСС бедность ВВП Алексей Кудрин»), hashtags. The
line rules of `collect.boilerplate` never see these. Left in, they are words the story never
said: two stories of one site share its calls, phone number and tags, which reads as shared
evidence, and a tag names a person the text may not be about.

What is cut, and why it is safe:
- a leading page header: a date (after a time, if any), then at most a photo credit and
  counters;
- from a call to the reader (subscribe, read us, send news, our WhatsApp) to the end, when the
  call stands in the text's last part: sites put them after the story, and a story that
  quotes such a call does so early, not in its closing lines;
- in a whole article, what follows its last full sentence when that is short and has no
  sentence end of its own: an author, a source, credits, tags. A short text (a feed's
  summary) keeps its last words, which may be its only sentence.
"""

from __future__ import annotations

import re

_HEADER = re.compile(
    r"^\s*(?:\d{1,2}:\d{2}\s+)?\d{1,2}\.\d{1,2}\.\d{4}"  # «13:00  12.11.2019»
    r"(?:,?\s+\d{1,2}:\d{2})?"  # «12.11.2019, 13:00»
    r"(?:\s+(?:Фото|Photo)\s*:\s*\S+(?:\s+\d+)*)?"  # «Фото: кремлин.ру», counters
    r"\s+"
)
_CALLS = re.compile(
    r"(?:Подписывайтесь|Подпишитесь|Подписывайся|Подписаться на (?:наш|[A-ZА-ЯЁ])"
    r"|(?<=[-—–.])\s*Подписаться\b|Читайте нас|Читайте наши новости"
    r"|Наш (?:WhatsApp|Telegram|Телеграм|телеграм|Viber)|Написать автору|Сообщить новость"
    r"|Прислать новость|Пришли(?:те)? фото в редакцию|Ты свидетель|Вы стали свидетелем"
    r"|Хочу знать вс|(?:Интересно\?\s*)?Жми,? чтобы подписаться|Нашли ошибку\?|Если вы нашли ошибку"
    r"|Присоединяйтесь к нам|Мы в соцсетях|Следите за (?:нашими )?новостями в"
    r"|Subscribe to our|Follow us on|Sign up for our)"
)
_LAST_PART = 0.6  # a call after this share of the text is the site's, not the story's
_SENTENCE_END = re.compile(r"[.!?…][\"»”)\]]*(?=\s|$)")  # «[…]» closes a capped text
_WHOLE = 500  # characters: shorter texts are summaries, whose last words may be all they say
_TAIL_WORDS = 20  # what follows the last sentence and is longer than this is text
_HASHTAGS = re.compile(r"(?:\s*#[^\s#]+)+\s*$")
_LOOSE_END = re.compile(r"[^\w.!?…\"»”)\]]+$")


def _cut(text: str, at: int) -> str:
    """`text` up to `at`, without the marks a cut call leaves before it: «🎯», «—», «|»."""
    return _LOOSE_END.sub("", text[:at])


def _without_calls(text: str) -> str:
    for found in _CALLS.finditer(text):
        if found.start() >= _LAST_PART * len(text):
            return _cut(text, found.start())
    return text


def _without_tail(text: str) -> str:
    if len(text) < _WHOLE:
        return text
    ends = list(_SENTENCE_END.finditer(text))
    if not ends:
        return text
    cut = ends[-1].end()
    tail = text[cut:]
    if tail.strip() and len(tail.split()) <= _TAIL_WORDS:
        return text[:cut]
    return text


def without_chrome(text: str) -> str:
    """The text without the site's header, calls, hashtags and trailing furniture; a text that
    is nothing but these (a lone call) is kept as it is."""
    found = _HEADER.sub("", text, count=1) if _HEADER.match(text) else text
    found = _without_calls(found)
    if tags := _HASHTAGS.search(found):
        found = _cut(found, tags.start())
    return _without_tail(found) or text
