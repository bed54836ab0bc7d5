"""Chapter 10 (data and methods): the dictionary, downloads and checks are generated from data/ and its schema."""

from __future__ import annotations

import re

import nbformat

from jindong.content.chapters import methods
from jindong.dataset import consistency
from jindong.dataset.data import load
from jindong.paths import ROOT

CHAPTER = ROOT / "chapters" / "10-data-and-methods.ipynb"


def test_every_field_of_every_table_is_described():
    for res in methods.resources():
        table = methods.fields_table(res.name).df
        assert list(table.Field) == [f.name for f in res.schema.fields]
        assert all(table.Description), (
            f"{res.name}: fields without description {list(table.Field[table.Description == ''])}"
        )


def test_allowed_values_come_from_the_schema():
    kinds = methods.fields_table("indicators").df.set_index("Field")
    assert "'actual', 'estimate', 'target', 'context'" in kinds.loc["kind", "Allowed values"]
    assert "an existing sources.source_id" in kinds.loc["source_id", "Allowed values"]
    assert (
        "an existing priorities.id"
        in methods.fields_table("priorities").df.set_index("Field").loc["parent_id", "Allowed values"]
    )


def test_a_download_link_for_every_table_that_resolves_from_the_chapter():
    md = methods.downloads_markdown()
    links = re.findall(r"\{download\}`[^<]+<([^>]+)>`", md)
    assert len(links) == len(methods.resources()) + 1  # every table and the schema
    for link in links:
        assert (ROOT / "chapters" / link).resolve().is_file(), link
    for res in methods.resources():
        assert f"../data/{res.path}>" in md


def test_chapter_renders_the_download_links_as_myst():
    nb = nbformat.read(CHAPTER, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and "methods.downloads()" in c.source]
    assert cells and cells[0].metadata["mystnb"]["markdown_format"] == "myst"


def test_download_list_counts_rows_and_fields():
    md = methods.downloads_markdown()
    ind = methods.resource("indicators")
    assert f"({len(load().indicators):,} rows, {len(ind.schema.fields)} fields)" in md
    assert f"({len(load().terms):,} rows," in md


def test_rules_table_lists_every_rule_and_its_documented_exceptions():
    df = methods.rules_table().df
    assert [r.replace("\u200b", "") for r in df.Rule] == [r.name for r in consistency.RULES]
    exceptions = df[df["Why the sources may disagree"] != "—"]
    assert len(exceptions) == sum(1 for r in consistency.RULES if r.exception)
    assert not df.Result.str.contains("ERROR").any()
    counts = methods.check_counts()
    assert counts["exceptions"] == len(exceptions) and counts["rules"] == len(df)


def test_glossary_has_every_term_with_pinyin():
    df = methods.glossary_table().df
    terms = load().terms
    assert len(df) == len(terms)
    assert list(df["中文"]) == list(terms.zh) and list(df.Pinyin) == list(terms.pinyin)
    assert "<script" not in methods.glossary_table()._repr_html_()
