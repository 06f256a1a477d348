"""How long `briefgen watch` takes from a save to both files replaced.

A `briefgen watch` process is started on a copy of the Abu Dhabi brief in a
temporary folder and left to make its first build. Then, `runs` times, a
sentence of the summary is changed (so the files really change) and the file
is saved the way an editor saves (written beside it, then renamed over it);
the time runs from just before the rename to the moment both the PDF and the
DOCX have been replaced (their inode changes: `api.build` moves finished
files into place). Between saves the script waits until the watch has gone
quiet. The goal is issue 16's: ≤ 0.15 s.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_S = 0.15
TIMEOUT_S = 30.0


def _inodes(paths) -> tuple:
    out = []
    for p in paths:
        try:
            out.append(os.stat(p).st_ino)
        except OSError:
            out.append(None)
    return tuple(out)


def measure(outline: Path, command: list, env: dict, runs: int = 7) -> dict:
    """Latencies in seconds of `runs` saves, each to both files replaced."""
    work = Path(tempfile.mkdtemp(prefix="briefgen-watch-"))
    try:
        source = work / outline.name
        text = outline.read_text(encoding="utf-8")
        source.write_text(text, encoding="utf-8")
        out = work / "out"
        targets = [out / f"{source.stem}.pdf", out / f"{source.stem}.docx"]
        proc = subprocess.Popen(command + ["watch", str(source), "-o", str(out), "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                cwd=work)
        try:
            _wait(lambda: all(t.exists() for t in targets), proc)
            time.sleep(1.0)  # the first build's lint, and a quiet machine
            marker = "ended without a breakthrough"
            if marker not in text:
                raise SystemExit(f"bench: '{marker}' is not in {outline}: cannot edit it")
            latencies = []
            for i in range(runs):
                before = _inodes(targets)
                edited = text.replace(marker, f"{marker} (revision {i + 1})", 1)
                temp = work / f".{source.name}.swp"
                temp.write_text(edited, encoding="utf-8")
                start = time.perf_counter()
                os.replace(temp, source)
                _wait(lambda: all(a != b for a, b in zip(_inodes(targets), before)), proc,
                      pause=0.001)
                latencies.append(time.perf_counter() - start)
                time.sleep(1.0)  # the lint after the build, then quiet
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"runs": latencies, "median": statistics.median(latencies),
            "spread": (min(latencies), max(latencies)), "ok": statistics.median(latencies) <= GOAL_S}


def _wait(done, proc, pause: float = 0.01) -> None:
    end = time.perf_counter() + TIMEOUT_S
    while not done():
        if proc.poll() is not None:
            raise SystemExit(f"bench: briefgen watch exited with {proc.returncode}")
        if time.perf_counter() > end:
            raise SystemExit("bench: briefgen watch did not replace the files in time")
        time.sleep(pause)


def line(result: dict) -> str:
    lo, hi = result["spread"]
    verdict = "✓" if result["ok"] else "✗"
    return (f"Rebuild in `briefgen watch` (the seed brief, save to both files replaced, "
            f"{len(result['runs'])} saves): median **{result['median']:.3f} s** {verdict} "
            f"({lo:.3f}–{hi:.3f}); goal ≤ {GOAL_S} s.")


def failure(result: dict) -> str | None:
    if result["ok"]:
        return None
    return f"watch: a save takes {result['median']:.3f} s to both files (goal ≤ {GOAL_S} s)"


if __name__ == "__main__":  # python tests/bench/watching.py [outline]
    here = Path(__file__).resolve().parent
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        here.parent.parent / "briefing" / "abu-dhabi-talks.yaml"
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(line(measure(seed.resolve(), [sys.executable, "-m", "briefgen"], env)))
