"""`briefgen watch`: rebuild on change, show errors, keep the last good files."""

from __future__ import annotations

import os
import queue
import re
import threading
import time
from pathlib import Path

import yaml

from briefgen import cli, watch
from briefgen.theme import STYLES_DIR

OUTLINE = """\
title: {title}
{style}sections:
  - title: Only section
    body: The body, with {{{{ stats.share }}}}.
statistics:
  - {{id: share, label: Share, value: 78, unit: "%", source: field notes}}
"""

WAIT = 60  # seconds: a bound, never reached when things work


def write(path: Path, title: str, style: str = "") -> None:
    path.write_text(OUTLINE.format(title=title, style=style), encoding="utf-8")
    bump(path)


def bump(path: Path) -> None:
    """Make sure the change is seen even on a coarse-grained file system clock."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def test_step_builds_rebuilds_and_keeps_last_good_files(tmp_path):
    source, out = tmp_path / "w.yaml", tmp_path / "out"
    write(source, "First")
    watcher = watch.Watcher([str(source)], str(out), ("pdf",), settle=0)
    [first] = watcher.step()
    assert first.ok and first.reason == "start" and first.seconds > 0
    pdf = out / "w.pdf"
    assert pdf.is_file() and first.info["pages"] >= 1
    assert first.diagnostics == []  # no warnings
    assert watcher.step() == []  # nothing changed, nothing built

    write(source, "Second")
    [second] = watcher.step()
    assert second.ok and second.reason == str(source)
    good = pdf.read_bytes()

    source.write_text("title: Broken\nsections: []\n", encoding="utf-8")
    bump(source)
    [broken] = watcher.step()
    assert not broken.ok and broken.kept == [str(pdf)]
    assert [d.path for d in broken.diagnostics] == ["sections"]
    assert pdf.read_bytes() == good  # the last good file is still there

    write(source, "Third")
    [fixed] = watcher.step()
    assert fixed.ok and pdf.read_bytes() != good


def test_theme_change_rebuilds(tmp_path):
    """A theme beside the outline: editing it rebuilds, with the new theme."""
    theme = yaml.safe_load(Path(STYLES_DIR, "default.yaml").read_text(encoding="utf-8"))
    for face, file in theme["font"].items():
        if face != "family":
            theme["font"][face] = os.path.join(STYLES_DIR, file)
    theme_path = tmp_path / "mine.yaml"
    theme_path.write_text(yaml.safe_dump(theme), encoding="utf-8")
    source = tmp_path / "w.yaml"
    write(source, "Themed", style="style: mine.yaml\n")
    watcher = watch.Watcher([str(source)], str(tmp_path / "out"), ("pdf",), settle=0)
    [first] = watcher.step()
    assert first.ok
    assert str(theme_path) in watcher.files(str(source))
    assert watcher.step() == []

    theme["page"]["size"] = "Letter"
    theme_path.write_text(yaml.safe_dump(theme), encoding="utf-8")
    bump(theme_path)
    [again] = watcher.step()
    assert again.ok and again.reason == str(theme_path)
    from pypdf import PdfReader
    width = float(PdfReader(str(tmp_path / "out" / "w.pdf")).pages[0].mediabox.width)
    assert round(width) == 612  # Letter: the edited theme was read again


def test_image_and_bibliography_changes_rebuild(tmp_path):
    """A figure's image and a bibliography file are watched like the outline."""
    import shutil
    root = Path(__file__).parent / "fixtures"
    shutil.copy(root / "images" / "corridor.svg", tmp_path / "map.svg")
    shutil.copy(root / "refs" / "refs.bib", tmp_path / "refs.bib")
    source = tmp_path / "w.yaml"
    source.write_text("title: Pictured\nbibliography: refs.bib\nsections:\n"
                      "  - title: Only section\n    body: See [@ellis2019].\n    figures:\n"
                      "      - {caption: A map, image: map.svg, alt: A route on a map.}\n",
                      encoding="utf-8")
    watcher = watch.Watcher([str(source)], str(tmp_path / "out"), ("pdf",), settle=0,
                            lint=False)
    [first] = watcher.step()
    assert first.ok, first.diagnostics
    assert watcher.step() == []
    for changed in ("map.svg", "refs.bib"):
        path = tmp_path / changed
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        bump(path)
        [again] = watcher.step()
        assert again.ok and again.reason == str(path)


def test_run_in_a_thread_sees_an_edit(tmp_path):
    """The polling loop: start it, edit the outline, wait (bounded) for the rebuild."""
    source = tmp_path / "w.yaml"
    write(source, "Before")
    results: queue.Queue = queue.Queue()
    stop = threading.Event()
    watcher = watch.Watcher([str(source)], str(tmp_path / "out"), ("pdf",), lint=False)
    thread = threading.Thread(target=watch.run, args=(watcher, results.put, 0.05, stop))
    thread.start()
    try:
        first = results.get(timeout=WAIT)
        assert first.ok
        write(source, "After")
        start = time.monotonic()
        second = results.get(timeout=WAIT)
        assert second.ok and second.reason == str(source)
        assert time.monotonic() - start < WAIT
    finally:
        stop.set()
        thread.join(timeout=WAIT)
    assert not thread.is_alive()


def test_watch_command_prints_one_line_per_build(tmp_path, capsys):
    source = tmp_path / "w.yaml"
    write(source, "Command")
    out = tmp_path / "out"
    status = cli.main(["watch", str(source), "-o", str(out), "--format", "pdf",
                       "--interval", "0.05", "--max-builds", "1"])
    assert status == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 1
    pattern = (r"\d\d:\d\d:\d\d " + re.escape(f"{source} -> {out / 'w.pdf'}")
               + r" \(\d+ pages?, \d+ KB\) in \d+\.\d\d s")
    assert re.fullmatch(pattern, lines[0]), lines[0]
    assert "watching" in captured.err and "Ctrl-C" in captured.err


def test_watch_command_shows_errors_and_keeps_files(tmp_path, capsys):
    source = tmp_path / "w.yaml"
    source.write_text("title: x\nsections:\n  - {title: A, bogus: 1}\n", encoding="utf-8")
    status = cli.main(["watch", str(source), "-o", str(tmp_path / "out"),
                       "--max-builds", "1"])
    assert status == 1
    err = capsys.readouterr().err
    assert re.search(re.escape(f"{source}:3:") + r"\d+: sections\[0\]\.bogus: unknown key", err)
    assert f"{source}: 1 error; nothing written" in err


def test_a_failure_while_the_file_is_still_being_written_is_not_reported(tmp_path):
    source, out = tmp_path / "w.yaml", tmp_path / "out"
    write(source, "First")
    watcher = watch.Watcher([str(source)], str(out), ("pdf",), settle=0)
    [first] = watcher.step()
    assert first.ok
    source.write_text("title: Half\nsections:\n  - {title: A, bo", encoding="utf-8")  # mid-save
    bump(source)
    [half] = [watcher.build(o, r) for o, r in watcher.pending().items()]
    assert not half.ok
    write(source, "Whole")  # the editor finishes writing
    assert not watcher.settled(half)  # not reported ...
    [whole] = watcher.step()  # ... and the next poll builds the whole file
    assert whole.ok and whole.info["pages"] >= 1
    source.write_text("title: Broken\nsections: []\n", encoding="utf-8")
    bump(source)
    [broken] = watcher.step()  # a failure on a file that keeps still is reported
    assert not broken.ok and [d.path for d in broken.diagnostics] == ["sections"]
