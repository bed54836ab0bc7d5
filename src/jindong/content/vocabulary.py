"""The book's vocabulary, defined once: the ids it names, the words for the dataset's codes, and
the lookups every chapter uses to put the data into words.

What is data stays in data/ (labels, theme names, glossary terms) and is read through the lookups
here; only the words around the data are written here, so a second language translates each once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from jindong.content.charts.style import THEME_ORDER, label_col
from jindong.content.edition import lang
from jindong.content.format import in_words
from jindong.content.i18n import _
from jindong.content.markup import escape
from jindong.dataset.data import load

HOME = "金东区"  # the district of the book; regions are named in Chinese in the data

# Sources the chapters are built on (sources.csv).
REPORT_2023 = "jd_gwr_2023"  # the 2023 government work report: the 2022 results and the 2023 targets
PLENUM_2023 = "jd_plenum_2023_08"  # news report of the August 2023 plenum
PLENUM_2025 = "jd_plenum_2025_08"  # the August 2025 plenum: the three breakthroughs
ALLOUT_2026 = "jd_allout_2026"  # the round-up of departments' pledges for 2026
BULLETIN_2023 = "jd_bulletin_2023"  # Jindong's 2023 statistical bulletin (secondary copy)
CITY_BULLETIN_2023 = "jh_bulletin_2023"  # Jinhua's 2023 statistical bulletin (secondary excerpt)
CITY_REPORT_2025 = "jh_gwr_2025"  # Jinhua's 2025 work report (the 2024 results)
YONGKANG_2025 = "yk_plenum_2025_01"  # Yongkang's January 2025 plenum

# Plan structures (frameworks.csv).
REVIEW_AREAS_2022 = "jd2022_review_areas"
REPORT_CARDS = "jd2023_report_cards"
LEAD_EXAMPLE = "jd2023_lead_example"
BREAKTHROUGHS = "jd2025_breakthroughs"
ALLOUT_TASKS_2025 = "jd2025_allout_tasks"
FOUR_QUESTIONS = "jd2025_four_questions"
CORE_TASKS_2026 = "jd2026_core_tasks"
DEPARTMENTS_2026 = "jd2026_department_commitments"
YONGKANG_PRIORITIES = "yk2025_priorities"

# The dataset's four kinds of figure, in the book's order, and what the book calls each.
KINDS = ["actual", "estimate", "target", "context"]
KIND_NAMES = {"actual": "outcome", "estimate": "estimate", "target": "target", "context": "context"}


def kind_names() -> dict[str, str]:
    """What the book calls each kind, in the edition's language (KIND_NAMES is the English)."""
    return {
        "actual": _("outcome"),
        "estimate": _("estimate"),
        "target": _("target"),
        "context": _("context"),
    }


def kind_name(kind: str, *, capital: bool = False) -> str:
    """'outcome' for actual, and so on ('Outcome' for a legend)."""
    name = kind_names()[kind]
    return name[0].upper() + name[1:] if capital else name


def join_words(words: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c' (Chinese: 'a、b和c')."""
    words = list(words)
    if len(words) == 1:
        return words[0]
    return _("{items} and {last}", items=_(", ").join(words[:-1]), last=words[-1])


# ---------------------------------------------------------------- lookups


class Prose(str):
    """Words glued into prose. Its text/plain is the quoted repr, which the book's paste unquotes
    with literal_eval — a bare "1,314" would come out as the tuple "(1, 314)". JupyterLab shows its
    HTML: the words, escaped, without quotes."""

    def _repr_html_(self) -> str:
        return str(escape(self))


def indicator(indicator_id: str) -> pd.Series:
    """One row of indicators.csv."""
    return load().indicators.set_index("id").loc[indicator_id]


def fact(indicator_id: str) -> Prose:
    """One figure in words for prose, as the source gives it: 'more than ¥30 billion'."""
    r = indicator(indicator_id)
    return Prose(in_words(r.value_text, r.unit, r.qualifier, r.quote))


def facts(names: Mapping[str, str]) -> dict[str, Prose]:
    """Each figure in words under its name in the prose: {name: indicator id} -> {name: words}."""
    return {name: fact(indicator_id) for name, indicator_id in names.items()}


def firmness_counts(figures: pd.DataFrame) -> dict[str, str]:
    """How the targets among `figures` are promised, for prose: n_targets, n_firm (确保), n_stretch (力争,
    争取), n_plain (no such word)."""
    t = figures[figures.kind == "target"]
    return {
        "n_targets": str(len(t)),
        "n_firm": str((t.firmness == "确保").sum()),
        "n_stretch": str(t.firmness.isin(["力争", "争取"]).sum()),
        "n_plain": str((t.firmness == "").sum()),
    }


def statement(statement_id: str) -> Prose:
    """A qualitative statement of a source: the book's English summary, or in the Chinese edition the
    source's own words (its verbatim quote; the 2023 report's copy is in traditional characters)."""
    column = "quote" if lang() == "zh" else "text_en"
    return Prose(load().statements.set_index("id").loc[statement_id, column])


def quote(table: str, row_id: str) -> Prose:
    """The verbatim source quote of a row, for citing in prose."""
    return Prose(getattr(load(), table).set_index("id").loc[row_id, "quote"])


def statements(names: Mapping[str, str]) -> dict[str, Prose]:
    """Each statement under its name, and its Chinese quote under name + '_zh'."""
    out: dict[str, Prose] = {}
    for name, statement_id in names.items():
        out[name] = statement(statement_id)
        out[f"{name}_zh"] = quote("statements", statement_id)
    return out


def themes() -> pd.DataFrame:
    """themes.csv indexed by theme, in the order of every legend (style.THEME_ORDER)."""
    th = load().themes.copy()
    th["rank"] = th.theme.map(THEME_ORDER)
    return th.sort_values("rank", kind="stable").set_index("theme")


def theme_name(theme: str) -> str:
    """A theme's name in the book's language."""
    return themes().loc[theme, label_col()]


def local(column: str) -> str:
    """The column holding `column` in the edition's language: label_en -> label_zh, title_en -> title_zh,
    meaning -> meaning_zh, en -> zh in the Chinese edition; `column` itself in the English one."""
    if lang() != "zh":
        return column
    if column == "en":
        return "zh"
    return column.removesuffix("_en") + "_zh"


def term(term_id: str, column: str = "en") -> str:
    """One field of a glossary entry (terms.csv) in the edition's language: its name by default."""
    return load().terms.set_index("term_id").loc[term_id, local(column)]


def source(source_id: str) -> pd.Series:
    """One row of sources.csv."""
    return load().sources.set_index("source_id").loc[source_id]


def source_name(source_id: str) -> str:
    """How a hover, a table or a text alternative names a source: by its id in English (jd_gwr_2023), by
    its own Chinese title in the Chinese edition (2023年金东区政府工作报告), which shows no code of the data."""
    return source(source_id).title_zh if lang() == "zh" else source_id
