"""`make brief` is incremental: a brief is rebuilt only when its inputs changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAME = "abu-dhabi-talks"


def make(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}  # when run by `make test`
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def out(tmp_path):
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    if make("-q", ".venv/.installed").returncode != 0:
        pytest.skip(".venv/.installed is missing or older than pyproject.toml "
                    "(run the tests through 'make test')")
    return tmp_path


def _targets(out: Path) -> list:
    return [str(out / f"{NAME}.{ext}") for ext in ("pdf", "docx", "html")]


def _touch(paths, when: float) -> None:
    for p in paths:
        Path(p).touch()
        os.utime(p, (when, when))


def test_missing_outputs_are_built(out):
    plan = make("-n", f"OUT={out}", *_targets(out)).stdout
    command = f".venv/bin/briefgen build -o {out} --format pdf,docx,html briefing/{NAME}.yaml"
    assert plan.count(command) == 1, plan  # one command makes the three files


def test_up_to_date_outputs_are_not_rebuilt(out):
    _touch(_targets(out), time.time() + 3600)
    result = make("-q", f"OUT={out}", *_targets(out))
    assert result.returncode == 0, make("-n", f"OUT={out}", *_targets(out)).stdout


@pytest.mark.parametrize("changed, rebuilds", [
    (f"briefing/{NAME}.yaml", True),
    ("styles/default.yaml", True),
    ("styles/fonts/GentiumBookPlus-Regular.ttf", True),
    ("src/briefgen/build.py", True),
    ("src/briefgen/writers/pdf/__init__.py", True),
    ("README.md", False),
    ("tests/conftest.py", False),
])
def test_what_a_change_rebuilds(out, changed, rebuilds):
    """Up-to-date outputs, then one input "just modified" (make -W)."""
    _touch(_targets(out), time.time() + 3600)
    plan = make("-n", "-W", changed, f"OUT={out}", *_targets(out)).stdout
    assert (f"briefgen build -o {out} --format pdf,docx,html briefing/{NAME}.yaml"
            in plan) == rebuilds, plan
