"""Benchmark briefgen as users run it: whole `briefgen build` processes.

    .venv/bin/python tests/bench/run.py                  # all cases, writes the After section
    .venv/bin/python tests/bench/run.py --label before   # writes the Before section
    .venv/bin/python tests/bench/run.py --quick --no-write   # the 5x case once (smoke run)
    .venv/bin/python tests/bench/run.py --cases abu,5x --runs 7
    .venv/bin/python tests/bench/run.py --sizes-only     # file sizes only (File sizes section)
    .venv/bin/python tests/bench/run.py --anchors-only   # only briefgen against the anchors
                                                         # (and a save in `briefgen watch`)

Cases: `abu` (briefing/abu-dhabi-talks.yaml as is), `5x`, `20x`, `50x` (that
brief repeated, with fresh ids) and `timeline` (a generated brief with a
2,000-event timeline). Generated outlines are written from fixed seeds into a
temporary folder and checked with `briefgen check` before they are timed.

Each case is built to pdf, docx and both (one process) at least --runs times
(--slow-runs when the first run takes longer than --slow-seconds). Wall time
is taken around the whole child process, imports included, and the child's
own peak RSS comes from os.wait4. The script also times a copy of each outline
without the table of contents, and 8 outlines in one call against 8 calls.
Results go to tests/bench/results.md: --label before/after replaces only that
section of the file. The children run with bytecode caching on (a set
PYTHONDONTWRITEBYTECODE is dropped unless --env-as-is), after one untimed
warm-up build.

To measure other code than the installed briefgen, e.g. the commit before the
speed work, point --src at that checkout's `src` folder (its `styles` folder
must sit beside it): `run.py --label before --src /tmp/base/src`. The script
warns, in its output and in results.md, when the measured sources change
while it runs.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import outlines  # noqa: E402  (tests/bench/outlines.py)

ABU_DHABI = ROOT / "briefing" / "abu-dhabi-talks.yaml"
RESULTS = HERE / "results.md"
ALL_CASES = ("abu", "5x", "20x", "50x", "timeline")
FORMATS = {"pdf": "pdf", "docx": "docx", "both": "pdf,docx"}
MULTI_COUNT = 8
SEED = 2026
TIMELINE_EVENTS = 2000

TARGETS = [
    ("abu", "Abu Dhabi brief, both formats, one process: median ≤ 0.35 s"),
    ("50x", "Brief repeated 50 times, both formats: ≤ 6 s and ≤ 400 MB peak RSS"),
    ("linear", "Linear cost: seconds per page at 50x within 1.1× of 5x, for each format"),
    ("toc", "Table of contents adds ≤ 30% to the PDF's time, whatever the size"),
    ("multi", "8 outlines in one call on 2 cores: ≥ 1.7× the throughput of 8 calls"),
]


# ------------------------------------------------------------------ measuring

@dataclass
class Run:
    wall: float  # seconds, around the whole child process
    rss_mb: float  # the child's own peak resident set size


SOURCE: Path | None = None  # --src: another checkout's src folder to measure


def briefgen_command() -> list[str]:
    script = Path(sys.executable).parent / "briefgen"
    if SOURCE is None and script.exists():
        return [str(script)]
    return [sys.executable, "-m", "briefgen"]


def source_digest() -> str:
    """A short hash of the measured briefgen sources (to notice edits mid-run)."""
    import hashlib
    import importlib.util
    if SOURCE is not None:
        package = SOURCE / "briefgen"
    else:
        spec = importlib.util.find_spec("briefgen")
        if spec is None or not spec.origin:
            return "?"
        package = Path(spec.origin).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def child_env(as_is: bool) -> dict:
    env = dict(os.environ)
    if not as_is:
        # Users' Pythons cache bytecode; a sandbox that turns it off would make
        # every run compile briefgen's sources again.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    if SOURCE is not None:  # ahead of the editable install's path entry
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE),
                                                          env.get("PYTHONPATH")]))
    return env


def _rss_mb(maxrss: int) -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def measure(argv: list[str], env: dict) -> Run:
    """Run argv to completion; its wall time and its own peak RSS (os.wait4)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env,
                                cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode("utf-8", "replace").strip()
            raise SystemExit(f"bench: `{' '.join(argv)}` exited {proc.returncode}:\n{message}")
    return Run(wall, _rss_mb(usage.ru_maxrss))


def count_pages(pdf: Path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:  # reportlab writes no object streams: count page objects
        return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))
    return len(PdfReader(str(pdf)).pages)


def check(path: Path, env: dict) -> None:
    """A generated outline must be valid; if not, the generator has a bug."""
    proc = subprocess.run([*briefgen_command(), "check", str(path)], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"bench: generated outline {path.name} does not pass "
                         f"`briefgen check` (a bug in tests/bench/outlines.py):\n"
                         f"{proc.stderr.strip()}")


# ---------------------------------------------------------------------- cases

@dataclass
class Case:
    name: str
    path: Path
    describe: str
    notoc: Path | None = None


def make_cases(names, folder: Path, env: dict, toc: bool = True) -> list[Case]:
    base = outlines.load(ABU_DHABI)
    cases = []
    for name in names:
        if name == "abu":
            data, path = base, ABU_DHABI
            describe = f"`{ABU_DHABI.relative_to(ROOT)}` as is"
        elif name.endswith("x") and name[:-1].isdigit():
            times = int(name[:-1])
            data, path = outlines.repeated(base, times), folder / f"abu-dhabi-{name}.yaml"
            describe = f"the Abu Dhabi brief repeated {times} times, fresh ids"
            outlines.dump(data, path)
        elif name == "timeline":
            data = outlines.chronology(TIMELINE_EVENTS, SEED)
            path = folder / f"timeline-{TIMELINE_EVENTS}.yaml"
            describe = f"generated, {TIMELINE_EVENTS:,}-event timeline (seed {SEED})"
            outlines.dump(data, path)
        else:
            raise SystemExit(f"bench: unknown case '{name}'; choose from {', '.join(ALL_CASES)}")
        notoc = None
        if toc:
            notoc = folder / "notoc" / path.name
            notoc.parent.mkdir(exist_ok=True)
            outlines.dump(outlines.without_contents(data), notoc)
        for outline in ([path] if path != ABU_DHABI else []) + ([notoc] if notoc else []):
            check(outline, env)
        cases.append(Case(name, path, describe, notoc))
    return cases


def build_argv(outline_paths, out: Path, fmt: str) -> list[str]:
    return [*briefgen_command(), "build", *map(str, outline_paths), "-o", str(out),
            "--format", FORMATS[fmt], "--quiet"]


def file_sizes(out: Path, stem: str) -> dict:
    """Sizes in KB of the files a build wrote: the PDF, the DOCX, and the fonts the
    DOCX embeds (their compressed size in the zip)."""
    import zipfile
    sizes = {}
    pdf, docx = out / f"{stem}.pdf", out / f"{stem}.docx"
    if pdf.exists():
        sizes["pdf_kb"] = pdf.stat().st_size / 1024
    if docx.exists():
        sizes["docx_kb"] = docx.stat().st_size / 1024
        with zipfile.ZipFile(docx) as z:
            sizes["fonts_kb"] = sum(i.compress_size for i in z.infolist()
                                    if i.filename.startswith("word/fonts/")) / 1024
    return sizes


def timed_builds(outline: Path, fmt: str, runs: int, args, env, work: Path,
                 label: str) -> tuple[list[Run], int | None, dict]:
    """Build `runs` times (fewer if slow); the runs, the PDF's page count, and the
    files' sizes (builds are reproducible: the first run's)."""
    results: list[Run] = []
    pages = None
    sizes: dict = {}
    wanted = runs
    while len(results) < wanted:
        out = Path(tempfile.mkdtemp(prefix="out-", dir=work))
        run = measure(build_argv([outline], out, fmt), env)
        results.append(run)
        if len(results) == 1 and run.wall > args.slow_seconds:
            wanted = min(wanted, max(args.slow_runs, 1))
        pdf = out / f"{outline.stem}.pdf"
        if pages is None and pdf.exists():
            pages = count_pages(pdf)
        if not sizes:
            sizes = file_sizes(out, outline.stem)
        shutil.rmtree(out)
        progress(f"  {label:<24} run {len(results)}/{wanted}: {run.wall:7.2f} s "
                 f"{run.rss_mb:7.1f} MB")
    return results, pages, sizes


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ the run

def run_all(args) -> dict:
    env = child_env(args.env_as_is)
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    data: dict = {"label": args.label, "command": command_line(args), "machine": machine(env),
                  "cases": {}, "rows": [], "toc": [], "multi": None,
                  "source_digest": source_digest(), "note": args.note}
    try:
        progress(f"bench: generating and checking outlines in {work}")
        cases = make_cases(args.cases, work, env, toc=not args.no_toc)
        if not args.quick:
            progress("bench: warm-up build (untimed)")
            measure(build_argv([ABU_DHABI], Path(tempfile.mkdtemp(dir=work)), "both"), env)
        for case in cases:
            data["cases"][case.name] = case.describe
            progress(f"bench: case {case.name} ({case.describe})")
            pages = None
            medians = {}
            for fmt in args.formats:
                runs, fmt_pages, sizes = timed_builds(case.path, fmt, args.runs, args, env,
                                                      work, f"{case.name} {fmt}")
                pages = pages or fmt_pages
                medians[fmt] = statistics.median(r.wall for r in runs)
                data["rows"].append({
                    "case": case.name, "format": fmt, "runs": len(runs),
                    "median": medians[fmt], "min": min(r.wall for r in runs),
                    "max": max(r.wall for r in runs),
                    "rss": max(r.rss_mb for r in runs), "pages": fmt_pages, **sizes})
            if pages is None:  # docx only: lay the PDF out once, untimed, to count pages
                out = Path(tempfile.mkdtemp(dir=work))
                measure(build_argv([case.path], out, "pdf"), env)
                pages = count_pages(out / f"{case.path.stem}.pdf")
            for row in data["rows"]:
                if row["case"] == case.name:
                    row["pages"] = pages
            if not args.no_toc:
                pdf_runs = next((r["runs"] for r in data["rows"]
                                 if r["case"] == case.name and r["format"] == "pdf"), None)
                if pdf_runs is None:
                    with_toc, _, _ = timed_builds(case.path, "pdf", args.runs, args, env,
                                                  work, f"{case.name} pdf")
                    medians["pdf"] = statistics.median(r.wall for r in with_toc)
                    pdf_runs = len(with_toc)
                without, notoc_pages, _ = timed_builds(case.notoc, "pdf", pdf_runs, args,
                                                       env, work,
                                                       f"{case.name} pdf, no contents")
                plain = statistics.median(r.wall for r in without)
                data["toc"].append({"case": case.name, "with": medians["pdf"],
                                    "without": plain, "runs": len(without),
                                    "pages_without": notoc_pages})
        if not args.no_multi:
            data["multi"] = multi(args, env, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if source_digest() != data["source_digest"]:
        data["sources_changed"] = True
        progress("bench: WARNING: the briefgen sources changed while the benchmark ran; "
                 "its numbers mix versions")
    return data


def multi(args, env, work: Path) -> dict:
    """8 outlines in one `briefgen build` against 8 separate calls."""
    folder = work / "multi"
    folder.mkdir()
    files = []
    for letter in "abcdefgh"[:MULTI_COUNT]:
        files.append(folder / f"{letter}.yaml")
        shutil.copyfile(ABU_DHABI, files[-1])
    reps = args.multi_runs
    progress(f"bench: {MULTI_COUNT} copies of the Abu Dhabi brief, both formats, "
             f"{reps} repetitions")
    separate, together, rss = [], [], 0.0
    for rep in range(reps):
        total = 0.0
        for path in files:
            out = Path(tempfile.mkdtemp(dir=work))
            run = measure(build_argv([path], out, "both"), env)
            total += run.wall
            shutil.rmtree(out)
        separate.append(total)
        out = Path(tempfile.mkdtemp(dir=work))
        run = measure(build_argv(files, out, "both"), env)
        missing = [p.stem for p in files if not (out / f"{p.stem}.pdf").exists()
                   or not (out / f"{p.stem}.docx").exists()]
        if missing:
            raise SystemExit(f"bench: one call did not write {', '.join(missing)}")
        shutil.rmtree(out)
        together.append(run.wall)
        rss = max(rss, run.rss_mb)
        progress(f"  rep {rep + 1}/{reps}: {MULTI_COUNT} calls {total:7.2f} s, "
                 f"one call {run.wall:7.2f} s")
    one_by_one, one_call = statistics.median(separate), statistics.median(together)
    return {"outlines": MULTI_COUNT, "runs": reps, "separate": one_by_one,
            "together": one_call, "ratio": one_by_one / one_call, "rss": rss}


def command_line(args) -> str:
    return "tests/bench/run.py " + " ".join(sys.argv[1:]) if sys.argv[1:] \
        else "tests/bench/run.py"


def machine(env: dict) -> dict:
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    versions = {}
    for dist in ("briefgen", "reportlab", "python-docx"):
        try:
            from importlib.metadata import version
            versions[dist] = version(dist)
        except Exception:  # noqa: BLE001 - informational only
            versions[dist] = "?"
    return {
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(), "usable_cpus": usable, "cpu_model": cpu_model,
        "python": platform.python_version(), "platform": platform.platform(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "bytecode_cache": "PYTHONDONTWRITEBYTECODE" not in env,
        "versions": versions,
        "source": str(SOURCE) if SOURCE else "the installed briefgen",
    }


# ------------------------------------------------------------------ reporting

def f2(x):
    return "–" if x is None else f"{x:.2f}"


def row_cells(row) -> list[str]:
    pages = row["pages"]
    rate = pages / row["median"] if pages else None
    per_page = row["median"] / pages if pages else None
    return [row["case"], row["format"], str(row["runs"]), f2(row["median"]), f2(row["min"]),
            f2(row["max"]), str(pages or "–"), f"{rate:.1f}" if rate else "–",
            f"{per_page * 1000:.1f}" if per_page else "–", f"{row['rss']:.0f}"]


HEAD = ["case", "format", "runs", "median s", "min s", "max s", "pages", "pages/s",
        "ms/page", "peak RSS MB"]


def markdown_table(head, rows, left: int = 2) -> str:
    """A Markdown table; the first `left` columns align left, the rest right."""
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join("---" if i < left else "---:" for i in range(len(head))) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def find(data, case, fmt):
    return next((r for r in data.get("rows", []) if r["case"] == case and r["format"] == fmt),
                None)


def verdicts(data) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for each target of the issue."""
    out = []
    row = find(data, "abu", "both")
    out.append((TARGETS[0][1], f"{row['median']:.2f} s" if row else "not measured",
                "–" if not row else ("met" if row["median"] <= 0.35 else "not met")))
    row = find(data, "50x", "both")
    out.append((TARGETS[1][1], f"{row['median']:.2f} s, {row['rss']:.0f} MB" if row
                else "not measured",
                "–" if not row else ("met" if row["median"] <= 6 and row["rss"] <= 400
                                     else "not met")))
    parts, ok = [], True
    for fmt in FORMATS:
        small, big = find(data, "5x", fmt), find(data, "50x", fmt)
        if small and big and small["pages"] and big["pages"]:
            ratio = (big["median"] / big["pages"]) / (small["median"] / small["pages"])
            parts.append(f"{fmt} {ratio:.2f}×")
            ok = ok and ratio <= 1.1
    out.append((TARGETS[2][1], ", ".join(parts) or "not measured",
                "–" if not parts else ("met" if ok else "not met")))
    toc = data.get("toc") or []
    shares = [f"{t['case']} +{(t['with'] / t['without'] - 1) * 100:.0f}%" for t in toc]
    out.append((TARGETS[3][1], ", ".join(shares) or "not measured",
                "–" if not toc else ("met" if all(t["with"] <= 1.3 * t["without"] for t in toc)
                                     else "not met")))
    m = data.get("multi")
    out.append((TARGETS[4][1], f"{m['ratio']:.2f}× on {data['machine']['usable_cpus']} CPUs"
                if m else "not measured",
                "–" if not m else ("met" if m["ratio"] >= 1.7 else "not met")))
    return out


def section_text(data) -> str:
    mc = data["machine"]
    v = mc["versions"]
    lines = [
        f"Measured {mc['date']} with `{data['command']}`.",
        "",
        f"Machine: {mc['cpus']} CPUs ({mc['usable_cpus']} usable), {mc['cpu_model'] or '?'}; "
        f"Python {mc['python']} on {mc['platform']}; load average at start {mc['load']}. "
        f"briefgen {v['briefgen']}, reportlab {v['reportlab']}, python-docx {v['python-docx']}. "
        f"Bytecode cache for the children: {'on' if mc['bytecode_cache'] else 'off'}. "
        f"Code measured: {mc.get('source', 'the installed briefgen')} "
        f"(sources digest {data.get('source_digest', '?')}).",
        "",
        *(["**Warning:** the briefgen sources changed while this ran, so these numbers mix "
            "versions of the code.", ""] if data.get("sources_changed") else []),
        *([f"**Note:** {data['note']}", ""] if data.get("note") else []),
        "### Targets",
        "",
        markdown_table(["target", "measured", "verdict"], [list(t) for t in verdicts(data)],
                       left=3),
        "",
        "### Builds",
        "",
        "Whole `briefgen build OUTLINE --format FMT --quiet` processes, imports included. "
        "Median/min/max wall time over the runs, pages of the PDF (for docx, the pages of "
        "the same brief's PDF), peak RSS is the largest over the runs.",
        "",
    ]
    for case, describe in data["cases"].items():
        lines.append(f"**{case}**: {describe}")
        lines.append("")
        lines.append(markdown_table(HEAD, [row_cells(r) for r in data["rows"]
                                           if r["case"] == case]))
        lines.append("")
    sizes = size_rows(data)
    if sizes:
        lines += ["### File sizes", "",
                  "The files of each case, as built (builds are reproducible); the DOCX "
                  "embeds the theme's four faces, subset and obfuscated, whose share is "
                  "the last column.", "",
                  markdown_table(SIZE_HEAD, sizes, left=1), ""]
    if data["toc"]:
        lines += ["### Table of contents", "",
                  "PDF only; the same outline with `contents` removed from `layout`.", "",
                  markdown_table(
                      ["case", "runs", "with contents s", "without s", "added by contents",
                       "share of PDF time"], left=1, rows=
                      [[t["case"], str(t["runs"]), f2(t["with"]), f2(t["without"]),
                        f"{(t['with'] / t['without'] - 1) * 100:+.0f}%",
                        f"{(1 - t['without'] / t['with']) * 100:.0f}%"] for t in data["toc"]]),
                  ""]
    m = data.get("multi")
    if m:
        lines += ["### Several outlines in one call", "",
                  f"{m['outlines']} copies of the Abu Dhabi brief, both formats; median of "
                  f"{m['runs']} repetition{'s' if m['runs'] != 1 else ''}.", "",
                  markdown_table(
                      ["how", "total s", "outlines/s", "peak RSS MB"], left=1, rows=[
                          [f"{m['outlines']} separate calls", f2(m["separate"]),
                           f"{m['outlines'] / m['separate']:.2f}", "–"],
                          ["one call", f2(m["together"]),
                           f"{m['outlines'] / m['together']:.2f}", f"{m['rss']:.0f}"]]),
                  "", f"Throughput ratio (one call / separate calls): **{m['ratio']:.2f}×**.",
                  ""]
    lines.append("<!-- bench-data " + json.dumps(data, ensure_ascii=False) + " -->")
    return "\n".join(lines) + "\n"


HEADER = """\
# briefgen benchmark

Written by `tests/bench/run.py` (`make bench`); see the docstring there for the
options. `--label before` replaces the Before section, `--label after` (the
default) the After section; the other is left as it was. Every number is a
whole `briefgen build` process, imports included, on the machine named in
its section.

Cases: **abu** is `briefing/abu-dhabi-talks.yaml` as is; **5x**, **20x**,
**50x** are that brief repeated (sections, statistics and events copied with
fresh ids; parties and sources shared); **timeline** is a generated brief with
a 2,000-event timeline (seeded random EDTF dates of every kind). Generated
outlines are made by the script and pass `briefgen check` before being timed.

Targets (issue 5, on a 2-core machine):

- Abu Dhabi brief, both formats, one process: median ≤ 0.35 s.
- The brief repeated 50 times, both formats: ≤ 6 s and ≤ 400 MB peak RSS.
- Linear cost: seconds per page at 50x within 1.1× of 5x, for each format.
- The table of contents adds ≤ 30% to the PDF's time, whatever the size
  (time with contents ≤ 1.3 × time without).
- 8 outlines in one call on 2 cores: ≥ 1.7× the throughput of 8 separate calls.

Each section says, for each target, whether its numbers meet it. The File sizes
section (`--sizes-only`) gives the size of each brief's PDF and of its DOCX with
the embedded fonts.
"""

_DATA = re.compile(r"<!-- bench-data (.*?) -->", re.S)


def split_results(text: str) -> dict:
    """The Before, After and File sizes sections of an existing results.md, verbatim."""
    parts: dict = {}
    matches = list(re.finditer(r"^## (Before|After|File sizes|Against the anchors)\s*$", text,
                               re.M))
    for i, m in enumerate(matches):
        end = len(text)
        nxt = re.search(r"^## ", text[m.end():], re.M)
        if nxt:
            end = m.end() + nxt.start()
        parts[m.group(1).lower()] = text[m.end():end].strip("\n") + "\n"
    return parts


def sizes_section(env: dict) -> str:
    """`--sizes-only`: each brief in briefing/ and each generated case built once,
    both formats, and the sizes of its files."""
    work = Path(tempfile.mkdtemp(prefix="briefgen-sizes-"))
    rows = []
    try:
        briefs = sorted((ROOT / "briefing").glob("*.yaml"))
        cases = [c for c in make_cases(ALL_CASES, work, env, toc=False)
                 if c.path != ABU_DHABI]
        for label, path in [(f"`{b.relative_to(ROOT)}`", b) for b in briefs] + \
                [(c.name, c.path) for c in cases]:
            out = Path(tempfile.mkdtemp(dir=work))
            measure(build_argv([path], out, "both"), env)
            got = file_sizes(out, path.stem)
            pages = count_pages(out / f"{path.stem}.pdf")
            progress(f"  {label}: {got}")
            rows.append([label, str(pages), f"{got['pdf_kb']:,.0f}", f"{got['docx_kb']:,.0f}",
                         f"{got['fonts_kb']:,.0f}"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    when = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([
        f"Measured {when} with `tests/bench/run.py --sizes-only` (sources digest "
        f"{source_digest()}): each brief in `briefing/` and each generated case built "
        "once, both formats. The DOCX embeds the theme's four faces, subset to the "
        "characters a reader would type and those the brief uses, obfuscated as Word "
        "embeds them; the last column is their compressed share of the DOCX.", "",
        markdown_table(["brief", "pages", "PDF KB", "DOCX KB (fonts embedded)",
                        "of which fonts KB"], rows, left=1), ""])


def side_by_side(parts: dict) -> str:
    datasets = {}
    for label in ("before", "after"):
        m = _DATA.search(parts.get(label, ""))
        if m:
            try:
                datasets[label] = json.loads(m.group(1))
            except ValueError:
                pass
    if not datasets:
        return ""
    keys = []
    for data in datasets.values():
        for r in data["rows"]:
            if (r["case"], r["format"]) not in keys:
                keys.append((r["case"], r["format"]))
    rows = []
    for case, fmt in keys:
        cells = [case, fmt]
        for label in ("before", "after"):
            r = find(datasets.get(label, {}), case, fmt)
            cells += [f2(r["median"]) if r else "–", f"{r['rss']:.0f}" if r else "–"]
        b, a = (find(datasets.get(x, {}), case, fmt) for x in ("before", "after"))
        cells.append(f"{b['median'] / a['median']:.1f}×" if a and b else "–")
        rows.append(cells)
    lines = ["## Side by side", "",
             markdown_table(["case", "format", "before s", "before MB", "after s", "after MB",
                             "speed-up"], rows), ""]
    verdict_rows = []
    got = {label: verdicts(d) for label, d in datasets.items()}
    for i, (_, target) in enumerate(TARGETS):
        cells = [target]
        for label in ("before", "after"):
            v = got.get(label)
            cells.append(f"{v[i][1]} ({v[i][2]})" if v else "–")
        verdict_rows.append(cells)
    lines += [markdown_table(["target", "before", "after"], verdict_rows, left=3), ""]
    return "\n".join(lines)


def write_results(data: dict | None, path: Path = RESULTS, sizes: str | None = None,
                  anchors_text: str | None = None) -> None:
    """Replace the section `data` is for (Before or After), or with `sizes` the File
    sizes section, with `anchors_text` the Against the anchors one; the others stay
    as they were."""
    parts = split_results(path.read_text(encoding="utf-8")) if path.exists() else {}
    if data is not None:
        parts[data["label"]] = section_text(data)
    if sizes is not None:
        parts["file sizes"] = sizes
    if anchors_text is not None:
        parts["against the anchors"] = anchors_text
    chunks = [HEADER]
    if "against the anchors" in parts:
        chunks.append("## Against the anchors\n\n" + parts["against the anchors"].lstrip("\n"))
    chunks.append(side_by_side(parts))
    for label in ("before", "after"):
        chunks.append(f"## {label.capitalize()}\n\n"
                      + parts.get(label, "Not measured yet.\n").lstrip("\n"))
    if "file sizes" in parts:
        chunks.append("## File sizes\n\n" + parts["file sizes"].lstrip("\n"))
    path.write_text("\n".join(c for c in chunks if c), encoding="utf-8")


SIZE_HEAD = ["case", "PDF KB", "DOCX KB (fonts embedded)", "of which fonts KB"]


def size_rows(data: dict) -> list[list[str]]:
    """One row of file sizes per case, from whichever of its builds wrote the file."""
    out = []
    for case in data.get("cases", {}):
        rows = [r for r in data.get("rows", []) if r["case"] == case]

        def size(key):
            found = next((r[key] for r in rows if r.get(key) is not None), None)
            return "–" if found is None else f"{found:,.0f}"
        if any("docx_kb" in r or "pdf_kb" in r for r in rows):
            out.append([case, size("pdf_kb"), size("docx_kb"), size("fonts_kb")])
    return out


def print_report(data: dict) -> None:
    print(markdown_table(HEAD, [row_cells(r) for r in data["rows"]]))
    if size_rows(data):
        print(markdown_table(SIZE_HEAD, size_rows(data), left=1))
    for t in data["toc"]:
        print(f"contents {t['case']}: with {t['with']:.2f} s, without {t['without']:.2f} s "
              f"({(t['with'] / t['without'] - 1) * 100:+.0f}%)")
    m = data.get("multi")
    if m:
        print(f"{m['outlines']} outlines: separate calls {m['separate']:.2f} s, one call "
              f"{m['together']:.2f} s, throughput ratio {m['ratio']:.2f}x")
    for target, measured, verdict in verdicts(data):
        print(f"target: {target}: {measured} -> {verdict}")


# ------------------------------------------------------------------------ main

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--label", choices=("before", "after"), default="after",
                   help="which section of results.md to write (default: after)")
    p.add_argument("--runs", type=int, default=5, help="runs per case and format (default 5)")
    p.add_argument("--slow-seconds", type=float, default=20.0,
                   help="a first run longer than this uses --slow-runs (default 20)")
    p.add_argument("--slow-runs", type=int, default=3, help="runs for slow cases (default 3)")
    p.add_argument("--cases", default=",".join(ALL_CASES),
                   help=f"comma-separated cases (default: {','.join(ALL_CASES)})")
    p.add_argument("--formats", default="pdf,docx,both",
                   help="comma-separated: pdf, docx, both (default: all three)")
    p.add_argument("--multi-runs", type=int, default=3,
                   help="repetitions of the 8-outline comparison (default 3)")
    p.add_argument("--no-toc", action="store_true", help="skip the contents comparison")
    p.add_argument("--no-multi", action="store_true", help="skip the 8-outline comparison")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: the 5x case once, both formats in one process")
    p.add_argument("--no-write", action="store_true", help="leave results.md alone")
    p.add_argument("--sizes-only", action="store_true",
                   help="only build each brief and case once and write the File sizes "
                        "section (PDF, DOCX with its embedded fonts)")
    p.add_argument("--anchors", default="1,50", metavar="FACTORS",
                   help="content factors to time against the anchors (../shared/bench: "
                        "pandoc for the DOCX, pandoc → Typst for the PDF); default 1,50")
    p.add_argument("--no-anchors", action="store_true", help="skip the anchor comparison")
    p.add_argument("--no-watch", action="store_true",
                   help="skip timing a save in `briefgen watch` (part of the anchor section)")
    p.add_argument("--anchors-only", action="store_true",
                   help="only the anchor comparison (and its section of results.md)")
    p.add_argument("--results", type=Path, default=RESULTS, metavar="FILE",
                   help="the results file to update (default: tests/bench/results.md)")
    p.add_argument("--note", help="a sentence to print in the results section")
    p.add_argument("--src", type=Path, metavar="DIR",
                   help="measure the briefgen package in DIR (the src folder of another "
                        "checkout, e.g. the commit before the speed work) instead of the "
                        "installed one")
    p.add_argument("--env-as-is", action="store_true",
                   help="keep PYTHONDONTWRITEBYTECODE for the children if it is set")
    args = p.parse_args(argv)
    args.cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    try:
        args.anchors = [int(f) for f in args.anchors.split(",") if f.strip()]
    except ValueError:
        p.error("--anchors takes whole numbers, e.g. 1,50")
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = [f for f in args.formats if f not in FORMATS]
    if bad or not args.formats:
        p.error(f"unknown format {', '.join(bad) or '(none)'}; choose from pdf, docx, both")
    if args.quick:
        args.cases, args.formats, args.runs = ["5x"], ["both"], 1
        args.no_toc = args.no_multi = args.no_anchors = True
    if args.runs < 1 or args.multi_runs < 1:
        p.error("--runs and --multi-runs must be at least 1")
    return args


def main(argv=None) -> int:
    global SOURCE
    args = parse_args(argv)
    if args.src:
        SOURCE = args.src.resolve()
        if not (SOURCE / "briefgen" / "__init__.py").exists():
            raise SystemExit(f"bench: {args.src} holds no briefgen package")
    started = time.perf_counter()
    if args.sizes_only:
        text = sizes_section(child_env(args.env_as_is))
        print(text)
        if not args.no_write:
            write_results(None, args.results, sizes=text)
            print(f"wrote the File sizes section of {args.results}")
        return 0
    data = None
    if not args.anchors_only:
        data = run_all(args)
        print_report(data)
        if not args.no_write:
            write_results(data, args.results)
            print(f"wrote the {args.label.capitalize()} section of {args.results}")
    failed = []
    if not args.no_anchors:
        failed = against_anchors(args)
    progress(f"bench: done in {time.perf_counter() - started:.0f} s")
    if failed:  # loudly: a goal of issue 16 is not met (the test suite is not affected)
        print("\nbench: FAILED, slower than the goal:\n  " + "\n  ".join(failed),
              file=sys.stderr)
        return 1
    return 0


def against_anchors(args) -> list[str]:
    """Time briefgen and the anchors in turns; write their section; the goals missed."""
    import anchors
    why = anchors.missing()
    if why:
        progress(f"bench: no anchor comparison: {why}")
        return []
    env = child_env(args.env_as_is)
    work = Path(tempfile.mkdtemp(prefix="briefgen-anchors-"))
    try:
        progress("bench: setting up the anchors (pandoc; pandoc 3 and Typst in a venv)")
        anchors.setup(env)
        base = outlines.load(ABU_DHABI)

        def ours(factor):
            if factor == 1:
                return ABU_DHABI
            path = work / f"abu-dhabi-{factor}x.yaml"
            outlines.dump(outlines.repeated(base, factor), path)
            check(path, env)
            return path
        rows = anchors.compare(args.anchors, max(args.runs, 5), work, env, ours, build_argv,
                               measure, count_pages, progress)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = anchors.failures(rows)
    watched = None
    if not args.no_watch:
        import watching
        progress("bench: timing a save in `briefgen watch`")
        watched = watching.measure(ABU_DHABI, briefgen_command(), env, max(args.runs, 5))
        failed += [f for f in [watching.failure(watched)] if f]
    when = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    mc = machine(env)
    text = "\n".join([
        f"Measured {when} with `{command_line(args)}` (sources digest {source_digest()}; "
        f"{mc['cpus']} CPUs, load average at start {mc['load']}).", "",
        "The same content through both tools, timed in turns in one run, after one "
        "warm-up each: `../shared/bench/anchors.sh run` (Debian's pandoc → DOCX, pandoc 3 "
        "→ Typst → PDF) on `seed.md` or its body repeated N times, and `briefgen build "
        "--format pdf,docx` on `briefing/abu-dhabi-talks.yaml` or it repeated N times with "
        "fresh ids. Whole processes, median and spread over "
        f"{max(args.runs, 5)} runs; peak memory is the largest RSS of a run (os.wait4, "
        "children included). The ratio is briefgen's median over the anchors'; the goals "
        f"are issue 16's (seed ≤ {anchors.GOALS[1]}, ×50 ≤ {anchors.GOALS[50]}, ×50 peak ≤ "
        f"{anchors.PEAK_GOAL_MB:.0f} MB).", "",
        anchors.section(rows), "",
        *([watching.line(watched), ""] if watched else []),
        ("**Goals not met:** " + "; ".join(failed) + ".") if failed else "All goals met.", ""])
    print(text)
    if not args.no_write:
        write_results(None, args.results, anchors_text=text)
        print(f"wrote the Against the anchors section of {args.results}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
