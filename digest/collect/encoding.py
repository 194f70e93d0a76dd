"""Decoding feed bytes so Cyrillic comes out right, whatever the feed claims.

Russian feeds arrive in UTF-8, windows-1251 or KOI8-R, and the HTTP header and the XML
declaration sometimes disagree with each other or with the bytes. Each candidate encoding (the
BOM, UTF-8, the HTTP charset, the XML declaration, then windows-1251 and KOI8-R) is tried
strictly (UTF-8 first: valid UTF-8 does not arise by chance from single-byte Cyrillic), and
a decoding is accepted only if its Cyrillic reads like Russian: mostly lower case
and rich in the commonest letters. Mis-decoded Cyrillic (KOI8-R read as windows-1251, or the
reverse, or UTF-8 read as either) comes out mostly in capitals and fails that test.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"'][^>]*\?>")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACKS = ("utf-8", "windows-1251", "koi8-r")
_COMMON = set("оеаинтсрвлкмдпуяы")
_CYR = re.compile("[\u0400-\u04ff]")
PLAUSIBLE = 0.6


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warning: str = ""  # set when a declared encoding was wrong


def _normal(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def russianness(text: str) -> float:
    """1.0 for text without Cyrillic; otherwise how much its Cyrillic reads like Russian (0..1)."""
    cyr: list[str] = _CYR.findall(text, 0, 200_000)[:5000]  # a sample is enough
    if len(cyr) < 20:
        return 1.0
    lower = sum(c.islower() for c in cyr) / len(cyr)
    common = sum(c in _COMMON for c in cyr) / len(cyr)
    return 0.5 * lower + 0.5 * min(1.0, common / 0.6)


def declared(body: bytes, content_type: str | None) -> tuple[str | None, str | None]:
    """(HTTP charset, XML declaration encoding), normalised, either may be None."""
    http = _CHARSET.search(content_type or "")
    decl = _XML_DECL.match(body[:512])
    return (
        _normal(http.group(1) if http else None),
        _normal(decl.group(1).decode("ascii") if decl else None),
    )


def decode(body: bytes, content_type: str | None = None) -> Decoded:
    """The body as text, in the encoding that decodes it cleanly and reads as Russian."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(name, errors="replace"), name)
    http, decl = declared(body, content_type)
    said = [e for e in (http, decl) if e]
    tried: list[tuple[float, str, str]] = []
    # Valid multi-byte UTF-8 almost never arises by chance from single-byte Cyrillic, so a
    # strict UTF-8 decoding wins over any declaration; then what was declared; then the rest.
    order = ["utf-8", *said, *(_normal(f) or f for f in FALLBACKS)]
    for name in dict.fromkeys(order):
        try:
            text = body.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        score = russianness(text)
        if score >= PLAUSIBLE:
            warning = (
                ""
                if not said or name in said
                else (
                    f"declared encoding {' / '.join(dict.fromkeys(said))} did not fit the bytes;"
                    f" decoded as {name}"
                )
            )
            return Decoded(text, name, warning)
        tried.append((score, name, text))
    if tried:
        score, name, text = max(tried)
        return Decoded(text, name, f"unsure of the encoding; decoded as {name}")
    return Decoded(body.decode("utf-8", errors="replace"), "utf-8", "undecodable bytes replaced")


def as_utf8_xml(decoded: Decoded) -> bytes:
    """The decoded text as UTF-8 bytes with the XML declaration saying so, for feedparser."""
    text = decoded.text.lstrip("\ufeff")
    data = text.encode("utf-8")
    match = _XML_DECL.match(data)
    if match:
        start, end = match.span(1)
        data = data[:start] + b"utf-8" + data[end:]
    return data
