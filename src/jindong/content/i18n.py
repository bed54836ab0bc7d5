"""The book's words in Chinese: gettext catalogs read with Babel, chosen by the edition's language.

English is the language of the code. Every word a reader sees that is not data is written once, in
English, inside `_()` (or `n_()` where English needs a plural, `p_()` where one English word needs
two translations); placeholders are named, so a Chinese
sentence can put them in its own order:

    _("GDP grew {rate} in 2022", rate=fact("gdp_growth"))

In the English edition that is the English, formatted; in the Chinese edition (JINDONG_LANG=zh) the
translation from locales/zh_CN/LC_MESSAGES/<domain>.po, formatted with the same values. A module's
domain is its chapter module's name (targets.po) or "common" for everything else, so translators of
two chapters never edit one file. `make translations` extracts the messages into the catalogs (new
ones empty, changed ones fuzzy); tests/test_translations.py fails on any untranslated, fuzzy or
stale message. Data are never translated here: labels and terms come from label_zh and terms.csv.
"""

from __future__ import annotations

import functools
from pathlib import Path

from babel.messages.pofile import read_po

from jindong.content.edition import lang
from jindong.paths import ROOT

LOCALES = ROOT / "locales"
# the book's language code -> gettext's locale folder
LOCALE_DIRS = {"zh": "zh_CN"}


def catalog_files(language: str) -> list[Path]:
    """The .po files of a language, one per domain."""
    return sorted((LOCALES / LOCALE_DIRS[language] / "LC_MESSAGES").glob("*.po"))


@functools.cache
def translations(language: str) -> dict[str | tuple[str, str], str]:
    """Every translated message of a language: msgid (or (singular, plural), or (context, msgid)) -> msgstr.

    Fuzzy and empty entries are left out, as gettext does: the English shows until a translator
    confirms them (and the tests fail meanwhile)."""
    out: dict[str | tuple[str, str], str] = {}
    for path in catalog_files(language):
        with path.open("rb") as f:
            cat = read_po(f, locale=LOCALE_DIRS[language])
        for m in cat:
            if not m.id or m.fuzzy:
                continue
            if m.context and m.string:
                out[(m.context, m.id)] = m.string
            elif isinstance(m.id, tuple):
                text = m.string[0] if isinstance(m.string, tuple | list) else m.string
                if text:
                    out[(m.id[0], m.id[1])] = text
            elif m.string:
                out[m.id] = m.string
    return out


def _(message: str, /, **fields: object) -> str:
    """The message in the edition's language, its {placeholders} filled with `fields`."""
    text = message if lang() == "en" else translations(lang()).get(message, message)
    return text.format(**fields) if fields else text


def p_(context: str, message: str, /, **fields: object) -> str:
    """A message whose translation depends on where it stands (gettext's pgettext): the English
    header "中文" is 术语 over a glossary's terms but 英文 over the other-language column elsewhere."""
    text = message if lang() == "en" else translations(lang()).get((context, message), message)
    return text.format(**fields) if fields else text


def n_(singular: str, plural: str, n: int, /, **fields: object) -> str:
    """A message with a count: English chooses singular or plural; Chinese has one form. {n} is the count."""
    if lang() == "en":
        text = singular if n == 1 else plural
    else:
        text = translations(lang()).get((singular, plural)) or (singular if n == 1 else plural)
    return text.format(n=n, **fields)
