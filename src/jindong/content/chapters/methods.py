"""Chapter 10 — data and methods: the data dictionary, downloads, the checks, the glossary.

Everything here is read from data/ and its schema (data/datapackage.yaml, a Frictionless Data
Package) at build time, so the chapter cannot drift from the dataset it documents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from jindong.content.documents import documents
from jindong.content.edition import lang, language
from jindong.content.htmltable import HtmlTable
from jindong.content.i18n import _, p_
from jindong.content.vocabulary import facts, local
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


def described(item) -> str:
    """A table's or a field's description in the edition's language: `description`, or in the Chinese
    edition `description_zh` (a custom property of datapackage.yaml; the English stands in until it is written)."""
    if lang() == "zh":
        return item.custom.get("description_zh") or item.description or ""
    return item.description or ""


def downloads():
    """The download list as Markdown output (the notebook's cell renders it as MyST)."""
    from IPython.display import Markdown

    return Markdown(downloads_markdown())


def downloads_markdown() -> str:
    """A MyST list with a download link for every table and for the schema itself."""
    lines = []
    for r in resources():
        lines.append(
            _(
                "- {link} — {description} ({rows} rows, {fields} fields)",
                link=download(r.path),
                description=described(r),
                rows=f"{row_count(r):,}",
                fields=len(r.schema.fields),
            )
        )
    lines.append(_("- {link} — the schema of every table (Frictionless Data Package)", link=download(PACKAGE_FILE)))
    return "\n".join(lines)


def _joined(items) -> str:
    """Names of the schema in a list: 'a, b' ('a、b' in Chinese, where commas do not separate a list)."""
    return ("、" if lang() == "zh" else ", ").join(str(v) for v in items)


def _listed(values) -> str:
    """Allowed values, quoted: "'a', 'b'"."""
    return _joined(f"'{v}'" for v in values)


def _allowed(field, fks: dict[str, str]) -> str:
    c = field.constraints or {}
    parts = []
    if "enum" in c:
        parts.append(_("one of {values}", values=_listed(c["enum"])))
    if field.name in fks:
        parts.append(_("an existing {field}", field=fks[field.name]))
    if "pattern" in c:
        parts.append(_("matches {pattern}", pattern=c["pattern"]))
    if "minimum" in c:
        parts.append(_("≥ {minimum}", minimum=c["minimum"]))
    if "maximum" in c:
        parts.append(_("≤ {maximum}", maximum=c["maximum"]))
    if "maxLength" in c:
        parts.append(_("at most {n} characters", n=c["maxLength"]))
    if c.get("unique"):
        parts.append(_("unique"))
    return _("; ").join(parts)


def type_name(kind: str) -> str:
    """A Table Schema type as the dictionary names it: the type itself in English, its name in Chinese."""
    names = {
        "string": _("string"),
        "number": _("number"),
        "integer": _("integer"),
        "boolean": _("boolean"),
        "date": _("date"),
    }
    return names.get(kind, kind)


def description(res, field) -> str:
    """A field's description, as a sentence: capitalised in English (a Chinese one may start with a code)."""
    text = described(field)
    return text if lang() == "zh" else text[:1].upper() + text[1:]


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
            _("Field"): f.name,
            _("Type"): type_name(f.type),
            _("Required"): _("yes") if (f.constraints or {}).get("required") else _("no"),
            _("Allowed values"): _allowed(f, fks),
            _("Description"): description(res, f),
        }
        for f in res.schema.fields
    ]
    return HtmlTable(pd.DataFrame(rows))


def dictionary_heading(name: str) -> str:
    """Markdown (MyST) that introduces one table of the data dictionary, with its download link."""
    res = resource(name)
    key = _joined(res.schema.primary_key) if res.schema.primary_key else _("none")
    words = dict(description=described(res), rows=f"{row_count(res):,}", key=key, link=download(res.path))
    if is_derived(res):
        text = _("{description} Never edited by hand. {rows} rows; primary key: {key}. Download: {link}.", **words)
    else:
        text = _("{description} {rows} rows; primary key: {key}. Download: {link}.", **words)
    return f"### {res.name}\n\n{text}"


# ---------------------------------------------------------------- checks


def outcomes() -> list[consistency.Outcome]:
    return consistency.evaluate(read_table(DATA_DIR / "indicators.csv"))


def breakable(name: str) -> str:
    """A snake_case name that may wrap after its underscores (a zero-width space), for narrow table columns."""
    return name.replace("_", "_\u200b")


# The words of consistency.RULES (dataset/ is not translated: its messages are not extracted), here for
# the Chinese edition: rule name -> (what it checks, why the sources may disagree). Each English text
# must equal the rule's own; where it no longer does, the Chinese is stale and the English shows
# (`stale_rules()` names them).
def rule_words() -> dict[str, tuple[str, str | None]]:
    return {
        "fai_2023_target_vs_2022": (
            _("The 2023 investment targets (超280億元, 增長30%以上) agree with the 2022 level of 217.3億元."),
            None,
        ),
        "jd_2023_sectors_sum_to_gdp": (_("The three sectors' value added adds up to GDP (2023 bulletin)."), None),
        "jd_2023_sector_shares": (
            _("The stated sector shares (4.3:43.5:52.2) match the sector values and sum to 100."),
            None,
        ),
        "jd_2023_budget_within_total": (_("General-budget revenue and spending are parts of the fiscal totals."), None),
        "jd_2023_agriculture_vs_primary": (
            _(
                "Farming, forestry, husbandry and fishery value added slightly exceeds the primary sector "
                "(it adds their support services)."
            ),
            None,
        ),
        "jh_2024_exports_within_trade": (_("Jinhua's exports are part of its total trade."), None),
        "jd_share_of_jinhua_gdp_2023": (_("Jindong is a small part of Jinhua city."), None),
        "jd_gdp_2022_to_2023": (
            _("Jindong's 2023 GDP and growth imply a 2022 level above 300億元."),
            _(
                "Growth is measured at comparable (constant) prices while levels are at current prices, so the "
                "2023 level divided by real growth (299.9) need not exceed the nominal 2022 level (突破300億元)."
            ),
        ),
        "jh_gdp_2023_to_2024": (
            _("Jinhua's 2024 GDP follows from its 2023 level and 2024 growth."),
            _(
                "The 2024 figure (6925.5億元) includes the fifth national economic census revision "
                "(综合第五次全国经济普查因素), which raised the level; growth is at comparable prices on the revised base."
            ),
        ),
    }


def stale_rules() -> list[str]:
    """Rules whose words here no longer match consistency.py's (their Chinese shows the English instead)."""
    with language("en"):
        english = rule_words()
    return [r.name for r in consistency.RULES if english.get(r.name) != (r.why, r.exception)]


def _rule_texts(rule: consistency.Rule) -> tuple[str, str | None]:
    """What a rule checks and its documented exception, in the edition's language."""
    if lang() == "en" or rule.name in stale_rules():
        return rule.why, rule.exception
    return rule_words()[rule.name]


# What consistency.py computes, in words (Rule.test's detail): its English pattern -> the message that
# writes the same numbers in the edition's language. A detail no pattern matches shows as computed.
DETAILS = [
    (r"(?P<calc>.+ = \S+) against the level target of more than (?P<level>\S+)", "level_target"),
    (r"(?P<calc>.+ = \S+) against GDP (?P<gdp>\S+)", "sum_gdp"),
    (r"shares sum to (?P<total>\S+)%", "shares_sum"),
    (r"(?P<sector>primary|secondary|tertiary) (?P<stated>\S+)% stated, (?P<computed>\S+)% computed", "share_off"),
    (r"revenue (?P<rev>\S+) ≤ (?P<rev_total>\S+), expenditure (?P<exp>\S+) ≤ (?P<exp_total>\S+)", "budget"),
    (r"farming, forestry, husbandry and fishery (?P<farm>\S+) against primary sector (?P<primary>\S+)", "farming"),
    (r"(?P<calc>.+ = \S+), not more than (?P<level>\S+)", "not_more"),
    (r"(?P<calc>.+ = \S+) against (?P<reported>\S+) reported", "reported"),
    (r"exports (?P<exports>\S+) ≤ imports and exports (?P<total>\S+)", "exports"),
    (r"Jindong (?P<jd>\S+) is (?P<share>\S+)% of Jinhua (?P<jh>\S+)", "share_of_city"),
    (r"figure missing: (?P<what>.+)", "missing"),
]


def _detail_words(key: str, f: dict[str, str]) -> str:
    if key == "level_target":
        return _("{calc} against the level target of more than {level}", **f)
    if key == "sum_gdp":
        return _("{calc} against GDP {gdp}", **f)
    if key == "shares_sum":
        return _("shares sum to {total}%", **f)
    if key == "share_off":
        sector = {"primary": _("primary"), "secondary": _("secondary"), "tertiary": _("tertiary")}[f["sector"]]
        return _("{sector} {stated}% stated, {computed}% computed", **{**f, "sector": sector})
    if key == "budget":
        return _("revenue {rev} ≤ {rev_total}, expenditure {exp} ≤ {exp_total}", **f)
    if key == "farming":
        return _("farming, forestry, husbandry and fishery {farm} against primary sector {primary}", **f)
    if key == "not_more":
        return _("{calc}, not more than {level}", **f)
    if key == "reported":
        return _("{calc} against {reported} reported", **f)
    if key == "exports":
        return _("exports {exports} ≤ imports and exports {total}", **f)
    if key == "share_of_city":
        return _("Jindong {jd} is {share}% of Jinhua {jh}", **f)
    return _("figure missing: {what}", **f)


def detail_text(detail: str) -> str:
    """What a rule computed, in the edition's language: the same numbers, the words translated."""
    if lang() == "en":
        return detail
    out = []
    for part in detail.split("; "):  # the sector-share rule lists its misfits with "; "
        for pattern, key in DETAILS:
            m = re.fullmatch(pattern, part)
            if m:
                out.append(_detail_words(key, m.groupdict()))
                break
        else:
            out.append(part)
    return _("; ").join(out)


def untranslated_details() -> list[str]:
    """Details of the rules as computed now that no pattern of DETAILS reads (they show in English)."""
    return [
        o.detail
        for o in outcomes()
        for part in o.detail.split("; ")
        if not any(re.fullmatch(p, part) for p, _key in DETAILS)
    ]


def _result(o: consistency.Outcome) -> str:
    """'holds', 'does not hold: documented exception', '… — ERROR'."""
    if o.rule.exception:
        state = _("holds: documented exception") if o.holds else _("does not hold: documented exception")
    else:
        state = _("holds") if o.holds else _("does not hold")
    return state if o.ok else _("{result} — ERROR", result=state)


def rules_table() -> HtmlTable:
    """Every consistency rule of `make validate`, whether it holds, and the documented exceptions."""
    rows = []
    for o in outcomes():
        why, exception = _rule_texts(o.rule)
        rows.append(
            {
                _("Rule"): breakable(o.rule.name),
                _("What it checks"): why,
                _("Result"): _result(o),
                _("Computed"): detail_text(o.detail),
                _("Why the sources may disagree"): exception or "—",
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
    reason = local("reason")  # reason_zh in the Chinese edition
    return HtmlTable(
        pd.DataFrame(
            {
                _("Source"): ex.source_id.replace("*", _("every source")),
                _("Pattern"): ex.pattern,
                _("Why it is not a quantity"): ex[reason],
            }
        )
    )


# ---------------------------------------------------------------- glossary


def glossary_table() -> HtmlTable:
    """terms.csv as a reader's glossary: Chinese, pinyin, the English rendering (in the English edition:
    a Chinese page is Chinese), meaning and the texts that use it."""
    t = load().terms
    labels = documents(primary_only=False).set_index("source_id").short
    order = {sid: i for i, sid in enumerate(labels.index)}
    meaning = local("meaning") if local("meaning") in t.columns else "meaning"  # meaning_zh in Chinese
    return HtmlTable(
        pd.DataFrame(
            {
                p_("glossary", "中文"): t.zh.values,
                _("Pinyin"): t.pinyin.values,
                **({_("English"): t.en.values} if lang() == "en" else {}),
                _("Meaning"): t[meaning].values,
                _("Written in"): [
                    _("; ").join(labels[s] for s in sorted(ids.split(";"), key=order.get)) for ids in t.sources
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
