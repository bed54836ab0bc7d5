"""Consistency between figures, where the sources allow it.

Each rule relates a few figures (named by source, metric and period). A rule that does not hold is
an error, unless it is a *documented exception*: a contradiction the sources explain (real growth
against nominal levels; a census revision). An exception is checked too — if the figures come to
agree, the exception is stale and that is an error — so no contradiction passes in silence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jindong.dataset.problems import Problem
from jindong.dataset.tables import RawTable


class MissingValue(LookupError):
    pass


class Values:
    """Look up one value of indicators.csv by source, metric and period (what a consistency rule compares)."""

    def __init__(self, ind: RawTable):
        self.table = ind
        self.used: list[int] = []

    def __call__(self, source_id: str, metric: str, period: str) -> float:
        hits = [
            i
            for i, r in self.table
            if (r.get("source_id"), r.get("metric"), r.get("period")) == (source_id, metric, period)
        ]
        if len(hits) != 1:
            raise MissingValue(f"{source_id}/{metric}/{period}: {'no row' if not hits else f'{len(hits)} rows'}")
        self.used.append(hits[0])
        try:
            return float(self.table.rows[hits[0]]["value"])
        except ValueError as e:
            raise MissingValue(f"{source_id}/{metric}/{period}: value is not a number") from e


@dataclass(frozen=True)
class Rule:
    name: str
    why: str
    test: Callable[[Values], tuple[bool, str]]  # (holds, what was compared)
    exception: str | None = None  # why the sources legitimately disagree, if they do


def _close(a: float, b: float, rel: float) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b))


def _fai_2023(f: Values):
    base = f("jd_gwr_2023", "fixed_asset_investment", "2022")
    growth = f("jd_gwr_2023", "fixed_asset_investment_growth", "2023")
    level = f("jd_gwr_2023", "fixed_asset_investment", "2023")
    implied = base * (1 + growth / 100)
    return implied >= level and _close(implied, level, 0.05), (
        f"{base} × (1 + {growth}%) = {implied:.1f} against the level target of more than {level}"
    )


def _sectors_2023(f: Values):
    parts = [f("jd_bulletin_2023", f"{s}_sector_value_added", "2023") for s in ("primary", "secondary", "tertiary")]
    gdp = f("jd_bulletin_2023", "gdp", "2023")
    return abs(sum(parts) - gdp) <= 0.02, f"{' + '.join(map(str, parts))} = {sum(parts):.2f} against GDP {gdp}"


def _shares_2023(f: Values):
    gdp = f("jd_bulletin_2023", "gdp", "2023")
    bad = []
    total = 0.0
    for s in ("primary", "secondary", "tertiary"):
        share = f("jd_bulletin_2023", f"{s}_sector_share_of_gdp", "2023")
        total += share
        computed = 100 * f("jd_bulletin_2023", f"{s}_sector_value_added", "2023") / gdp
        if abs(share - computed) > 0.06:
            bad.append(f"{s} {share}% stated, {computed:.2f}% computed")
    return not bad and abs(total - 100) <= 0.1, "; ".join(bad) or f"shares sum to {total:.1f}%"


def _budget_within_total(f: Values):
    rev = f("jd_bulletin_2023", "general_budget_revenue", "2023"), f("jd_bulletin_2023", "fiscal_revenue_total", "2023")
    exp = (
        f("jd_bulletin_2023", "general_budget_expenditure", "2023"),
        f("jd_bulletin_2023", "fiscal_expenditure_total", "2023"),
    )
    return rev[0] <= rev[1] and exp[0] <= exp[1], f"revenue {rev[0]} ≤ {rev[1]}, expenditure {exp[0]} ≤ {exp[1]}"


def _agriculture_vs_primary(f: Values):
    farm = f("jd_bulletin_2023", "agriculture_value_added", "2023")
    primary = f("jd_bulletin_2023", "primary_sector_value_added", "2023")
    return (
        primary <= farm <= primary * 1.1,
        f"farming, forestry, husbandry and fishery {farm} against primary sector {primary}",
    )


def _jindong_gdp_2022_to_2023(f: Values):
    gdp22 = f("jd_gwr_2023", "gdp", "2022")  # "突破300億元": more than 300
    gdp23 = f("jd_bulletin_2023", "gdp", "2023")
    growth = f("jd_bulletin_2023", "gdp_growth", "2023")
    implied22 = gdp23 / (1 + growth / 100)
    return implied22 > gdp22, f"{gdp23} / (1 + {growth}%) = {implied22:.2f}, not more than {gdp22}"


def _jinhua_gdp_2023_to_2024(f: Values):
    gdp23 = f("jh_bulletin_2023", "gdp", "2023")
    gdp24 = f("jh_gwr_2025", "gdp", "2024")
    growth = f("jh_gwr_2025", "gdp_growth", "2024")
    implied = gdp23 * (1 + growth / 100)
    return _close(implied, gdp24, 0.03), f"{gdp23} × (1 + {growth}%) = {implied:.1f} against {gdp24} reported"


def _jinhua_exports_within_trade(f: Values):
    exports, total = f("jh_gwr_2025", "exports", "2024"), f("jh_gwr_2025", "import_export_total", "2024")
    return exports <= total, f"exports {exports} ≤ imports and exports {total}"


def _jindong_share_of_jinhua(f: Values):
    jd, jh = f("jd_bulletin_2023", "gdp", "2023"), f("jh_bulletin_2023", "gdp", "2023")
    return 0 < jd / jh < 0.2, f"Jindong {jd} is {100 * jd / jh:.1f}% of Jinhua {jh}"


RULES: list[Rule] = [
    Rule(
        "fai_2023_target_vs_2022",
        "The 2023 investment targets (超280億元, 增長30%以上) agree with the 2022 level of 217.3億元.",
        _fai_2023,
    ),
    Rule("jd_2023_sectors_sum_to_gdp", "The three sectors' value added adds up to GDP (2023 bulletin).", _sectors_2023),
    Rule(
        "jd_2023_sector_shares",
        "The stated sector shares (4.3:43.5:52.2) match the sector values and sum to 100.",
        _shares_2023,
    ),
    Rule(
        "jd_2023_budget_within_total",
        "General-budget revenue and spending are parts of the fiscal totals.",
        _budget_within_total,
    ),
    Rule(
        "jd_2023_agriculture_vs_primary",
        "Farming, forestry, husbandry and fishery value added slightly exceeds the primary sector (it adds their support services).",
        _agriculture_vs_primary,
    ),
    Rule("jh_2024_exports_within_trade", "Jinhua's exports are part of its total trade.", _jinhua_exports_within_trade),
    Rule("jd_share_of_jinhua_gdp_2023", "Jindong is a small part of Jinhua city.", _jindong_share_of_jinhua),
    Rule(
        "jd_gdp_2022_to_2023",
        "Jindong's 2023 GDP and growth imply a 2022 level above 300億元.",
        _jindong_gdp_2022_to_2023,
        exception="Growth is measured at comparable (constant) prices while levels are at current prices, so the "
        "2023 level divided by real growth (299.9) need not exceed the nominal 2022 level (突破300億元).",
    ),
    Rule(
        "jh_gdp_2023_to_2024",
        "Jinhua's 2024 GDP follows from its 2023 level and 2024 growth.",
        _jinhua_gdp_2023_to_2024,
        exception="The 2024 figure (6925.5億元) includes the fifth national economic census revision "
        "(综合第五次全国经济普查因素), which raised the level; growth is at comparable prices on the revised base.",
    ),
]


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    holds: bool | None  # None: a figure is missing
    detail: str
    rows: tuple[int, ...]

    @property
    def ok(self) -> bool:
        return self.holds is not None and self.holds == (self.rule.exception is None)


def evaluate(ind: RawTable, rules: list[Rule] = RULES) -> list[Outcome]:
    out = []
    for rule in rules:
        f = Values(ind)
        try:
            holds, detail = rule.test(f)
        except MissingValue as e:
            holds, detail = None, f"figure missing: {e}"
        out.append(Outcome(rule, holds, detail, tuple(f.used)))
    return out


def check(ind: RawTable, rules: list[Rule] = RULES) -> list[Problem]:
    """Problems for rules that fail, figures they need that are missing, and stale exceptions."""
    problems = []
    for o in evaluate(ind, rules):
        if o.ok:
            continue
        i = o.rows[0] if o.rows else None
        if o.holds is None:
            msg = f"consistency rule {o.rule.name!r} cannot run: {o.detail}"
        elif o.rule.exception:
            msg = f"consistency rule {o.rule.name!r} now holds ({o.detail}): remove its documented exception"
        else:
            msg = f"inconsistent figures ({o.rule.name}): {o.detail} — {o.rule.why}"
        if i is None:
            problems.append(Problem(str(ind.path), 0, 0, "", msg))
        else:
            problems.append(ind.problem(i, "value", msg))
    return problems
