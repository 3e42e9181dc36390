"""The unresolved bodies of a build as ready-to-fill rows of an authority file, for a person to review.

``tradekg agencies unresolved`` reads a build's ``report.json`` (each unresolved name, how
often and where it was first seen) and its store (each unresolved agency's key, kind and
the jurisdictions of the documents naming it), and writes one row per body with the
columns of ``ontology/agencies.csv``:

- ``key`` empty and ``name_en`` empty: the person fills them in;
- ``name_zh`` the name as the build wrote it (a context-bound name spelt out: 市未知局
  in a Chongqing plan is 重庆市未知局), ``aliases`` the other forms it was written in;
- ``kind`` as the build read it, ``level`` and ``jurisdiction`` guessed from the
  documents' jurisdiction and the name's first character (省, 市, 区, 县;
  :meth:`loaders.agencies.AgencyRegistry.home_of`), ``parent`` empty;

then the review columns ``count`` and ``first_seen`` (``FILE:LINE``), which
``tradekg build --agencies FILE`` ignores. Cells a spreadsheet would run as a formula
are written as text (:func:`graph.csv_cells.spreadsheet_cell`).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from graph.csv_cells import spreadsheet_cell
from graph.rdf.store import graph_file, open_store
from graph.report import UnresolvedAgency
from graph.sparql.local import value_of
from loaders import AgencyKind, AgencyRegistry, TradeKGError
from loaders.agencies import place_level
from loaders.authority_file import AUTHORITY_COLUMNS, REVIEW_COLUMNS
from loaders.vocab import TKG

__all__ = ["UNRESOLVED_COLUMNS", "UnreadableReportError", "UnresolvedRow", "unresolved_rows",
           "write_unresolved_rows"]

UNRESOLVED_COLUMNS = (*AUTHORITY_COLUMNS, *REVIEW_COLUMNS)
"""The columns written: an authority file's, then the review columns."""

_KINDS = {str(TKG.Enterprise): AgencyKind.ENTERPRISE, str(TKG.PublicInstitution): AgencyKind.INSTITUTION,
          str(TKG.CollectiveActor): AgencyKind.COLLECTIVE}
"""The classes of an agency node that say its kind; a plain tkg:Agency is an agency."""


class UnreadableReportError(TradeKGError):
    """A build's ``report.json`` is missing or is not the JSON a build writes.

    Examples
    --------
    >>> str(UnreadableReportError("out", "not found"))
    'out/report.json: not found; run `tradekg build --out out` again'
    """

    def __init__(self, directory: str, reason: str) -> None:
        self.directory = directory
        super().__init__(f"{directory}/report.json: {reason}; run `tradekg build --out {directory}` again")


@dataclass(frozen=True, slots=True)
class UnresolvedRow:
    """One unresolved body as a row to fill: the authority-file cells and the review cells."""

    name_zh: str
    kind: AgencyKind
    level: str
    jurisdiction: str
    aliases: tuple[str, ...]
    count: int
    first_seen: str

    def cells(self) -> list[str | int]:
        """The row's cells in :data:`UNRESOLVED_COLUMNS` order (``key``, ``name_en``, ``parent`` empty)."""
        return ["", self.name_zh, "", self.kind.value, self.level, self.jurisdiction, "",
                "|".join(self.aliases), self.count, self.first_seen]


@dataclass(slots=True)
class _Context:
    """What the store says of one unresolved agency."""

    kind: AgencyKind = AgencyKind.AGENCY
    home: str | None = None
    documents: Counter[str] | None = None


def _report_entries(directory: Path) -> list[UnresolvedAgency]:
    path = directory / "report.json"
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise UnreadableReportError(str(directory), "not found") from err
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise UnreadableReportError(str(directory), f"cannot be read ({err})") from err
    entries = report.get("unresolved") if isinstance(report, dict) else None
    try:
        assert isinstance(entries, list)
        return [UnresolvedAgency(str(e["name"]), tuple(str(w) for w in e.get("as_written") or ()),
                                 int(e.get("mentions") or 0), str(e.get("file") or ""),
                                 int(e.get("line") or 0))
                for e in entries]
    except (AssertionError, AttributeError, KeyError, TypeError, ValueError) as err:
        raise UnreadableReportError(str(directory), "has no list of unresolved agencies") from err


def _contexts(directory: Path) -> dict[str, _Context]:
    """Each unresolved agency's kind, own jurisdiction and documents' jurisdictions, by its Chinese name."""
    text = files("graph").joinpath("queries/projection/unresolved_contexts.rq").read_text(encoding="utf-8")
    found: dict[str, _Context] = {}
    solutions = open_store(directory).query(text)
    assert isinstance(solutions, ox.QuerySolutions)
    for solution in solutions:
        row = {name: value_of(solution[name]) for name in ("label", "class", "home", "doc_home", "documents")}
        context = found.setdefault(str(row["label"]), _Context(documents=Counter()))
        context.kind = _KINDS.get(str(row["class"]), context.kind)
        context.home = context.home or (str(row["home"]) if row["home"] is not None else None)
        if row["doc_home"] is not None and context.documents is not None:
            context.documents[str(row["doc_home"])] += int(str(row["documents"]))
    return found


def unresolved_rows(directory: Path, registry: AgencyRegistry) -> list[UnresolvedRow]:
    """The unresolved bodies of the build in ``directory``, as rows to fill, in the report's order.

    Parameters
    ----------
    directory : Path
        An output directory of ``tradekg build`` (read through its links into the current state).
    registry : AgencyRegistry
        The authority file with its gazetteer, for the guesses.

    Returns
    -------
    list of UnresolvedRow

    Raises
    ------
    GraphNotFoundError
        When ``directory`` holds no build.
    UnreadableReportError
        When its ``report.json`` is missing or damaged.

    Examples
    --------
    >>> unresolved_rows(SEED_OUT, REFERENCE.agencies)   # the sample corpus: every body resolved
    []
    """
    graph_file(directory)
    entries = _report_entries(directory)
    contexts = _contexts(directory) if entries else {}
    rows = []
    for entry in entries:
        context = contexts.get(entry.name, _Context(documents=Counter()))
        documents = context.documents or Counter()
        most = min(documents, key=lambda code: (-documents[code], code)) if documents else None
        jurisdiction = context.home or most  # the agency's own, or that of most documents naming it
        relative = next((w for w in entry.as_written if registry.place_of(w, jurisdiction) is not None), None)
        place = registry.home_of(relative or entry.name, jurisdiction)
        level = place_level(place) if place is not None else None
        rows.append(UnresolvedRow(
            entry.name, context.kind, level.value if level else "",
            (place.admin_code or "") if place is not None else "",
            tuple(w for w in dict.fromkeys(entry.as_written) if w != entry.name),
            entry.mentions, f"{entry.file}:{entry.line}" if entry.line else entry.file))
    return rows


def write_unresolved_rows(rows: Iterable[UnresolvedRow], stream: TextIO) -> None:
    """Write the rows as CSV with a header of :data:`UNRESOLVED_COLUMNS`.

    Examples
    --------
    >>> import io
    >>> buffer = io.StringIO()
    >>> write_unresolved_rows([UnresolvedRow("重庆市未知局", AgencyKind.AGENCY, "provincial", "500000",
    ...                                      ("市未知局",), 2, "plan.txt:4")], buffer)
    >>> print(buffer.getvalue(), end="")
    key,name_zh,name_en,kind,level,jurisdiction,parent,aliases,count,first_seen
    ,重庆市未知局,,agency,provincial,500000,,市未知局,2,plan.txt:4
    """
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(UNRESOLVED_COLUMNS)
    writer.writerows([spreadsheet_cell(cell) for cell in row.cells()] for row in rows)
