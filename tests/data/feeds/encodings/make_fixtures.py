"""Writes the encoding fixtures of this folder (run: python tests/data/feeds/encodings/make_fixtures.py).

Each fixture is a one- or two-item RSS feed written by the digest team, saved in the encoding
its name gives, with or without an XML declaration (and sometimes a wrong one). `CASES` holds,
for each file, the exact title a reader must see; README.md lists them.
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).resolve().parent

# file name: (encoding of the bytes, XML declaration or None, title, what it tests)
CASES: dict[str, tuple[str, str | None, str, str]] = {
    "pt_cp1252_declared.xml": ("cp1252", "windows-1252", "Eleições: simulações de 2º turno",
                               "Portuguese, Windows-1252, declared"),
    "pt_cp1252_undeclared.xml": ("cp1252", None, "Eleições: simulações de 2º turno",
                                 "Portuguese, Windows-1252, no declaration"),
    "fr_latin1_undeclared.xml": ("latin-1", None, "Une réforme très complexe à l'été",
                                 "French, ISO-8859-1, no declaration"),
    "en_cp1252_pound.xml": ("cp1252", "windows-1252", "This is a £“test.”",
                            "English, Windows-1252, pound sign and curly quotes"),
    "ru_utf8_caps.xml": ("utf-8", "utf-8", "МОЛНИЯ: ТОКАЕВ ПОДПИСАЛ УКАЗ",
                         "Russian all-capital wire headline, UTF-8, declared"),
    "ru_short_cp1251_says_koi8.xml": ("cp1251", "koi8-r", "Путин в Астане",
                                      "short Russian title in Windows-1251 declared KOI8-R"),
    "ru_short_koi8_says_cp1251.xml": ("koi8-r", "windows-1251", "Путин в Астане",
                                      "short Russian title in KOI8-R declared Windows-1251"),
    "ru_utf16le_nobom.xml": ("utf-16-le", None, "Новости Казахстана",
                             "UTF-16 little-endian without a byte-order mark"),
    "ru_utf16be_nobom.xml": ("utf-16-be", None, "Новости Казахстана",
                             "UTF-16 big-endian without a byte-order mark"),
    "ru_utf16_bom.xml": ("utf-16", None, "Новости Казахстана", "UTF-16 with a byte-order mark"),
    "ru_utf32_bom.xml": ("utf-32", None, "Новости Казахстана", "UTF-32 with a byte-order mark"),
    "ru_utf32le_nobom.xml": ("utf-32-le", None, "Новости Казахстана",
                             "UTF-32 little-endian without a byte-order mark"),
    "ja_eucjp_declared.xml": ("euc-jp", "EUC-JP", "東京で国際会議が開かれました",
                              "Japanese, EUC-JP, declared (an East-Asian legacy encoding)"),
    "he_cp1255_declared.xml": ("cp1255", "windows-1255", "חדשות היום מירושלים",
                               "Hebrew, Windows-1255, declared"),
}  # fmt: skip


def feed(title: str, declaration: str | None) -> str:
    prolog = f'<?xml version="1.0" encoding="{declaration}"?>\n' if declaration else ""
    return (
        f"{prolog}<rss version=\"2.0\"><channel><title>{title}</title>"
        "<link>https://example.org/</link><description>fixture</description>"
        f"<item><title>{title}</title><link>https://example.org/1</link>"
        f"<description>{title}. {title}.</description>"
        "<pubDate>Mon, 23 Nov 2026 08:00:00 +0000</pubDate></item>"
        "</channel></rss>\n"
    )


def main() -> None:
    lines = ["# Encoding fixtures (issue #11)", "",
             "Written by the digest team; `make_fixtures.py` writes them. Each is served three",
             "ways in the tests: with no charset, mislabelled `charset=utf-8`, and with the",
             "charset its name gives.", "", "| file | what it tests |", "|---|---|"]  # fmt: skip
    for name, (encoding, declaration, title, what) in CASES.items():
        data = feed(title, declaration).encode(encoding)
        (HERE / name).write_bytes(data)
        lines.append(f"| {name} | {what} |")
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert codecs.lookup("cp1255")


if __name__ == "__main__":
    main()
