"""Words, names, figures and dates in article text: the pure helpers every stage shares.

Fast by design (regular expressions and the Snowball stemmer, in C through PyStemmer): they run
on every article. Stems of content words in Russian and English, distinctive figures
(«57 млрд», «95 %»), every number of a lead, day-and-month dates, proper-name keys that meet
across alphabets («Токаев», «Tokayev» → `tokae`), quotations, and set containment.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# a number, not part of a dotted date («12.05.2021») or a longer number, with the word after it
_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)(?!\d|[.,]\d)(?:\s*(%|[^\W\d_]+))?")
_CAPITALISED = re.compile(
    r"\b([A-ZА-ЯЁ][a-zа-яё]+(?:[A-ZА-ЯЁ]+[a-zа-яё]*)+"  # brands in camel case: MrBeast, YouTube
    r"|[a-z]{1,2}[A-Z][A-Za-z]+"  # ... and with a small first letter: iPhone, eBay
    r"|[A-ZА-ЯЁ][a-zа-яё]{2,}(?:-[A-ZА-ЯЁa-zа-яё]+)*|[A-ZА-ЯЁ]{2,6})\b"
)
_CAMEL = re.compile(r"^[a-z]|[a-zа-яё][A-ZА-ЯЁ]")  # a capital inside a word: no ordinary word
_QUOTE = re.compile(r"[«“\"]([^«»“”\"]{25,400})[»”\"]")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+([а-яё]+|[A-Za-z]+)")
_MONTH_DAY = re.compile(r"\b([A-Za-z]+)\s+(\d{1,2})\b")
# days that share the month after them: «25 и 26 ноября», «1, 2 и 3 декабря», «с 1 по 3 мая»
_DAY_RUN = re.compile(
    r"\b(\d{1,2}(?:\s*(?:,|и|по|до|and|to|[-–—])\s*\d{1,2})+)\s+([а-яё]+|[A-Za-z]+)"
)
MONTH_NAMES = {  # as a date writes them: «8 ноября», «8 November»
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}  # fmt: skip
MONTHS = {  # what a month's name starts with, in any case form -> its number
    **{m: i for i, m in enumerate(
        ["январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
         "октябр", "ноябр", "декабр"], 1)},
    **{m.lower(): i for i, m in enumerate(MONTH_NAMES["en"], 1)},
}  # fmt: skip
_NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "the", "this",
    "that", "его", "это", "эти", "она", "они", "как", "так", "все", "при", "для", "что",
    # acronyms of common nouns (the media, a road accident, an emergency, GDP, VAT, a company's
    # legal form): in capitals, but no one's name
    "сми", "дтп", "чс", "жкх", "вуз", "ввп", "ндс", "нко", "ооо", "оао", "зао", "пао",
    # ... of weapons and war (a warhead, an ICBM, a drone, air defence, the "special military
    # operation"), of medicine, taxes, exams and papers: news's common nouns, not its subjects
    "бч", "мбр", "бпла", "пво", "рсзо", "бмп", "бтр", "зрк", "рэб", "сво", "аэс", "тэц", "гэс",
    "сизо", "вич", "орви", "ивл", "мрт", "днк", "ндфл", "егэ", "огэ", "осаго", "внж", "пмж",
}  # fmt: skip
_UNITS = {
    "%": "%", "процент": "%", "percent": "%", "тыс": "тыс", "thousand": "тыс", "млн": "млн",
    "миллион": "млн", "million": "млн", "mln": "млн", "млрд": "млрд", "миллиард": "млрд",
    "billion": "млрд", "bn": "млрд", "трлн": "трлн", "триллион": "трлн", "trillion": "трлн",
}  # fmt: skip
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})  # fmt: skip
MIN_STEM = 4  # shorter stems are mostly function words in both languages
NAME_KEY = 5  # names meet on their first letters, after transliteration


SNOWBALL = {
    "ru": "russian", "en": "english", "de": "german", "fr": "french", "es": "spanish",
    "it": "italian", "pt": "portuguese", "nl": "dutch", "tr": "turkish", "sr": "serbian",
    "fi": "finnish", "sv": "swedish", "da": "danish", "no": "norwegian", "hy": "armenian",
    "el": "greek", "ro": "romanian", "hu": "hungarian", "lt": "lithuanian", "et": "estonian",
    "ar": "arabic", "ca": "catalan", "id": "indonesian", "ga": "irish", "hi": "hindi",
}  # fmt: skip


_CYRILLIC_LANGUAGES = {"kk", "uk", "be", "ky", "tg", "mn", "bg", "mk"}


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    """Snowball for the article's language. Languages without a Snowball algorithm get the
    Russian one when written in Cyrillic (Kazakh, Ukrainian, …), else the English one: a stemmer
    that leaves a foreign word alone does no harm, as clustering compares within a language."""
    fallback = "russian" if language in _CYRILLIC_LANGUAGES else "english"
    return snowballstemmer.stemmer(SNOWBALL.get(language, fallback))


_STEM_CACHE: dict[str, dict[str, str]] = {"ru": {}, "en": {}}
_STEM_CACHE_LIMIT = 500_000


def _remembered(words: set[str], language: str) -> dict[str, str]:
    """The stem cache, holding every one of `words` (stemmed once; "" for a short stem). Past
    `_STEM_CACHE_LIMIT` words it starts again, before `words` are looked up."""
    cache = _STEM_CACHE.setdefault(language, {})
    if len(cache) > _STEM_CACHE_LIMIT:
        cache.clear()
    missing = [w for w in words if w not in cache]
    if missing:
        for word, stem in zip(missing, _stemmer(language).stemWords(missing), strict=True):
            cache[word] = stem if len(stem) >= MIN_STEM else ""
    return cache


def stems(text: str, language: str) -> frozenset[str]:
    """Distinct content-word stems (Snowball); each word is stemmed once and remembered."""
    words = set(_WORD.findall(text.lower().replace("ё", "е")))
    cache = _remembered(words, language)
    found = {cache[w] for w in words}
    found.discard("")
    return frozenset(found)


_TERM = re.compile(r"[^\W_]+")
_SURNAME_FORM = re.compile(r"^(\w{2,}(?:ов|ев|ин|ын))(?:а|у|ым|ом|е|ой|ых|ыми)?$")


def terms(text: str, language: str, cut: set[str] | None = None) -> list[str]:
    """Every distinct word of `text` as a search term: lower case, «ё» as «е», stemmed with the
    Snowball stemmer of `language` (unlike `stems`, short words and numbers are kept: «ЕС»,
    «2026»), plus the base of each surname-shaped word. Ordered by first appearance. `cut`, if
    given, gains what the stemmer cut off the words («ставки» → «и»): the search page finds a
    word by the index term it starts with only when the rest is such an ending, as `digest
    search` finds it by its stem (so «ставки» does not find «ставит»)."""
    words = list(dict.fromkeys(_TERM.findall(text.lower().replace("ё", "е"))))
    found = _stemmer(language).stemWords(words)
    if cut is not None:
        cut.update(w[len(t) :] for w, t in zip(words, found, strict=True)
                   if t and len(w) > len(t) and w.startswith(t))  # fmt: skip
    # Snowball cuts a surname in the nominative further than its other cases («абаев» →
    # «аба», «абаева» → «абаев»): each surname-shaped word also gives its base.
    found += [m.group(1) for w in words if (m := _SURNAME_FORM.match(w))]
    return list(dict.fromkeys(t for t in found if t))


_UNIT_PREFIX = re.compile("|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True)))
_MONTH_PREFIX = re.compile("|".join(sorted(MONTHS, key=len, reverse=True)))


def unit_of(word: str | None) -> str:
    """The unit a word names, the same in both languages («млрд», "billion": "млрд"; «процента»:
    "%"), or ""."""
    m = _UNIT_PREFIX.match((word or "").lower())
    return _UNITS[m.group(0)] if m else ""


def is_month(word: str) -> bool:
    """Whether `word` is a month's name, in any case form («ноября», "November")."""
    return bool(_month(word))


def _month(word: str) -> int:
    low = word.lower()
    if len(low) < 3:
        return 0
    if low.startswith("ма") and not low.startswith("март") and low not in ("май", "мая", "мае"):
        return 0  # «мальчиков» is no month
    m = _MONTH_PREFIX.match(low)
    return MONTHS[m.group(0)] if m else 0


# A number written in groups of three: «2 000», «1 250 000» (spaces, as Russian writes them),
# "2,000", "1,250,000" (commas, as English does): one number, and no year
_GROUPED = re.compile(r"(?<![\w.,])\d{1,3}(?:(?:[ \u00a0\u202f]\d{3})+|(?:,\d{3})+)(?![\d]|[.,]\d)")


def _ungrouped(m: re.Match[str]) -> str:
    return "#" + re.sub(r"\D", "", m.group(0))  # "#" marks it: written grouped, not a year


def figures(text: str) -> frozenset[str]:
    """Distinctive figures: numbers with a unit («57 млрд», «95 %»), decimals, and bare numbers
    of three digits or more, leaving out years and dates. Units are the same in both languages,
    and so are numbers written in groups of three («2 000 сумов», "2,000 soums": 2000)."""
    found: set[str] = set()
    text = _GROUPED.sub(_ungrouped, text)
    for m in _NUMBER.finditer(text):
        number, after = m.group(1).replace(",", "."), m.group(2)
        grouped = m.start(1) > 0 and text[m.start(1) - 1] == "#"
        if after and _month(after):
            continue  # «12 ноября» is a date, not a figure
        unit = unit_of(after)
        value = float(number)
        small_or_year = value < 100 or 1900 <= value <= 2100
        if not unit and "." not in number and not grouped and small_or_year:
            continue  # bare small counts and years are in every article
        found.add(f"{number} {unit}".strip())
    return frozenset(found)


# A clause (between punctuation) that tells what was expected, forecast or estimated
_CLAUSES = re.compile(r"([.;:,()—–])")
_FORECAST = re.compile(
    r"\b(?:ожида|прогноз|предполага|аналитик|консенсус|expect|forecast|predict|analyst|consensus)",
    re.IGNORECASE,
)


def without_forecasts(text: str) -> str:
    """`text` with each clause that tells a forecast or an expectation blanked out."""
    if not _FORECAST.search(text):
        return text
    return "".join(" " if _FORECAST.search(part) else part for part in _CLAUSES.split(text))


def counts(text: str, language: str) -> frozenset[tuple[str, str]]:
    """Numbers with the word they count, as (number, stem of the word): «пострадали 6 человек»
    gives ("6", "человек"), «$500 млн» ("500", "млн"). Two texts contradict each other when they
    count the same thing with different numbers; a number with no word after it («№ 1»,
    «49-летний») says nothing about what it counts and is left out, as are years and dates,
    and the numbers of a clause that tells a forecast or an expectation («аналитики ожидали
    повышения на 50 базисных пунктов», "analysts had expected 50 points"): no fact of the
    event, so nothing another report could contradict (#18)."""
    found: set[tuple[str, str]] = set()
    text = without_forecasts(text)
    for m in _NUMBER.finditer(text):
        number, after = m.group(1).replace(",", "."), m.group(2)
        if not after or _month(after) or ("." not in number and 1900 <= float(number) <= 2100):
            continue
        what = unit_of(after) or _stem(after.lower().replace("ё", "е"), language)
        if what:
            found.add((number, what))
    return frozenset(found)


def _stem(word: str, language: str) -> str:
    """One word's stem as `stems` gives it ("" for a short one), from the same cache."""
    return _remembered({word}, language)[word]


def dates(text: str, language: str = "en") -> frozenset[str]:
    """Day-and-month mentions as `MM-DD`, from «12 ноября», «12 November» or «November 12»."""
    found: set[str] = set()
    pairs = _DAY_MONTH.findall(text)
    pairs += [(d, w) for run, w in _DAY_RUN.findall(text) for d in re.findall(r"\d+", run)]
    if language == "en":
        pairs += [(d, w) for w, d in _MONTH_DAY.findall(text)]
    for day, word in pairs:
        month = _month(word)
        if month and 1 <= int(day) <= 31:
            found.add(f"{month:02d}-{int(day):02d}")
    return frozenset(found)


def spell_date(month_day: str, language: str) -> str:
    """A `dates` key as a reader writes it: «11-08» -> «8 ноября» or «8 November» (as given
    for other languages)."""
    names = MONTH_NAMES.get(language)
    if names is None:
        return month_day
    month, day = month_day.split("-")
    return f"{int(day)} {names[int(month) - 1]}"


def transliterate(text: str) -> str:
    """Lower case, Cyrillic letters in Latin: «Спорт-Экспресс» -> «sport-ekspress»."""
    return text.lower().replace("ё", "е").translate(_TRANSLIT)


def name_key(word: str) -> str:
    """A name's key, whatever its case ending or alphabet: transliterated to Latin, the first
    letters (Токаева, Токаев and Tokayev all give `tokae`)."""
    latin = transliterate(word).replace("kh", "h")
    latin = re.sub(r"(?<=[aeiou])y(?=[aeiou])", "", latin)  # Tokayev, Токаев: tokaev
    return latin[:NAME_KEY]


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence, a line or a dash-led remark, whatever
    stands between that is neither a letter nor a digit: spaces, quotes, brackets, emoji or an
    emoji's leftover variation selector («️Политика Льва Шлосберга задержали …»)."""
    i = start - 1
    while i >= 0 and not text[i].isalnum() and text[i] not in _SENTENCE_END:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


_SENTENCE_END = ".!?…\n—–-"


def name_forms(text: str) -> dict[str, str]:
    """Each name key with the first word that gave it, for showing: {'tokae': 'Токаев', …}."""
    found: dict[str, str] = {}
    for m in _CAPITALISED.finditer(text):
        word = m.group(1)
        if word.lower() in _NOT_NAMES or _month(word):
            continue
        if not word.isupper() and not _CAMEL.search(word) and _opens_sentence(text, m.start()):
            continue
        key = name_key(word)
        if len(key) >= 3:
            found.setdefault(key, word)
    return found


def quotes(text: str, language: str) -> tuple[frozenset[str], ...]:
    return tuple(q for q in (stems(m.group(1), language) for m in _QUOTE.finditer(text)) if q)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger one (0 when either is empty)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0
