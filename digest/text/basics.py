"""Small pure helpers on article text: language, sentences, a headline from the lead, hashing."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from typing import Any

from razdel import sentenize

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_SENTENCE_END = (".", "!", "?", "…", "»", '"', "”")


# C0 controls but tab and newline, DEL and the C1 controls: never text, and not allowed in XML
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Unicode's non-characters and lone surrogates: replaced, so a reader sees something was there
_NONCHARACTERS = re.compile(
    "[\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff"
    "\U0004fffe\U0004ffff\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff"
    "\U0008fffe\U0008ffff\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff"
    "\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
    "\U0010fffe\U0010ffff\ud800-\udfff]"
)


def gate(text: str) -> str:
    """Text as it may enter the store (seed, feed entry, full text): carriage returns as
    newlines, NUL and the other control characters but tab and newline removed, Unicode's
    non-characters and lone surrogates replaced by U+FFFD. What passes is valid in HTML,
    Markdown and XML alike."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NONCHARACTERS.sub("\ufffd", _CONTROLS.sub("", text))


def clean_line(line: str) -> str:
    """One line with Unicode normalised (NFC), odd spaces collapsed and ends trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", line)).strip()


_KAZAKH = re.compile(r"[әғқңөұүһ]", re.IGNORECASE)  # letters Russian does not have
_UKRAINIAN = re.compile(r"[іїєґ]", re.IGNORECASE)
# Words written in lower case: a text's running words («над всеми в свежем чарте»), not the
# names it mentions, which are capitalised in either script («Resident Evil Village», «Steam»)
_CYRILLIC_WORD = re.compile(r"(?<!\w)[а-яёәғқңөұүһіїєґ]+")
_LATIN_WORD = re.compile(r"(?<!\w)[a-z]+")
_LINK = re.compile(r"(?:https?://|www\.|t\.me/)\S*|\S+@\S+|[@#]\w+", re.IGNORECASE)  # not words


def language(text: str, declared: str = "") -> str:
    """The article's ISO 639 code. Cyrillic text is Russian, or Kazakh or Ukrainian when
    their own letters make up more than a sliver of it; Latin text is in the language its source
    declared (a feed's `<language>`), else the one `latin_language` identifies. The script is
    the one most of the text's lower-case words are written in, so that a Russian article full
    of Latin names («Resident Evil Village доминирует в чарте Steam») stays Russian; by letters
    where that is a tie."""
    cyrillic = len(_CYRILLIC.findall(text))
    running = _LINK.sub(" ", text)
    words = len(_CYRILLIC_WORD.findall(running)) - len(_LATIN_WORD.findall(running))
    if cyrillic and (words > 0 or (words == 0 and cyrillic >= len(_LATIN.findall(text)))):
        if len(_KAZAKH.findall(text)) > 0.01 * cyrillic:
            return "kk"
        if len(_UKRAINIAN.findall(text)) > 0.02 * cyrillic:
            return "uk"
        return "ru"
    if declared and declared not in ("ru", "kk", "uk"):
        return declared
    return latin_language(running)


SURE = 0.9  # how sure the identifier must be to call a Latin text anything but English


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def latin_language(text: str) -> str:
    """A Latin-script text's language by py3langid (its model ships in the wheel; 97 languages,
    German, Turkish and Latin Uzbek among them), English unless it is at least `SURE`: a
    headline of names alone ("Tokayev meets Putin") is too short to say."""
    found, probability = _identifier().classify(text[:4000])
    return str(found) if probability >= SURE else "en"


def sentences(text: str) -> list[str]:
    """Sentences, split by razdel (which keeps «г.», «т.е.», «млн.» and initials intact)."""
    return [s.text for s in sentenize(text)]


def ends_sentence(line: str) -> bool:
    return line.endswith(_SENTENCE_END)


def is_paragraph(line: str) -> bool:
    """Running text rather than a headline, a caption or page furniture."""
    words = len(line.split())
    return words >= 20 or (words >= 8 and ends_sentence(line))


def headline_from_lead(body: str, max_words: int = 14) -> str:
    """A headline for an article that has none: its first sentence, cut at a clause if long."""
    first = next((s for s in sentences(body) if s.strip()), "").strip()
    first = first.rstrip(".…!").strip()
    words = first.split()
    if len(words) <= max_words:
        return first
    # Cut at the first comma, dash or colon that leaves a clause of five words or more.
    for match in re.finditer(r"\s*(?:,|—|–|:|;)\s", first):
        head = first[: match.start()]
        if len(head.split()) >= 5:
            if len(head.split()) <= max_words:
                return head
            break
    return " ".join(words[:max_words]) + "…"


def content_hash(text: str) -> str:
    """A stable hash of the article text, insensitive to spacing and case."""
    norm = " ".join(text.lower().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()
