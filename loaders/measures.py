"""Measures of a document body: numbered items that carry responsibility clauses.

The body's outline gives the numbered items; its parentheses give the clauses. Each clause
belongs to the innermost item around it, lifted to the document's *measure level*: the
numbering style most clauses sit in (``1.`` in the national seed, ``（一）`` in plans that
number measures that way), so sub-points (（1）) stay inside their measure. Numbers restart
in each section in some documents; there a measure's number is qualified by its section
(``2.3``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from loaders.clauses import (
    Clause,
    Parenthesis,
    clause_shape,
    find_labelled_statements,
    find_parentheses,
    looks_like_body,
    parse_responsibility_clause,
    read_bare_agency_list,
)
from loaders.dates import parse_deadline
from loaders.normalize import compact
from loaders.numbering import MAX_DIGITS
from loaders.outline import Item, build_outline, innermost_item
from loaders.records import (
    ConceptMention,
    DocumentRule,
    Measure,
    PlaceMention,
    Responsibility,
    Section,
    Severity,
    Target,
)
from loaders.targets import find_targets
from loaders.task_tables import find_task_rows

if TYPE_CHECKING:
    from loaders.clause_grammar import ClauseGrammar
    from loaders.parse_context import ParseContext
    from loaders.reference import ReferenceData

__all__ = ["MeasureBuilder", "pick_measure_items"]

_TITLE_STOP = re.compile(r"[。：:；;\n]")
_NAME_PIECES = re.compile(r"[、，,；;和及]")
_CLAUSE_HINT = re.compile(r"负责|牵头|配合|参与|落实|责任单|牵头单|负责部|单位[：:]|部门[：:]")
_LEADING_DIGITS = re.compile(r"\d+")
_EXCERPT = 80  # characters of an unclosed bracket's text quoted in its finding
_NAME_GAP = 200  # characters between two names of a clause (labels, verbs) looked through


@dataclass(slots=True)
class _FoundClause:
    paren: Parenthesis
    clause: Clause
    item: Item | None


def pick_measure_items(clause_items: list[Item | None]) -> dict[int, Item]:
    """Map each clause (by index) to its measure item, lifted to the measure level.

    Examples
    --------
    >>> from loaders.outline import build_outline
    >>> text = "一、任务\\n1.甲。（X局负责）\\n（1）细项（Y局负责）\\n2.乙（Z局负责）"
    >>> items = build_outline(text, 0, len(text))
    >>> found = pick_measure_items([items[1], items[2], items[3]])
    >>> [found[i].marker.label for i in range(3)]
    ['1.', '1.', '2.']
    """
    styles = Counter(item.marker.style for item in clause_items if item is not None)
    if not styles:
        return {}
    # The shallowest of the most common styles: sub-points never outvote their measures.
    top = max(styles.values())
    level = min((s for s, n in styles.items() if n == top),
                key=lambda s: next(i.marker.rank for i in clause_items
                                   if i is not None and i.marker.style == s))
    out: dict[int, Item] = {}
    for index, item in enumerate(clause_items):
        if item is None:
            continue
        chosen = next((a for a in [item, *item.ancestors()] if a.marker.style == level), item)
        out[index] = chosen
    return out


class MeasureBuilder:
    """Build the measures, sections and rules of one document body.

    Parameters
    ----------
    src : ParseContext
        The text being parsed, with its span and finding helpers.
    ref : ReferenceData
        Authority file, gazetteer, concept scheme.
    doc_id : str
        The document's identifier, named in findings.
    jurisdiction : str or None
        The document's jurisdiction code, for resolving 市/省 names.
    """

    def __init__(self, src: ParseContext, ref: ReferenceData, doc_id: str,
                 jurisdiction: str | None) -> None:
        self.src = src
        self.ref = ref
        self.doc_id = doc_id
        self.jurisdiction = jurisdiction

    def build(self, start: int, end: int) -> tuple[list[Measure], list[Section],
                                                   list[DocumentRule]]:
        """Read the body ``text[start:end]``; return its measures, sections and rules."""
        norm = self.src.norm
        unread_numbers: list[int] = []
        items = build_outline(norm, start, end, unread_numbers)
        self._report_unread_numbers(unread_numbers)
        for item in items:
            item.end = min(item.end, end)
            item.own_end = min(item.own_end, end)
        found, rules, unread = self._clauses(items, start, end)
        measure_of = pick_measure_items([f.item for f in found])
        by_item: dict[int, list[_FoundClause]] = {}
        order: list[Item] = []
        for index, hit in enumerate(found):
            chosen = measure_of.get(index)
            if chosen is None:
                self.src.note(Severity.WARNING, "clause_outside_measure", hit.paren.start,
                              "a responsibility clause outside any numbered item was not "
                              "attached to a measure", self.src.text[hit.paren.start:hit.paren.end])
                continue
            if id(chosen) not in by_item:
                by_item[id(chosen)] = []
                order.append(chosen)
            by_item[id(chosen)].append(hit)
        order.sort(key=lambda i: i.start)
        self._report_items_without_clause(order)
        numbers = _measure_numbers(order)
        sections: dict[str, Section] = {}
        measures = []
        for item in order:
            section = self._section(item.parent, sections)
            measures.append(self._measure(item, numbers[id(item)], section, by_item[id(item)]))
        rules_out = [_with_measure(r, numbers, measure_of) for r in rules]
        table = self._table_measures(start, end, {m.number for m in measures})
        self._report_unread_majority(unread, len(found) + len(table))
        measures += table
        return measures, sorted(sections.values(), key=lambda s: s.span.start), rules_out

    def _table_measures(self, start: int, end: int, taken: set[str]) -> list[Measure]:
        """Rows of 任务分工 tables, each a measure with the clause its role columns spell."""
        out = []
        grammar = self.ref.clause_grammar
        for row in find_task_rows(self.src.norm, start, end, grammar):
            clause = parse_responsibility_clause(row.clause, is_known=self.ref.agencies.is_known,
                                                 grammar=grammar)
            if clause is None or not clause.responsibilities:
                self.src.note(Severity.WARNING, "broken_clause", row.start,
                              "a task-table row names no agency in its role columns; skipped",
                              self.src.text[row.start:row.end])
                continue
            number = row.number if row.number not in taken else f"T{row.number}"
            taken.add(number)
            span = self.src.span(row.start, row.end)
            written = self._as_written([r.name for r in clause.responsibilities], row.start, row.end)
            agencies = self.ref.agencies.resolve_listed([r.name for r in clause.responsibilities],
                                                        self.jurisdiction)
            responsibilities = tuple(
                Responsibility(agency, as_written, listed.role, listed.rank, clause.open_ended,
                               row.clause, 1, span, clause.scope)
                for listed, as_written, agency in zip(clause.responsibilities, written, agencies,
                                                      strict=True))
            text = _blank(self.src.norm, row.task_start, row.task_start + len(row.task), [])
            targets = self._targets(text, row.task_start, [])
            if row.deadline and (due := parse_deadline(row.deadline)):
                targets += (Target(row.deadline, due, None, None, None, None, span),)
            out.append(Measure(
                number=number, label=row.number, title=compact(_TITLE_STOP.split(row.task)[0])[:80],
                text=self.src.text[row.start:row.end], section=None, span=span,
                responsibilities=responsibilities, concepts=self._concepts(text, row.task_start),
                places=self._places(text, row.task_start), targets=targets))
        return out

    def _report_unread_numbers(self, offsets: list[int]) -> None:
        """A line that opens with a number too long to read is said, never merged silently."""
        for at in offsets:
            digits = _LEADING_DIGITS.match(self.src.norm, at)
            shown = digits.group() if digits else ""
            shown = shown if len(shown) <= 20 else shown[:20] + "…"
            self.src.note(Severity.WARNING, "unread_number", at,
                          f"line {self.src.line(at)} opens with the number {shown}, longer than "
                          f"{MAX_DIGITS} digits, which is not read as a measure number; its text "
                          "is read as part of the numbered item before it")

    def _report_items_without_clause(self, measures: list[Item]) -> None:
        """A sibling of measures with no clause of its own is noted, not silently dropped."""
        chosen = {id(m) for m in measures}
        styles = {m.marker.style for m in measures}
        parents = {id(m.parent): m.parent for m in measures if m.parent is not None}
        for parent in parents.values():
            for item in parent.children:
                if id(item) not in chosen and item.marker.style in styles:
                    self.src.note(Severity.INFO, "item_without_clause", item.start,
                                  f"numbered item {item.marker.label.strip()}{self._title(item)} "
                                  "has no responsibility clause; not counted as a measure")

    def _report_unread_majority(self, unread: list[Parenthesis], read: int) -> None:
        """Warn when most parentheses that name a body were not read: a form the grammar lacks."""
        if len(unread) <= read:
            return
        known = self.ref.agencies.is_known
        shapes = Counter(clause_shape(p.inner, known) for p in unread)
        shape, count = shapes.most_common(1)[0]
        first = next(p for p in unread if clause_shape(p.inner, known) == shape)
        self.src.note(Severity.WARNING, "unread_clauses", first.start,
                      f"{len(unread)} of {len(unread) + read} parentheses that name a body were not "
                      f"read as responsibility clauses; the most common shape is {shape} ({count}×). "
                      "If it is a clause form, add its words to ontology/clause_grammar.toml",
                      self.src.text[first.start:first.end])

    def _clauses(self, items: list[Item], start: int, end: int,
                 ) -> tuple[list[_FoundClause], list[tuple[int, DocumentRule]], list[Parenthesis]]:
        """Parse every parenthesis of the body; keep clauses, report the rest (returned too)."""
        src, known, grammar = self.src, self.ref.agencies.is_known, self.ref.clause_grammar
        first_leads = False
        found: list[_FoundClause] = []
        rules: list[tuple[int, DocumentRule]] = []
        unread: list[Parenthesis] = []
        for paren in _clause_candidates(src.norm, start, end, grammar):
            if not paren.closed:
                self._report_unclosed(paren, first_leads)
                continue
            literal = src.text[paren.start:paren.end]
            clause = parse_responsibility_clause(paren.inner, first_listed_leads=first_leads,
                                                 is_known=known, grammar=grammar)
            if clause is None and _after_sentence_end(src.norm, paren.start):
                clause = read_bare_agency_list(paren.inner, is_known=known,
                                               first_listed_leads=first_leads, grammar=grammar)
            if clause is None:
                if self._names_a_body(paren.inner):
                    unread.append(paren)
                    src.note(Severity.INFO, "unread_parenthesis", paren.start,
                             "a parenthesis names a body but was not read as a "
                             "responsibility clause", literal)
                continue
            if not clause.responsibilities:
                src.note(Severity.WARNING, "broken_clause", paren.start,
                         "a responsibility clause names no agency; skipped", literal)
                continue
            for part in clause.unread:
                if self._names_a_body(part):
                    src.note(Severity.INFO, "unread_clause_part", paren.start,
                             f"{part!r} in a responsibility clause names a body but no verb or "
                             "label binds it; not listed", literal)
            for name in clause.doubtful:
                src.note(Severity.WARNING, "doubtful_agency", paren.start,
                         f"{name!r} in a responsibility clause does not look like the name "
                         "of a body; kept as an unresolved agency", literal)
            index = len(found)
            found.append(_FoundClause(paren, clause, innermost_item(items, paren.start)))
            if clause.first_listed_leads:
                rules.append((index, self._rule("first_listed_leads", literal, paren, None)))
                first_leads = first_leads or clause.onward
            if clause.implementing_actor:
                rules.append((index, self._rule("implementing_actor", literal, paren,
                                                clause.implementing_actor)))
        return found, rules, unread

    def _report_unclosed(self, paren: Parenthesis, first_leads: bool) -> None:
        """A bracket that never closes: a warning with its line and column, and what it held."""
        src = self.src
        where = f"（ opened at line {src.line(paren.start)}, column {src.column(paren.start)} never closes"
        clause = parse_responsibility_clause(paren.inner, first_listed_leads=first_leads,
                                             is_known=self.ref.agencies.is_known,
                                             grammar=self.ref.clause_grammar)
        excerpt = src.text[paren.start:min(paren.end, paren.start + _EXCERPT)].rstrip()
        excerpt += "…" if paren.end > paren.start + _EXCERPT else ""
        if clause is not None or _CLAUSE_HINT.search(paren.inner):
            src.note(Severity.WARNING, "broken_clause", paren.start,
                     f"{where}; the responsibility clause it opens was not read", excerpt)
        else:
            src.note(Severity.WARNING, "unclosed_parenthesis", paren.start, where, excerpt)

    def _rule(self, kind: str, literal: str, paren: Parenthesis,
              actor: str | None) -> DocumentRule:
        return DocumentRule(kind, literal, "", actor, self.src.span(paren.start, paren.end))

    def _names_a_body(self, inner: str) -> bool:
        pieces = [p for p in _NAME_PIECES.split(compact(inner)) if p]
        return any(self.ref.agencies.is_known(p) or (looks_like_body(p) and len(p) <= 30)
                   for p in pieces)

    def _section(self, item: Item | None, sections: dict[str, Section]) -> str | None:
        """Record the section (and its parents) an item sits in; return its number."""
        if item is None:
            return None
        number = ".".join(map(str, item.path))
        if number not in sections:
            parent = self._section(item.parent, sections)
            title = self._title(item)
            sections[number] = Section(number, item.marker.label.strip(), title, parent,
                                       self.src.span(item.start, _trimmed_end(self.src.norm,
                                                                              item.start,
                                                                              item.own_end)))
        return number

    def _title(self, item: Item) -> str:
        own = self.src.text[item.marker.end:item.own_end]
        stop = _TITLE_STOP.search(own)
        title = own[: stop.start()] if stop else own
        return compact(title).rstrip("，,")[:80]

    def _measure(self, item: Item, number: str, section: str | None,
                 hits: list[_FoundClause]) -> Measure:
        src = self.src
        stop = _trimmed_end(src.norm, item.start, item.end)
        responsibilities = []
        for index, hit in enumerate(hits, start=1):
            literal = src.text[hit.paren.start:hit.paren.end]
            span = src.span(hit.paren.start, hit.paren.end)
            written = self._as_written([r.name for r in hit.clause.responsibilities],
                                       hit.paren.start, hit.paren.end)
            agencies = self.ref.agencies.resolve_listed([r.name for r in hit.clause.responsibilities],
                                                        self.jurisdiction)
            for listed, as_written, agency in zip(hit.clause.responsibilities, written, agencies,
                                                  strict=True):
                responsibilities.append(Responsibility(
                    agency, as_written, listed.role, listed.rank, hit.clause.open_ended,
                    literal, index, span, hit.clause.scope))
        blanked = _blank(src.norm, item.start, stop, [h.paren for h in hits])
        return Measure(
            number=number,
            label=item.marker.label.strip(),
            title=self._title(item),
            text=src.text[item.start:stop],
            section=section,
            span=src.span(item.start, stop),
            responsibilities=tuple(responsibilities),
            concepts=self._concepts(blanked, item.start),
            places=self._places(blanked, item.start),
            targets=self._targets(blanked, item.start, hits),
        )

    def _as_written(self, names: list[str], start: int, end: int) -> list[str]:
        """The names of a clause as the file writes them: in a Traditional text, the original
        characters where the Simplified name stands (names are in listed order, so each is
        looked for a little after the one before); elsewhere the names themselves."""
        if not self.src.converted:
            return names
        out, cursor = [], start
        for name in names:
            at = self.src.norm.find(name, cursor, min(end, cursor + len(name) + _NAME_GAP))
            if at < 0:
                out.append(name)
                continue
            out.append(self.src.text[at:at + len(name)])
            cursor = at + len(name)
        return out

    def _concepts(self, text: str, offset: int) -> tuple[ConceptMention, ...]:
        seen: dict[str, ConceptMention] = {}
        for concept, _label, a, b in self.ref.concepts.find(text):
            seen.setdefault(concept.iri, ConceptMention(
                concept.iri, self.src.text[offset + a:offset + b],
                self.src.span(offset + a, offset + b)))
        return tuple(seen.values())

    def _places(self, text: str, offset: int) -> tuple[PlaceMention, ...]:
        seen: dict[str, PlaceMention] = {}
        for place, _label, a, b in self.ref.gazetteer.find(text):
            seen.setdefault(place.key, PlaceMention(
                place.key, self.src.text[offset + a:offset + b],
                self.src.span(offset + a, offset + b)))
        return tuple(seen.values())

    def _targets(self, text: str, offset: int, hits: list[_FoundClause]) -> tuple[Target, ...]:
        out = [Target(self.src.text[offset + t.start:offset + t.end], t.due, t.metric, t.value,
                      t.unit, t.comparator, self.src.span(offset + t.start, offset + t.end))
               for t in find_targets(text)]
        for hit in hits:
            if hit.clause.deadline and (due := parse_deadline(hit.clause.deadline)):
                out.append(Target(hit.clause.deadline, due, None, None, None, None,
                                  self.src.span(hit.paren.start, hit.paren.end)))
        return tuple(out)


_SENTENCE_ENDS = frozenset("。；;！!？?")


def _after_sentence_end(norm: str, at: int) -> bool:
    """Whether the text before ``at`` (spaces skipped) ends a sentence: where a clause stands."""
    before = norm[max(0, at - 40):at].rstrip()
    return bool(before) and before[-1] in _SENTENCE_ENDS


def _clause_candidates(norm: str, start: int, end: int,
                       grammar: ClauseGrammar) -> list[Parenthesis]:
    """Parentheses, and labelled statements outside them, in text order."""
    parens = find_parentheses(norm, start, end)
    inside = [(p.start, p.end) for p in parens]
    labelled = [s for s in find_labelled_statements(norm, start, end, grammar)
                if not any(a <= s.start < b for a, b in inside)]
    return sorted(parens + labelled, key=lambda p: p.start)


def _with_measure(pair: tuple[int, DocumentRule], numbers: dict[int, str],
                  measure_of: dict[int, Item]) -> DocumentRule:
    """Fill in the measure a rule was stated in."""
    index, rule = pair
    item = measure_of.get(index)
    number = numbers.get(id(item), "") if item is not None else ""
    return DocumentRule(rule.kind, rule.text, number, rule.actor, rule.span)


def _measure_numbers(items: list[Item]) -> dict[int, str]:
    """Arabic numbers for measures, qualified by section where numbering restarts."""
    plain = [str(i.marker.value) for i in items]
    if len(set(plain)) == len(plain):
        return {id(i): n for i, n in zip(items, plain, strict=True)}
    by_parent = [f"{i.parent.marker.value}.{i.marker.value}" if i.parent else str(i.marker.value)
                 for i in items]
    if len(set(by_parent)) == len(by_parent):
        return {id(i): n for i, n in zip(items, by_parent, strict=True)}
    return {id(i): ".".join(map(str, i.path)) for i in items}


def _trimmed_end(norm: str, start: int, end: int) -> int:
    while end > start and norm[end - 1].isspace():
        end -= 1
    return end


def _blank(norm: str, start: int, end: int, parens: list[Parenthesis]) -> str:
    """The item's text with its clauses replaced by spaces (same length)."""
    chars = list(norm[start:end])
    for paren in parens:
        for i in range(max(paren.start, start), min(paren.end, end)):
            chars[i - start] = " "
    return "".join(chars)
