"""Score tradekg's responsibilities table against a hand-annotated truth file.

Usage::

    python scripts/score_extraction.py TRUTH.tsv OUT/tables/responsibilities.csv \
        [--split dev|test --sources SOURCES.tsv]

TRUTH.tsv is tab-separated with the columns file, measure_number,
agency_as_written, role, rank, open_ended (one row per responsibility).
The table is tradekg's ``tables/responsibilities.csv``; its ``source_file``
is matched to the truth's ``file`` by file name.  SOURCES.tsv (columns file,
..., split) selects the files of one split.

Two scores are printed, per file and in total: (a) agency as written, matched
per (file, measure_number, agency_as_written), and (b) agency + role, matched
per (file, measure_number, agency_as_written, role).  Duplicate keys count
once.  The missing and spurious rows of (b) follow, with their clauses.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TypeVar

K = TypeVar("K")


@dataclass(frozen=True)
class TruthRow:
    """One hand-annotated responsibility."""

    file: str
    measure_number: str
    agency_as_written: str
    role: str
    rank: str
    open_ended: str


@dataclass(frozen=True)
class ExtractedRow:
    """One row of tradekg's responsibilities table, reduced to what is scored."""

    file: str
    measure_number: str
    agency_as_written: str
    role: str
    clause: str


@dataclass(frozen=True)
class AgencyKey:
    """The key of the agency-as-written score."""

    file: str
    measure_number: str
    agency_as_written: str


@dataclass(frozen=True)
class RoleKey:
    """The key of the agency-plus-role score."""

    file: str
    measure_number: str
    agency_as_written: str
    role: str


@dataclass
class Counts:
    """True positives, false positives and false negatives of one comparison."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of extracted keys that are true (1.0 when nothing was extracted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of true keys that were extracted (1.0 when the truth is empty)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Miss:
    """A key found on one side only (agency-plus-role comparison)."""

    kind: str  # "missing" (in truth only) or "spurious" (in the table only)
    key: RoleKey
    clause: str


@dataclass
class FileScore:
    """Both scores for one file (or for the total, with file ``TOTAL``)."""

    file: str
    agency: Counts
    role: Counts


def file_name(path: str) -> str:
    """Return the last component of a POSIX or Windows path."""
    return PureWindowsPath(PurePosixPath(path).name).name


def read_truth(path: Path) -> list[TruthRow]:
    """Read the truth TSV."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            TruthRow(
                file=file_name(row["file"].strip()),
                measure_number=row["measure_number"].strip(),
                agency_as_written=row["agency_as_written"].strip(),
                role=row["role"].strip(),
                rank=row.get("rank", "").strip(),
                open_ended=row.get("open_ended", "").strip(),
            )
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def read_extracted(path: Path) -> list[ExtractedRow]:
    """Read tradekg's responsibilities.csv."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            ExtractedRow(
                file=file_name(row["source_file"].strip()),
                measure_number=row["measure_number"].strip(),
                agency_as_written=row["agency_as_written"].strip(),
                role=row["role"].strip(),
                clause=row.get("clause", ""),
            )
            for row in csv.DictReader(handle)
        ]


def read_split(path: Path, split: str) -> set[str]:
    """Return the file names that SOURCES.tsv assigns to ``split``."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            file_name(row["file"].strip())
            for row in csv.DictReader(handle, delimiter="\t")
            if row["split"].strip() == split
        }


def compare(truth: set[K], found: set[K]) -> Counts:
    """Count true positives, false positives and false negatives of two key sets."""
    return Counts(tp=len(truth & found), fp=len(found - truth), fn=len(truth - found))


def score(
    truth: list[TruthRow], extracted: list[ExtractedRow], files: set[str] | None = None
) -> tuple[list[FileScore], list[Miss]]:
    """Score per file and in total; ``files`` limits both sides to those files.

    Without ``files`` the files of the truth are scored; table rows from other
    files are ignored (they are not held-out documents).
    """
    wanted = files if files is not None else {row.file for row in truth}
    truth = [row for row in truth if row.file in wanted]
    extracted = [row for row in extracted if row.file in wanted]
    clauses: dict[RoleKey, str] = {}
    for ext in extracted:
        clauses.setdefault(
            RoleKey(ext.file, ext.measure_number, ext.agency_as_written, ext.role), ext.clause
        )
    scores: list[FileScore] = []
    misses: list[Miss] = []
    total = FileScore("TOTAL", Counts(), Counts())
    for name in sorted(wanted):
        t_agency = {
            AgencyKey(r.file, r.measure_number, r.agency_as_written) for r in truth if r.file == name
        }
        f_agency = {
            AgencyKey(r.file, r.measure_number, r.agency_as_written)
            for r in extracted
            if r.file == name
        }
        t_role = {
            RoleKey(r.file, r.measure_number, r.agency_as_written, r.role)
            for r in truth
            if r.file == name
        }
        f_role = {
            RoleKey(r.file, r.measure_number, r.agency_as_written, r.role)
            for r in extracted
            if r.file == name
        }
        entry = FileScore(name, compare(t_agency, f_agency), compare(t_role, f_role))
        scores.append(entry)
        for part, whole in ((entry.agency, total.agency), (entry.role, total.role)):
            whole.tp += part.tp
            whole.fp += part.fp
            whole.fn += part.fn
        misses += [Miss("missing", key, measure_clause(key, clauses)) for key in sorted(
            t_role - f_role, key=sort_key)]
        misses += [Miss("spurious", key, clauses[key]) for key in sorted(
            f_role - t_role, key=sort_key)]
    scores.append(total)
    return scores, misses


def sort_key(key: RoleKey) -> tuple[str, list[int | str], str, str]:
    """Order keys by file, numeric measure number, agency and role."""
    parts: list[int | str] = [int(p) if p.isdigit() else p for p in key.measure_number.split(".")]
    return (key.file, parts, key.agency_as_written, key.role)


def measure_clause(key: RoleKey, clauses: dict[RoleKey, str]) -> str:
    """Return a clause tradekg read for the key's measure, or '' if it read none."""
    for other, clause in clauses.items():
        if other.file == key.file and other.measure_number == key.measure_number:
            return clause
    return ""


def format_table(scores: list[FileScore]) -> str:
    """Render the per-file and total scores as a fixed-width table."""
    header = (
        f"{'file':<12} | {'agency tp':>9} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"
        f" | {'+role tp':>8} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"
    )
    lines = [header, "-" * len(header)]
    for entry in scores:
        a, r = entry.agency, entry.role
        lines.append(
            f"{entry.file:<12} | {a.tp:>9} {a.fp:>4} {a.fn:>4} {a.precision:>6.3f}"
            f" {a.recall:>6.3f} {a.f1:>6.3f} | {r.tp:>8} {r.fp:>4} {r.fn:>4}"
            f" {r.precision:>6.3f} {r.recall:>6.3f} {r.f1:>6.3f}"
        )
    return "\n".join(lines)


def format_misses(misses: list[Miss]) -> str:
    """Render the missing and spurious rows with their clauses."""
    if not misses:
        return "No misses."
    lines = ["Misses (agency + role):"]
    for miss in misses:
        k = miss.key
        lines.append(
            f"  {miss.kind:<8} {k.file} {k.measure_number} {k.agency_as_written} {k.role}"
            f"  clause: {miss.clause or '(tradekg read no clause for this measure)'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, score, and print the table and the misses."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("truth", type=Path)
    parser.add_argument("table", type=Path)
    parser.add_argument("--split", choices=("dev", "test"))
    parser.add_argument("--sources", type=Path)
    args = parser.parse_args(argv)
    files: set[str] | None = None
    if args.split:
        if args.sources is None:
            parser.error("--split needs --sources")
        try:
            files = read_split(args.sources, args.split)
        except (OSError, KeyError) as error:
            parser.error(f"cannot read the split from {args.sources}: {error}")
    try:
        scores, misses = score(read_truth(args.truth), read_extracted(args.table), files)
    except OSError as error:
        parser.error(f"cannot read {error.filename}: {error.strerror}")
    except KeyError as error:
        parser.error(f"a column is missing from the truth or the table: {error}")
    print(format_table(scores))
    print()
    print(format_misses(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
