"""Chapter 10 — data and methods: the data dictionary, downloads, the checks, the glossary.

Everything here is read from data/ and its schema (data/datapackage.yaml, a Frictionless Data
Package) at build time, so the chapter cannot drift from the dataset it documents.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jindong.content.documents import documents
from jindong.content.htmltable import HtmlTable
from jindong.content.vocabulary import facts
from jindong.dataset import consistency
from jindong.dataset.data import load
from jindong.dataset.schema import PACKAGE_FILE, package
from jindong.dataset.tables import read_table
from jindong.paths import DATA_DIR

# Where chapters/ sees data/: the {download} role copies each file into the site's _downloads.
DATA_FROM_CHAPTERS = "../data"


def resources() -> list:
    """The tables of the data package, in the schema's order."""
    return list(package(DATA_DIR).resources)


def resource(name: str):
    return next(r for r in resources() if r.name == name)


def row_count(res) -> int:
    return len(read_table(DATA_DIR / res.path).rows)


def download(path: str, label: str | None = None) -> str:
    """A MyST {download} role for a file of data/ (the build copies it into the site)."""
    return f"{{download}}`{label or Path(path).name} <{DATA_FROM_CHAPTERS}/{path}>`"


def is_derived(res) -> bool:
    return res.path.startswith("derived/")


def downloads():
    """The download list as Markdown output (the notebook's cell renders it as MyST)."""
    from IPython.display import Markdown

    return Markdown(downloads_markdown())


def downloads_markdown() -> str:
    """A MyST list with a download link for every table and for the schema itself."""
    lines = []
    for r in resources():
        lines.append(f"- {download(r.path)} — {r.description} ({row_count(r):,} rows, {len(r.schema.fields)} fields)")
    lines.append(f"- {download(PACKAGE_FILE)} — the schema of every table (Frictionless Data Package)")
    return "\n".join(lines)


def _allowed(field, fks: dict[str, str]) -> str:
    c = field.constraints or {}
    parts = []
    if "enum" in c:
        parts.append("one of " + ", ".join(f"'{v}'" for v in c["enum"]))
    if field.name in fks:
        parts.append(f"an existing {fks[field.name]}")
    if "pattern" in c:
        parts.append(f"matches {c['pattern']}")
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']} characters")
    if c.get("unique"):
        parts.append("unique")
    return "; ".join(parts)


def description(res, field) -> str:
    text = field.description or ""
    return text[:1].upper() + text[1:]


def foreign_keys(res) -> dict[str, str]:
    """field -> 'table.field' it refers to (a self-reference names the table itself)."""
    out = {}
    for fk in res.schema.foreign_keys:
        ref = fk["reference"]
        table = ref.get("resource") or res.name
        for mine, theirs in zip(fk["fields"], ref["fields"]):
            out[mine] = f"{table}.{theirs}"
    return out


def fields_table(name: str) -> HtmlTable:
    """The data dictionary of one table: every field with its type, whether required, allowed values, meaning."""
    res = resource(name)
    fks = foreign_keys(res)
    rows = [
        {
            "Field": f.name,
            "Type": f.type,
            "Required": "yes" if (f.constraints or {}).get("required") else "no",
            "Allowed values": _allowed(f, fks),
            "Description": description(res, f),
        }
        for f in res.schema.fields
    ]
    return HtmlTable(pd.DataFrame(rows))


def dictionary_heading(name: str) -> str:
    """Markdown (MyST) that introduces one table of the data dictionary, with its download link."""
    res = resource(name)
    derived = " Never edited by hand." if is_derived(res) else ""
    key = ", ".join(res.schema.primary_key) if res.schema.primary_key else "none"
    return (
        f"### {res.name}\n\n{res.description}{derived} {row_count(res):,} rows; primary key: {key}. "
        f"Download: {download(res.path)}."
    )


# ---------------------------------------------------------------- checks


def outcomes() -> list[consistency.Outcome]:
    return consistency.evaluate(read_table(DATA_DIR / "indicators.csv"))


def breakable(name: str) -> str:
    """A snake_case name that may wrap after its underscores (a zero-width space), for narrow table columns."""
    return name.replace("_", "_\u200b")


def rules_table() -> HtmlTable:
    """Every consistency rule of `make validate`, whether it holds, and the documented exceptions."""
    rows = []
    for o in outcomes():
        state = ("holds" if o.holds else "does not hold") + (": documented exception" if o.rule.exception else "")
        if not o.ok:
            state += " — ERROR"
        rows.append(
            {
                "Rule": breakable(o.rule.name),
                "What it checks": o.rule.why,
                "Result": state,
                "Computed": o.detail,
                "Why the sources may disagree": o.rule.exception or "—",
            }
        )
    return HtmlTable(pd.DataFrame(rows))


def check_counts() -> dict[str, int]:
    """Counts for the prose on the checks, all from data/."""
    ds = load()
    res = resources()
    outs = outcomes()
    return {
        "tables": len(res),
        "fields": sum(len(r.schema.fields) for r in res),
        "foreign_keys": sum(len(r.schema.foreign_keys) for r in res),
        "sources": len(ds.sources),
        "primary": int((ds.sources.reliability == "primary").sum()),
        "secondary": int((ds.sources.reliability == "secondary").sum()),
        "indicators": len(ds.indicators),
        "qualified": int((ds.indicators.qualifier != "=").sum()),
        "priorities": len(ds.priorities),
        "statements": len(ds.statements),
        "quotes": len(ds.indicators) + len(ds.priorities) + len(ds.statements),
        "terms": len(ds.terms),
        "exclusions": len(ds.exclusions),
        "rules": len(outs),
        "exceptions": sum(1 for o in outs if o.rule.exception),
        "rules_ok": sum(1 for o in outs if o.ok),
        "keywords": len(ds.theme_keywords),
    }


def exclusions_table() -> HtmlTable:
    ex = load().exclusions
    return HtmlTable(
        pd.DataFrame(
            {
                "Source": ex.source_id.replace("*", "every source"),
                "Pattern": ex.pattern,
                "Why it is not a quantity": ex.reason,
            }
        )
    )


# ---------------------------------------------------------------- glossary


def glossary_table() -> HtmlTable:
    """terms.csv as a reader's glossary: Chinese, pinyin, English, meaning and the texts that use it."""
    t = load().terms
    labels = documents(primary_only=False).set_index("source_id").short
    order = {sid: i for i, sid in enumerate(labels.index)}
    return HtmlTable(
        pd.DataFrame(
            {
                "中文": t.zh.values,
                "Pinyin": t.pinyin.values,
                "English": t.en.values,
                "Meaning": t.meaning.values,
                "Written in": [
                    "; ".join(labels[s] for s in sorted(ids.split(";"), key=order.get)) for ids in t.sources
                ],
            }
        )
    )


FACTS = {
    "gdp_2022": "jd_gwr_2023-r001",
    "gdp_2023": "jd_bulletin_2023-a001",
    "growth_2023": "jd_bulletin_2023-a002",
    "jh_gdp_2023": "jh_bulletin_2023-a001",
    "jh_gdp_2024": "jh_gwr_2025-a001",
    "jh_growth_2024": "jh_gwr_2025-a002",
}
KEY_FIGURES = list(FACTS.values())


def prose() -> dict[str, str]:
    """Every number and phrase the chapter's prose shows (counts from data/ and its schema), by name."""
    return {**{k: f"{v:,}" for k, v in check_counts().items()}, **facts(FACTS)}


def dictionary_sections() -> list[tuple[str, HtmlTable]]:
    """Each table of the data package: its heading and the table of its fields."""
    return [(dictionary_heading(res.name), fields_table(res.name)) for res in resources()]
