"""`make validate`: schema, provenance, consistency and coverage of data/, with file:line:column errors.

Exit status 0 when everything holds, 1 when any check fails. Without the source texts (a reader's
clone) the provenance and coverage checks are skipped with a plain notice; with CI=true they are
required.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from jindong.dataset import consistency, derive, glossary, provenance
from jindong.dataset.problems import Problem, relpath
from jindong.dataset.sources import source_texts
from jindong.dataset.structure import parsed_structure, unparsed
from jindong.dataset.tables import read_table
from jindong.paths import DATA_DIR, SOURCES_ENV, in_ci, sources_dir


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    uncovered: list[provenance.Uncovered] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    skipped: str = ""  # the checks not run, and why (a table that did not parse)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.uncovered


def skipped_because(problems: list[Problem]) -> str:
    files = sorted({p.file for p in problems})
    return (
        f"the schema, label, provenance, consistency, coverage and derived-table checks: "
        f"they read every table, and {' and '.join(files)} did not parse. Fix {'it' if len(files) == 1 else 'them'} "
        "and run `make validate` again"
    )


def run(data_dir: Path = DATA_DIR, sources: Path | None = None, require_sources: bool | None = None) -> Report:
    broken = unparsed(data_dir)
    if broken:
        return Report(problems=broken, skipped=skipped_because(broken))
    report = Report(problems=parsed_structure(data_dir))  # the tables parse: checked just above
    if any(p.line == 0 for p in report.problems):
        return report
    tables = {
        n: read_table(data_dir / f"{n}.csv")
        for n in ("sources", "indicators", "priorities", "terms", "exclusions", "statements")
    }
    ind = tables["indicators"]
    if not report.problems:  # figures that do not parse cannot be compared
        report.problems += consistency.check(ind)

    folder = sources or sources_dir()
    texts = source_texts(tables["sources"].rows, folder)
    if texts is not None:
        missing = [t for t in texts.values() if not t.path.exists()]
        for t in missing:
            i = next(i for i, r in tables["sources"] if r["source_id"] == t.source_id)
            report.problems.append(tables["sources"].problem(i, "file", f"source text {t.path} not found"))
        texts = {k: v for k, v in texts.items() if v.path.exists()}
    if texts is None:
        required = in_ci() if require_sources is None else require_sources
        msg = (
            f"source texts not found at {folder} (set {SOURCES_ENV} to their folder): "
            "provenance and coverage checks SKIPPED"
        )
        if required:
            report.problems.append(
                Problem(relpath(folder), 0, 0, "", msg.replace("SKIPPED", "are required here (CI=true)"))
            )
        else:
            report.notices.append(msg)
        return report
    report.problems += provenance.check_source_titles(tables["sources"], texts)
    report.problems += provenance.check_indicator_quotes(ind, texts)
    report.problems += provenance.check_label_claims(ind, texts)
    report.problems += provenance.check_commitments(ind, texts)
    report.problems += provenance.check_quotes(tables["priorities"], texts)
    report.problems += provenance.check_quotes(tables["statements"], texts)
    report.problems += glossary.check_terms(tables["terms"], texts)
    report.uncovered, excl_problems = provenance.coverage(ind, tables["exclusions"], texts)
    report.problems += excl_problems
    if not report.problems:
        report.problems += derive.check_current(data_dir, texts)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA_DIR, help="folder of the dataset (default: data/)")
    ap.add_argument(
        "--sources",
        type=Path,
        default=None,
        help=f"folder of source texts (default: ${SOURCES_ENV} or ../shared/sources)",
    )
    args = ap.parse_args(argv)
    report = run(args.data, args.sources)
    for note in report.notices:
        print(f"NOTICE: {note}")
    for p in sorted(report.problems):
        print(f"ERROR {p}")
    if report.skipped:
        print(f"SKIPPED {report.skipped}")
    for u in report.uncovered:
        print(f"UNCOVERED {u}")
    if report.uncovered:
        print(
            f"{len(report.uncovered)} number(s) in the sources are neither covered by a row of indicators.csv "
            "nor excluded in exclusions.csv"
        )
    if report.ok:
        n = len(read_table(args.data / "indicators.csv").rows)
        checked = "schema, provenance, consistency, coverage" if not report.notices else "schema, consistency"
        print(f"data OK: {n} indicators ({checked})")
        return 0
    print(f"data INVALID: {len(report.problems)} error(s), {len(report.uncovered)} uncovered number(s)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
