"""The JSON Schema for editors: generated from the validator's own definitions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen import cli, loader, outline_schema, schema
from briefgen.scaffold import render

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "briefing" / outline_schema.FILE_NAME
BROKEN = Path(__file__).parent / "broken"

# Broken outlines whose every error is about structure: keys, types, patterns.
STRUCTURAL = [
    "approx_not_bool", "author_unknown_key", "date_month_only", "date_not_day",
    "edtf_month_13", "edtf_word", "invalid_slug", "key_points_not_list",
    "layout_repeated_part", "layout_unknown_part", "missing_sections", "missing_title",
    "misspelt_required_key", "party_missing_name", "position_empty", "range_not_numbers",
    "range_three_numbers", "sections_empty", "sections_is_mapping", "table_cell_mapping",
    "title_empty", "title_is_list", "toplevel_list", "unknown_nested_key",
    "unknown_top_key", "value_is_mapping",
]
# What JSON Schema cannot say; the validator (and so the build) still catches them.
BEYOND_JSON_SCHEMA = ["edtf_feb_30", "table_ragged_row", "sections_too_deep",
                      "range_reversed"]


@pytest.fixture(scope="module")
def validator():
    document = outline_schema.build()
    jsonschema.Draft7Validator.check_schema(document)
    return jsonschema.Draft7Validator(document)


def test_committed_schema_is_not_stale():
    assert COMMITTED.read_text(encoding="utf-8") == outline_schema.text(), (
        "briefing/outline.schema.json is stale: run 'make brief' "
        "(or 'briefgen schema -o briefing/outline.schema.json')")


def test_schema_command_prints_it(capsys):
    assert cli.main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == outline_schema.text()
    assert json.loads(out)["$defs"]["section"]["properties"]["sections"]["items"] == \
        {"$ref": "#/$defs/section"}


def test_schema_command_writes_a_file(tmp_path, capsys):
    target = tmp_path / "s.json"
    assert cli.main(["schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == outline_schema.text()


def test_generated_from_the_validator_definitions():
    """Every record and field of the validator is in the schema, with a description."""
    document = outline_schema.build()
    records = {"outline": schema.OUTLINE}
    for kind in _records(schema.OUTLINE):
        records[kind.name] = kind
    for name, record in records.items():
        target = document if name == "outline" else document["$defs"][name]
        assert set(target["properties"]) == set(record.fields), name
        assert target["required"] == list(record.required)
        assert target["additionalProperties"] is False
        for key, prop in target["properties"].items():
            assert prop.get("description"), f"{name}.{key} has no description"


def _records(kind, seen=None):
    seen = set() if seen is None else seen
    for child in _children(kind):
        if isinstance(child, schema.Record) and child.name not in seen:
            seen.add(child.name)
            yield child
            yield from _records(child, seen)
        elif not isinstance(child, schema.Record):
            yield from _records(child, seen)


def _children(kind):
    if isinstance(kind, schema.Record):
        return list(kind.fields.values())
    if isinstance(kind, schema.ListOf):
        return [kind.item]
    if hasattr(kind, "record"):
        return [kind.record]
    return []


def _data(path: Path):
    return loader.load_file(str(path)).data  # timestamps stay strings, as in editors


@pytest.mark.parametrize("path", [ROOT / "briefing" / "abu-dhabi-talks.yaml",
                                  ROOT / "tests" / "fixtures" / "special-text.yaml"],
                         ids=lambda p: p.name)
def test_accepts_valid_outlines(path, validator):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_data(path))]
    assert errors == []


def test_accepts_the_new_brief_template(tmp_path, validator):
    path = tmp_path / "x.yaml"
    path.write_text(render("x", str(path)), encoding="utf-8")
    assert list(validator.iter_errors(_data(path))) == []


@pytest.mark.parametrize("name", STRUCTURAL)
def test_rejects_what_the_validator_rejects(name, validator):
    loaded = loader.load_file(str(BROKEN / f"{name}.yaml"))
    _, errors = schema.validate(loaded)
    assert errors, "the validator accepts it"
    assert list(validator.iter_errors(loaded.data)), "the JSON Schema accepts it"


@pytest.mark.parametrize("name", BEYOND_JSON_SCHEMA)
def test_limits_of_json_schema(name, validator):
    """These need code (calendar, row widths, depth, order): only the validator sees them."""
    loaded = loader.load_file(str(BROKEN / f"{name}.yaml"))
    _, errors = schema.validate(loaded)
    assert errors
    assert list(validator.iter_errors(loaded.data)) == []


def test_outlines_name_the_schema():
    """Each brief's first line points editors (yaml-language-server) at the schema."""
    for path in (ROOT / "briefing").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == outline_schema.MODELINE, path.name
