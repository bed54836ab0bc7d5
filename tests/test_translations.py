"""The Chinese edition keeps step with the English: every word of the package translated (no
untranslated, fuzzy or stale catalog entry), every chapter's Chinese twin translating the English
as it stands now, cell for cell — and the checks really catch a forgotten translation."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from babel.messages.pofile import read_po

from jindong.content.edition import language
from jindong.content.i18n import _, n_, translations
from jindong.publish import translations as tr


def test_every_word_and_every_chapter_is_translated():
    problems = tr.problems()
    assert not problems, (
        f"{len(problems)} translation problem(s) — `make translations` lists them; translate, then stamp:\n"
        + "\n".join(problems[:60])
    )


def test_a_message_is_english_in_english_and_chinese_in_chinese():
    assert _("Data table") == "Data table"
    assert n_("Source: {sources}.", "Sources: {sources}.", 2, sources="a; b") == "Sources: a; b."
    with language("zh"):
        assert _("Data table") == translations("zh")["Data table"] != "Data table"
        assert "a" in n_("Source: {sources}.", "Sources: {sources}.", 2, sources="a")


# ---------------------------------------------------------------- the checks fail when they should


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """The catalogs and notebooks copied to tmp_path, and the checks pointed at the copies."""
    locales = tmp_path / "locales"
    shutil.copytree(tr.LOCALES, locales)
    chapters = tmp_path / "chapters"
    shutil.copytree(tr.CHAPTERS, chapters, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(tr.HOME, tmp_path / tr.HOME.name)
    monkeypatch.setattr(tr, "po_path", lambda name, language="zh": locales / "zh_CN" / "LC_MESSAGES" / f"{name}.po")
    monkeypatch.setattr(tr, "CHAPTERS", chapters)
    monkeypatch.setattr(tr, "TWINS", chapters / "zh")
    monkeypatch.setattr(tr, "HOME", tmp_path / tr.HOME.name)
    monkeypatch.setattr(tr, "ROOT", tmp_path)
    for twin in (chapters / "zh").glob("*.ipynb"):  # as if translated: each test breaks one thing
        tr.stamp(twin)
    return tmp_path


def _edit_po(path, change) -> None:
    import io

    from babel.messages.pofile import write_po

    with path.open("rb") as f:
        cat = read_po(f, locale="zh_CN")
    for m in cat:
        if m.id == "Data table":
            change(m)
    buf = io.BytesIO()
    write_po(buf, cat, omit_header=True, include_lineno=False)
    path.write_bytes(buf.getvalue())


def _common(copy):
    return copy / "locales" / "zh_CN" / "LC_MESSAGES" / "common.po"


def test_a_fuzzy_message_fails(copy):
    _edit_po(_common(copy), lambda m: m.flags.add("fuzzy"))
    assert any("fuzzy" in p and "Data table" in p for p in tr.catalog_problems())


def test_an_untranslated_message_fails(copy):
    _edit_po(_common(copy), lambda m: setattr(m, "string", ""))
    assert any("untranslated: 'Data table'" in p for p in tr.catalog_problems())


def test_a_translation_losing_a_placeholder_fails(copy):
    path = _common(copy)
    text = path.read_text(encoding="utf-8").replace('msgstr "第{n}幅（共{total}幅）"', 'msgstr "第{n}幅"')
    path.write_text(text, encoding="utf-8")
    assert any("placeholders" in p and "Panel {n} of {total}" in p for p in tr.catalog_problems())


def test_traditional_characters_in_a_translation_fail(copy):
    _edit_po(_common(copy), lambda m: setattr(m, "string", "數據表"))
    assert any("not simplified" in p and "数据表" in p for p in tr.catalog_problems())


def test_a_phrase_opencc_leaves_traditional_in_a_translation_fails(copy):
    _edit_po(_common(copy), lambda m: setattr(m, "string", "著力提升"))  # simplified Chinese writes 着力
    assert any("not simplified" in p and "着力提升" in p for p in tr.catalog_problems())


def test_a_message_the_catalog_lacks_fails(copy, monkeypatch):
    module = copy / "extra.py"
    module.write_text('from jindong.content.i18n import _\n\ndef f():\n    return _("A sentence nobody translated")\n')
    fstring = copy / "bad.py"
    fstring.write_text('from jindong.content.i18n import _\n\ndef g(x):\n    return _(f"GDP {x}")\n')
    original = tr.modules
    monkeypatch.setattr(tr, "modules", lambda: [*original(), module, fstring])
    domain = tr.domain
    monkeypatch.setattr(tr, "domain", lambda path: "common" if path.parent == copy else domain(path))
    problems = tr.catalog_problems()
    assert any("not yet extracted: 'A sentence nobody translated'" in p for p in problems)
    assert any("bad.py:4" in p and "plain string literal" in p for p in problems)


def _first_markdown(nb) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "{eval}" in c.source)


def test_an_english_paragraph_changed_without_its_chinese_fails(copy):
    english = tr.CHAPTERS / "02-2022-in-numbers.ipynb"
    nb = nbformat.read(english, as_version=4)
    i = _first_markdown(nb)
    nb.cells[i].source += "\n\nA new English sentence."
    nbformat.write(nb, english)
    assert any(f"02-2022-in-numbers.ipynb cell {i}: the English cell changed" in p for p in tr.notebook_problems())
    # and stamping after updating the Chinese clears it
    tr.stamp(tr.TWINS / english.name)
    assert not [p for p in tr.notebook_problems() if "02-2022-in-numbers" in p]


def test_a_chinese_cell_losing_a_value_or_changing_code_fails(copy):
    twin = tr.TWINS / "02-2022-in-numbers.ipynb"
    nb = nbformat.read(twin, as_version=4)
    i = _first_markdown(nb)
    nb.cells[i].source = nb.cells[i].source.replace("{eval}`", "`", 1)
    code = next(j for j, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells[code].source += "\nprint('only in Chinese')"
    nbformat.write(nb, twin)
    problems = tr.notebook_problems()
    assert any(f"cell {i}: {{eval}} values differ" in p for p in problems)
    assert any(f"cell {code}: code or tags differ" in p for p in problems)


def test_a_missing_or_reshaped_twin_fails(copy):
    (tr.TWINS / "08-yongkang.ipynb").unlink()
    twin = tr.TWINS / "09-strategy-evolution.ipynb"
    nb = nbformat.read(twin, as_version=4)
    nb.cells.pop()
    nbformat.write(nb, twin)
    problems = tr.notebook_problems()
    assert any("08-yongkang.ipynb: missing" in p for p in problems)
    assert any("09-strategy-evolution.ipynb:" in p and "must match cell for cell" in p for p in problems)


def test_chapter_10s_rule_texts_are_translated_as_they_stand():
    """Chapter 10 words the consistency rules (dataset/consistency.py) in Chinese from copies of their
    English: a rule edited there, or a detail no pattern reads, would show in English — fail instead."""
    from jindong.content.chapters import methods

    assert methods.stale_rules() == [], "update rule_words() in methods.py (and methods.po) for these rules"
    assert methods.untranslated_details() == [], "add a pattern to DETAILS in methods.py for these details"
