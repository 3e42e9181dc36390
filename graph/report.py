"""The build report: what was read, what was skipped and why, in JSON and for the terminal.

Every finding carries its file and line, so a user can open the document where the loader
stumbled. Unresolved agencies are listed with the names they were written as and where.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graph.atomic_files import write_atomic
from loaders import CorpusLoad, Finding, PolicyDocument, Role, Severity

__all__ = ["BuildReport", "ReportBuilder", "UnresolvedAgency", "make_report"]


@dataclass(frozen=True, slots=True)
class UnresolvedAgency:
    """A body the authority file does not know, and where it was seen first."""

    name: str
    as_written: tuple[str, ...]
    mentions: int
    file: str
    line: int


@dataclass(slots=True)
class BuildReport:
    """Counts, unresolved agencies and findings of one build."""

    files: int
    documents: int
    measures: int
    responsibilities: int
    roles: dict[str, int]
    agencies: int
    unresolved: list[UnresolvedAgency]
    findings: list[dict[str, object]]
    failed_files: list[str]
    triples: int = 0
    aligned_pairs: int = 0
    """Measure pairs aligned across levels (rows of ``tables/alignment.csv``)."""
    untaken_national_measures: int = 0
    """National measures no lower-level measure of the corpus aligns with."""
    outputs: dict[str, str] = field(default_factory=dict)
    timing: dict[str, object] = field(default_factory=dict)
    """Seconds per phase, peak memory, workers, files reused: the one part that differs between runs."""

    @property
    def ok(self) -> bool:
        """True when every file built (no error findings)."""
        return not self.failed_files

    def to_json(self) -> str:
        """The report as indented JSON, keys in a stable order."""
        data = asdict(self)
        data["ok"] = self.ok
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def write(self, path: Path) -> None:
        """Write the JSON report to ``path`` (whole, or not at all)."""
        write_atomic(path, self.to_json())

    def summary_lines(self, *, max_findings: int = 40) -> list[str]:
        """A readable summary for the terminal: counts, unresolved agencies, findings, skipped files.

        Parameters
        ----------
        max_findings : int, default 40
            Unresolved agencies, and warnings and errors, listed at most; notes are only
            counted (all of them are in ``report.json``).

        Returns
        -------
        list of str
            Lines without a newline; none ends in a colon unless lines follow it.

        Examples
        --------
        >>> note = {"severity": "info", "kind": "no_number", "file": "a.txt", "line": 1,
        ...         "message": "no 文号", "text": None}
        >>> report = BuildReport(files=1, documents=1, measures=2, responsibilities=3,
        ...                      roles={"lead": 2, "joint": 1}, agencies=2, unresolved=[],
        ...                      findings=[note], failed_files=[], triples=90)
        >>> for line in report.summary_lines():
        ...     print(line)
        Read 1 file(s): 1 documents, 2 measures, 3 responsibilities (2 lead, 1 joint).
        2 agencies, 0 unresolved; 90 triples.
        Findings: 0 error(s), 0 warning(s), 1 note(s) (all in report.json).
        """
        roles = ", ".join(f"{n} {r}" for r, n in self.roles.items())
        lines = [
            f"Read {self.files} file(s): {self.documents} documents, {self.measures} measures, "
            f"{self.responsibilities} responsibilities ({roles}).",
            f"{self.agencies} agencies, {len(self.unresolved)} unresolved; "
            f"{self.triples} triples.",
        ]
        if self.aligned_pairs or self.untaken_national_measures:
            lines.append(f"{self.aligned_pairs} aligned measure pair(s); {self.untaken_national_measures} "
                         "national measure(s) no local measure takes up.")
        if self.unresolved:
            lines.append("Unresolved agencies (tradekg agencies unresolved --out rows.csv lists them to fill "
                         "in):")
            lines += [f"  {u.name}  ({u.mentions}x, first at {u.file}:{u.line})"
                      for u in self.unresolved[:max_findings]]
        counts = Counter(str(f["severity"]) for f in self.findings)
        if self.findings:
            shown = [f for f in self.findings if f["severity"] != "info"][:max_findings]
            lines.append(f"Findings: {counts.get('error', 0)} error(s), "
                         f"{counts.get('warning', 0)} warning(s), {counts.get('info', 0)} note(s)"
                         f" (all in report.json){':' if shown else '.'}")
            for f in shown:
                where = f"{f['file']}:{f['line']}" if f["line"] else f["file"]
                lines.append(f"  {f['severity']}: {where}: {f['message']}")
        if self.failed_files:
            lines.append(f"{len(self.failed_files)} file(s) skipped in whole or part: "
                         + ", ".join(self.failed_files))
        return lines


class ReportBuilder:
    """Counts documents as they stream past, then makes the :class:`BuildReport`.

    :func:`make_report` is the same for a corpus loaded in memory.
    """

    def __init__(self) -> None:
        self.files = 0
        self.documents = 0
        self.measures = 0
        self.responsibilities = 0
        self.roles: Counter[str] = Counter()
        self.agencies: set[str] = set()
        self.findings: list[Finding] = []
        self._unresolved: dict[str, list[tuple[str, str, int]]] = {}

    def add_document(self, doc: PolicyDocument) -> None:
        """Count one kept document: measures, responsibilities, roles, agencies, unresolved names."""
        self.documents += 1
        self.measures += len(doc.measures)
        for r in doc.responsibilities:
            self.responsibilities += 1
            self.roles[r.role.value] += 1
            self.agencies.add(r.agency.key)
            if not r.agency.resolved:
                hits = self._unresolved.setdefault(r.agency.name_zh, [])
                hits.append((r.as_written, r.span.file, r.span.line))
        self.agencies.update(i.key for i in doc.issuers)
        for issuer in doc.issuers:  # named as the issuer, perhaps listed in no clause
            if not issuer.resolved:
                hits = self._unresolved.setdefault(issuer.name_zh, [])
                hits.append((issuer.name_zh, doc.span.file, doc.span.line))

    def report(self) -> BuildReport:
        """The report of what was added."""
        unresolved = [UnresolvedAgency(name, tuple(dict.fromkeys(w for w, _, _ in hits)),
                                       len(hits), hits[0][1], hits[0][2])
                      for name, hits in sorted(self._unresolved.items())]
        findings: list[dict[str, object]] = [
            {"severity": f.severity.value, "kind": f.kind, "file": f.file, "line": f.line,
             "message": f.message, "text": f.text} for f in self.findings]
        findings += [{"severity": Severity.WARNING.value, "kind": "unresolved_agency",
                      "file": u.file, "line": u.line,
                      "message": f"agency not in the authority file: {u.name}", "text": None}
                     for u in unresolved]
        return BuildReport(
            files=self.files,
            documents=self.documents,
            measures=self.measures,
            responsibilities=self.responsibilities,
            roles={role.value: self.roles.get(role.value, 0) for role in Role},
            agencies=len(self.agencies),
            unresolved=unresolved,
            findings=findings,
            failed_files=sorted({f.file for f in self.findings if f.severity is Severity.ERROR}),
        )


def make_report(load: CorpusLoad) -> BuildReport:
    """Count what a corpus load produced and gather its findings."""
    builder = ReportBuilder()
    builder.files = len(load.files)
    for doc in load.documents:
        builder.add_document(doc)
    builder.findings = list(load.findings)
    return builder.report()
