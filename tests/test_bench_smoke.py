"""Smoke run of the benchmark: the 5x case, once, results.md left alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_quick_run():
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "bench" / "run.py"),
                           "--quick", "--no-write"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in proc.stdout.splitlines() if line.lstrip().startswith("|")]
    head = rows[0]
    five = [row for row in rows if row[0] == "5x"]
    assert five, proc.stdout
    assert int(five[0][head.index("pages")]) > 50, proc.stdout
