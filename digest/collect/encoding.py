"""Decoding feed bytes right in any language, whatever the feed claims.

One decision, in this order:
1. a byte-order mark (UTF-8, UTF-32, UTF-16), or the byte pattern of `<` in UTF-32 or UTF-16
   without one (XML starts with `<`, so its zero bytes give the encoding away);
2. bytes that are valid UTF-8 with multi-byte sequences are UTF-8 (that does not happen by
   chance in a single-byte encoding), whatever was declared; so are bytes declared UTF-8 (or
   undeclared, rich in multi-byte sequences) with a stray invalid byte or two, replaced;
3. a declaration (HTTP charset, then the XML prolog) that decodes the bytes without error is
   trusted, with one exception: the Cyrillic single-byte encodings (windows-1251, KOI8-R, …)
   decode any bytes, so when one is declared, the Cyrillic candidates are compared by how
   Russian they read and the best wins (a swapped KOI8-R/windows-1251 declaration is common);
4. otherwise a real detector decides (charset-normalizer, which scores coherence per
   language), with the same Cyrillic comparison when it answers a Cyrillic encoding, or when
   its answer is not text in an alphabet of its own (Greek, Hebrew, Arabic, Thai).

How Russian a text reads: mostly lower case inside words, never a capital right after a small
letter in one word (KOI8-R read as windows-1251 swaps the case: «оСРХМ Б юЯРЮМЕ»), and rich in
the commonest letters and letter pairs, which also tells apart all-capital headlines.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"'][^>]*\?>")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PATTERNS = (  # `<` (or whitespace before it) without a mark
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
CYRILLIC_8BIT = tuple(  # by their codecs names (windows-1251 is cp1251)
    codecs.lookup(n).name
    for n in ("windows-1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic")
)
WESTERN = codecs.lookup("windows-1252").name  # the web's default for Latin text
_COMMON = set("оеаинтсрвлкмдпуяы")
_PAIRS = set(
    "ст но то на ен ов ни ра во ко ро ал пр ли по ор ос ре та ол ер го от ка ва ет ан ин ла "
    "не де ть ат ел ны ом ле ит ес ил од ри ск ве ой ым ая ие ии ий ся ем мо ре за об ак ав "
    "из ки ди да ль ту ны ди ме ма ам ог св ед ег ож".split()
)
_CYR_WORD = re.compile(r"[\u0400-\u04ff]+")
_WORD = re.compile(r"[^\W\d_]+")
PLAUSIBLE = 0.6


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warning: str = ""  # set when a declared encoding was wrong or the choice was unsure
    reason: str = ""  # why this encoding: bom, pattern, utf-8, declared, detected


def _normal(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def russianness(text: str) -> float:
    """1.0 for text with (almost) no Cyrillic; otherwise how much it reads like Russian, 0..1.
    Works on a headline of a few words too."""
    words = _CYR_WORD.findall(text, 0, 200_000)[:3000]
    letters = "".join(words)
    if len(letters) < 4:
        return 1.0
    inner = [c for w in words for c in w[1:]]  # letters after a word's first
    lower = sum(c.islower() for c in inner) / len(inner) if inner else 1.0
    flips = sum(1 for w in words if re.search(r"[а-яё][А-ЯЁ]", w)) / len(words)
    low = letters.lower()
    common = sum(c in _COMMON for c in low) / len(low)
    pairs = [w.lower()[i : i + 2] for w in words for i in range(len(w) - 1)]
    pair_share = sum(p in _PAIRS for p in pairs) / len(pairs) if pairs else 0.0
    caps = lower < 0.2 and flips == 0  # an all-capital headline: judge by letters alone
    shape = 1.0 if caps else lower
    score = 0.3 * shape + 0.3 * min(1.0, common / 0.6) + 0.4 * min(1.0, pair_share / 0.3)
    return max(0.0, score - flips)


def declared(body: bytes, content_type: str | None) -> tuple[str | None, str | None]:
    """(HTTP charset, XML declaration encoding), normalised, either may be None."""
    http = _CHARSET.search(content_type or "")
    decl = _XML_DECL.match(body[:512])
    return (
        _normal(http.group(1) if http else None),
        _normal(decl.group(1).decode("ascii") if decl else None),
    )


def _wide(body: bytes) -> tuple[str, str] | None:
    """A mark or byte pattern of UTF-32/UTF-16 (or UTF-8's mark): (codec, reason)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, "byte-order mark"
    head = body.lstrip(b" \t\r\n")[:4] if not body[:1] == b"\x00" else body[:4]
    for pattern, name in _PATTERNS:
        if head.startswith(pattern) or body[:4].startswith(pattern):
            return name, "byte pattern of '<'"
    return None


def _try(body: bytes, name: str) -> str | None:
    try:
        return body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def cyrillic_fit(text: str) -> float:
    """How well `text` reads as Russian, counting only its non-ASCII characters: Russian text
    in a Cyrillic decoding is all Cyrillic letters; a wrong decoding gives box-drawing
    characters and symbols among them."""
    sample = text[:200_000]
    wide = sum(1 for c in sample if ord(c) > 127)
    cyr = sum(1 for c in sample if "\u0400" <= c <= "\u04ff")
    if cyr < 4:
        return 0.0  # too little Cyrillic to call it Russian
    words = [w for w in _WORD.findall(sample) if _CYR_WORD.search(w)]
    mixed = sum(1 for w in words if re.search(r"[A-Za-z]", w))
    if mixed > 0.3 * len(words):  # «simulaзхes»: Latin text read as Cyrillic
        return 0.0
    return russianness(sample) * cyr / wide


def _best_cyrillic(body: bytes, first: str) -> tuple[str, str, float]:
    """Among the Cyrillic single-byte encodings, the one that reads most like Russian (the
    named one wins a tie)."""
    best: tuple[float, int, str, str] | None = None
    for rank, name in enumerate(dict.fromkeys([first, *CYRILLIC_8BIT])):
        text = _try(body, name)
        if text is None:
            continue
        key = (round(cyrillic_fit(text), 3), -rank, name, text)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None  # koi8-r decodes any bytes
    return best[2], best[3], best[0]


def decode(body: bytes, content_type: str | None = None) -> Decoded:
    """The body as text, in the encoding the rules above choose."""
    wide = _wide(body)
    if wide is not None:
        name, reason = wide
        return Decoded(body.decode(name, errors="replace").lstrip("\ufeff"), name, "", reason)
    http, decl = declared(body, content_type)
    said = list(dict.fromkeys(e for e in (http, decl) if e))
    utf8 = _try(body, "utf-8")
    if utf8 is not None and (not body.isascii() or not said or "utf-8" in said):
        warn = "" if not said or "utf-8" in said else _mismatch(said, "utf-8")
        return Decoded(utf8, "utf-8", warn, "valid UTF-8")
    nearly = _nearly_utf8(body, said)
    if nearly is not None:
        return nearly
    for name in said:
        text = _try(body, name)
        if text is None:
            continue
        if name in CYRILLIC_8BIT:
            best, text, _ = _best_cyrillic(body, name)
            warn = "" if best == name else _mismatch(said, best)
            return Decoded(text, best, warn, f"declared {name}, compared with other Cyrillic")
        return Decoded(text, name, "", f"declared {name}")
    return _detect(body, said)


def _nearly_utf8(body: bytes, said: list[str]) -> Decoded | None:
    """UTF-8 with a stray invalid byte or two (declared UTF-8, or undeclared with real
    multi-byte sequences): UTF-8 with those bytes replaced, never a whole text misread as
    another encoding for one bad byte."""
    if said and "utf-8" not in said:
        return None
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - body.count("\ufffd".encode())
    multibyte = sum(1 for c in text[:20_000] if ord(c) > 127 and c != "\ufffd")
    if bad > max(4, len(body) // 500) or (not said and multibyte < 8 * bad):
        return None
    warning = f"{bad} byte(s) not valid UTF-8 were replaced"
    return Decoded(text, "utf-8", warning, "UTF-8 with invalid bytes replaced")


# Alphabets a single-byte code page writes besides Cyrillic: Greek, Hebrew, Arabic, Thai
_OTHER_ALPHABETS = re.compile(r"[\u0370-\u03ff\u0590-\u05ff\u0600-\u06ff\u0e00-\u0e7f]")


def _other_alphabet(text: str) -> bool:
    """Whether `text` reads in an alphabet of its own: most of its non-ASCII letters are Greek,
    Hebrew, Arabic or Thai (a detector's coherent answer, no Russian misread)."""
    letters = [c for c in text[:20_000] if ord(c) > 127 and c.isalpha()]
    return len(letters) >= 8 and sum(bool(_OTHER_ALPHABETS.match(c)) for c in letters) > 0.8 * len(
        letters
    )


def _mismatch(said: list[str], used: str) -> str:
    return f"declared encoding {' / '.join(said)} did not fit the bytes; decoded as {used}"


def _detect(body: bytes, said: list[str]) -> Decoded:
    """No usable declaration: charset-normalizer decides, Cyrillic checked as above."""
    matches = list(from_bytes(body))
    name = _normal(matches[0].encoding) if matches else None
    if matches:  # among equally coherent answers, the web's Western default (as feedparser)
        tied = {_normal(m.encoding) for m in matches if m.chaos <= matches[0].chaos + 0.005}
        if WESTERN in tied and name not in CYRILLIC_8BIT:
            name = WESTERN
    if name is None or _try(body, name) is None:
        best, text, score = _best_cyrillic(body, CYRILLIC_8BIT[0])
        if score >= PLAUSIBLE:
            return Decoded(text, best, _mismatch(said, best) if said else "", "Cyrillic check")
        fallback = body.decode(WESTERN, errors="replace")
        return Decoded(fallback, WESTERN, "unsure of the encoding", "fallback")
    text = body.decode(name)
    # A short Russian text can look like anything to a detector (KOI8-R as Shift_JIS): a
    # Cyrillic decoding that reads as Russian wins.
    first = name if name in CYRILLIC_8BIT else CYRILLIC_8BIT[0]
    best, cyr_text, score = _best_cyrillic(body, first)
    cyrillic = score >= PLAUSIBLE and score > cyrillic_fit(text) and not _other_alphabet(text)
    if name in CYRILLIC_8BIT or cyrillic:
        name, text = best, cyr_text
    warn = _mismatch(said, name) if said else ""
    return Decoded(text, name, warn, "detected (charset-normalizer)")


def as_utf8_xml(decoded: Decoded) -> bytes:
    """The decoded text as UTF-8 bytes with the XML declaration saying so, for feedparser."""
    text = decoded.text.lstrip("\ufeff")
    data = text.encode("utf-8")
    match = _XML_DECL.match(data)
    if match:
        start, end = match.span(1)
        data = data[:start] + b"utf-8" + data[end:]
    return data
