"""Responsibility clauses: the parenthesised lists of bodies that close a measure.

A clause names bodies and what they do: （海关总署牵头，商务部、市场监管总局等相关部门按
职责分工负责）, （责任单位：市工业和信息化局、市科技局）, （X指导，Y参与）. A clause is split at
its commas and semicolons into *parts*; each part is a labelled list (``牵头单位：X``), a
list closed by a role verb (``X、Y按职责分工负责``), a scope (``适用范围：…``), a deadline
(``2022年底前``) or a rule for the rest of the document (``排名第一的单位为牵头单位，下同``).
A list without a verb continues the labelled list before it, or joins the next verb.

The words of labels, verbs, 等 + class nouns, scopes, deadlines and scores are declared in
``ontology/clause_grammar.toml`` (:mod:`loaders.clause_grammar`), so 牵头落实单位： reads like
牵头单位： and 等有关部门和单位 names no body.

Roles follow ``extraction-rules.md``: explicit 牵头 leads; 指导 guides; beside a lead every
other body participates; without one, a 负责 list beside a 配合/参与 list leads; otherwise a
single body leads and several are joint, unless a document rule makes the first listed lead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from loaders.clause_grammar import ClauseGrammar
from loaders.normalize import compact
from loaders.numbering import starts_numbered_item
from loaders.records import Role

__all__ = [
    "Clause",
    "ListedAgency",
    "Parenthesis",
    "clause_shape",
    "find_labelled_statements",
    "find_parentheses",
    "looks_like_body",
    "parse_responsibility_clause",
    "read_bare_agency_list",
]

# How strongly a part's verb or label binds its list (see ontology/clause_grammar.toml).
_LEAD, _GUIDE, _GENERIC, _IMPLEMENT, _SUPPORT = "lead", "guide", "generic", "implement", "support"

_FIRST_LEADS = re.compile(
    r"(?:排名|排在|排序|列|位列|名列)?第一(?:位|个|名)?(?:的)?(?:单位|部门|者)?(?:为|是)"
    r"(?:牵头|主责)(?:单位|部门)?"
)
_ONWARD = re.compile(r"下同|以下同|后同")
# A scope sentence that reaches the measures after this one (本部分各项均适用, 以下各项同).
_ONWARD_SCOPE = re.compile(r"^(?!以上|上述).*(?:下同|以下|后同|下列|本部分|本章|本节|全文)")
_LONGEST_NAME = 60  # characters: longer than any name of the authority file (the longest: 31)
# The actor is a body's name: bounded, so a part that repeats 以下均 is read in linear time.
_IMPLEMENTER = re.compile(rf"以下(?:各项)?(?:均需|均须|均由|都需|均)(?P<actor>.{{1,{_LONGEST_NAME}}}?)"
                          r"(?:负责)?落实")
_COLLECTIVE = re.compile(r"^(?:各|有关|相关|其他|其它|各有关|各相关|省直|市直)")
_ADMIN_WORD = re.compile(r"^(?:各|有关|相关)?(?:区|市|县|区县|区市|县区|州|盟|旗|乡|镇|"
                         r"地|县级|市级|街道)$")
_BODY_SUFFIX = re.compile(
    r"(?:部|委|局|署|办|厅|院|会|行|政府|集团|公司|中心|办公室|委员会|管委会|管委|实验室|研究所|"
    r"所|馆|社|银行|分行|支行|海关|单位|部门|机构|协会|组|专班|大学|学院|学校|法院|总队|"
    r"支队|站|处|室|团|办事处|基地|联盟|各区市|各市|各区县)$"
)
_SUFFIX_WINDOW = 8  # characters: longer than any word of _BODY_SUFFIX
_JOINERS = ("以及", "和", "及", "与")
_LONGEST_JOINED = 200  # characters: longer than any few body names joined by 和/及 (the longest name: 31)
_SPLIT = re.compile(r"[，,；;。]")


@dataclass(frozen=True, slots=True)
class Parenthesis:
    """A parenthesised group of the text: ``start``/``end`` include the brackets."""

    start: int
    end: int
    inner: str
    closed: bool = True


@dataclass(frozen=True, slots=True)
class ListedAgency:
    """One body as a clause lists it: the name as written, its role and its rank."""

    name: str
    role: Role
    rank: int


@dataclass(frozen=True, slots=True)
class Clause:
    """A parsed responsibility clause.

    ``open_ended`` is True when the list is not exhaustive (等, 等相关部门, 会同有关部门).
    ``first_listed_leads`` is True when the clause states that the first listed body
    leads, ``onward`` when it says so for the rest of the document (下同).
    ``doubtful`` lists names that do not look like a body's; they are still listed.
    ``score`` is a score the clause carries (0.5分); ``applies_to`` a part saying which
    measures it applies to (以下各项同, 本部分下同); ``people`` the persons a 领导 label
    names (牵头领导：分管副市长), never agencies; ``unread`` the parts that were read as
    nothing (a list with no verb or label to bind it), for the report.
    """

    text: str
    responsibilities: tuple[ListedAgency, ...]
    open_ended: bool = False
    scope: str | None = None
    deadline: str | None = None
    first_listed_leads: bool = False
    onward: bool = False
    implementing_actor: str | None = None
    doubtful: tuple[str, ...] = ()
    score: str | None = None
    applies_to: str | None = None
    people: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()


@dataclass(slots=True)
class _Part:
    strength: str | None
    names: list[str]
    open_ended: bool = False


_BRACKET_OR_BREAK = re.compile(r"[（）\n]")


@dataclass(slots=True)
class _OpenBracket:
    """A bracket still open: where it is, where its text would stop if it never closes
    (the next line break or opening bracket), and the groups that closed inside it."""

    start: int
    stop: int | None = None
    inside: list[tuple[int, int]] = field(default_factory=list)


def _close_unclosed(norm: str, open_: list[_OpenBracket], found: list[Parenthesis], end: int) -> None:
    """Every bracket still open never closes: return it, and the groups closed inside it."""
    for bracket in open_:
        stop = end if bracket.stop is None else bracket.stop
        found.append(Parenthesis(bracket.start, stop, norm[bracket.start + 1:stop], closed=False))
        found.extend(Parenthesis(a, b, norm[a + 1:b - 1]) for a, b in bracket.inside)
    open_.clear()


def find_parentheses(norm: str, start: int = 0, end: int | None = None) -> list[Parenthesis]:
    """Find the outermost parenthesised groups of width-normalised text, in one pass.

    A group closes at its matching bracket however long it is, and may span line breaks,
    but not a line that opens a numbered item (1. 一、 （一） 第一条): there every bracket
    still open is one that never closes. Such a bracket is returned with ``closed=False``;
    its ``inner`` runs to the end of its line or the next opening bracket, whichever comes
    first, and the groups that closed inside it are returned on their own. Every group is
    returned once and no two overlap, so time and memory are linear in the text.

    Parameters
    ----------
    norm : str
        Text passed through :func:`loaders.normalize.normalize_width` (brackets are （）).
    start, end : int
        The region to search; the whole text by default.

    Returns
    -------
    list of Parenthesis
        In text order.

    Examples
    --------
    >>> [p.inner for p in find_parentheses("甲（海关总署（口岸办）负责）乙（未闭合")]
    ['海关总署（口岸办）负责', '未闭合']
    >>> find_parentheses("（未闭合")[0].closed
    False
    >>> [(p.inner, p.closed) for p in find_parentheses("1.甲（未闭合\\n2.乙（海关总署负责）")]
    [('未闭合', False), ('海关总署负责', True)]
    """
    end = len(norm) if end is None else end
    found: list[Parenthesis] = []
    open_: list[_OpenBracket] = []  # outermost first; only the innermost may lack its stop
    for m in _BRACKET_OR_BREAK.finditer(norm, start, end):
        at = m.start()
        if m.group() == "（":
            if open_ and open_[-1].stop is None:
                open_[-1].stop = at
            open_.append(_OpenBracket(at))
        elif m.group() == "）":
            if not open_:
                continue  # a closing bracket with no opening one: plain text
            opened = open_.pop()
            if open_:
                open_[-1].inside.append((opened.start, at + 1))
            else:
                found.append(Parenthesis(opened.start, at + 1, norm[opened.start + 1:at]))
        elif open_:
            if open_[-1].stop is None:
                open_[-1].stop = at
            if starts_numbered_item(norm, at + 1, end):
                _close_unclosed(norm, open_, found, end)
    _close_unclosed(norm, open_, found, end)
    found.sort(key=lambda p: p.start)
    return found


def find_labelled_statements(norm: str, start: int = 0, end: int | None = None,
                             grammar: ClauseGrammar | None = None) -> list[Parenthesis]:
    """Find clauses written without brackets: a sentence or line ``牵头单位：X；责任单位：Y``.

    Task lists often put the responsible bodies on a line of their own after the task.
    They are returned like parentheses (``inner`` is the clause), but without brackets.
    A statement opens with a label of the grammar that has a head noun (牵头单位,
    主要责任单位, 牵头落实部门 …), at the start of a line or sentence or after a score
    （0.5分）.

    Examples
    --------
    >>> text = "1.推行提前申报。\\n牵头单位：省商务厅；责任单位：省财政厅。\\n2.下一项。"
    >>> [(p.inner, text[p.start:p.end]) for p in find_labelled_statements(text)]
    [('牵头单位：省商务厅；责任单位：省财政厅', '牵头单位：省商务厅；责任单位：省财政厅')]
    """
    end = len(norm) if end is None else end
    pattern = (grammar or ClauseGrammar.default()).statement_pattern
    return [Parenthesis(m.start(1), m.end(1), m.group(1).rstrip("；; "))
            for m in pattern.finditer(norm, start, end)]


def looks_like_body(name: str) -> bool:
    """Tell whether a name could be a body's: a collective or an organisation suffix.

    Examples
    --------
    >>> [looks_like_body(n) for n in ("市交通局", "各地区人民政府", "重庆港务物流集团", "RCEP")]
    [True, True, True, False]
    """
    name = compact(name)
    return bool(_COLLECTIVE.match(name) or _BODY_SUFFIX.search(name))


def clause_shape(text: str, is_known: Callable[[str], bool] | None = None) -> str:
    """The shape of a parenthesis: its wording with names made ``X`` and numbers ``N``.

    Unread parentheses of one shape are one form the grammar does not know; the build
    report names the most common shape so a new form is seen on the first run.

    Examples
    --------
    >>> clause_shape("（6月底完成，牵头推动单位：市商务局、市财政局）")
    '（N月底完成，牵头推动单位：X）'
    >>> clause_shape("（市商务局、市财政局统筹推进）")
    '（X统筹推进）'
    """
    known = is_known or (lambda _name: False)
    inner = compact(text)
    if inner.startswith("（") and inner.endswith("）"):
        inner = inner[1:-1]
    parts = []
    for part in filter(None, _SPLIT.split(inner)):
        label, colon, rest = part.partition("：")
        parts.append(label + colon + _names_shape(rest, known) if colon else _names_shape(part, known))
    return "（" + re.sub(r"\d+(?:\.\d+)?", "N", "，".join(parts)) + "）"


def _names_shape(text: str, known: Callable[[str], bool]) -> str:
    """甲局、乙局统筹推进 → X统筹推进: each name that looks like a body becomes X."""
    pieces = []
    for piece in text.split("、"):
        if looks_like_body(piece) or known(piece):
            pieces.append("X")
            continue
        cut = _longest_body_prefix(piece, known)
        pieces.append(piece if cut is None else "X" + piece[cut:])
    return re.sub(r"X(?:[、和及与]X)+", "X", "、".join(pieces))


def _longest_body_prefix(piece: str, known: Callable[[str], bool]) -> int | None:
    """The largest ``i`` (2 ≤ i < len) with ``piece[:i]`` a body's name; one pass over ``piece``.

    The same as trying ``looks_like_body(piece[:i]) or known(piece[:i])`` from the longest
    prefix down, without copying a prefix per try: a collective opening holds for every
    prefix, a suffix is looked for just before ``i``, and only short prefixes can be known.
    """
    last = len(piece) - 1
    if last >= 2 and _COLLECTIVE.match(piece, 0, last):
        return last
    for i in range(last, 1, -1):
        if _BODY_SUFFIX.search(piece, max(0, i - _SUFFIX_WINDOW), i) or (
                i <= _LONGEST_NAME and known(piece[:i])):
            return i
    return None


def _split_joined(item: str, is_known: Callable[[str], bool], grammar: ClauseGrammar,
                  listed: bool = False) -> list[str]:
    """Split ``X和Y`` / ``X及Y`` when it lists two bodies, not inside 工业和信息化部.

    ``listed`` says the item ended in 等 (X局和Y局等相关部门): then two names that both
    look like bodies are two bodies even when neither is known. An item longer than
    :data:`_LONGEST_JOINED` is no few names joined and stays whole (its cost stays bounded).
    """
    if len(item) > _LONGEST_JOINED or is_known(item):
        return [item]
    for joiner in _JOINERS:
        at = item.rfind(joiner)
        while at > 0:
            left, right = item[:at], item[at + len(joiner):]
            left_bare, left_open = grammar.strip_open_end(left)
            right_bare = grammar.strip_open_end(right)[0]
            if right and left_bare and (
                _COLLECTIVE.match(right)
                or (is_known(right_bare) and (is_known(left_bare) or left_open))
                or (listed and not left_open and looks_like_body(left) and looks_like_body(right_bare)
                    and not grammar.is_class_noun(right_bare))
            ):
                return [*_split_joined(left, is_known, grammar, listed), right]
            at = item.rfind(joiner, 0, at)
    return [item]


_MASK = str.maketrans({"、": "\ue000", "，": "\ue001", ",": "\ue002", "；": "\ue003", ";": "\ue004",
                       "。": "\ue005"})
_UNMASK = {v: chr(k) for k, v in _MASK.items()}


def _mask_nested(text: str) -> str:
    """Hide separators inside nested brackets: 各县（市、区）政府 is one name."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "（"
        out.append(ch.translate(_MASK) if depth else ch)
        depth -= ch == "）" and depth > 0
    return "".join(out)


def _unmask(text: str) -> str:
    return "".join(_UNMASK.get(ch, ch) for ch in text)


_PLACE_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_ADMIN_SUFFIX = re.compile(r"(?<=[\u4e00-\u9fff]{2})[市省区县州](?=.)")


def _share_suffixes(pieces: list[str]) -> list[str]:
    """广州、深圳市人民政府: the last name's 市人民政府 belongs to the bare place before it.

    Examples
    --------
    >>> _share_suffixes(["广州", "深圳市人民政府"])
    ['广州市人民政府', '深圳市人民政府']
    >>> _share_suffixes(["广州市", "深圳市人民政府", "省商务厅"])
    ['广州市人民政府', '深圳市人民政府', '省商务厅']
    """
    out = list(pieces)
    for i in range(len(out) - 2, -1, -1):
        here, after = out[i], out[i + 1]
        if not _PLACE_ONLY.match(here) or looks_like_body(here) or not looks_like_body(after):
            continue
        m = _ADMIN_SUFFIX.search(after)
        if m is None or m.start() > 4:
            continue
        suffix = after[m.start():]
        out[i] = here + (suffix[1:] if here.endswith(suffix[0]) else suffix)
    return out


def _split_names(text: str, is_known: Callable[[str], bool],
                 grammar: ClauseGrammar) -> tuple[list[str], bool]:
    """Split a list of bodies at 、 and 和/及; strip 等 and its class noun. Returns names, open_ended."""
    merged: list[str] = []
    for piece in (_unmask(p) for p in _mask_nested(text).split("、")):
        # 各区、市政府: an admin-level word belongs to the name that follows it.
        if merged and _ADMIN_WORD.match(merged[-1]) and not _COLLECTIVE.match(piece):
            merged[-1] = merged[-1] + "、" + piece
        else:
            merged.append(piece)
    merged = _share_suffixes(merged)
    names: list[str] = []
    open_ended = after_deng = False
    for piece in merged:
        if after_deng and grammar.is_class_noun(piece) and not (
                is_known(piece) or _COLLECTIVE.match(piece)):
            continue  # X等有关部门、单位: 单位 names the kind too
        listed = grammar.strip_open_end(piece)[1]
        after_deng = False
        for name in _split_joined(piece, is_known, grammar, listed):
            name = re.sub(r"^(?:由|请|和|及|以及)", "", name)
            bare, after_deng = grammar.strip_open_end(name)
            open_ended = open_ended or after_deng
            if bare:
                names.append(bare)
    return names, open_ended


def _classify_part(part: str, grammar: ClauseGrammar) -> tuple[str, str | None, str]:
    """Return (kind, strength, payload) for one comma-separated part of a clause."""
    if (score := grammar.score_of(part)) is not None:
        return "score", None, score
    if (scope := grammar.scope_of(part)) is not None:
        return "scope", None, scope
    if label := grammar.read_label(part):
        rest = label.rest
        if (verb := grammar.read_verb(rest)) and verb[1] == "generic" and verb[0]:
            rest = verb[0]  # 责任单位：甲局、乙局按职责分工负责: the label gives the role
        return ("people" if label.names_people else "label"), label.strength, rest
    if deadline := grammar.is_deadline(part):
        return "deadline", None, deadline
    if _FIRST_LEADS.search(part):
        return "rule", None, part
    if _IMPLEMENTER.search(part):
        return "rule", None, part
    if grammar.is_order_note(part):
        return "rule", None, part
    if grammar.is_scope_sentence(part):
        return "applies", None, part
    if verb := grammar.read_verb(part):
        listed, strength = verb
        if "会同" in listed:
            return "hui_tong", strength, listed
        return "list", strength, listed
    return "bare", None, part


def _assign_roles(parts: list[_Part], first_listed_leads: bool) -> list[tuple[str, Role]]:
    """Turn the strengths of a clause's parts into roles, in listed order."""
    strengths = {p.strength for p in parts}
    has_lead, has_guide = _LEAD in strengths, _GUIDE in strengths
    has_helpers = bool(strengths & {_SUPPORT, _IMPLEMENT})
    # Without explicit roles, one listed body leads and several share the measure.
    alone = sum(len(p.names) for p in parts if p.strength not in (_LEAD, _GUIDE)) == 1
    listed: list[tuple[str, Role]] = []
    for part in parts:
        for name in part.names:
            if part.strength == _LEAD:
                role = Role.LEAD
            elif part.strength == _GUIDE:
                role = Role.GUIDE
            elif has_lead:
                role = Role.PARTICIPANT
            elif part.strength in (_SUPPORT, _IMPLEMENT) and (_GENERIC in strengths or has_guide):
                role = Role.PARTICIPANT  # X负责，Y配合 / X指导，Y参与
            elif part.strength == _GENERIC and has_helpers:
                role = Role.LEAD
            elif first_listed_leads:
                role = Role.LEAD if not listed else Role.PARTICIPANT
            else:
                role = Role.LEAD if alone else Role.JOINT
            listed.append((name, role))
    return listed


def parse_responsibility_clause(
    text: str,
    *,
    first_listed_leads: bool = False,
    is_known: Callable[[str], bool] | None = None,
    grammar: ClauseGrammar | None = None,
) -> Clause | None:
    """Split a parenthesised responsibility clause into agencies and roles.

    Parameters
    ----------
    text : str
        One clause, full- or half-width parentheses included (or just its inside).
    first_listed_leads : bool, default False
        A document rule in force (排名第一的单位为牵头单位，下同): in a list with no
        explicit lead the first body leads and the rest participate.
    is_known : callable, optional
        Tells whether a name is a known body; guides splitting at 和/及 (工业和信息化部
        is one body, 交通运输部及相关地区人民政府 two).
    grammar : ClauseGrammar, optional
        Labels, verbs and class nouns; the one in ``ontology/clause_grammar.toml`` by default.

    Returns
    -------
    Clause or None
        Agencies in listed order with roles; None if the text is not a clause.

    Examples
    --------
    >>> c = parse_responsibility_clause("（海关总署牵头，商务部、税务总局等按职责分工负责）")
    >>> [(r.name, r.role.value) for r in c.responsibilities]
    [('海关总署', 'lead'), ('商务部', 'participant'), ('税务总局', 'participant')]
    >>> c.open_ended, parse_responsibility_clause("（区、市）")
    (True, None)
    >>> c = parse_responsibility_clause("（负责部门：药监局、海关总署；适用范围：重庆自贸试验区）")
    >>> [(r.name, r.role.value) for r in c.responsibilities], c.scope
    ([('药监局', 'joint'), ('海关总署', 'joint')], '重庆自贸试验区')
    >>> c = parse_responsibility_clause("（甲局、乙局负责，排名第一的单位为牵头单位，下同）")
    >>> [r.role.value for r in c.responsibilities], c.first_listed_leads, c.onward
    (['lead', 'participant'], True, True)

    Labels are read by their grammar, 等 + a class noun names no body:

    >>> c = parse_responsibility_clause(
    ...     "（6月底完成，牵头落实单位：甲局；协同配合单位：乙局等有关部门和单位）")
    >>> [(r.name, r.role.value) for r in c.responsibilities], c.deadline, c.open_ended
    ([('甲局', 'lead'), ('乙局', 'participant')], '6月底完成', True)
    """
    known = is_known or (lambda _name: False)
    g = grammar or ClauseGrammar.default()
    inner = compact(text)
    if inner.startswith("（") and inner.endswith("）"):
        inner = inner[1:-1]
    if not inner:
        return None
    state = _ClauseState()
    for piece in filter(None, (_unmask(p) for p in _SPLIT.split(_mask_nested(inner)))):
        piece, score = g.strip_score(piece)
        state.score = state.score or score
        _read_part(state, piece, g, known)
    if not state.parts and state.implementer is None:
        return None
    named = [n for p in state.parts for n in p.names]
    if not any(looks_like_body(n) or known(n) for n in named) and not state.labelled:
        return None
    listed = _assign_roles(state.parts, first_listed_leads or state.rule_first)
    responsibilities = tuple(ListedAgency(n, r, i) for i, (n, r) in enumerate(listed, 1))
    doubtful = tuple(n for n in named if not (looks_like_body(n) or known(n)))
    return Clause(inner, responsibilities, state.open_ended, state.scope, state.deadline,
                  state.rule_first, state.onward and state.rule_first, state.implementer, doubtful,
                  state.score, state.applies_to, tuple(state.people), tuple(state.pending))


def read_bare_agency_list(
    text: str,
    *,
    is_known: Callable[[str], bool],
    first_listed_leads: bool = False,
    grammar: ClauseGrammar | None = None,
) -> Clause | None:
    """Read a clause that lists known bodies and no verb: （厦门海关）, （市商务局、厦门海关）.

    Some plans leave the verb out of every clause. A parenthesis that holds only names
    is also how a text glosses a name (口岸办（国务院口岸工作部际联席会议办公室）), so this
    reads one only when every name is a body of the authority file (or a collective
    such as 各区人民政府 beside one) and it is the caller who knows the parenthesis stands
    where a clause stands: after the end of a sentence of a measure.

    Parameters
    ----------
    text : str
        The parenthesis, brackets included or not.
    is_known : callable
        Tells whether a name is a known body.
    first_listed_leads : bool, default False
        The document rule (排名第一的单位为牵头单位，下同) is in force.
    grammar : ClauseGrammar, optional
        The one in ``ontology/clause_grammar.toml`` by default.

    Returns
    -------
    Clause or None
        One body leads, several are joint (or the first leads under the rule); None if
        any name is not a known body.

    Examples
    --------
    >>> known = {"厦门海关", "市商务局"}.__contains__
    >>> c = read_bare_agency_list("（市商务局、厦门海关）", is_known=known)
    >>> [(r.name, r.role.value) for r in c.responsibilities]
    [('市商务局', 'joint'), ('厦门海关', 'joint')]
    >>> read_bare_agency_list("（以下简称“平台”）", is_known=known) is None
    True
    """
    g = grammar or ClauseGrammar.default()
    inner = compact(text)
    if inner.startswith("（") and inner.endswith("）"):
        inner = inner[1:-1]
    if not inner or _SPLIT.search(_mask_nested(inner)):
        return None
    names, open_ended = _split_names(inner, is_known, g)
    if not any(is_known(n) for n in names) or not all(
            is_known(n) or (_COLLECTIVE.match(n) and looks_like_body(n)) for n in names):
        return None
    listed = _assign_roles([_Part(_GENERIC, names)], first_listed_leads)
    return Clause(inner, tuple(ListedAgency(n, r, i) for i, (n, r) in enumerate(listed, 1)),
                  open_ended)


@dataclass(slots=True)
class _ClauseState:
    """What the parts of one clause have said so far."""

    parts: list[_Part] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    scope: str | None = None
    deadline: str | None = None
    implementer: str | None = None
    score: str | None = None
    applies_to: str | None = None
    rule_first: bool = False
    onward: bool = False
    open_ended: bool = False
    labelled: bool = False
    in_people: bool = False


def _read_part(state: _ClauseState, piece: str, g: ClauseGrammar,
               known: Callable[[str], bool]) -> None:
    """Read one comma-separated part of a clause into ``state``."""
    kind, strength, payload = _classify_part(piece, g)
    if kind not in ("bare", "people"):
        state.in_people = False
    if kind == "score":
        state.score = state.score or payload
    elif kind == "scope":
        state.scope = payload
    elif kind == "deadline":
        state.deadline = payload
    elif kind in ("rule", "applies"):
        state.rule_first = state.rule_first or bool(_FIRST_LEADS.search(payload))
        state.onward = (state.onward or bool(_ONWARD.search(payload)) or "以下" in payload
                        or (kind == "applies" and bool(_ONWARD_SCOPE.match(payload))))
        if m := _IMPLEMENTER.search(payload):
            state.implementer = m.group("actor")
        elif kind == "applies":
            state.applies_to = payload
    elif kind == "people":
        state.labelled = state.in_people = True
        state.people.extend(p for p in payload.split("、") if p)
    elif kind == "bare":
        if state.in_people and not state.pending:
            state.people.extend(p for p in payload.split("、") if p)
        elif (state.parts and state.parts[-1].strength is not None and state.labelled
              and not state.pending):
            names, more = _split_names(payload, known, g)
            state.parts[-1].names.extend(names)
            state.open_ended = state.open_ended or more
        else:
            state.pending.append(payload)
    else:
        state.labelled = state.labelled or kind == "label"
        payload, opener = g.strip_list_opener(payload)
        if opener is not None:
            state.applies_to = state.applies_to or opener
        made = _make_part(kind, strength, payload, state.pending, known, g)
        state.pending = []
        state.open_ended = state.open_ended or any(p.open_ended for p in made)
        state.parts.extend(made)


def _make_part(kind: str, strength: str | None, payload: str, pending: list[str],
               known: Callable[[str], bool], grammar: ClauseGrammar) -> list[_Part]:
    """Build the part(s) of one list, taking in verbless lists that came before it."""
    text = "、".join([*pending, payload]) if pending else payload
    if kind != "hui_tong":
        names, more = _split_names(text, known, grammar)
        return [_Part(strength, names, more)]
    # X会同有关部门负责: X leads, open-ended; X会同Y负责: X leads, Y participates.
    leaders, _, partners = text.partition("会同")
    names, more = _split_names(leaders, known, grammar)
    out = [_Part(_LEAD, names, more)]
    partner_names, more = _split_names(partners, known, grammar)
    generic = [n for n in partner_names if n in ("有关部门", "相关部门", "有关单位", "相关单位",
                                                  "各有关部门", "各相关部门")]
    specific = [n for n in partner_names if n not in generic]
    if specific:
        out.append(_Part(_SUPPORT, specific, more))
    out[0].open_ended = out[0].open_ended or bool(generic) or more
    return out
