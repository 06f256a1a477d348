"""`briefgen new NAME`: a commented outline that uses the whole format and builds."""

from __future__ import annotations

import re

import pytest

from briefgen import cli, loader, outline_schema, schema
from briefgen.api import prepare
from briefgen.interpolate import prose_fields
from briefgen.lint import lint


@pytest.fixture(scope="module")
def created(tmp_path_factory):
    folder = tmp_path_factory.mktemp("new") / "briefing"
    assert cli.main(["new", "river-talks", "-o", str(folder)]) == 0
    return folder / "river-talks.yaml"


def test_writes_the_outline_and_the_schema(created, capsys):
    text = created.read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == outline_schema.MODELINE
    assert (created.parent / outline_schema.FILE_NAME).read_text(encoding="utf-8") == \
        outline_schema.text()
    assert "title: River talks" in text
    assert len(text.splitlines()) < 190, "keep it short"
    assert sum(1 for line in text.splitlines() if "#" in line) >= 15, "keep it commented"


def test_default_folder_is_briefing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "my-brief"]) == 0
    assert (tmp_path / "briefing" / "my-brief.yaml").is_file()
    out = capsys.readouterr().out
    assert out.startswith("created briefing/my-brief.yaml")
    assert "briefgen watch briefing/my-brief.yaml" in out


def test_refuses_to_overwrite(created, capsys):
    before = created.read_bytes()
    assert cli.main(["new", "river-talks", "-o", str(created.parent)]) == 1
    err = capsys.readouterr().err
    assert f"{created}: already exists; not overwritten" in err
    assert created.read_bytes() == before


def test_refuses_a_bad_name(tmp_path, capsys):
    assert cli.main(["new", "../escape", "-o", str(tmp_path)]) == 1
    assert "cannot be a brief's name" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_checks_clean_even_with_strict(created, capsys):
    """Valid, and no warnings: its figures all come from {{ stats.ID }}."""
    assert cli.main(["check", "--strict", str(created)]) == 0
    assert capsys.readouterr().err == ""


def test_builds_as_it_is(created, tmp_path, capsys):
    assert cli.main(["build", str(created), "-o", str(tmp_path), "-q"]) == 0
    assert (tmp_path / "river-talks.pdf").stat().st_size > 1000
    assert (tmp_path / "river-talks.docx").stat().st_size > 1000


def test_uses_every_part_of_the_format(created):
    """Every key of every record in the format appears at least once."""
    data = loader.load_file(str(created)).data
    used: dict = {}

    def walk(kind, value):
        if isinstance(kind, schema.Record) and isinstance(value, dict):
            used.setdefault(kind.name, set()).update(value)
            for key, item in value.items():
                walk(kind.fields[key], item)
        elif isinstance(kind, schema.ListOf) and isinstance(value, list):
            for item in value:
                walk(kind.item, item)
        elif hasattr(kind, "record") and isinstance(value, dict):
            walk(kind.record, value)

    walk(schema.OUTLINE, data)
    for name, record in _all_records().items():
        assert set(record.fields) <= used.get(name, set()), \
            f"{name} lacks {sorted(set(record.fields) - used.get(name, set()))}"
    assert data["layout"] == list(schema.PARTS)
    assert any(isinstance(a, str) for a in data["authors"])
    assert any(isinstance(a, dict) for a in data["authors"])
    values = [s["value"] for s in data["statistics"]]
    assert any(isinstance(v, list) for v in values) and any(isinstance(v, int) for v in values)


def _all_records():
    found = {}

    def visit(kind):
        if isinstance(kind, schema.Record):
            if kind.name in found:
                return
            found[kind.name] = kind
            for child in kind.fields.values():
                visit(child)
        elif isinstance(kind, schema.ListOf):
            visit(kind.item)
        elif hasattr(kind, "record"):
            visit(kind.record)
    visit(schema.OUTLINE)
    return found


def test_prose_uses_every_kind_of_reference(created):
    prose = "\n".join(t.source for t in prose_fields(prepare(str(created)).outline))
    for needle in ("{{ stats.", "{{ parties.", "{{ events.", "{{ brief.title }}",
                   "{{ brief.date }}", "[@", "](#", "**", "*"):
        assert needle in prose, needle


def test_figures_in_prose_are_not_typed(created):
    prepared = prepare(str(created))
    assert lint(prepared.outline) == []
    for text in prose_fields(prepared.outline):
        bare = re.sub(r"\{\{.*?\}\}|\[@[^\]]*\]|\]\([^)]*\)", "", text.source)
        assert not re.search(r"\d", bare), text.source
