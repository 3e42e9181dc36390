"""What a correct extraction of a generated corpus gives, and how a build's tables compare to it.

A :class:`Truth` is written beside a generated corpus (:func:`benchmarks.genre.generate_corpus`):
one row per document, per measure and per responsibility, with the columns of the build's
``tables/documents.csv``, ``tables/measures.csv`` and ``tables/responsibilities.csv`` where
they overlap. :func:`compare` reads a build's tables and lists every row that differs, so a
benchmark can say not only how fast a build was but whether it read the corpus exactly.

Examples
--------
>>> row = ResponsibilityTruth("署岸发〔2023〕12号", "1", "海关总署", "海关总署", "lead", 1, False,
...                           "（海关总署负责）")
>>> truth = Truth(responsibilities=(row,))
>>> truth.responsibilities[0].role, len(truth.documents)
('lead', 0)
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

__all__ = [
    "Comparison",
    "DocumentMismatch",
    "DocumentTruth",
    "MeasureTruth",
    "ResponsibilityTruth",
    "Truth",
    "compare",
    "compare_rows",
    "read_truth",
    "write_truth",
]


@dataclass(frozen=True, slots=True)
class ResponsibilityTruth:
    """One agency listed for a measure, as ``tables/responsibilities.csv`` should give it.

    ``clause`` is the clause exactly as the file prints it, parentheses included.
    """

    doc_id: str
    measure_number: str
    agency: str
    agency_as_written: str
    role: str
    rank: int
    open_ended: bool
    clause: str


@dataclass(frozen=True, slots=True)
class MeasureTruth:
    """One measure, as ``tables/measures.csv`` should give it (``label`` width-normalised)."""

    doc_id: str
    number: str
    label: str


@dataclass(frozen=True, slots=True)
class DocumentTruth:
    """One document, as ``tables/documents.csv`` should give it, and how it was generated.

    The first six fields are columns of ``documents.csv`` (``source_file`` is the file's
    name; a build writes its path). The rest say what the generator chose: ``kind``
    (``national_notice``, ``local_notice``, ``transmittal_notice``, ``transmitted_plan``,
    ``plan``), ``level`` (national, provincial, municipal), ``jurisdiction`` (``CN`` or an
    admin code), ``numbering`` (the measure markers' style, e.g. ``1.`` or ``（一）``, with
    ``/run`` or ``/restart``), ``depth`` (levels of section headings above the measures),
    ``forms`` (the clause forms used) and ``half_width`` (clauses in half-width parentheses).
    """

    doc_id: str
    title: str
    date: str
    issuers: tuple[str, ...]
    n_measures: int
    source_file: str
    kind: str = ""
    level: str = ""
    jurisdiction: str = ""
    numbering: str = ""
    depth: int = 0
    forms: tuple[str, ...] = ()
    half_width: bool = False


@dataclass(frozen=True, slots=True)
class Truth:
    """What a correct extraction of a corpus gives: its documents, measures and responsibilities."""

    documents: tuple[DocumentTruth, ...] = ()
    measures: tuple[MeasureTruth, ...] = ()
    responsibilities: tuple[ResponsibilityTruth, ...] = ()

    def __add__(self, other: Truth) -> Truth:
        """The truth of two corpora read together."""
        return Truth(self.documents + other.documents, self.measures + other.measures,
                     self.responsibilities + other.responsibilities)


@dataclass(frozen=True, slots=True)
class DocumentMismatch:
    """A document whose row differs: ``field`` is a column, or ``document`` when one side lacks it."""

    doc_id: str
    field: str
    expected: str
    found: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """The exact differences between a truth and a build's tables.

    ``missing`` rows are in the truth only, ``extra`` rows in the build only, ``differing``
    pairs (expected, found) share document, measure, clause and rank but differ in another
    column. ``precision`` and ``recall`` count responsibility rows that match exactly.
    """

    expected: int
    found: int
    matched: int
    missing: tuple[ResponsibilityTruth, ...]
    extra: tuple[ResponsibilityTruth, ...]
    differing: tuple[tuple[ResponsibilityTruth, ResponsibilityTruth], ...]
    documents: tuple[DocumentMismatch, ...]
    missing_measures: tuple[MeasureTruth, ...]
    extra_measures: tuple[MeasureTruth, ...]

    @property
    def precision(self) -> float:
        """Share of the build's responsibility rows that the truth has (1.0 when there are none)."""
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """Share of the truth's responsibility rows that the build has (1.0 when there are none)."""
        return self.matched / self.expected if self.expected else 1.0

    @property
    def mismatches(self) -> int:
        """Number of differences of any kind."""
        return (len(self.missing) + len(self.extra) + len(self.differing) + len(self.documents)
                + len(self.missing_measures) + len(self.extra_measures))

    @property
    def exact(self) -> bool:
        """True when the build gives exactly the truth."""
        return self.mismatches == 0

    def summary(self, limit: int = 10) -> str:
        """A few lines for people: counts, precision, recall and the first differences.

        Examples
        --------
        >>> print(compare_rows(Truth(), Truth()).summary())
        0 responsibilities expected, 0 found, 0 matched; precision 1.000, recall 1.000; 0 mismatches
        """
        lines = [f"{self.expected} responsibilities expected, {self.found} found, {self.matched} "
                 f"matched; precision {self.precision:.3f}, recall {self.recall:.3f}; "
                 f"{self.mismatches} mismatches"]
        shown = [*(f"  document {d.doc_id}: {d.field} expected {d.expected!r}, found {d.found!r}"
                   for d in self.documents),
                 *(f"  missing measure {m.doc_id} {m.number}" for m in self.missing_measures),
                 *(f"  extra measure {m.doc_id} {m.number}" for m in self.extra_measures),
                 *(f"  differs: {_brief(a)} -> {_brief(b)}" for a, b in self.differing),
                 *(f"  missing: {_brief(r)}" for r in self.missing),
                 *(f"  extra: {_brief(r)}" for r in self.extra)]
        lines += shown[:limit]
        if len(shown) > limit:
            lines.append(f"  … and {len(shown) - limit} more")
        return "\n".join(lines)


def _brief(row: ResponsibilityTruth) -> str:
    return (f"{row.doc_id} {row.measure_number} #{row.rank} {row.agency_as_written}="
            f"{row.agency} {row.role}{' open' if row.open_ended else ''} {row.clause}")


_FILES = {"documents": ".documents.csv", "measures": ".measures.csv"}


def _paths(path: Path) -> dict[str, Path]:
    return {"responsibilities": path,
            **{name: path.with_suffix(suffix) for name, suffix in _FILES.items()}}


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value)


def _write(path: Path, header: Sequence[str], rows: Iterable[tuple[object, ...]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)


def write_truth(truth: Truth, path: Path) -> dict[str, Path]:
    """Write a truth as CSV: responsibilities at ``path``, documents and measures beside it.

    Parameters
    ----------
    truth : Truth
        What a correct extraction gives.
    path : Path
        The responsibilities file (``truth.csv``); the documents go to ``truth.documents.csv``
        and the measures to ``truth.measures.csv``. The columns are those of the build's
        tables where they overlap, plus the generator's own (``kind``, ``forms`` …).

    Returns
    -------
    dict of str to Path
        The files written, by table name.
    """
    paths = _paths(Path(path))
    tables: dict[str, tuple[type, Sequence[object]]] = {
        "responsibilities": (ResponsibilityTruth, truth.responsibilities),
        "documents": (DocumentTruth, truth.documents),
        "measures": (MeasureTruth, truth.measures),
    }
    for name, (record, rows) in tables.items():
        names = [f.name for f in fields(record)]
        _write(paths[name], names, (tuple(getattr(r, n) for n in names) for r in rows))
    return paths


def _read_rows(path: Path) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _flag(text: str) -> bool:
    return text.strip().lower() == "true"


def _responsibility(row: dict[str, str]) -> ResponsibilityTruth:
    return ResponsibilityTruth(row["doc_id"], row["measure_number"], row["agency"],
                               row["agency_as_written"], row["role"], int(row["rank"]),
                               _flag(row["open_ended"]), row["clause"])


def _document(row: dict[str, str]) -> DocumentTruth:
    return DocumentTruth(
        row["doc_id"], row["title"], row["date"], tuple(x for x in row["issuers"].split(";") if x),
        int(row["n_measures"]), Path(row["source_file"]).name, row.get("kind", ""),
        row.get("level", ""), row.get("jurisdiction", ""), row.get("numbering", ""),
        int(row.get("depth") or 0), tuple(x for x in (row.get("forms") or "").split(";") if x),
        _flag(row.get("half_width", "")))


def read_truth(path: Path) -> Truth:
    """Read a truth written by :func:`write_truth` (``path`` is the responsibilities file)."""
    paths = _paths(Path(path))
    return Truth(
        documents=tuple(_document(r) for r in _read_rows(paths["documents"])),
        measures=tuple(MeasureTruth(r["doc_id"], r["number"], r["label"])
                       for r in _read_rows(paths["measures"])),
        responsibilities=tuple(_responsibility(r) for r in _read_rows(paths["responsibilities"])),
    )


def _read_build(out_dir: Path) -> Truth:
    """A build's tables as a truth (only the columns both have)."""
    tables = Path(out_dir) / "tables"
    return Truth(
        documents=tuple(_document(r) for r in _read_rows(tables / "documents.csv")),
        measures=tuple(MeasureTruth(r["doc_id"], r["number"], r["label"])
                       for r in _read_rows(tables / "measures.csv")),
        responsibilities=tuple(_responsibility(r)
                               for r in _read_rows(tables / "responsibilities.csv")),
    )


def compare(truth: Truth, out_dir: Path) -> Comparison:
    """Compare a truth with the tables a build wrote into ``out_dir/tables``.

    Parameters
    ----------
    truth : Truth
        What a correct extraction gives (from the generator or :func:`read_truth`).
    out_dir : Path
        The build's output directory (``tradekg build DIR --out OUT``).

    Returns
    -------
    Comparison
        Every missing, extra and differing row, and precision and recall.
    """
    return compare_rows(truth, _read_build(out_dir))


_DOCUMENT_FIELDS = ("title", "date", "issuers", "n_measures", "source_file")


def compare_rows(truth: Truth, found: Truth) -> Comparison:
    """Compare two truths row by row; see :func:`compare`.

    Examples
    --------
    >>> a = ResponsibilityTruth("D", "1", "海关总署", "海关总署", "lead", 1, False, "（海关总署负责）")
    >>> b = ResponsibilityTruth("D", "1", "海关总署", "海关总署", "joint", 1, False, "（海关总署负责）")
    >>> c = compare_rows(Truth(responsibilities=(a,)), Truth(responsibilities=(b,)))
    >>> c.exact, c.differing == ((a, b),), c.recall
    (False, True, 0.0)
    """
    want, got = Counter(truth.responsibilities), Counter(found.responsibilities)
    matched = sum((want & got).values())
    missing, extra = list((want - got).elements()), list((got - want).elements())
    differing = []
    unpaired: dict[tuple[str, str, str, int], list[ResponsibilityTruth]] = {}
    for row in extra:
        unpaired.setdefault((row.doc_id, row.measure_number, row.clause, row.rank), []).append(row)
    still_missing = []
    for row in missing:
        partners = unpaired.get((row.doc_id, row.measure_number, row.clause, row.rank))
        if partners:
            differing.append((row, partners.pop(0)))
        else:
            still_missing.append(row)
    still_extra = [r for rows in unpaired.values() for r in rows]
    want_m, got_m = Counter(truth.measures), Counter(found.measures)
    return Comparison(
        expected=len(truth.responsibilities), found=len(found.responsibilities), matched=matched,
        missing=tuple(still_missing), extra=tuple(still_extra), differing=tuple(differing),
        documents=tuple(_document_mismatches(truth.documents, found.documents)),
        missing_measures=tuple((want_m - got_m).elements()),
        extra_measures=tuple((got_m - want_m).elements()),
    )


def _document_mismatches(expected: Sequence[DocumentTruth], found: Sequence[DocumentTruth],
                         ) -> Iterator[DocumentMismatch]:
    by_id = {d.doc_id: d for d in found}
    for doc in expected:
        other = by_id.pop(doc.doc_id, None)
        if other is None:
            yield DocumentMismatch(doc.doc_id, "document", "present", "absent")
            continue
        for name in _DOCUMENT_FIELDS:
            a, b = getattr(doc, name), getattr(other, name)
            if a != b:
                yield DocumentMismatch(doc.doc_id, name, _cell(a), _cell(b))
    for doc_id in by_id:
        yield DocumentMismatch(doc_id, "document", "absent", "present")
