"""`briefgen new NAME`: a short, commented outline that uses every part of the format."""

from __future__ import annotations

import datetime as _dt
import os
import re

from . import outline_schema
from .diagnostics import BriefError, Diagnostic

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

TEMPLATE = """\
{modeline}
# A new brief. It uses every part of the outline format once and builds as it
# is: change the text, delete what you do not need. While you edit, run
#   briefgen watch {path}
# and keep build/{name}.pdf open; it is rebuilt on every save. The format is
# described in docs/OUTLINE.md; `briefgen check` also warns about likely
# mistakes (numbers typed by hand, figures without a source, ...).

title: {title}
subtitle: What the talks are about, in one line
date: {date}                  # the "as of" date, YYYY-MM-DD
version: "0.1"                    # quote it: YAML would read 0.10 as 0.1
authors:
  - Your Name
  - {{name: A. Colleague, affiliation: Example Institute, email: colleague@example.org,
     bio: Covers water diplomacy.}}
organization: Example Institute
marking: UNCLASSIFIED // DRAFT    # printed at the top and bottom of every page
style: default                    # a theme in styles/, or a path to a theme file
lang: en-GB                       # fr, de or es switch the labels, dates, numbers, quotes
typography: smart                 # "quotes" become “quotes”; plain keeps them as typed
labels:                           # replace any built-in label (names in docs/OUTLINE.md)
  lead: Head of delegation
  page: Page {{n}} of {{total}}

# The "Bottom line" box. Prose fields are Markdown (*emphasis*, **strong**,
# lists, [links](https://example.org)). Figures are never typed by hand:
# {{{{ stats.ID }}}} prints a statistic exactly as in the key-figures table.
summary: |
  The second round of talks on the river ended on {{{{ events.round2 }}}} without
  agreement. Southland still draws {{{{ stats.water_share }}}} of the river's flow,
  and Northland wants more of it for its new reservoir [@field-report].
judgments:                        # a "Key judgments" box, each with its confidence
  - {{text: Neither side will change its demands before the dry season., confidence: moderate}}
recommendations:                  # a numbered part, each addressed to someone
  - {{to: The river commission, text: Publish the gauge data both sides rely on.}}
about: |                          # the closing "About this brief" part
  Written from the field report and the delegations' statements.
key_points:
  - "**The flow is the issue.** Together, the two demands exceed what the river carries."
  - "**Talks go on.** A third round is expected; see [the outlook](#outlook)."

parties:                          # the "Key participants" table
  - id: northland                 # ids: a-z, 0-9, '-' and '_', unique in the brief
    name: Northland
    lead: Minister of Water
    members: [Deputy Minister of Water, Chief Hydrologist]
    note: Upstream; it controls the new dam.
  - id: southland
    name: Southland
    lead: Special Envoy for the River
  - id: commission
    name: River Commission
    role: mediator                # or observer; listed apart in "Key participants"

sections:                         # numbered 1, 1.1, 1.1.1
  - title: The dispute over the river
    body: |
      {{{{ parties.northland }}}} wants to fill its reservoir quickly;
      {{{{ parties.southland }}}} irrigates {{{{ stats.irrigated_area }}}} of farmland from
      the river [@field-report] ({{{{ figures.flows }}}}, [](#map)).
    positions:                    # feeds the "Positions at a glance" matrix
      - party: northland
        summary: Fill the reservoir as fast as the dam allows
        points:
          - The dam is built and paid for.
          - "Downstream needs can be met in wet years.^[A footnote, printed at the foot of the page [@basin-treaty, sec. 4].]"
      - party: southland
        summary: A guaranteed minimum flow before any filling
        points:
          - "Irrigation needs at least {{{{ stats.minimum_flow }}}} all year round."
    counterarguments:             # boxed callouts
      - claim: A slower filling schedule would satisfy both sides.
        response: Only if the minimum flow is written into a treaty.
    tables:
      - id: demands
        caption: What each side asks for
        columns: [Party, Demand, Rounds attended]
        rows:                     # cells are shown as written; numbers right-aligned
          - [Northland, Fill the reservoir quickly, 2]
          - [Southland, A guaranteed minimum flow, 2]
        notes: Compiled from the delegations' statements [@field-report, p. 2].
        source: field-report      # a "Source:" line under the table
        align: [left, left, right]  # per column; numbers go right by themselves
        widths: [1, 2, 1]         # relative column widths
      - caption: Flow asked for, by season
        columns: [Season, Northland (m³/s), Southland (m³/s)]
        total: true               # the last row is a total: a rule above, bold
        rows:
          - [Dry, 120, 300]
          - [Wet, 480, 300]
          - [Year, 600, 600]
    figures:                      # numbered "Figure N"; refer to one as {{{{ figures.ID }}}}
      - id: flows
        caption: Who uses the river's flow
        chart: {{type: bar, stats: [water_share, northland_share], axis: Share of the flow}}
        source: field-report      # charts are drawn from the brief's own numbers
        note: The shares are estimates.
        width: 0.8                # share of the text width
      - caption: Rounds attended, by party   # a chart from a table: x and y are columns
        chart: {{type: column, table: demands, x: Party, y: [Rounds attended]}}
      - id: map
        caption: The river and the new dam (sketch)
        image: images/{name}-map.svg   # a PNG, JPEG or SVG file beside the outline
        alt: The river runs south from Northland's dam to Southland's fields.
    sections:
      - title: Outlook
        id: outlook               # for links: [the outlook](#outlook)
        body: |
          As of {{{{ brief.date }}}}, after {{{{ stats.rounds_held | words }}}}, a third
          round is expected; this brief,
          *{{{{ brief.title }}}}*, will be updated after it ({{{{ figures.rounds }}}}).
        figures:
          - id: rounds
            caption: The rounds so far
            chart: {{type: timeline, events: [round1, round2], from: 2025-11, to: 2026-01}}

statistics:                       # the "Key figures" table, grouped
  - id: water_share
    label: Share of the river's flow used by Southland
    value: 40
    unit: "%"
    approx: true                  # prints ≈ before the value
    group: Water
    as_of: 2026-01
    source: field-report          # a source id (becomes a citation) or free text
    note: Estimated from the gauges at the border.
  - id: northland_share
    label: Share of the river's flow used by Northland
    value: 25
    unit: "%"
    group: Water
    source: field-report
  - id: irrigated_area
    label: Farmland irrigated from the river
    value: [1200, 1500]           # a range, printed 1,200–1,500
    unit: km²
    group: Water
    source: field-report
  - id: rounds_held               # {{{{ stats.rounds_held | words }}}} prints "two rounds"
    label: Rounds of talks held
    value: 2
    unit: rounds
    group: Talks
    source: field-report
  - id: minimum_flow
    label: Minimum flow Southland asks for
    value: 300
    unit: m³/s
    group: Water
    source: Southland's delegation

timeline:                         # the appendix, in date order
  - id: round1
    date: 2025-11-03/2025-11-04   # also 2025-11 (month), 2025 (year), 2025-22 (summer), 2025-11-03~ (c.)
    title: First round of talks
    source: field-report
  - id: round2
    date: 2026-01-23
    title: Second round ends without agreement
    detail: Both delegations agreed to meet again.
    source: field-report

sources:                          # cite as [@id] or [@id, p. 4]; numbered by first citation
  - id: field-report
    title: The river talks, a field report
    authors: [Ana Ruiz]           # "Given Family", or an organisation
    publisher: Example News
    container: Example News Weekly   # the journal, site or series it appeared in
    number: FR-12                 # a report number or document symbol
    date: 2026-01
    url: https://example.org/river-talks
    accessed: 2026-02-01          # when a web page was read
    note: A reporter's account of both rounds.
citations: numeric                # or footnotes: a note per citation, and a bibliography
bibliography: {name}-refs.bib     # more sources: BibTeX or CSL-JSON, as Zotero exports them

# The parts and their order; leave one out to omit it.
layout: [cover, summary, judgments, contents, parties, positions, sections, recommendations,
         statistics, timeline, sources, about]
"""


def title_of(name: str) -> str:
    words = re.split(r"[-_.\s]+", name)
    text = " ".join(w for w in words if w)
    return (text[:1].upper() + text[1:]) if text else "New brief"


def render(name: str, path: str, today: _dt.date | None = None) -> str:
    today = today or _dt.date.today()
    return TEMPLATE.format(modeline=outline_schema.MODELINE, name=name, path=path,
                           title=title_of(name), date=today.isoformat())


MAP = """\
<svg xmlns="http://www.w3.org/2000/svg" width="360" height="200" viewBox="0 0 360 200">
  <rect width="360" height="200" fill="#eef3f7"/>
  <path d="M40 10 C 120 60, 60 120, 180 140 S 300 170, 330 195" fill="none"
        stroke="#1d4e7a" stroke-width="8"/>
  <rect x="66" y="30" width="36" height="10" fill="#5d6876"/>
  <text x="110" y="40" font-size="14" fill="#1c2430">Northland's dam</text>
  <text x="200" y="120" font-size="14" fill="#1c2430">Southland's fields</text>
</svg>
"""


REFS = """\
@report{basin-treaty,
  author = {{River Basin Commission}},
  title = {Draft Treaty on the Shared River},
  institution = {River Basin Commission},
  number = {RBC/2025/7},
  year = {2025},
  month = nov,
}
"""


def create(name: str, folder: str = "briefing") -> tuple[str, str | None]:
    """Write FOLDER/NAME.yaml, the sketch map it shows (images/NAME-map.svg) and the
    schema beside it if missing; never overwrite.

    Returns (outline path, schema path written or None)."""
    if name.endswith((".yaml", ".yml")):
        name = name.rsplit(".", 1)[0]
    if not NAME.match(name) or "/" in name or os.sep in name:
        raise BriefError([Diagnostic(f"'{name}' cannot be a brief's name",
                                     hint="use letters, digits, '-' and '_', e.g. "
                                          "'river-talks'")])
    path = os.path.join(folder, name + ".yaml")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(render(name, path))
    except FileExistsError:
        raise BriefError([Diagnostic("already exists; not overwritten", path,
                                     hint="choose another name, or delete the file "
                                          "first")]) from None
    except OSError as exc:
        raise BriefError([Diagnostic(f"cannot write the outline: {exc.strerror}",
                                     path)]) from None
    for extra, text in ((os.path.join(folder, f"{name}-refs.bib"), REFS),):
        try:
            with open(extra, "x", encoding="utf-8") as fh:
                fh.write(text)
        except OSError:
            pass  # already there: the outline cites it
    try:
        os.makedirs(os.path.join(folder, "images"), exist_ok=True)
        with open(os.path.join(folder, "images", f"{name}-map.svg"), "x",
                  encoding="utf-8") as fh:
            fh.write(MAP)
    except OSError:
        pass  # an image of that name is already there: the outline shows it
    schema_path = os.path.join(folder, outline_schema.FILE_NAME)
    if os.path.exists(schema_path):
        return path, None
    try:
        with open(schema_path, "x", encoding="utf-8") as fh:
            fh.write(outline_schema.text())
    except OSError:
        return path, None
    return path, schema_path
