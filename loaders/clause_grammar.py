"""The declared grammar of responsibility clauses, read from ``ontology/clause_grammar.toml``.

The genre writes a clause's labels, verbs and 等 lists as a small grammar, not a list of
phrases: a label is (主要|具体)? + a role word + a few qualifier characters + a head noun +
：, so 牵头单位：, 主要责任单位：, 协同配合单位：, 责任处室： and 牵头督办部门： are all labels
whose role is their role word's. The words live in the TOML file; this module compiles
them into the patterns :mod:`loaders.clauses` matches parts of a clause against.

Examples
--------
>>> grammar = ClauseGrammar.default()
>>> grammar.read_label("牵头落实单位：市商务局")
LabelledList(strength='lead', label='牵头落实单位', names_people=False, rest='市商务局')
>>> grammar.strip_open_end("海关总署等国务院相关部门")
('海关总署', True)
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loaders.errors import TradeKGError

__all__ = ["GRAMMAR_FILE", "STRENGTHS", "ClauseGrammar", "LabelledList"]

GRAMMAR_FILE = "clause_grammar.toml"
"""The grammar's file name in ``ontology/``."""

STRENGTHS = ("lead", "guide", "generic", "support", "implement")
"""How strongly a role word or verb binds its list; :mod:`loaders.clauses` turns them into roles."""

_QUALIFIER = r"\u4e00-\u9fffA-Za-z0-9"
_MEASURE_REF = (r"第[\d一二三四五六七八九十百（）]+[项条款点]?"
                r"(?:[至到—\-~、和及]第?[\d一二三四五六七八九十百（）]+[项条款点]?)*(?:项|条|款|点|部分)?")
_DATE = (r"(?:(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:前|以前|之前)?"
         r"|\d{4}年(?:底|末|年底|上半年|下半年|内)?(?:前|以前|之前)?|(?:年底|年内|上半年|下半年)前?)")
_DEADLINE = re.compile(
    r"^(?:(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:前|以前|之前)?(?:完成)?"
    r"|\d{4}年(?:底|末|年底|上半年|下半年|内)?(?:前|以前|之前)?(?:完成)?"
    r"|(?:年底|年内|上半年|下半年)(?:前)?(?:完成)?"
    r"|\d{4}[-—–~至]\d{4}年?|长期(?:坚持|推进)?|持续(?:推进|实施)?|\d{4}年起)$"
)
_SCORE = r"\d+(?:\.\d+)?分(?!钟)"


@dataclass(frozen=True, slots=True)
class LabelledList:
    """A part that opens with a label: its strength, the label, and the list after the colon."""

    strength: str
    label: str
    names_people: bool
    rest: str


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so the longest word wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _words(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise TradeKGError(f"{where}: {key!r} must be a list of words")
    return value


def _strengths(table: dict[str, Any], where: str) -> dict[str, str]:
    if not isinstance(table, dict) or not table:
        raise TradeKGError(f"{where}: expected a table of word = strength")
    for word, strength in table.items():
        if strength not in STRENGTHS:
            raise TradeKGError(f"{where}: {word} = {strength!r}; a strength is one of "
                               f"{', '.join(STRENGTHS)}")
    return dict(table)


@dataclass(frozen=True, slots=True)
class ClauseGrammar:
    """The words of the clause grammar and the patterns compiled from them.

    Build one with :meth:`from_toml` or :meth:`default`; the fields are the declared
    words, the methods read one part of a clause.
    """

    role_words: dict[str, str]
    verbs: dict[str, str]
    head_nouns: tuple[str, ...]
    person_heads: frozenset[str]
    label_pattern: re.Pattern[str]
    statement_pattern: re.Pattern[str]
    verb_pattern: re.Pattern[str]
    open_end_pattern: re.Pattern[str]
    class_noun_pattern: re.Pattern[str]
    scope_pattern: re.Pattern[str]
    scope_sentence_pattern: re.Pattern[str]
    list_opener_pattern: re.Pattern[str]
    deadline_label_pattern: re.Pattern[str]
    progress_pattern: re.Pattern[str]
    score_pattern: re.Pattern[str]
    score_prefix_pattern: re.Pattern[str]
    order_note_pattern: re.Pattern[str]

    @classmethod
    def from_toml(cls, path: str | Path) -> ClauseGrammar:
        """Read a grammar file laid out like ``ontology/clause_grammar.toml``.

        Raises
        ------
        TradeKGError
            If the file cannot be read or parsed, or a table is missing or malformed;
            the message names the file and the table.
        """
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except OSError as err:
            raise TradeKGError(f"cannot read the clause grammar {path}: {err.strerror}") from err
        except tomllib.TOMLDecodeError as err:
            raise TradeKGError(f"{path}: not valid TOML: {err}") from err
        try:
            return cls._compile(data, str(path))
        except (KeyError, TypeError) as err:
            raise TradeKGError(f"{path}: missing or malformed table {err}") from err

    @classmethod
    def _compile(cls, data: dict[str, Any], where: str) -> ClauseGrammar:
        labels = data["labels"]
        role_words = _strengths(labels["role_words"], f"{where} [labels.role_words]")
        heads = _words(labels, "head_nouns", f"{where} [labels]")
        prefixes = _words(labels, "prefixes", f"{where} [labels]")
        person_heads = frozenset(_words(labels, "person_heads", f"{where} [labels]"))
        qualifier = int(labels["max_qualifier"])
        bare = _words(labels, "bare_labels", f"{where} [labels]")
        unknown = sorted(set(bare) - set(role_words))
        if unknown:
            raise TradeKGError(f"{where} [labels]: bare labels {', '.join(unknown)} are no role words")
        head = f"(?P<head>{_alternation(heads)})"
        label = (f"(?:{_alternation(prefixes)})?(?:(?P<role>{_alternation(list(role_words))})"
                 f"[{_QUALIFIER}]{{0,{qualifier}}}?{head}|(?P<bare>{_alternation(bare)}))")
        statement = (f"(?:{_alternation(prefixes)})?(?:{_alternation(list(role_words))})"
                     f"[{_QUALIFIER}]{{0,{qualifier}}}?(?:{_alternation(heads)})")
        verbs = _strengths(data["verbs"]["strengths"], f"{where} [verbs.strengths]")
        modifiers = _words(data["verbs"]["modifiers"], "words", f"{where} [verbs.modifiers]")
        verb = re.compile("^(?P<list>.*?)(?P<mod>" + "|".join(map(re.escape, modifiers)) + ")*"
                          f"(?P<verb>{_alternation(list(verbs))})$")
        lists = data["open_lists"]
        quals = _alternation(_words(lists, "qualifiers", f"{where} [open_lists]"))
        places = _alternation(_words(lists, "jurisdictions", f"{where} [open_lists]"))
        nouns = _alternation(_words(lists, "class_nouns", f"{where} [open_lists]"))
        joiners = _alternation(_words(lists, "joiners", f"{where} [open_lists]"))
        kind = f"(?:{quals})?(?:{places})?(?:{quals})?(?:{nouns})"
        count = r"(?:\d+|[一二三四五六七八九十]+)(?:个|家)"
        open_end = re.compile(f"等(?:{count})?(?:{kind}(?:(?:{joiners}){kind})*)?$")
        sentences = data["scope_sentences"]
        locators = _words(sentences, "locators", f"{where} [scope_sentences]")
        measure_words = _words(sentences, "measure_words", f"{where} [scope_sentences]")
        adverbs = _words(sentences, "adverbs", f"{where} [scope_sentences]")
        appliers = _words(sentences, "appliers", f"{where} [scope_sentences]")
        openers = _words(sentences, "list_openers", f"{where} [scope_sentences]")
        located = (f"(?:(?:{_alternation(locators)}|{_MEASURE_REF})+(?:{_alternation(measure_words)})?"
                   f"|{_alternation(measure_words)})")
        scope_sentence = re.compile(
            f"^(?:{located}(?:{_alternation(adverbs)})?(?:{_alternation(appliers)})"
            f"|(?:下同|以下同|后同|同上|不再列出)"
            f"|适用于.+)$")
        scope_labels = _words(data["scopes"], "labels", f"{where} [scopes]")
        deadline_labels = _words(data["deadlines"], "labels", f"{where} [deadlines]")
        progress = _alternation(_words(data["deadlines"], "progress", f"{where} [deadlines]"))
        score_labels = _words(data["scores"], "labels", f"{where} [scores]")
        order_words = _alternation(_words(data["order_notes"], "words", f"{where} [order_notes]"))
        return cls(
            role_words=role_words,
            verbs=verbs,
            head_nouns=tuple(heads),
            person_heads=person_heads,
            label_pattern=re.compile(f"^(?P<label>{label})：(?P<rest>.*)$"),
            statement_pattern=re.compile(
                r"(?:^|(?<=[。；\n])|(?<=分）))[ \t]*((?:" + statement + r")：[^。\n（）]{1,200}?)"
                r"(?=[。\n]|$)", re.M),
            verb_pattern=verb,
            open_end_pattern=open_end,
            class_noun_pattern=re.compile(f"^{kind}$"),
            scope_pattern=re.compile(f"^(?:{_alternation(scope_labels)})：(.*)$"),
            scope_sentence_pattern=scope_sentence,
            list_opener_pattern=re.compile(f"^(?:{_alternation(openers)})"),
            deadline_label_pattern=re.compile(f"^(?:{_alternation(deadline_labels)})：(.*)$"),
            progress_pattern=re.compile(f"^{_DATE}?(?:{progress})(?:并?(?:{progress}))*$"),
            score_pattern=re.compile(f"^(?:(?:{_alternation(score_labels)})：)?[（]?(?P<score>{_SCORE})[）]?$"),
            score_prefix_pattern=re.compile(f"^[（]?{_SCORE}[）]?[，]?"),
            order_note_pattern=re.compile(f"(?:{order_words})"),
        )

    @staticmethod
    @functools.cache
    def default() -> ClauseGrammar:
        """The grammar shipped in ``ontology/clause_grammar.toml`` (read once, on first use)."""
        from ontology import data_path

        return ClauseGrammar.from_toml(data_path(GRAMMAR_FILE))

    def read_label(self, part: str) -> LabelledList | None:
        """Read a labelled part (``牵头单位：X``); None if the part opens with no label.

        Parameters
        ----------
        part : str
            One part of a clause, width-normalised (the colon is ：).

        Examples
        --------
        >>> g = ClauseGrammar.default()
        >>> [g.read_label(p).strength for p in ("主要责任单位：甲", "协同配合单位：乙", "指导部门：丙")]
        ['generic', 'support', 'guide']
        >>> g.read_label("牵头领导：分管副市长").names_people, g.read_label("甲局牵头") is None
        (True, True)
        >>> g.read_label("配合：乙局").strength, g.read_label("推进：2099年底前") is None
        ('support', True)
        """
        m = self.label_pattern.match(part)
        if m is None:
            return None
        strength = self.role_words[m["role"] or m["bare"]]
        return LabelledList(strength, m["label"], m["head"] in self.person_heads, m["rest"])

    def is_role_column(self, header: str) -> bool:
        """Tell whether a table's column header is a label (牵头单位, 主要责任部门, 协办单位).

        Examples
        --------
        >>> g = ClauseGrammar.default()
        >>> [g.is_role_column(h) for h in ("牵头落实单位", "配合部门", "重点任务", "负责")]
        [True, True, False, False]
        """
        label = self.read_label(header + "：")
        return label is not None and not label.rest and header.endswith(self.head_nouns)

    def read_verb(self, part: str) -> tuple[str, str] | None:
        """Read a list closed by a role verb: (list, strength), or None.

        Examples
        --------
        >>> ClauseGrammar.default().read_verb("甲局、乙局按职责分工负责")
        ('甲局、乙局', 'generic')
        """
        m = self.verb_pattern.match(part)
        return None if m is None else (m["list"], self.verbs[m["verb"]])

    def strip_open_end(self, name: str) -> tuple[str, bool]:
        """Strip 等 and the class noun after it (等有关部门和单位); say whether one was there.

        Examples
        --------
        >>> g = ClauseGrammar.default()
        >>> [g.strip_open_end(n) for n in ("甲局等有关部门和单位", "乙局等省直有关单位", "丙局")]
        [('甲局', True), ('乙局', True), ('丙局', False)]
        """
        bare = self.open_end_pattern.sub("", name)
        return bare, bare != name

    def is_class_noun(self, text: str) -> bool:
        """Tell whether ``text`` names a kind of body (有关单位, 省直部门), as after 等."""
        return bool(self.class_noun_pattern.match(text))

    def is_deadline(self, part: str) -> str | None:
        """The deadline a part states (2022年底前, 6月底完成, 完成时限：2022年底), or None.

        A date followed by progress phrases (5月底取得明显成效并持续推进) says when, too.

        Examples
        --------
        >>> g = ClauseGrammar.default()
        >>> g.is_deadline("6月底完成"), g.is_deadline("完成时限：2023年底"), g.is_deadline("甲局")
        ('6月底完成', '2023年底', None)
        >>> g.is_deadline("5月底取得明显成效并持续推进"), g.is_deadline("持续优化")
        ('5月底取得明显成效并持续推进', '持续优化')
        """
        if m := self.deadline_label_pattern.match(part):
            return m.group(1)
        return part if _DEADLINE.match(part) or self.progress_pattern.match(part) else None

    def score_of(self, part: str) -> str | None:
        """The score a part states (0.5分, （1分）, 分值：2分), or None.

        Examples
        --------
        >>> g = ClauseGrammar.default()
        >>> g.score_of("0.5分"), g.score_of("分值：2分"), g.score_of("5分钟")
        ('0.5分', '2分', None)
        """
        m = self.score_pattern.match(part)
        return None if m is None else m["score"]

    def strip_score(self, part: str) -> tuple[str, str | None]:
        """Split a score off the front of a labelled part: （0.5分）牵头单位：X → (牵头单位：X, 0.5分)."""
        m = self.score_prefix_pattern.match(part)
        if m is None or not self.label_pattern.match(part[m.end():]):
            return part, None
        return part[m.end():], m.group(0).strip("（），")

    def is_order_note(self, part: str) -> bool:
        """Tell whether a part says how a list is ordered (各单位按行政序列排序, 排名不分先后).

        Examples
        --------
        >>> g = ClauseGrammar.default()
        >>> [g.is_order_note(p) for p in ("各相关单位按行政序列排序", "排名不分先后", "甲局负责")]
        [True, True, False]
        """
        return bool(self.order_note_pattern.search(part))

    def scope_of(self, part: str) -> str | None:
        """The scope a part states (适用范围：重庆自贸试验区 → 重庆自贸试验区), or None."""
        m = self.scope_pattern.match(part)
        return None if m is None else m.group(1)

    def is_scope_sentence(self, part: str) -> bool:
        """Tell whether a part says which measures a rule applies to (以下各项同, 本部分下同).

        Examples
        --------
        >>> g = ClauseGrammar.default()
        >>> [g.is_scope_sentence(p) for p in ("以下各项同", "第1至5项均适用", "下同", "甲局负责")]
        [True, True, True, False]
        """
        return bool(self.scope_sentence_pattern.match(part))

    def strip_list_opener(self, text: str) -> tuple[str, str | None]:
        """Split a locator off a list (此项由甲局 → 甲局, 此项由); the locator is not a name."""
        m = self.list_opener_pattern.match(text)
        return (text, None) if m is None else (text[m.end():], m.group(0))
