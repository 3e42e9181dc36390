"""Generate documents of the genre, with the truth of what a correct extraction gives beside them.

:func:`generate_corpus` writes ``n`` policy notices and work plans of the kinds tradekg reads —
national notices (署岸发〔2023〕12号), provincial and municipal plans, 印发 notices wrapping a
plan, plans without a 文号 — whose numbered measures end with responsibility clauses, and
returns their :class:`~benchmarks.truth.Truth`. Bodies come from ``ontology/agencies.csv``
(written the way a document of their jurisdiction writes them: 市发展改革委 in a Jinan plan),
instruments from ``ontology/concepts.ttl``, the rest of the wording from
``benchmarks/genre_vocabulary.toml``. The same seed gives the same bytes.

:func:`generate_hostile` writes one document of a hostile size: thousands of agencies or
measures, a long line of parentheses that never close, one clause listing thousands of
bodies, or measures numbered past 999.

From a shell::

    python -m benchmarks.genre generate CORPUS 300 --seed 1   # and CORPUS-truth.csv beside it
    tradekg build CORPUS --out OUT -q
    python -m benchmarks.genre compare CORPUS-truth.csv OUT   # exit 1 unless exact

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     truth = generate_corpus(Path(tmp), 3, seed=1)
...     names = sorted(p.name for p in Path(tmp).iterdir())
>>> names
['doc00000.txt', 'doc00001.txt', 'doc00002.txt']
>>> len({d.source_file for d in truth.documents}), all(r.rank >= 1 for r in truth.responsibilities)
(3, True)
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.genre_clauses import DIALECTS, FORMS, UNDER_RULE, Clause, ClauseWriter
from benchmarks.genre_reference import Body, GenreData, Region, load_genre_data
from benchmarks.truth import (
    Comparison,
    DocumentTruth,
    MeasureTruth,
    ResponsibilityTruth,
    Truth,
    compare,
    read_truth,
    write_truth,
)

__all__ = [
    "FORMS",
    "HOSTILE_KINDS",
    "Comparison",
    "Truth",
    "compare",
    "generate_corpus",
    "generate_hostile",
    "main",
    "measure_numbers",
    "read_truth",
    "write_truth",
]

HOSTILE_KINDS = ("many_agencies", "many_measures", "unclosed_parens", "long_clause", "numbers_past_999")
"""The kinds :func:`generate_hostile` writes."""

_UNKNOWN_POOL = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
"""Characters of the names of bodies the authority file does not know (国家甲乙事务局)."""

# ---------------------------------------------------------------------------------------------
# Numbering
# ---------------------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def chinese_numeral(n: int) -> str:
    """Write 1–999 as a Chinese numeral the way documents number their parts.

    Examples
    --------
    >>> [chinese_numeral(n) for n in (1, 10, 12, 20, 53, 100, 105, 110, 999)]
    ['一', '十', '十二', '二十', '五十三', '一百', '一百零五', '一百一十', '九百九十九']
    """
    if not 1 <= n <= 999:
        raise ValueError(f"cannot number {n} in the genre's numerals")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_CN_DIGITS[ones] if ones else "")


@dataclass(frozen=True, slots=True)
class _Style:
    """How a document prints one level of numbering."""

    kind: str  # 一、 （一） 1. （1）
    dot: str = "."  # for 1.: . ． 、 or ". "
    full_width: bool = False
    half_width: bool = False

    def marker(self, n: int) -> tuple[str, str]:
        """The marker as printed and as tradekg labels it (width-normalised)."""
        if self.kind == "一、":
            return f"{chinese_numeral(n)}、", f"{chinese_numeral(n)}、"
        if self.kind == "（一）":
            text = f"({chinese_numeral(n)})" if self.half_width else f"（{chinese_numeral(n)}）"
            return text, f"（{chinese_numeral(n)}）"
        digits = str(n).translate(_FULL) if self.full_width else str(n)
        if self.kind == "（1）":
            return (f"({digits})" if self.half_width else f"（{digits}）"), f"（{n}）"
        label = f"{n}、" if self.dot == "、" else f"{n}."
        return f"{digits}{self.dot}", label

    @property
    def name(self) -> str:
        """The style as the truth records it: 1. 1．  1、 １． （1） （１） （一） 一、."""
        if self.kind in ("一、", "（一）"):
            return self.kind
        one = "１" if self.full_width else "1"
        return f"（{one}）" if self.kind == "（1）" else one + self.dot.strip()


@dataclass(slots=True)
class _Slot:
    """A measure to write: its marker and the values of the items around it, outermost first."""

    marker: str
    label: str
    path: tuple[int, ...]
    number: str = ""


def measure_numbers(paths: Sequence[tuple[int, ...]]) -> list[str]:
    """The numbers tradekg gives measures with these item paths (outermost value first).

    A measure is numbered by its own value when those are unique, else qualified by its
    parent's (``2.3``) when that makes them unique, else by its whole path.

    Examples
    --------
    >>> measure_numbers([(2, 1), (2, 2), (3, 3)])
    ['1', '2', '3']
    >>> measure_numbers([(2, 1), (2, 2), (3, 1)])
    ['2.1', '2.2', '3.1']
    >>> measure_numbers([(2, 1, 1), (3, 1, 1)])
    ['2.1.1', '3.1.1']
    """
    plain = [str(p[-1]) for p in paths]
    if len(set(plain)) == len(plain):
        return plain
    by_parent = [f"{p[-2]}.{p[-1]}" if len(p) > 1 else str(p[-1]) for p in paths]
    if len(set(by_parent)) == len(by_parent):
        return by_parent
    return [".".join(map(str, p)) for p in paths]


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------

_KINDS = {"national_notice": 25, "local_notice": 18, "transmittal": 25, "plan": 32}
_LOCAL_WEIGHTS = {"370000": 3, "340000": 2, "500000": 3, "370100": 3, "370200": 3}


@dataclass(slots=True)
class _Document:
    """One file being written, and the truth of what it holds."""

    lines: list[str] = field(default_factory=list)
    documents: list[DocumentTruth] = field(default_factory=list)
    measures: list[MeasureTruth] = field(default_factory=list)
    responsibilities: list[ResponsibilityTruth] = field(default_factory=list)


@dataclass(slots=True)
class _BodyPlan:
    """The numbered body of a document: its lines with measure slots, and what was chosen."""

    lines: list[str | _Slot]
    slots: list[_Slot]
    kind: str
    numbering: str
    depth: int
    closing: bool


class _Writer:
    """Writes one file of the genre from a seeded random generator."""

    def __init__(self, genre: GenreData, rng: random.Random, name: str, taken: set[str]) -> None:
        self.genre = genre
        self.rng = rng
        self.name = name
        self.taken = taken
        self.year = rng.randint(2019, 2024)
        self.half_width = rng.random() < 0.15
        self.indent = rng.choice(("", "", "", "\u3000\u3000", " "))
        self.blank = rng.random() < 0.2
        self.messy = rng.random() < 0.15  # stray blanks and breaks, as in the Chongqing seed
        self.full_stop = rng.random() < 0.15  # （X负责）。

    # -- words -----------------------------------------------------------------------------

    def fill(self, template: str, region: Region, **more: str) -> str:
        if "{" not in template:
            return template
        c = c2 = ""
        if "{c" in template:
            concepts = self.genre.concepts
            c = c2 = concepts[int(self.rng.random() * len(concepts))]
            while c2 == c:
                c2 = concepts[int(self.rng.random() * len(concepts))]
        return template.format(c=c, c2=c2, y=self.year, y1=self.year + 1, y2=self.year + 2,
                               place=region.place, short=region.short, self=region.self_name,
                               **more)

    def words(self, key: str, region: Region, **more: str) -> str:
        return self.fill(self.rng.choice(self.genre.words[key]), region, **more)

    def date(self) -> tuple[str, str]:
        """A date of the document's year: as printed, and ISO."""
        day = dt.date(self.year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
        return self._print_date(day), day.isoformat()

    def _print_date(self, day: dt.date) -> str:
        style = self.rng.random()
        if style < 0.1:
            year = "".join(_CN_DIGITS[int(c)].replace("零", "〇") for c in str(day.year))
            return f"{year}年{chinese_numeral(day.month)}月{chinese_numeral(day.day)}日"
        text = f"{day.year}年{day.month}月{day.day}日"
        return text.translate(_FULL) if style < 0.2 else text

    def unique_id(self, title: str, printed: str, iso: str) -> tuple[str, str, str]:
        """A title-and-date identifier no earlier document has: (doc_id, printed date, ISO date).

        When the title and date are taken, the date moves on a day at a time.
        """
        day = dt.date.fromisoformat(iso)
        while f"{title}（{day.isoformat()}）" in self.taken:
            day += dt.timedelta(days=1)
            printed = self._print_date(day)
        doc_id = f"{title}（{day.isoformat()}）"
        self.taken.add(doc_id)
        return doc_id, printed, day.isoformat()

    def number(self, prefix: str, parenthesised: bool = False) -> tuple[str, str]:
        """A 文号 no earlier document has: as identified, and as printed."""
        serial = self.rng.randint(1, 150)
        while f"{prefix}〔{self.year}〕{serial}号" in self.taken:
            serial += 1
        number = f"{prefix}〔{self.year}〕{serial}号"
        self.taken.add(number)
        return number, f"（{number}）" if parenthesised else number

    def para(self, text: str) -> list[str]:
        return ["", self.indent + text] if self.blank else [self.indent + text]

    def title_lines(self, title: str) -> list[str]:
        """A title on one line, or broken where the first part reads as neither title nor name."""
        if len(title) < 24 or self.rng.random() < 0.6:
            return [title]
        for cut in range(len(title) // 2, len(title) - 6):
            head = title[:cut]
            inside = head.count("“") > head.count("”") or head.count("（") > head.count("）")
            if not inside and not _UNSAFE_BREAK.search(head) and title[cut] not in "”》）":
                return [head, title[cut:]]
        return [title]

    def measure_count(self) -> int:
        """3 to 80 measures, most documents 10 to 30."""
        r = self.rng.random()
        if r < 0.12:
            return self.rng.randint(3, 9)
        if r < 0.82:
            return self.rng.randint(10, 30)
        if r < 0.94:
            return self.rng.randint(31, 50)
        return self.rng.randint(51, 80)

    # -- the body ---------------------------------------------------------------------------

    def plan_body(self, n: int) -> _BodyPlan:
        """Choose numbering and sections for ``n`` measures; return lines with measure slots."""
        rng = self.rng
        kind = rng.choices(("1.", "（一）", "（1）", "一、"), (45, 28, 12, 15))[0]
        dot = rng.choice((".", "．", "、", ". ")) if kind == "1." else "."
        measure = _Style(kind, dot, rng.random() < 0.25, self.half_width)
        sections: tuple[str, ...] = rng.choice({
            "一、": ((),),
            "（一）": ((), ("一、",), ("一、",), ("一、",)),
            "1.": ((), ("一、",), ("一、",), ("（一）",), ("一、", "（一）"), ("一、", "（一）")),
            "（1）": (("一、",), ("一、",), ("一、", "（一）")),
        }[kind])
        if kind == "一、":
            n = min(n, 20)
        run = rng.random() < {"（一）": 0.75, "1.": 0.5, "（1）": 0.4, "一、": 1.0}[kind]
        lines: list[str | _Slot] = []
        slots: list[_Slot] = []

        def add(path: tuple[int, ...]) -> None:
            marker, label = measure.marker(path[-1])
            slots.append(_Slot(marker, label, path))
            lines.append(slots[-1])

        if not sections:
            for i in range(1, n + 1):
                add((i,))
            _number(slots)
            return _BodyPlan(lines, slots, kind, f"{measure.name}/run", 0, False)
        styles = [_Style(s, half_width=self.half_width) for s in sections]
        top, words = styles[0], self.genre.words
        framed = top.kind == "一、" and rng.random() < 0.6  # 一、总体要求 … 三、保障措施
        value = 1
        if framed:
            lines += [top.marker(1)[0] + rng.choice(words["preamble_headings"]),
                      self.fill(rng.choice(words["preamble"]), self.genre.region("CN"))]
            value = 2
        generic = rng.random() < (0.5 if len(styles) == 2 else 0.2)  # 二、重点任务 holds all
        most = 7 if len(styles) == 1 else 5
        groups = _split(rng, n, 1 if generic else rng.randint(2, max(2, min(most, n // 3))))
        mid_run = rng.random() < 0.5
        measure_value = mid_value = 0
        for group in groups:
            heading = rng.choice(words["main_headings"] if generic else words["topic_headings"])
            lines.append(top.marker(value)[0] + heading)
            if len(styles) == 1:
                measure_value = measure_value if run else 0
                for _ in range(group):
                    measure_value += 1
                    add((value, measure_value))
            else:
                mid_value = mid_value if mid_run else 0
                for sub in _split(rng, group, rng.randint(1, max(1, min(4, group)))):
                    mid_value += 1
                    lines.append(styles[1].marker(mid_value)[0] + rng.choice(words["sub_headings"]))
                    measure_value = measure_value if run else 0
                    for _ in range(sub):
                        measure_value += 1
                        add((value, mid_value, measure_value))
            value += 1
        closing = framed and rng.random() < 0.8
        if closing:
            lines.append(top.marker(value)[0] + rng.choice(words["closing_headings"]))
        _number(slots)
        return _BodyPlan(lines, slots, kind, f"{measure.name}/{'run' if run else 'restart'}",
                         len(styles), closing)

    def measure_lines(self, slot: _Slot, clauses: list[Clause], region: Region,
                      subpoints: bool) -> list[str]:
        """The text of one measure: title, sentences, its clause(s), maybe sub-points."""
        rng = self.rng
        parts = [f"{slot.marker}{self.words('titles', region)}。"]
        sentences = self.genre.words["sentences"]
        for i, clause in enumerate(clauses):
            count = rng.choice((1, 1, 2, 2, 3)) if i == 0 else 1
            parts += [self.fill(t, region) for t in rng.sample(sentences, count)]
            if rng.random() < 0.08:
                parts.append(rng.choice(self.genre.words["noise"]))
            if subpoints and i == len(clauses) - 1:
                return self._with_subpoints(parts, clause)
            parts.append(clause.text + ("。" if self.full_stop else ""))
        return [self.indent + "".join(parts)]

    def _with_subpoints(self, parts: list[str], clause: Clause) -> list[str]:
        rng = self.rng
        style = _Style("（1）", half_width=self.half_width)
        lines = [self.indent + "".join(parts) + rng.choice(self.genre.words["subpoint_intro"])]
        points = rng.sample(self.genre.words["subpoints"], rng.randint(2, 3))
        for i, point in enumerate(points, start=1):
            end = "。" + clause.text if i == len(points) else "；"
            lines.append(self.indent + style.marker(i)[0] + point + end)
        return lines

    def body(self, doc_id: str, region: Region, lead: Body | None,
             dialect: str) -> tuple[list[str], list[MeasureTruth], list[ResponsibilityTruth],
                                    _BodyPlan, tuple[str, ...]]:
        """Write the numbered body of a document; return its lines and the truth it holds."""
        rng = self.rng
        plan = self.plan_body(self.measure_count())
        writer = ClauseWriter(rng, region, self.year, lead, self.half_width, messy=self.messy,
                              lenticular=dialect == "labelled" and rng.random() < 0.15)
        weights = DIALECTS[dialect]
        rule_at = rng.choice((0, 0, 0, 1, 2)) if dialect == "verbs" and rng.random() < 0.25 else -1
        multi = 0.3 if dialect == "mixed" else 0.05
        subpoint_budget = len(plan.slots) // 3 if plan.kind != "（1）" and rng.random() < 0.3 else 0
        used: set[str] = set()
        lines: list[str] = []
        measures: list[MeasureTruth] = []
        rows: list[ResponsibilityTruth] = []
        for entry in plan.lines:
            if isinstance(entry, str):
                lines += self.para(entry)
                continue
            clauses = []
            for c in range(rng.choice((2, 2, 3)) if rng.random() < multi else 1):
                if len(measures) == rule_at and c == 0:
                    form = "rule"
                else:
                    allowed = {f: w for f, w in weights.items() if not writer.rule or f in UNDER_RULE}
                    form = rng.choices(list(allowed), list(allowed.values()))[0]
                clauses.append(writer.write(form))
                used.add(form)
            subpoints = subpoint_budget > 0 and rng.random() < 0.2
            subpoint_budget -= subpoints
            lines += self.measure_lines(entry, clauses, region, subpoints)
            measures.append(MeasureTruth(doc_id, entry.number, entry.label))
            rows += [ResponsibilityTruth(doc_id, entry.number, canonical, written, role, rank,
                                         clause.open_ended, clause.text)
                     for clause in clauses
                     for rank, (written, canonical, role) in enumerate(clause.listed, start=1)]
        for _ in range(rng.choice((1, 2) if plan.closing else (0, 1, 2))):
            lines += self.para(self.words("closing", region))
        return lines, measures, rows, plan, tuple(sorted(used))

    # -- whole documents ------------------------------------------------------------------

    def write(self) -> _Document:
        """Write one file: a national or local notice, a 印发 notice and its plan, or a plan."""
        kind = self.rng.choices(list(_KINDS), list(_KINDS.values()))[0]
        region = (self.genre.region("CN") if kind == "national_notice" else
                  self.rng.choices(self.genre.local, [_LOCAL_WEIGHTS.get(r.code, 1)
                                                      for r in self.genre.local])[0])
        return getattr(self, f"_{kind}")(region)

    def issuers(self, region: Region) -> tuple[Body, str, list[Body]]:
        """The issuer that leads, its 文号 prefix, and the bodies that sign beside it."""
        lead, prefix = self.rng.choice(region.issuers)
        others = [c for c in region.cosigners if c.key != lead.key]
        count = self.rng.choice((0, 0, 1, 2, 3, 6, 9) if region.code == "CN" else (0, 0, 0, 1, 2))
        return lead, prefix, self.rng.sample(others, min(count, len(others)))

    def signature(self, signers: list[Body], one_line: bool) -> list[str]:
        names = [s.forms[0] for s in signers]
        return [" ".join(names)] if one_line and len(names) > 1 else names

    def _dialect(self, region: Region) -> str:
        if region.level == "national":
            return self.rng.choice(("verbs", "verbs", "verbs", "mixed"))
        return self.rng.choice(("verbs", "verbs", "labelled", "labelled", "mixed"))

    def _truth(self, doc: _Document, doc_id: str, title: str, iso: str, issuers: list[Body],
               kind: str, region: Region, plan: _BodyPlan | None = None,
               forms: tuple[str, ...] = (), n_measures: int = 0) -> None:
        doc.documents.append(DocumentTruth(
            doc_id, title, iso, tuple(dict.fromkeys(b.name for b in issuers)), n_measures,
            self.name, kind, region.level, region.code, plan.numbering if plan else "",
            plan.depth if plan else 0, forms, self.half_width and bool(forms)))

    def _national_notice(self, region: Region) -> _Document:
        doc = _Document()
        lead, prefix, others = self.issuers(region)
        title = self.fill(self.rng.choice(self.genre.titles["national"]), region)
        number, printed = self.number(prefix)
        date, iso = self.date()
        doc.lines += [*self.title_lines(title), printed, self.rng.choice(region.addressees)]
        doc.lines += self.para(self.words("national_intro", region))
        body, doc.measures, doc.responsibilities, plan, forms = self.body(
            number, region, lead, self._dialect(region))
        doc.lines += body + self.signature([lead, *others], one_line=False) + [date]
        if self.rng.random() < 0.05:  # printed twice, like the national seed: one document
            doc.lines += doc.lines[:]
        self._truth(doc, number, title, iso, [lead, *others], "national_notice", region, plan,
                    forms, len(doc.measures))
        return doc

    def _local_notice(self, region: Region) -> _Document:
        doc = _Document()
        lead, prefix, others = self.issuers(region)
        title = self.fill(self.rng.choice(self.genre.titles["local_notice"]), region)
        in_title = self.rng.random() < 0.4
        title = (lead.name if in_title else "") + title
        number, printed = self.number(prefix, parenthesised=self.rng.random() < 0.2)
        date, iso = self.date()
        doc.lines += [*self.title_lines(title), printed, self.rng.choice(region.addressees)]
        doc.lines += self.para(self.words("local_intro", region))
        body, doc.measures, doc.responsibilities, plan, forms = self.body(
            number, region, lead, self._dialect(region))
        signers = [lead, *others]
        doc.lines += body + self.signature(signers, one_line=self.rng.random() < 0.3) + [date]
        if self.rng.random() < 0.3:
            doc.lines.append("（此件公开发布）")
        self._truth(doc, number, title, iso, [*signers, *([lead] if in_title else [])],
                    "local_notice", region, plan, forms, len(doc.measures))
        return doc

    def _transmittal(self, region: Region) -> _Document:
        doc = _Document()
        lead, prefix, others = self.issuers(region)
        signers = [lead, *others]
        plan_title = self.plan_title(region)
        quoted = f"《{plan_title}》" if self.rng.random() < 0.2 else plan_title
        top = len(signers) > 1 and self.rng.random() < 0.5  # issuers printed above the title
        in_title = not top and self.rng.random() < 0.5
        title = f"{lead.name if in_title else ''}关于印发{quoted}的通知"
        number, printed = self.number(prefix, parenthesised=self.rng.random() < 0.15)
        date, iso = self.date()
        own = self.rng.random() < 0.2  # the plan signed and dated on its own, a few days earlier
        if own:
            day = dt.date.fromisoformat(iso) - dt.timedelta(days=self.rng.randint(0, 20))
            plan_id, plan_date, plan_iso = self.unique_id(plan_title, self._print_date(day),
                                                          day.isoformat())
        else:  # the plan has the notice's date
            plan_id, date, iso = self.unique_id(plan_title, date, iso)
            plan_date, plan_iso = date, iso
        if top:
            doc.lines += [s.forms[0] for s in signers] + [""]
        doc.lines += [*self.title_lines(title), printed, self.rng.choice(region.addressees)]
        doc.lines += self.para(self.words("transmittal", region, plan=plan_title))
        doc.lines += self.signature(signers, one_line=top or self.rng.random() < 0.3)
        doc.lines.append(self.rng.choice(("", "   ")) + date)
        if self.rng.random() < 0.5:
            doc.lines.append(self.rng.choice(("（此件公开发布）", "（此件主动公开）")))
        doc.lines.append(plan_title)
        if self.rng.random() < 0.7:
            doc.lines += self.para(self.words("local_intro", region))
        body, doc.measures, doc.responsibilities, plan, forms = self.body(
            plan_id, region, lead, self._dialect(region))
        doc.lines += body
        # A line that repeats the file's first line starts a second copy for the loaders (see
        # the report): under issuers printed above the title, the plan signs on one line.
        plan_signers = signers if top else [lead]
        if own:
            doc.lines += [*self.signature(plan_signers, one_line=True), plan_date]
        self._truth(doc, number, title, iso, [*signers, *([lead] if in_title else [])],
                    "transmittal_notice", region)
        self._truth(doc, plan_id, plan_title, plan_iso, plan_signers if own else signers,
                    "transmitted_plan", region, plan, forms, len(doc.measures))
        return doc

    def plan_title(self, region: Region) -> str:
        title = self.fill(self.rng.choice(self.genre.titles["plan"]), region)
        return title + "（试行）" if self.rng.random() < 0.1 and not title.endswith("）") else title

    def _plan(self, region: Region) -> _Document:
        doc = _Document()
        lead, _prefix, others = self.issuers(region)
        signers = [lead, *others]
        title = self.plan_title(region)
        doc_id, date, iso = self.unique_id(title, *self.date())
        doc.lines += self.title_lines(title)
        if self.rng.random() < 0.8:
            doc.lines += self.para(self.words("local_intro", region))
        body, doc.measures, doc.responsibilities, plan, forms = self.body(
            doc_id, region, lead, self._dialect(region))
        doc.lines += body
        ending = self.rng.choice(("signed", "signed", "dated", "printed"))
        if ending == "signed":
            doc.lines += [*self.signature(signers, one_line=self.rng.random() < 0.3), date]
        elif ending == "dated":  # no signature: the title's place tells the jurisdiction
            signers = []
            doc.lines.append(date)
        else:  # 抄送 … and 某某办公厅 2023年3月16日印发, as plans re-posted without their notice
            day = dt.date.fromisoformat(iso)
            office = next((i for i, _ in region.issuers if i.key.endswith("gov-office")), lead)
            copy = self.genre.words["copy_to"][0 if region.self_name == "我市" else 1]
            doc.lines += [copy, f"{office.name} {day.year}年{day.month}月{day.day}日印发"]
            signers = [office]
        self._truth(doc, doc_id, title, iso, signers, "plan", region, plan, forms, len(doc.measures))
        return doc


# A title line ending in a word a title may end with, or like a body's name, ends the title
# or reads as an issuer: a title is never broken there.
_UNSAFE_BREAK = re.compile(r"(?:通知|通告|公告|方案|意见|办法|规划|计划|措施|决定|规定|细则|纲要|要点|"
                           r"清单|政策|条例|指南|指引|批复|函|报告|表|台账|部|委|局|署|办|厅|院|会|行|府|"
                           r"团|司|心|室|所|馆|社|处|站|组|班|关|区|市|县|省|“|《|（)$")


def _number(slots: list[_Slot]) -> None:
    for number, slot in zip(measure_numbers([s.path for s in slots]), slots, strict=True):
        slot.number = number


def _split(rng: random.Random, n: int, parts: int) -> list[int]:
    """``n`` split into ``parts`` positive sizes (fewer when ``n`` is small)."""
    parts = max(1, min(parts, n))
    cuts = sorted(rng.sample(range(1, n), parts - 1)) if parts > 1 else []
    return [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]


def _document_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"tradekg-genre:{seed}:{index}")


def generate_corpus(directory: Path, n: int, *, seed: int = 0) -> Truth:
    """Write ``n`` documents of the genre into ``directory``; return what reading them gives.

    Parameters
    ----------
    directory : Path
        Created if needed; receives ``doc00000.txt`` … (UTF-8).
    n : int
        Number of files. A file holding a 印发 notice holds two documents (the notice and
        the plan it transmits), so the truth may list more documents than files.
    seed : int, default 0
        The same seed gives the same bytes; document ``i`` depends only on the seed and the
        documents before it, so a smaller corpus is a prefix of a larger one.

    Returns
    -------
    Truth
        Per document its identifier (文号, or title and date), title, date, issuers and
        number of measures; per measure its number; per responsibility the agency as
        written and resolved, role, rank, open-endedness and clause.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
    ...     _ = generate_corpus(Path(a), 2, seed=7), generate_corpus(Path(b), 2, seed=7)
    ...     same = (Path(a) / "doc00001.txt").read_bytes() == (Path(b) / "doc00001.txt").read_bytes()
    >>> same
    True
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    genre = load_genre_data()
    taken: set[str] = set()
    documents: list[DocumentTruth] = []
    measures: list[MeasureTruth] = []
    rows: list[ResponsibilityTruth] = []
    for index in range(n):
        name = f"doc{index:05d}.txt"
        rng = _document_rng(seed, index)
        doc = _Writer(genre, rng, name, taken).write()
        text = "\n".join(doc.lines) + "\n"
        encoding = "utf-8-sig" if rng.random() < 0.02 else "utf-8"
        (directory / name).write_bytes(text.encode(encoding))
        documents += doc.documents
        measures += doc.measures
        rows += doc.responsibilities
    return Truth(tuple(documents), tuple(measures), tuple(rows))


# ---------------------------------------------------------------------------------------------
# Hostile sizes
# ---------------------------------------------------------------------------------------------


def _unknown_name(pool: str, index: int) -> str:
    """A body name the authority file does not know: 国家甲乙事务局 …"""
    digits = []
    while True:
        index, rest = divmod(index, len(pool))
        digits.append(pool[rest])
        if index == 0:
            break
        index -= 1
    return f"国家{''.join(reversed(digits))}事务局"


def _hostile_header(lines: list[str], title: str, number: str) -> None:
    lines += [title, number, "各省、自治区、直辖市人民政府：",
              "为进一步深化跨境贸易便利化改革，现将有关事宜通知如下。"]


def _distinct_bodies(genre: GenreData, size: int, kind: str) -> list[tuple[str, str]]:
    """``size`` distinct national bodies (as written, canonical): every third one unknown."""
    rng = random.Random(f"tradekg-hostile:{kind}:{size}")
    known = [(b.forms[0], b.name) for b in genre.region("CN").bodies]
    rng.shuffle(known)
    names: list[tuple[str, str]] = []
    unknown = 0
    while len(names) < size:
        if known and len(names) % 3 != 2:
            names.append(known.pop())
        else:
            name = _unknown_name(_UNKNOWN_POOL, unknown)
            unknown += 1
            names.append((name, name))
    return names


def _many_agencies(genre: GenreData, size: int) -> tuple[list[str], Truth]:
    names = _distinct_bodies(genre, size, "many_agencies")
    number = f"署岸发〔2024〕{size % 1000 + 1}号"
    lines: list[str] = []
    _hostile_header(lines, "关于公布口岸工作责任单位的通知", number)
    lines.append("一、重点任务")
    measures, rows = [], []
    widths = (1, 3, 8, 15, 30, 45)
    at, index = 0, 0
    while at < len(names):
        index += 1
        group = names[at:at + widths[index % len(widths)]]
        at += len(group)
        clause = f"（{'、'.join(n for n, _ in group)}按职责分工负责）"
        lines.append(f"{index}. 推进口岸工作任务落实。加强跨部门协作，提升通关效率。{clause}")
        measures.append(MeasureTruth(number, str(index), f"{index}."))
        roles = ["lead"] if len(group) == 1 else ["joint"] * len(group)
        rows += [ResponsibilityTruth(number, str(index), canonical, written, role, rank, False, clause)
                 for rank, ((written, canonical), role) in enumerate(zip(group, roles, strict=True), 1)]
    lines += ["海关总署", "2024年5月20日"]
    doc = DocumentTruth(number, "关于公布口岸工作责任单位的通知", "2024-05-20", ("海关总署",), len(measures),
                        "many_agencies.txt", "national_notice", "national", "CN", "1./run", 1,
                        ("joint", "single"))
    return lines, Truth((doc,), tuple(measures), tuple(rows))


def _many_measures(genre: GenreData, size: int) -> tuple[list[str], Truth]:
    number = f"署岸发〔2024〕{size % 1000 + 1}号"
    title = "关于落实口岸工作任务的通知"
    lines: list[str] = []
    _hostile_header(lines, title, number)
    bodies = [(b.forms[0], b.name) for b in genre.region("CN").bodies[:40]]
    measures, rows = [], []
    per_section = 100
    if size > per_section * 999:
        raise ValueError(f"many_measures writes at most {per_section * 999} measures")
    for i in range(size):
        section, item = divmod(i, per_section)
        if item == 0:
            lines.append(f"{chinese_numeral(section + 1)}、重点任务")
        written, canonical = bodies[i % len(bodies)]
        clause = f"（{written}负责）"
        lines.append(f"{item + 1}. 落实第{i + 1}项口岸工作任务。{clause}")
        measures.append((section + 1, item + 1))
    numbers = measure_numbers(measures)
    truth_measures = tuple(MeasureTruth(number, num, f"{m[1]}.") for num, m in zip(numbers, measures,
                                                                                   strict=True))
    for i, num in enumerate(numbers):
        written, canonical = bodies[i % len(bodies)]
        rows.append(ResponsibilityTruth(number, num, canonical, written, "lead", 1, False,
                                        f"（{written}负责）"))
    lines += ["海关总署", "2024年5月20日"]
    doc = DocumentTruth(number, title, "2024-05-20", ("海关总署",), size, "many_measures.txt",
                        "national_notice", "national", "CN", "1./restart" if size > per_section
                        else "1./run", 1, ("single",))
    return lines, Truth((doc,), truth_measures, tuple(rows))


def _long_clause(genre: GenreData, size: int) -> tuple[list[str], Truth]:
    number = f"署岸发〔2024〕{size % 1000 + 1}号"
    title = "关于明确口岸工作责任分工的通知"
    lines: list[str] = []
    _hostile_header(lines, title, number)
    names = _distinct_bodies(genre, size, "long_clause")
    first, last = genre.region("CN").bodies[0], genre.region("CN").bodies[1]
    clauses = [(f"（{first.forms[0]}负责）", [(first.forms[0], first.name)]),
               (f"（{'、'.join(n for n, _ in names)}按职责分工负责）", names),
               (f"（{last.forms[0]}负责）", [(last.forms[0], last.name)])]
    lines.append("一、重点任务")
    measures, rows = [], []
    for index, (clause, listed) in enumerate(clauses, 1):
        lines.append(f"{index}. 落实口岸工作任务。{clause}")
        measures.append(MeasureTruth(number, str(index), f"{index}."))
        roles = ["lead"] if len(listed) == 1 else ["joint"] * len(listed)
        rows += [ResponsibilityTruth(number, str(index), canonical, written, role, rank, False, clause)
                 for rank, ((written, canonical), role) in enumerate(zip(listed, roles, strict=True), 1)]
    lines += ["海关总署", "2024年5月20日"]
    doc = DocumentTruth(number, title, "2024-05-20", ("海关总署",), len(measures), "long_clause.txt",
                        "national_notice", "national", "CN", "1./run", 1, ("joint", "single"))
    return lines, Truth((doc,), tuple(measures), tuple(rows))


def _numbers_past_999(genre: GenreData, size: int) -> tuple[list[str], Truth]:
    number = f"署岸发〔2024〕{size % 1000 + 1}号"
    title = "关于落实口岸工作任务清单的通知"
    lines: list[str] = []
    _hostile_header(lines, title, number)
    lines.append("一、任务清单")
    bodies = [(b.forms[0], b.name) for b in genre.region("CN").bodies[:40]]
    measures, rows = [], []
    for i in range(1, size + 1):
        written, canonical = bodies[i % len(bodies)]
        clause = f"（{written}负责）"
        lines.append(f"{i}. 落实第{i}项口岸工作任务。{clause}")
        measures.append(MeasureTruth(number, str(i), f"{i}."))
        rows.append(ResponsibilityTruth(number, str(i), canonical, written, "lead", 1, False, clause))
    lines += ["海关总署", "2024年5月20日"]
    doc = DocumentTruth(number, title, "2024-05-20", ("海关总署",), size, "numbers_past_999.txt",
                        "national_notice", "national", "CN", "1./run", 1, ("single",))
    return lines, Truth((doc,), tuple(measures), tuple(rows))


def _unclosed_parens(size: int) -> tuple[list[str], Truth]:
    piece = ("（海关总署负责推进口岸通关便利化改革" + "持续优化口岸营商环境提升跨境贸易便利化水平" * 30)[:500]
    text = (piece * (size // 500 + 1))[:size]
    return [text], Truth()


def generate_hostile(directory: Path, kind: str, size: int) -> Truth:
    """Write one document of a hostile size into ``directory``; return what reading it gives.

    Parameters
    ----------
    directory : Path
        Created if needed; receives ``{kind}.txt``.
    kind : {"many_agencies", "many_measures", "unclosed_parens", "long_clause", "numbers_past_999"}
        ``many_agencies``: a national notice naming ``size`` distinct bodies in its clauses
        (every third one unknown to the authority file, and some clauses dozens of names
        long); ``many_measures``: a notice of ``size`` measures (sections of 100);
        ``unclosed_parens``: one line of ``size`` characters with a "（" every 500 that
        never closes (no document: the truth is empty); ``long_clause``: three measures,
        the second's clause listing ``size`` distinct bodies (chosen like
        ``many_agencies``'); ``numbers_past_999``: ``size`` measures numbered 1. to
        ``size``. in one section.
    size : int
        How many agencies, measures, characters or bodies.

    Returns
    -------
    Truth

    Raises
    ------
    ValueError
        For an unknown kind or a size below 1.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     truth = generate_hostile(Path(tmp), "many_measures", 250)
    ...     text = (Path(tmp) / "many_measures.txt").read_text(encoding="utf-8")
    >>> truth.documents[0].n_measures, truth.measures[-1].number, text.count("负责）")
    (250, '3.50', 250)
    """
    if kind not in HOSTILE_KINDS:
        raise ValueError(f"unknown hostile kind {kind!r}; choose one of {', '.join(HOSTILE_KINDS)}")
    if size < 1:
        raise ValueError("size must be at least 1")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    makers: dict[str, Callable[[], tuple[list[str], Truth]]] = {
        "many_agencies": lambda: _many_agencies(load_genre_data(), size),
        "many_measures": lambda: _many_measures(load_genre_data(), size),
        "unclosed_parens": lambda: _unclosed_parens(size),
        "long_clause": lambda: _long_clause(load_genre_data(), size),
        "numbers_past_999": lambda: _numbers_past_999(load_genre_data(), size),
    }
    lines, truth = makers[kind]()
    (directory / f"{kind}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return truth


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m benchmarks.genre generate|hostile|compare``; return the exit status.

    ``generate DIR N [--seed S] [--truth PATH]`` writes a corpus and its truth (by default
    ``DIR-truth.csv`` beside ``DIR``); ``hostile DIR KIND SIZE [--truth PATH]`` one hostile
    document (truth in ``DIR-KIND-truth.csv``); ``compare TRUTH OUT`` prints how a build's
    tables compare and exits with 1 unless they give the truth exactly.
    """
    parser = argparse.ArgumentParser(prog="python -m benchmarks.genre", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write N documents of the genre and their truth")
    gen.add_argument("directory", type=Path)
    gen.add_argument("n", type=int)
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--truth", type=Path, default=None, help="default: DIR-truth.csv beside DIR")
    hostile = commands.add_parser("hostile", help="write one document of a hostile size")
    hostile.add_argument("directory", type=Path)
    hostile.add_argument("kind", choices=HOSTILE_KINDS)
    hostile.add_argument("size", type=int)
    hostile.add_argument("--truth", type=Path, default=None, help="default: DIR-KIND-truth.csv")
    cmp = commands.add_parser("compare", help="compare a build's tables with a truth")
    cmp.add_argument("truth", type=Path)
    cmp.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "compare":
        comparison = compare(read_truth(args.truth), args.out)
        print(comparison.summary())
        return 0 if comparison.exact else 1
    start = time.perf_counter()
    if args.command == "generate":
        truth = generate_corpus(args.directory, args.n, seed=args.seed)
        where = args.truth or args.directory.with_name(f"{args.directory.name}-truth.csv")
    else:
        truth = generate_hostile(args.directory, args.kind, args.size)
        where = args.truth or args.directory.with_name(f"{args.directory.name}-{args.kind}-truth.csv")
    write_truth(truth, where)
    print(f"{len(truth.documents)} documents, {len(truth.measures)} measures, "
          f"{len(truth.responsibilities)} responsibilities in {time.perf_counter() - start:.1f} s; "
          f"truth in {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
