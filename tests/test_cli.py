"""The command line as a terminal user sees it: streams, colour, quiet, progress."""

from __future__ import annotations

import io
import re
import sys

import pytest

from briefgen import cli

OUTLINE = """\
title: Small
sections:
  - title: Only section
    body: The body, with {{ stats.share }}.
statistics:
  - {id: share, label: Share, value: 78, unit: "%", source: field notes}
"""
BROKEN = "title: Small\nsections:\n  - {title: A, bogus: 1}\n"
WARNS = OUTLINE.replace("with {{ stats.share }}", "with 78%")


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(OUTLINE, encoding="utf-8")
    return path


def test_build_prints_one_line_with_pages_sizes_and_time(small, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", str(small), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    pattern = (re.escape(f"{small} -> {out / 'small.pdf'} (") + r"\d+ pages?, \d+ KB\), "
               + re.escape(f"{out / 'small.docx'} (") + r"\d+ KB\) in \d+\.\d\d s\n")
    assert re.fullmatch(pattern, captured.out), captured.out


def test_build_quiet_prints_nothing(small, tmp_path, capsys):
    assert cli.main(["build", str(small), "-o", str(tmp_path), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_errors_go_to_stderr(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert cli.main(["build", str(path), "-o", str(tmp_path / "out"), "-q"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}:3:" in captured.err and "unknown key 'bogus'" in captured.err
    assert captured.err.endswith(f"{path}: 1 error; nothing written\n")
    assert "\033[" not in captured.err  # not a terminal: no colour


def test_check_quiet_keeps_warnings(tmp_path, capsys):
    path = tmp_path / "w.yaml"
    path.write_text(WARNS, encoding="utf-8")
    assert cli.main(["check", "-q", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert ": warning: " in captured.err


def test_colour_on_a_terminal(tmp_path, monkeypatch):
    path = tmp_path / "w.yaml"
    path.write_text(WARNS, encoding="utf-8")
    out, err = FakeTTY(), FakeTTY()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert cli.main(["check", str(path)]) == 0
    assert "\033[1;33mwarning:\033[0m" in err.getvalue()
    assert "\033[32mok\033[0m" in out.getvalue()
    plain = re.sub(r"\033\[[0-9;]*m", "", err.getvalue())
    assert f"{path}:4:" in plain and ": warning: sections[0].body: the number 78" in plain


def test_no_color_is_respected(tmp_path, monkeypatch):
    path = tmp_path / "w.yaml"
    path.write_text(WARNS, encoding="utf-8")
    out, err = FakeTTY(), FakeTTY()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.main(["check", str(path)]) == 0
    assert "\033[" not in out.getvalue() + err.getvalue()
    assert out.getvalue() == f"{path}: ok, 1 warning\n"


def test_errors_in_colour(tmp_path, monkeypatch):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    err = FakeTTY()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert cli.main(["check", str(path)]) == 1
    assert "\033[1;31m" in err.getvalue()


def test_progress_on_a_terminal_is_erased(small, tmp_path, monkeypatch):
    out, err = io.StringIO(), FakeTTY()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(cli.Progress, "DELAY", 0.0)
    assert cli.main(["build", str(small), "-o", str(tmp_path / "out")]) == 0
    shown = err.getvalue()
    assert shown.startswith(f"\rbuilding {small} … ")
    assert shown.endswith("\r")  # the line is blanked out again
    assert out.getvalue().startswith(f"{small} -> ")  # the result line is clean


def test_no_progress_when_not_a_terminal(small, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli.Progress, "DELAY", 0.0)
    assert cli.main(["build", str(small), "-o", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err == ""


def test_several_outlines_numbered_in_progress(small, tmp_path, monkeypatch):
    second = tmp_path / "second.yaml"
    second.write_text(OUTLINE, encoding="utf-8")
    err = FakeTTY()
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(cli.Progress, "DELAY", 0.0)
    monkeypatch.setattr(cli.os, "cpu_count", lambda: 2)
    assert cli.main(["build", str(small), str(second), "-o", str(tmp_path / "out")]) == 0
    assert "building 2 outlines on" in err.getvalue()  # built side by side


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    assert exc.value.code == 2


def test_subcommands_are_a_table(monkeypatch, capsys):
    """A new subcommand is one entry in cli.COMMANDS (how `verify` will be added)."""
    def add(p):
        p.add_argument("word")

    def run(args, term):
        term.out(f"hello {args.word}")
        return 0
    monkeypatch.setitem(cli.COMMANDS, "hello", ("say hello", add, run))
    assert cli.main(["hello", "world"]) == 0
    assert capsys.readouterr().out == "hello world\n"
    assert set(cli.COMMANDS) >= {"build", "check", "new", "watch", "schema"}


@pytest.mark.parametrize("parallel", [True, False])
def test_build_counts_the_lints_warnings_with_or_without_the_docx_child(tmp_path, parallel):
    # with two cores the DOCX's child process counts them while the PDF is laid out
    from briefgen import api
    path = tmp_path / "warns.yaml"
    path.write_text(WARNS, encoding="utf-8")
    info = api.build(str(path), str(tmp_path / "out"), ("pdf", "docx"), parallel=parallel)
    assert info["warnings"] == 1
    path.write_text(OUTLINE, encoding="utf-8")
    info = api.build(str(path), str(tmp_path / "out"), ("pdf", "docx"), parallel=parallel)
    assert info["warnings"] == 0


def test_the_docx_from_the_forked_child_is_the_docx_written_in_one_process(small, tmp_path):
    from briefgen import api
    one = api.build(str(small), str(tmp_path / "one"), ("pdf", "docx"), parallel=True)
    two = api.build(str(small), str(tmp_path / "two"), ("pdf", "docx"), parallel=False)
    for fmt in ("pdf", "docx"):
        assert open(one[fmt], "rb").read() == open(two[fmt], "rb").read()


@pytest.mark.parametrize("where", ["prepare", "finish"])
def test_a_failing_docx_child_leaves_the_docx_to_the_parent(small, tmp_path, monkeypatch,
                                                           where):
    # "prepare": the child ends before the PDF's page numbers are sent (the parent
    # finds the pipe broken); "finish": it ends after it got them
    import os

    from briefgen import api
    from briefgen.writers.docx import DocxWriter
    parent = os.getpid()
    owner, name = (api, "prepare") if where == "prepare" else (DocxWriter, "finish")
    real = getattr(owner, name)

    def broken(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(*args, **kwargs)
    monkeypatch.setattr(owner, name, broken)
    before = len(os.listdir("/proc/self/fd"))
    info = api.build(str(small), str(tmp_path / "out"), ("pdf", "docx"), parallel=True)
    assert len(os.listdir("/proc/self/fd")) == before  # every pipe closed
    with pytest.raises(ChildProcessError):  # and the child reaped
        os.waitpid(-1, os.WNOHANG)
    monkeypatch.undo()
    reference = api.build(str(small), str(tmp_path / "ref"), ("pdf", "docx"), parallel=False)
    assert open(info["docx"], "rb").read() == open(reference["docx"], "rb").read()


def test_the_docx_child_reads_the_outline_the_parent_read(small, tmp_path, monkeypatch):
    # a save between the parent's reading and the child's must not give the DOCX
    # another version of the brief
    import os

    from briefgen import api
    parent, real = os.getpid(), api.prepare

    def late(path, style=None, raw=None):
        if os.getpid() != parent:  # the child: the outline is edited meanwhile
            small.write_text(OUTLINE.replace("Small", "Edited"), encoding="utf-8")
        return real(path, style, raw)
    monkeypatch.setattr(api, "prepare", late)
    info = api.build(str(small), str(tmp_path / "out"), ("pdf", "docx"), parallel=True)
    from docx import Document
    assert Document(info["docx"]).core_properties.title == "Small"


def test_a_broken_outline_stops_the_docx_child_and_writes_nothing(tmp_path):
    import os

    from briefgen import api
    from briefgen.diagnostics import BriefError
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(BriefError):
        api.build(str(path), str(tmp_path / "out"), ("pdf", "docx"), parallel=True)
    assert not (tmp_path / "out").exists()
    with pytest.raises(ChildProcessError):  # no child left behind
        os.waitpid(-1, os.WNOHANG)
