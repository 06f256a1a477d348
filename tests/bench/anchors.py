"""briefgen against the anchors, in one run: the tools our users would otherwise pick.

The anchors' route to the same two files is `../shared/bench/anchors.sh`:
Debian's pandoc for the DOCX, pandoc 3 → Typst for the PDF, from `seed.md`
(the Abu Dhabi brief written as Markdown) or that seed scaled N times. Our
side is briefing/abu-dhabi-talks.yaml, or it repeated N times with fresh ids
(tests/bench/outlines.py), built to both files in one `briefgen build`.

For each factor, both tools are warmed up once, then timed in turns (anchor,
briefgen, anchor, …) so that a change in the machine's load falls on both.
Each time is the whole process, from start to exit; the figure is the
median, with the spread (lowest to highest). Peak memory is the process's
own peak RSS and its children's (os.wait4). The ratio is briefgen's median
over the anchors'; `GOALS` are issue 16's.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHARED = Path(os.environ.get("BRIEFGEN_ANCHORS", ROOT.parent / "shared" / "bench"))
SCRIPT = SHARED / "anchors.sh"
GOALS = {1: 0.8, 50: 0.5}  # briefgen's time / the anchors' time, at most
PEAK_GOAL_MB = 400.0


@dataclass
class Side:
    runs: list  # of run.Run
    pages: int | None = None

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def spread(self) -> tuple:
        return min(r.wall for r in self.runs), max(r.wall for r in self.runs)

    @property
    def peak(self) -> float:
        return max(r.rss_mb for r in self.runs)


def missing() -> str | None:
    """Why the anchors cannot be run here, or None."""
    if not SCRIPT.exists():
        return f"{SCRIPT} is not there (set BRIEFGEN_ANCHORS to its folder)"
    if shutil.which("bash") is None:
        return "bash is not installed"
    return None


def setup(env: dict) -> None:
    """Install what the anchors need (pandoc; a venv with pandoc 3 and Typst)."""
    proc = subprocess.run(["bash", str(SCRIPT), "setup"], capture_output=True, text=True,
                          env=env)
    if proc.returncode != 0:
        raise SystemExit(f"bench: `anchors.sh setup` failed:\n{proc.stderr.strip()}")


def seed(factor: int, work: Path, env: dict) -> Path:
    """seed.md, or its body repeated `factor` times."""
    if factor == 1:
        return SHARED / "seed.md"
    out = work / f"seed-x{factor}.md"
    subprocess.run(["bash", str(SCRIPT), "x50", str(out), str(factor)], check=True, env=env,
                   capture_output=True)
    return out


def compare(factors, runs: int, work: Path, env: dict, ours_outline, build_argv, measure,
            count_pages, progress) -> list[dict]:
    """For each factor: both sides timed in turns; a row of figures per factor."""
    rows = []
    for factor in factors:
        md = seed(factor, work, env)
        outline = ours_outline(factor)
        anchor, ours = Side([]), Side([])
        for i in range(runs + 1):  # the first round warms both up and is not counted
            out = Path(tempfile.mkdtemp(prefix="anchor-", dir=work))
            a = measure(["bash", str(SCRIPT), "run", str(md), str(out)], env)
            if anchor.pages is None and (out / f"{md.stem}.pdf").exists():
                anchor.pages = count_pages(out / f"{md.stem}.pdf")
            shutil.rmtree(out)
            out = Path(tempfile.mkdtemp(prefix="ours-", dir=work))
            b = measure(build_argv([outline], out, "both"), env)
            if ours.pages is None and (out / f"{outline.stem}.pdf").exists():
                ours.pages = count_pages(out / f"{outline.stem}.pdf")
            shutil.rmtree(out)
            label = "warm-up" if i == 0 else f"run {i}/{runs}"
            progress(f"  anchors ×{factor:<3} {label:<9} anchors {a.wall:6.2f} s  "
                     f"briefgen {b.wall:6.2f} s")
            if i:
                anchor.runs.append(a)
                ours.runs.append(b)
        ratio = ours.median / anchor.median
        goal = GOALS.get(factor)
        rows.append({"factor": factor, "anchor": anchor, "ours": ours, "ratio": ratio,
                     "goal": goal, "ok": (goal is None or ratio <= goal) and
                     (factor < 50 or ours.peak <= PEAK_GOAL_MB)})
    return rows


def section(rows) -> str:
    """The results.md section: a row per factor."""
    head = ("| content | anchors: median (spread) | briefgen: median (spread) | ratio | goal "
            "| briefgen peak | anchors peak | pages (briefgen / anchors) | briefgen pages/s |")
    lines = [head, "|" + "---|" * 9]
    for r in rows:
        a, b = r["anchor"], r["ours"]
        goal = f"≤ {r['goal']}" if r["goal"] else "—"
        pps = f"{b.pages / b.median:.0f}" if b.pages else "—"
        lines.append(
            f"| ×{r['factor']} | {a.median:.2f} s ({a.spread[0]:.2f}–{a.spread[1]:.2f}) "
            f"| {b.median:.2f} s ({b.spread[0]:.2f}–{b.spread[1]:.2f}) "
            f"| **{r['ratio']:.2f}** {'✓' if r['ok'] else '✗'} | {goal} | {b.peak:.0f} MB "
            f"| {a.peak:.0f} MB | {b.pages or '—'} / {a.pages or '—'} | {pps} |")
    return "\n".join(lines)


def failures(rows) -> list[str]:
    out = []
    for r in rows:
        if r["goal"] and r["ratio"] > r["goal"]:
            out.append(f"×{r['factor']}: briefgen takes {r['ratio']:.2f} of the anchors' time "
                       f"(goal ≤ {r['goal']})")
        if r["factor"] >= 50 and r["ours"].peak > PEAK_GOAL_MB:
            out.append(f"×{r['factor']}: peak memory {r['ours'].peak:.0f} MB "
                       f"(goal ≤ {PEAK_GOAL_MB:.0f} MB)")
    return out
