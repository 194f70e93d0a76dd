"""Interface strings from catalogs (`digest/locale/<lang>.json`), with plural forms:
English `one`/`other`, Russian `one`/`few`/`many`."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

LOCALE = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = ("en", "ru")


@lru_cache(maxsize=4)
def catalog(language: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((LOCALE / f"{language}.json").read_text(encoding="utf-8"))
    return data


def plural_form(language: str, n: int) -> str:
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "one" if n == 1 else "other"


class Strings:
    """`t("key", name=value)` for a string, `n("key", count)` for «3 истории»-style counts."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.table = catalog(language)

    def t(self, key: str, **values: object) -> str:
        """The string, with `values` filled in. When a value is HTML (`Markup`), the result is
        HTML too, with the other values escaped."""
        text = str(self.table[key])
        if any(isinstance(v, Markup) for v in values.values()):
            return Markup(escape(text)).format(**values)
        return text.format(**values) if values else text

    def lang(self, code: str) -> str:
        """A language's name for a column heading; a language digest does not translate says
        so («Original language: German (not translated)»; its code where the name is unknown)."""
        name = self.table.get(f"lang_{code}")
        if name:
            return str(name)
        other = self.table.get("language_names", {}).get(code) or code.upper()
        return self.t("lang_other", name=other)

    def n(self, key: str, count: int) -> str:
        forms = self.table[key]
        return f"{count} {forms[plural_form(self.language, count)]}"
