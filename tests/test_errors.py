"""Broken outlines: every error is reported, at the right line, with a useful message.

Each file in tests/broken/ is a minimal outline with one kind of error (or a
few, in the several_errors* files). Its expectations are comments:

    title: x   # error: <substring the message must contain>

on the very line the diagnostic must point to (several `# error:` on one line
mean several diagnostics on that line), or, for errors reported where a
comment cannot go, a header line

    # error-line: N: <substring>

`briefgen check FILE` must exit 1, print exactly one `FILE:LINE:...`
diagnostic per expectation, and never an internal error or traceback.

Files that cannot be written as text (invalid UTF-8, BOM, control and
line-separator characters) are generated in tmp_path by the tests below.

Cases marked xfail(strict=True) are validator bugs: the test states the
behaviour we want, so it starts failing (XPASS -> error) once fixed.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from briefgen import cli

BROKEN = Path(__file__).parent / "broken"
FILES = sorted(BROKEN.glob("*.yaml"))

_HEADER = re.compile(r"^#\s*error-line:\s*(\d+):\s*(.*?)\s*$")
_INLINE = re.compile(r"#\s*error:")

# Known validator bugs: file -> what is wrong (see the report in each reason).
XFAIL: dict = {}


def _params():
    out = []
    for f in FILES:
        marks = [pytest.mark.xfail(reason=XFAIL[f.name], strict=True)] if f.name in XFAIL else []
        out.append(pytest.param(f, marks=marks, id=f.name))
    return out


def expectations(path: Path) -> list[tuple[int, str]]:
    """(line, substring) for every `# error:` / `# error-line:` comment in a file."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        header = _HEADER.match(line)
        if header:
            found.append((int(header.group(1)), header.group(2)))
            continue
        for part in _INLINE.split(line)[1:]:
            found.append((number, part.strip()))
    return found


def run(argv, capsys) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def diagnostics(err: str, path) -> list[str]:
    pattern = re.compile(rf"^{re.escape(str(path))}:\d+")
    return [line for line in err.splitlines() if pattern.match(line)]


def assert_reported(path, err: str, out: str, expected: list[tuple[int, str]]):
    """Each expectation is met by its own diagnostic, and there is nothing else."""
    text = out + err
    assert "Traceback" not in text, text
    assert "internal error" not in text, text
    found = diagnostics(err, path)
    unused = list(found)
    missing = []
    for line, substring in expected:
        match = next((d for d in unused
                      if d.startswith(f"{path}:{line}:") and substring in d), None)
        if match is None:
            missing.append(f"line {line}: {substring}")
        else:
            unused.remove(match)
    assert not missing, "expected diagnostics not printed:\n  " + "\n  ".join(missing) + \
        "\nprinted:\n" + err
    assert not unused, "unexpected diagnostics:\n  " + "\n  ".join(unused)
    assert len(found) == len(expected)
    count = len(expected)
    assert f"{path}: {count} error{'s' if count != 1 else ''}; nothing written" in err


# ------------------------------------------------------------------ the corpus

def test_corpus_is_there():
    assert len(FILES) >= 40
    for f in FILES:
        assert expectations(f), f"{f.name} has no '# error:' comment"


@pytest.mark.parametrize("path", _params())
def test_broken_outline(path, capsys):
    expected = expectations(path)
    assert expected, f"{path.name} carries no expectation"
    code, out, err = run(["check", path], capsys)
    assert code == 1, out + err
    assert f"{path}: ok" not in out
    assert_reported(path, err, out, expected)


@pytest.mark.parametrize("name, line, col, rest", [
    ("unknown_party.yaml", 8, 9,
     "sections[0].positions[0].party: unknown party 'rusia' (did you mean 'russia'?)"),
    ("unknown_nested_key.yaml", 8, 9,
     "sections[0].positions[0].sumary: unknown key 'sumary' in position "
     "(did you mean 'summary'?)"),
    ("layout_unknown_part.yaml", 6, 5,
     "layout[1]: unknown part 'sectoins' (did you mean 'sections'?)"),
    ("table_ragged_row.yaml", 9, 13,
     "sections[0].tables[0].rows[1]: row has 3 cells but the table has 2 columns "
     "(add or remove cells; write '' for an empty one)"),
    ("unknown_top_key.yaml", 2, 1,
     "subtitel: unknown key 'subtitel' in outline (did you mean 'subtitle'?)"),
    ("alias_bomb.yaml", 7, 21,  # the second *lol5: its expansion passes the limit
     "lol6[1]: the outline expands to more than 250,000 values (YAML aliases (*name) repeat "
     "content; an alias bomb is refused)"),
    ("image_in_prose.yaml", 7, 13,  # not the `![map](…)` in a code span before it
     "sections[0].body: images in prose are not supported (place an image as a figure, "
     "under the section's 'figures:' with 'image', 'caption' and 'alt'; "
     "'![Map of the front](front.png)' would print only 'Map of the front')"),
    ("footnote_reference.yaml", 4, 39,
     "sections[0].body: reference-style footnote [^1] is not part of the format (write the "
     "note where it belongs, as an inline footnote: ^[the note's text])"),
    ("footnote_text.yaml", 4, 44,
     "sections[0].body: reference-style footnote text '[^1]: …' is not part of the format "
     "(write the note where it belongs, as an inline footnote: ^[the note's text])"),
    ("link_empty_text.yaml", 4, 35,
     "sections[0].body: a link needs text: '[](https://gov.example/cabinet)' shows nothing "
     "to click (write the words between the brackets: [the page](https://gov.example/cabinet))"),
    ("yaml_comment_in_flow.yaml", 3, 42,
     "YAML syntax: while parsing a flow mapping did not find expected ',' or '}' (text after "
     "' #' is a YAML comment, so the rest of the line is lost and the brackets are left "
     "open; quote the value with the '#' in it)"),
])
def test_diagnostic_format(name, line, col, rest, capsys):
    """FILE:LINE:COL: outline.path: message (hint), exactly."""
    path = BROKEN / name
    code, _, err = run(["check", path], capsys)
    assert code == 1
    assert f"{path}:{line}:{col}: {rest}" in err.splitlines(), err


def test_several_outlines_in_one_call(capsys):
    """Each outline is checked and reported; one broken file does not stop the rest."""
    first, second = BROKEN / "unknown_party.yaml", BROKEN / "edtf_word.yaml"
    code, _, err = run(["check", first, second], capsys)
    assert code == 1
    assert len(diagnostics(err, first)) == 1
    assert len(diagnostics(err, second)) == 1


# ------------------------------------------------------------------ build writes nothing

@pytest.mark.parametrize("name", ["yaml_bad_indentation.yaml", "unknown_party.yaml",
                                  "jinja_unknown_name.yaml", "glyph_emoji.yaml",
                                  "several_errors.yaml"])
def test_build_of_broken_outline_leaves_output_alone(name, tmp_path, capsys):
    source = tmp_path / "brief.yaml"
    shutil.copyfile(BROKEN / name, source)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    old = {"brief.pdf": b"%PDF-1.4 old pdf bytes\n", "brief.docx": b"PK old docx bytes"}
    for file, data in old.items():
        (out_dir / file).write_bytes(data)
    code, out, err = run(["build", source, "-o", out_dir], capsys)
    assert code == 1, out + err
    assert "nothing written" in err
    assert "Traceback" not in out + err and "internal error" not in out + err
    assert sorted(os.listdir(out_dir)) == sorted(old)  # no temp files left either
    for file, data in old.items():
        assert (out_dir / file).read_bytes() == data


def test_build_of_broken_outline_creates_no_folder(tmp_path, capsys):
    source = tmp_path / "brief.yaml"
    shutil.copyfile(BROKEN / "unknown_party.yaml", source)
    out_dir = tmp_path / "fresh"
    code, _, _ = run(["build", source, "-o", out_dir], capsys)
    assert code == 1
    assert not out_dir.exists()
    assert sorted(os.listdir(tmp_path)) == ["brief.yaml"]


# ------------------------------------------------------------------ alias bomb

def test_alias_bomb_is_refused_quickly(capsys):
    path = BROKEN / "alias_bomb.yaml"
    start = time.perf_counter()
    code, out, err = run(["check", path], capsys)
    elapsed = time.perf_counter() - start
    assert code == 1
    assert "expands to more than" in err
    assert elapsed < 5.0, f"alias bomb took {elapsed:.1f} s"


# ------------------------------------------------------------------ generated files

VALID = "title: A brief\nsections:\n  - title: Only section\n"


def _write(tmp_path, data: bytes, name="brief.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _check_one(path, capsys, line, substring, col=None):
    code, out, err = run(["check", path], capsys)
    assert code == 1, out + err
    where = f"{path}:{line}:" + (f"{col}:" if col is not None else "")
    assert_reported(path, err, out, [(line, substring)])
    assert any(d.startswith(where) for d in diagnostics(err, path)), err
    return err


def test_invalid_utf8_byte(tmp_path, capsys):
    prefix = b"  - title: Bad "
    path = _write(tmp_path, b"title: A brief\nsections:\n" + prefix + b"\xff byte\n")
    _check_one(path, capsys, 3, "byte 0xff is not valid UTF-8", col=len(prefix) + 1)


def test_invalid_utf8_byte_on_first_line(tmp_path, capsys):
    path = _write(tmp_path, b"title: \xc0\xafbrief\nsections:\n  - title: Only section\n")
    _check_one(path, capsys, 1, "is not valid UTF-8", col=8)


def test_invalid_utf8_byte_column_after_multibyte_character(tmp_path, capsys):
    path = _write(tmp_path, "title: é".encode() + b"\xff\nsections:\n  - title: S\n")
    _check_one(path, capsys, 1, "byte 0xff is not valid UTF-8", col=9)


def test_utf8_bom_is_accepted(tmp_path, capsys):
    path = _write(tmp_path, b"\xef\xbb\xbf" + VALID.encode())
    code, out, err = run(["check", path], capsys)
    assert code == 0, out + err
    assert f"{path}: ok" in out
    assert all(": warning: " in line for line in err.splitlines())  # lint only


def test_utf8_bom_does_not_shift_columns(tmp_path, capsys):
    path = _write(tmp_path, b"\xef\xbb\xbfsubtitel: x\n" + VALID.encode())
    _check_one(path, capsys, 1, "did you mean 'subtitle'", col=1)


def test_control_character_from_escape(tmp_path, capsys):
    """U+0001 written as a "\\x01" escape: reported at its line, nothing written."""
    path = _write(tmp_path, b'title: A brief\nsubtitle: "a\\x01b"\n' + VALID.split("\n", 1)[1]
                  .encode())
    _check_one(path, capsys, 2, "U+0001")


def test_control_character_from_escape_message(tmp_path, capsys):
    path = _write(tmp_path, b'title: A brief\nsubtitle: "a\\x01b"\n' + VALID.split("\n", 1)[1]
                  .encode())
    err = _check_one(path, capsys, 2, "character U+0001 cannot appear in a document")
    assert "\x01" not in err


def test_raw_control_character(tmp_path, capsys):
    path = _write(tmp_path, b"title: A\x01 brief\nsections:\n  - title: Only section\n")
    _check_one(path, capsys, 1, "character U+0001 cannot appear in a document", col=9)


def test_raw_control_character_later_line(tmp_path, capsys):
    path = _write(tmp_path, VALID.encode() + b"    body: a\x1bb\n")
    _check_one(path, capsys, 4, "character U+001B cannot appear", col=12)


@pytest.mark.parametrize("data", [b"", b"\n\n   \n", b"# only a comment\n"],
                         ids=["empty", "blank", "comment-only"])
def test_empty_outline(data, tmp_path, capsys):
    path = _write(tmp_path, data)
    _check_one(path, capsys, 1, "the outline is empty", col=1)


def test_crlf_line_endings_keep_lines_and_columns(tmp_path, capsys):
    text = ("title: A brief\r\nparties:\r\n  - {id: russia, name: Russia}\r\nsections:\r\n"
            "  - title: Only section\r\n    body: See [@nosuch].\r\n    positions:\r\n"
            "      - {party: rusia, summary: x}\r\n")
    path = _write(tmp_path, text.encode())
    code, out, err = run(["check", path], capsys)
    assert code == 1
    assert_reported(path, err, out, [(6, "citation [@nosuch]"), (8, "unknown party 'rusia'")])
    assert f"{path}:6:16:" in err and f"{path}:8:10:" in err


def test_unicode_line_separator_is_refused_where_it_is(tmp_path, capsys):
    """YAML reads U+2028 as a line break where editors do not: refuse it at its place."""
    text = 'title: A brief\nsubtitle: "a\u2028b"\nsections:\n  - title: S\n    bodyy: x\n'
    path = _write(tmp_path, text.encode())
    _check_one(path, capsys, 2, "U+2028 (line separator) is read as a line break", col=13)


def test_next_line_character_is_reported_where_it_is(tmp_path, capsys):
    text = "title: A brief\nsubtitle: a\u0085b\nsections:\n  - title: S\n"
    path = _write(tmp_path, text.encode())
    _check_one(path, capsys, 2, "U+0085")


def test_oversized_outline_is_refused(tmp_path, capsys):
    from briefgen.loader import MAX_BYTES
    path = _write(tmp_path, VALID.encode() + b"#" * MAX_BYTES + b"\n")
    code, out, err = run(["check", path], capsys)
    assert code == 1
    assert "larger than 5 MiB" in err
    assert "Traceback" not in err and "internal error" not in err


def test_column_points_at_the_id_not_a_longer_one(capsys):
    path = BROKEN / "citation_prefix_of_another.yaml"
    code, out, err = run(["check", path], capsys)
    assert f"{path}:5:32:" in err  # the second citation, not '@reuters' before it
