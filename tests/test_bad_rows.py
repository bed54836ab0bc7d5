"""Each kind of bad row, and each way a spreadsheet may save a table, stops validation with a message naming file, line and column."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jindong.dataset import curate, derive, validate
from jindong.dataset.data import load
from jindong.dataset.problems import DataError, relpath
from jindong.dataset.schema import field_names, table_paths
from jindong.dataset.tables import BOM, read_table
from jindong.paths import DATA_DIR

ROW = "jd_gwr_2023-r007"  # 全年實現固定資產投資217.3億元


def at(scratch, table: str, line: int, field: str) -> str:
    """Where a message points: "indicators.csv:8:13 (quote)", the column read from the table's header."""
    return f"{table}.csv:{line}:{scratch.col(table, field)} ({field})"


def messages(report) -> list[str]:
    return [str(p) for p in report.problems]


def one(report, *fragments: str) -> str:
    """The single problem that contains all fragments."""
    hits = [m for m in messages(report) if all(f in m for f in fragments)]
    assert len(hits) == 1, f"expected one problem with {fragments}, got: {messages(report)}"
    return hits[0]


def test_quote_with_a_typo_names_line_column_and_where_it_differs(scratch, sources):
    line = scratch.edit("indicators", ROW, quote="全年實現固定資產投資217.8億元")
    msg = one(validate.run(scratch.root, sources), "quote not found verbatim")
    assert f"indicators.csv:{line}:{scratch.col('indicators', 'quote')} (quote)" in msg
    assert "agrees up to '全年實現固定資產投資217.'" in msg and "'3億元" in msg


def test_quote_in_simplified_for_a_traditional_source_is_explained(scratch, sources):
    line = scratch.edit("indicators", ROW, quote="全年实现固定资产投资217.3亿元")
    msg = one(
        validate.run(scratch.root, sources),
        f"indicators.csv:{line}:{scratch.col('indicators', 'quote')}",
        "quote not found",
    )
    assert "traditional script" in msg


def test_a_message_names_the_column_where_the_field_is(scratch, any_sources):
    """Columns may move (the table and its schema together): the message counts the column in the
    file as it is, and so does `at`, which reads the header."""
    header, rows = scratch.read("indicators")
    moved = [header[0], "kind", *(h for h in header[1:] if h != "kind")]
    scratch.write("indicators", moved, rows)
    package = yaml.safe_load((scratch.root / "datapackage.yaml").read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in package["resources"] if r["name"] == "indicators")
    schema["fields"].sort(key=lambda f: moved.index(f["name"]))
    (scratch.root / "datapackage.yaml").write_text(yaml.safe_dump(package, allow_unicode=True), encoding="utf-8")
    line = scratch.edit("indicators", ROW, kind="forecast")
    assert scratch.col("indicators", "kind") == 2
    one(validate.run(scratch.root, any_sources), at(scratch, "indicators", line, "kind"), "'forecast'")


def test_unknown_source(scratch, any_sources):
    line = scratch.edit("indicators", ROW, source_id="jd_gwr_2099")
    msg = one(validate.run(scratch.root, any_sources), at(scratch, "indicators", line, "source_id"))
    assert "unknown source_id 'jd_gwr_2099': not found in sources.csv" in msg


def test_non_numeric_value(scratch, any_sources):
    line = scratch.edit("indicators", ROW, value="217,3")
    one(
        validate.run(scratch.root, any_sources),
        at(scratch, "indicators", line, "value"),
        "'217,3' is not a valid number",
    )


def test_value_not_written_in_quote(scratch, sources):
    line = scratch.edit("indicators", ROW, value="271.3")
    one(validate.run(scratch.root, sources), at(scratch, "indicators", line, "value"), "not written in the quote")


@pytest.mark.parametrize("field,bad", [("kind", "forecast"), ("qualifier", "<="), ("region", "金华")])
def test_value_outside_the_vocabulary(scratch, any_sources, field, bad):
    line = scratch.edit("indicators", ROW, **{field: bad})
    msg = one(validate.run(scratch.root, any_sources), at(scratch, "indicators", line, field))
    assert f"{bad!r} is not one of" in msg


def test_unknown_unit_and_theme(scratch, any_sources):
    line = scratch.edit("indicators", ROW, unit="亿", theme="economics")
    report = validate.run(scratch.root, any_sources)
    one(report, at(scratch, "indicators", line, "unit"), "unknown unit '亿': not found in units.csv")
    one(report, at(scratch, "indicators", line, "theme"), "unknown theme 'economics': not found in themes.csv")


def test_duplicate_id(scratch, any_sources):
    line = scratch.edit("indicators", "jd_gwr_2023-r008", id=ROW)
    one(
        validate.run(scratch.root, any_sources),
        at(scratch, "indicators", line, "id"),
        "duplicate id 'jd_gwr_2023-r007'",
        "line 8",
    )


def test_missing_column(scratch, any_sources):
    header, rows = scratch.read("indicators")
    scratch.write("indicators", [h for h in header if h != "qualifier"], rows)
    msg = one(validate.run(scratch.root, any_sources), "indicators.csv:1", "qualifier")
    assert "missing" in msg.lower()


def test_qualifier_must_match_the_words_of_the_source(scratch, sources):
    line = scratch.edit("indicators", "jd_gwr_2023-r001", qualifier="=")  # 突破300億元
    msg = one(validate.run(scratch.root, sources), at(scratch, "indicators", line, "qualifier"))
    assert "'>'" in msg


def test_traditional_label_must_be_converted_with_opencc(scratch, any_sources):
    line = scratch.edit("indicators", ROW, label_zh="固定資產投資")
    msg = one(validate.run(scratch.root, any_sources), at(scratch, "indicators", line, "label_zh"))
    assert "make simplify" in msg and "固定资产投资" in msg


def test_newline_in_a_quote_is_refused(scratch, any_sources):
    line = scratch.edit("indicators", ROW, quote="全年實現固定資產投資\n217.3億元")
    assert any(at(scratch, "indicators", line, "quote") in m for m in messages(validate.run(scratch.root, any_sources)))


def test_contradiction_between_figures_is_an_error(scratch, sources):
    # the 2023 level target no longer agrees with 2022 level × growth target
    line = scratch.edit("indicators", ROW, value="117.3", quote="地區生產總值突破300億元")
    one(validate.run(scratch.root, sources), "fai_2023_target_vs_2022", "inconsistent figures")
    assert line > 1


def test_a_documented_exception_that_no_longer_applies_is_an_error(scratch, sources):
    header, rows = scratch.read("indicators")
    row = next(r for r in rows if r["id"] == "jd_gwr_2023-r001")
    row.update(value="299", quote="地區生產總值突破300億元")
    scratch.write("indicators", header, rows)
    one(validate.run(scratch.root, sources), "jd_gdp_2022_to_2023", "remove its documented exception")


def test_a_number_no_row_covers_is_listed(scratch, sources, tmp_path):
    texts = tmp_path / "sources"
    texts.mkdir()
    for f in sources.iterdir():
        (texts / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    s3 = texts / "s3_jinhua_2025_government_work_report.txt"
    s3.write_text(s3.read_text(encoding="utf-8") + "新增测试指标99个\n", encoding="utf-8")
    report = validate.run(scratch.root, texts)
    assert [(u.number, u.line) for u in report.uncovered] == [("99", 9)]


def test_a_stale_exclusion_is_an_error(scratch, sources):
    line = scratch.append("exclusions", source_id="jd_gwr_2023", pattern="“99999”", reason="test", reason_zh="测试")
    one(validate.run(scratch.root, sources), at(scratch, "exclusions", line, "pattern"), "matches nothing")


def test_without_source_texts_provenance_is_skipped_plainly(scratch, tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    report = validate.run(scratch.root, tmp_path / "nowhere")
    assert report.ok and "SKIPPED" in report.notices[0]


def test_in_ci_the_source_texts_are_required(scratch, tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    report = validate.run(scratch.root, tmp_path / "nowhere")
    assert not report.ok and "required" in messages(report)[0]


def test_loader_refuses_bad_data(scratch):
    scratch.edit("indicators", ROW, kind="forecast")
    with pytest.raises(DataError) as err:
        load(scratch.root)
    assert "indicators.csv" in str(err.value) and "(kind)" in str(err.value)


def test_command_line_prints_locations_and_exits_non_zero(scratch, sources, capsys):
    line = scratch.edit("indicators", ROW, quote="全年實現固定資產投資217.8億元")
    assert validate.main(["--data", str(scratch.root), "--sources", str(sources)]) == 1
    out = capsys.readouterr().out
    assert at(scratch, "indicators", line, "quote") + ": quote not found verbatim" in out
    assert "data INVALID" in out


def test_two_figures_for_one_metric_in_one_source_are_refused(scratch, any_sources):
    line = scratch.edit("indicators", "jd_gwr_2023-r008", metric="fixed_asset_investment")
    one(validate.run(scratch.root, any_sources), at(scratch, "indicators", line, "metric"), "as line 8")


def test_glossary_numbers_must_come_from_the_sources(scratch, sources):
    line = scratch.edit("terms", "double_eight_strategy", meaning="Set out in 2003 by the provincial leadership.")
    one(validate.run(scratch.root, sources), at(scratch, "terms", line, "meaning"), "2003")


def test_glossary_term_must_appear_in_its_sources(scratch, sources):
    line = scratch.edit("terms", "dachen_village", sources="yk_plenum_2025_01;jd_gwr_2023")
    one(
        validate.run(scratch.root, sources),
        at(scratch, "terms", line, "sources"),
        "'大陈村' does not appear",
        "jd_gwr_2023",
    )


def test_pinyin_must_read_the_characters(scratch, sources):
    line = scratch.edit("terms", "double_eight_strategy", pinyin="Bābā Zhànlüè Gōngchéng")
    one(validate.run(scratch.root, sources), at(scratch, "terms", line, "pinyin"))


def test_stale_derived_tables_are_an_error(scratch, sources):
    scratch.append("theme_keywords", theme="economy", word="消费券")  # changes the theme counts
    one(validate.run(scratch.root, sources), "theme_counts.csv", "make derive")


@pytest.mark.parametrize(
    "row,changes,fragment",
    [
        # the August 2023 plenum's 2023 future villages are not said to be provincial (the 2022 ones are)
        ("jd_gwr_2023-t077", dict(label_en="Provincial future villages"), "says 'provincial'"),
        ("jd_gwr_2023-t077", dict(metric="provincial_future_villages_built"), "says 'provincial'"),
        ("jd_gwr_2023-t077", dict(label_zh="打造省级未来乡村"), "says 'provincial'"),
        # 科技型中小企業入庫135家: neither provincial nor new
        ("jd_gwr_2023-r032", dict(label_en="New provincial tech-based SMEs"), "says 'provincial'"),
        ("jd_gwr_2023-r032", dict(label_en="New tech-based SMEs"), "says 'new'"),
        # 國家高新技術企業凈增54家 is a net increase; the 2023 target (新增…45家以上) is not
        ("jd_gwr_2023-t051", dict(label_en="Net increase in national high-tech enterprises"), "says 'net'"),
        # 繼續推進…8個城中村改造 continues a renovation; it does not promise it done
        ("jd_gwr_2023-t065", dict(label_en="Urban villages renovated"), "says 'renovated'"),
    ],
)
def test_a_label_claims_no_more_than_its_quote(scratch, sources, row, changes, fragment):
    line = scratch.edit("indicators", row, **changes)
    one(validate.run(scratch.root, sources), at(scratch, "indicators", line, "label_en"), fragment)


def test_a_source_title_is_the_title_the_text_publishes(scratch, sources):
    # the August 2023 text is a news report: calling it a 公报 (communiqué) names a document that is not there
    line = scratch.edit("sources", "jd_plenum_2023_08", title_zh="中共金华市金东区委五届四次全体会议公报")
    one(
        validate.run(scratch.root, sources),
        at(scratch, "sources", line, "title_zh"),
        "is not written in 001_c03ecfa7a8bf5fea.txt",
    )


# --- Files as a spreadsheet writes them (Excel, WPS): encoding, byte-order mark, quotes, separators ---

TABLES = [p.relative_to(DATA_DIR).with_suffix("").as_posix() for p in table_paths(DATA_DIR)]


def run_cli(data: Path, sources: Path, capsys) -> tuple[int, str]:
    """`make validate` in-process: its exit status and everything it printed (an escaped exception fails the test)."""
    code = validate.main(["--data", str(data), "--sources", str(sources)])
    out = capsys.readouterr()
    return code, out.out + out.err


def errors(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("ERROR")]


@pytest.mark.parametrize("table", TABLES)
def test_a_table_saved_as_gbk_names_file_line_byte_and_the_fix(scratch, any_sources, capsys, table):
    path = scratch.root / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    gbk = text.encode("gb18030")  # what Excel's plain "CSV" writes on Chinese Windows
    path.write_bytes(gbk)
    if gbk == text.encode("utf-8"):  # an ASCII-only table (the derived ones): a GBK save changes nothing
        assert read_table(path).rows
        return
    with pytest.raises(UnicodeDecodeError) as bad:
        gbk.decode("utf-8")
    offset = bad.value.start
    line = gbk.count(b"\n", 0, offset) + 1
    code, out = run_cli(scratch.root, any_sources, capsys)
    assert code == 1 and "Traceback" not in out
    assert len(errors(out)) == 1, out
    msg = errors(out)[0]
    assert f"{table}.csv:{line}" in msg and f"line {line}" in msg and f"byte {offset + 1} of the file" in msg, msg
    assert "not UTF-8" in msg and "GBK" in msg and "CSV UTF-8" in msg and "make utf8" in msg and "iconv" in msg
    assert "SKIPPED" in out and f"{table}.csv did not parse" in out
    with pytest.raises(DataError) as err:  # the chapters' loader says the same, not a UnicodeDecodeError
        load(scratch.root)
    assert str(err.value.problems[0]) == msg.removeprefix("ERROR ")


def test_gbk_on_the_command_line_is_a_message_not_a_traceback(scratch, tmp_path):
    """`make validate` runs exactly this: python -m jindong.dataset.validate with JINDONG_DATA."""
    # the first byte that is not UTF-8: the district's name (金东区) in the first row's region
    where = at(scratch, "indicators", 2, "region")  # read while the file is still UTF-8
    path = scratch.root / "indicators.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    env = {**os.environ, "JINDONG_DATA": str(scratch.root), "JINDONG_SOURCES": str(tmp_path / "none"), "CI": ""}
    proc = subprocess.run([sys.executable, "-m", "jindong.dataset.validate"], capture_output=True, text=True, env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert f"{where}: the file is not UTF-8" in proc.stdout and "GBK" in proc.stdout


def test_tables_saved_as_csv_utf8_by_excel_validate_clean(scratch, any_sources):
    """Excel's "CSV UTF-8": a byte-order mark and CRLF line ends, on every table at once (with the source
    texts when present: provenance, coverage and the derived tables' freshness read them too)."""
    originals = {t: read_table(scratch.root / f"{t}.csv") for t in TABLES}
    for t in TABLES:
        path = scratch.root / f"{t}.csv"
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
        path.write_bytes(BOM + text.encode("utf-8"))
    report = validate.run(scratch.root, any_sources)
    assert report.ok, messages(report) + [str(u) for u in report.uncovered]
    ds = load(scratch.root)
    fields = field_names(scratch.root)
    for t in TABLES:
        name = t.removeprefix("derived/")
        frame = getattr(ds, name)
        assert list(frame.columns[: len(fields[name])]) == fields[name]  # no '\ufeffid'
        first = fields[name][0]
        assert list(frame[first]) == [r[first] for r in originals[t].rows]


def _open_a_quote(path: Path) -> tuple[int, str]:
    """Leave a quote open on line 11 (mid-file in a shorter table): drop the closing '"' of the line's
    last quoted cell, or open its first cell with a '"' when it has none. Return that line and what
    the message must say, from the csv module's own reading of the broken file."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = 11 if len(lines) > 11 else len(lines) // 2 + 1
    text = lines[n - 1]
    k = text.rfind('"')
    lines[n - 1] = text[:k] + text[k + 1 :] if k >= 0 else '"' + text
    path.write_text("".join(lines), encoding="utf-8")
    reader = csv.reader(lines[n - 1 :])
    next(reader)
    end = n - 1 + reader.line_num
    if end == len(lines):  # the row runs to the end of the file: closed on the last line, or never?
        try:
            list(csv.reader(lines[n - 1 :], strict=True))
        except csv.Error as err:
            if "unexpected end of data" in str(err):
                return n, f"a quote opened on line {n} is never closed"
    return n, f"a quote opened on line {n} is not closed until line {end}"


@pytest.mark.parametrize("table", TABLES)
def test_an_unclosed_quote_is_named_first_and_nothing_follows_from_it(scratch, any_sources, capsys, table):
    line, says = _open_a_quote(scratch.root / f"{table}.csv")
    code, out = run_cli(scratch.root, any_sources, capsys)
    assert code == 1 and "Traceback" not in out
    found = errors(out)
    assert len(found) == 1, out  # no follow-on error from this table or any other
    assert re.match(rf"ERROR {re.escape(relpath(scratch.root / f'{table}.csv'))}:{line}:\d+ \(", found[0]), found[0]
    assert says in found[0], found[0]
    assert "SKIPPED" in out and "provenance" in out and "UNCOVERED" not in out
    with pytest.raises(DataError) as err:
        load(scratch.root)
    assert says in str(err.value.problems[0])


def test_the_unclosed_quote_of_the_issue_names_both_lines(scratch, any_sources, capsys):
    """indicators.csv line 11 swallowed lines 12–17: before, seven errors in derived/sections.csv came first."""
    line, says = _open_a_quote(scratch.root / "indicators.csv")
    assert (line, says) == (11, "a quote opened on line 11 is not closed until line 18")
    code, out = run_cli(scratch.root, any_sources, capsys)
    first = scratch.read("indicators")[0][0]  # line 11 has no quoted cell: the quote opens its first
    assert errors(out)[0].startswith(f"ERROR {relpath(scratch.root)}/{at(scratch, 'indicators', 11, first)}: {says}")


@pytest.mark.parametrize("sep,word", [(";", "semicolons"), ("\t", "tabs")])
def test_a_table_not_separated_by_commas_is_named_as_such(scratch, any_sources, capsys, sep, word):
    header, rows = scratch.read("units")
    with open(scratch.root / "units.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, delimiter=sep, lineterminator="\r\n")
        w.writeheader()
        w.writerows(rows)
    code, out = run_cli(scratch.root, any_sources, capsys)
    assert code == 1 and len(errors(out)) == 1 and "units.csv:1: the columns are separated by " + word in out, out


def test_make_utf8_converts_a_gbk_table_back_and_refuses_what_is_not_gbk(scratch, capsys):
    path = scratch.root / "indicators.csv"
    original = path.read_bytes()
    path.write_bytes(original.decode("utf-8").encode("gb18030"))
    latin = scratch.root / "notes.csv"
    latin.write_bytes("a,b\nélément,café\n".encode("latin-1"))
    assert curate.utf8([path]) == 0 and path.read_bytes() == original
    assert curate.utf8([path]) == 0 and path.read_bytes() == original  # a UTF-8 file is left as it is
    assert curate.utf8([latin]) == 1 and latin.read_bytes() == "a,b\nélément,café\n".encode("latin-1")
    out = capsys.readouterr().out
    assert "converted" in out and "NOT CONVERTED" in out and "not GBK" in out


def test_make_simplify_keeps_the_byte_order_mark_and_line_ends(scratch, capsys):
    line = scratch.edit("indicators", ROW, label_zh="固定資產投資")
    path = scratch.root / "indicators.csv"
    excel = BOM + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(excel)
    assert curate.simplify(scratch.root) == 0
    after = path.read_bytes()
    assert after.startswith(BOM) and after.count(b"\r\n") == excel.count(b"\r\n")
    assert after == excel.replace("固定資產投資".encode(), "固定资产投资".encode(), 1)
    assert read_table(path).rows[line - 2]["label_zh"] == "固定资产投资"


def test_make_derive_names_a_table_that_does_not_parse(scratch, monkeypatch, capsys):
    path = scratch.root / "sources.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    monkeypatch.setattr(derive, "DATA_DIR", scratch.root)
    assert derive.main() == 1
    out = capsys.readouterr().out
    assert "sources.csv:2" in out and "GBK" in out and "nothing derived" in out


# --- How sure a figure is: firmness (确保 / 力争 / 争取) and estimates (预计), read from the quote's sentence ---


@pytest.mark.parametrize(
    "row,changes,field,fragment",
    [
        # 力爭招引世界500強企業、海外企業各1家以上: a stretch goal shown as a plain one
        ("jd_gwr_2023-t037", dict(firmness=""), "firmness", None),
        # the GDP target has no 确保 in its sentence (2023年指標任務: 地區生產總值增長8%以上)
        ("jd_gwr_2023-t002", dict(firmness="确保"), "firmness", "is not written in the quote or before it"),
        # a 2022 outcome is not promised
        ("jd_gwr_2023-r001", dict(firmness="确保"), "firmness", "is for a target"),
        # 大陈村's 2024 figures are stated (2024年,该村接待游客约40万人次); 预计 governs the city's headline figures
        ("yk_plenum_2025_01-a005", dict(kind="estimate"), "kind", "does not say 预计"),
        # 預計全年地區生產總值增長6%: an estimate, not an outcome
        ("yk_plenum_2025_01-a001", dict(kind="actual"), "kind", "says 预计"),
    ],
)
def test_how_sure_a_figure_is_is_what_its_sentence_says(scratch, sources, row, changes, field, fragment):
    line = scratch.edit("indicators", row, **changes)
    msg = one(validate.run(scratch.root, sources), at(scratch, "indicators", line, field))
    if fragment:
        assert fragment in msg
    else:  # the quote's sentence holds the word the row left out: the message says which
        assert "力争" in msg


def test_firmness_outside_its_vocabulary_is_refused(scratch, any_sources):
    line = scratch.edit("indicators", "jd_gwr_2023-t037", firmness="一定")
    one(validate.run(scratch.root, any_sources), at(scratch, "indicators", line, "firmness"))


def test_a_label_in_opencc_simplified_that_simplified_chinese_writes_otherwise_is_refused(scratch, any_sources):
    # OpenCC's t2s keeps 著 in 著力; the simplified sources write 着力 (the eight report cards)
    line = scratch.edit("priorities", "jd2022_review_areas-02-01", label_zh="紧扣创新制胜，著力激活发展新引擎")
    msg = one(validate.run(scratch.root, any_sources), at(scratch, "priorities", line, "label_zh"))
    assert "著力→着力" in msg and "make simplify" in msg


def test_a_meeting_name_is_not_a_title(scratch, sources):
    # the August 2025 report's subtitle names its meeting; its headline is the title
    line = scratch.edit("sources", "jd_plenum_2025_08", title_zh="金东区委五届八次全体会议暨区政府第二次全体会议")
    one(validate.run(scratch.root, sources), at(scratch, "sources", line, "title_zh"), "subtitle or a meeting's name")


def test_a_title_named_only_in_a_sentence_is_not_a_headline(scratch, sources):
    # the 2023 report's reposted copy names the report in its lead and prints no headline: no 《》
    line = scratch.edit("sources", "jd_gwr_2023", headline="yes")
    one(validate.run(scratch.root, sources), at(scratch, "sources", line, "headline"), "leave headline empty")


def test_a_headline_the_data_does_not_mark_is_named(scratch, sources):
    line = scratch.edit("sources", "yk_plenum_2025_01", headline="")
    one(validate.run(scratch.root, sources), at(scratch, "sources", line, "headline"), "set headline to yes")
