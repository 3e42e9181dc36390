"""The parts of a document around its body: title, 文号, addressees, signatures, date.

A document opens with an optional issuer block, its title (possibly broken over lines),
its number (署岸发〔2021〕85号) and its addressees (各省、自治区、直辖市人民政府：), and closes
with signatures, a date, 抄送 and 印发 lines. A 印发 notice (关于印发X的通知) wraps the plan
X, whose own title line starts the plan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from loaders.citation_cues import CitationCues
from loaders.clauses import looks_like_body
from loaders.dates import DATE_PATTERN, parse_date
from loaders.normalize import compact
from loaders.numbering import starts_numbered_item
from loaders.records import CitationRelation, CitedDocument

__all__ = [
    "DOC_NUMBER",
    "Header",
    "Line",
    "Trailer",
    "bare_title",
    "find_cited_documents",
    "find_transmitted_title",
    "is_name_line",
    "read_header",
    "read_trailer",
    "split_lines",
]

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,14}\s*[〔\[（]\s*\d{4}\s*[〕\]）]\s*\d{1,4}\s*号")
"""A document number such as 署岸发〔2021〕85号 (in width-normalised text)."""

_TITLE_END = re.compile(r"(?:通知|通告|公告|方案|意见|办法|规划|计划|措施|决定|规定|细则|纲要|要点|"
                        r"清单|政策|条例|指南|指引|批复|函|报告|实施意见|工作方案|分工表|任务表|台账)$")
_BODY_START = re.compile(r"^(?:为|根据|现将|按照|近年来|当前|经|依据|《)")
_TRANSMIT = re.compile(r"关于印发(?P<t>.+?)的通知$")
_TRANSMIT_BODY = re.compile(r"(?:现将)?《(?P<t>[^》]+(?:《[^》]*》[^》]*)*)》"
                            r"(?:(?:现)?印发给你们|[，,]?(?:现予|予以)印发)"
                            r"|现(?:予)?印发《(?P<u>[^》]+(?:《[^》]*》[^》]*)*)》")
_BODY_LINE_CHARS = 40
"""A line after a signature block at least this long (and not a parenthesis) is more body."""
_CITED = re.compile(r"《(?P<t>[^《》]{2,80}?(?:《[^《》]{1,60}》[^《》]{0,40})*)》"
                    r"(?:\s*（(?P<n>[^（）]{0,30}〔\s*\d{4}\s*〕[^（）]{0,8}号)）)?")
_CITED_KIND = re.compile(r"(?:条例|办法|规定|通知|意见|方案|规划|纲要|协定|公约|决定|计划|细则|法|"
                         r"指南|标准|目录|清单|要点|措施|批复|意见书|政策|战略|行动|议定书)$")
_CUE_WINDOW = 24
"""Characters before and after a run of citations where its cue words are looked for."""
_TRAILING_PARENTHESIS = re.compile(r"（[^（）]{1,20}）$")
"""A title's closing edition or period, （试行） or （2018-2022年）, left out when its kind is read."""
_PRINTED = re.compile(r"^(?P<issuer>.*?)\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印发$")
_NOT_A_NAME = re.compile(r"[。，；：！？“”《》、]|\d")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line: offsets of its text (without surrounding blanks)."""

    start: int
    end: int
    text: str

    @property
    def compact(self) -> str:
        """The line without any whitespace, width-normalised."""
        return compact(self.text)


@dataclass(frozen=True, slots=True)
class Header:
    """What the top of a document says; ``body_start`` is where its body begins."""

    title: str | None
    number: str | None
    issuers: tuple[str, ...]
    addressees: tuple[str, ...]
    body_start: int
    title_span: tuple[int, int] | None
    date: dt.date | None = None
    """A date on a line of its own among the header's lines (before or after the title)."""


@dataclass(frozen=True, slots=True)
class Trailer:
    """What the end of a document says; ``start`` is where the body ends."""

    start: int
    issuers: tuple[str, ...]
    date: dt.date | None


def split_lines(norm: str, start: int, end: int) -> list[Line]:
    """The non-blank lines of ``norm[start:end]``, trimmed, with offsets.

    Examples
    --------
    >>> text = " 标题\\n\\n 正文。"
    >>> [(x.start, x.text) for x in split_lines(text, 0, len(text))]
    [(1, '标题'), (6, '正文。')]
    """
    out = []
    for m in re.finditer(r"[^\n]+", norm[start:end]):
        raw = m.group()
        stripped = raw.strip()
        if stripped:
            offset = start + m.start() + (len(raw) - len(raw.lstrip()))
            out.append(Line(offset, offset + len(stripped), stripped))
    return out


def _is_number_line(line: Line) -> str | None:
    text = line.compact.strip("（）")
    m = DOC_NUMBER.fullmatch(text)
    return m.group() if m else None


def is_name_line(text: str, is_known: Callable[[str], bool]) -> bool:
    """A line holding only body names: a signature or an issuer line.

    Examples
    --------
    >>> is_name_line("浙江省人民政府口岸办公室 杭州海关", lambda n: False)
    True
    >>> is_name_line("浙江省2099年促进跨境贸易便利化工作方案", lambda n: False)
    False
    """
    names = _names_in_line(text, is_known)
    return bool(names) and all(is_known(n) or looks_like_body(n) for n in names)


def _names_in_line(text: str, is_known: Callable[[str], bool]) -> list[str]:
    """Split a signature line into names: 中 央 网 信 办 is one, 'A办公室 B海关' two."""
    whole = compact(text)
    if not whole or _NOT_A_NAME.search(whole) or len(whole) > 60:
        return []
    if is_known(whole) or " " not in text.strip():
        return [whole]
    pieces = text.split()
    if all(len(p) == 1 for p in pieces):
        return [whole]
    return [compact(p) for p in pieces]


def read_header(norm: str, lines: list[Line], is_known: Callable[[str], bool]) -> Header:
    """Read title, number, issuer lines and addressees from the first lines of a document.

    Examples
    --------
    >>> text = ("关于深化改革的通知\\n署岸发〔2021〕85号\\n"
    ...         "各省、自治区、直辖市人民政府：\\n为落实部署，通知如下。")
    >>> h = read_header(text, split_lines(text, 0, len(text)), lambda n: False)
    >>> h.title, h.number, h.addressees
    ('关于深化改革的通知', '署岸发〔2021〕85号', ('各省、自治区、直辖市人民政府',))

    Two issuers on one line, then the date, then the title (a joint plan):

    >>> text = "甲省人民政府口岸办公室 乙海关\\n2099年4月10日\\n甲省2099年工作方案\\n一、推进改革"
    >>> known = ("甲省人民政府口岸办公室", "乙海关")
    >>> h = read_header(text, split_lines(text, 0, len(text)), lambda n: n in known)
    >>> h.issuers, h.date.isoformat(), h.title
    (('甲省人民政府口岸办公室', '乙海关'), '2099-04-10', '甲省2099年工作方案')
    """
    title_lines: list[Line] = []
    issuers: list[str] = []
    number = None
    addressees: tuple[str, ...] = ()
    date: dt.date | None = None
    number_after_title = False
    body_start = lines[0].start if lines else 0
    for index, line in enumerate(lines[:12]):
        text = line.compact
        found_number = _is_number_line(line)
        if found_number:
            number = compact(found_number)
            number_after_title = bool(title_lines)
            body_start = line.end
            continue
        if DATE_PATTERN.fullmatch(text.strip("（）()")) and (issuers or title_lines or number):
            # A joint notice's date under its issuers, or a plan's under its title: not the title.
            date = date or parse_date(text.strip("（）()"))
            body_start = line.end
            continue
        if text.endswith(("：", ":")) and len(text) < 150 and not _looks_like_body_text(line):
            addressees = tuple(a for a in re.split(r"[，,；;]", text[:-1]) if a)
            body_start = line.end
            break
        if _looks_like_body_text(line):
            break
        if not title_lines and is_name_line(line.text, is_known) and not _TITLE_END.search(text):
            issuers.extend(_names_in_line(line.text, is_known))
            body_start = line.end
            continue
        if number_after_title:
            break  # after the title and then the number only addressees belong to the header
        if title_lines and (_TITLE_END.search(title_lines[-1].compact) or len(title_lines) == 3):
            break
        if index > 0 and not title_lines and not issuers and number is None:
            break
        title_lines.append(line)
        body_start = line.end
    title = "".join(x.compact for x in title_lines) or None
    span = (title_lines[0].start, title_lines[-1].end) if title_lines else None
    if not title and not number:
        body_start = lines[0].start if lines else 0
    return Header(title, number, tuple(issuers), addressees, body_start, span, date)


def _looks_like_body_text(line: Line) -> bool:
    text = line.compact
    return (len(text) > 90 or text.endswith(("。", "；")) or "\t" in line.text
            or bool(_BODY_START.match(text))
            or bool(re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])",
                             text)))


def read_trailer(lines: list[Line], is_known: Callable[[str], bool]) -> Trailer:
    """Find signatures, date, 抄送 and 印发 lines at the end of a document.

    Examples
    --------
    >>> text = "（三）落实责任。\\n海关总署\\n财政部\\n2021年8月20日"
    >>> t = read_trailer(split_lines(text, 0, len(text)), lambda n: n in ("海关总署", "财政部"))
    >>> t.issuers, t.date.isoformat(), text[t.start:t.start + 4]
    (('海关总署', '财政部'), '2021-08-20', '海关总署')
    """
    tail = lines[-20:]
    start_index: int | None = None
    issuers: list[str] = []
    date: dt.date | None = None
    signed: tuple[list[str], dt.date | None] = ([], None)
    for i, line in enumerate(tail):
        text = line.compact
        if start_index is not None and _is_body_line(line):
            # The body goes on after a signed block (a notice signed above the plan it
            # sends): not the end, but who signed and when still hold if nothing later does.
            start_index, signed, issuers, date = None, (issuers, date), [], None
            continue
        printed = _PRINTED.match(text)
        if printed:
            date = date or parse_date(printed["date"])
            if printed["issuer"]:
                issuers.append(printed["issuer"])
            start_index = i if start_index is None else start_index
        elif text.startswith(("抄送", "印发")) or text in ("（此件公开发布）", "（此件主动公开）"):
            start_index = i if start_index is None else start_index
        elif DATE_PATTERN.fullmatch(text):
            date = date or parse_date(text)
            block = i
            while block > 0 and is_name_line(tail[block - 1].text, is_known):
                block -= 1
            for signer in tail[block:i]:
                issuers.extend(_names_in_line(signer.text, is_known))
            if start_index is None or block < start_index:
                start_index = block
    if start_index is None:
        end = lines[-1].end if lines else 0
        return Trailer(end, tuple(dict.fromkeys(signed[0])), signed[1])
    return Trailer(tail[start_index].start, tuple(dict.fromkeys(issuers)), date)


def _is_body_line(line: Line) -> bool:
    """A line that a document's end never holds: a numbered item or a sentence of its body.

    Examples
    --------
    >>> [_is_body_line(Line(0, 0, t)) for t in ("1.推行通关新模式。", "（联系人：张三）", "市商务局")]
    [True, False, False]
    """
    text = line.compact
    if starts_numbered_item(text, 0):
        return True
    return len(text) >= _BODY_LINE_CHARS and not text.startswith(("（", "抄送", "印发"))


def find_transmitted_title(title: str | None, norm: str, start: int, end: int) -> str | None:
    """The title of the plan a 印发 notice transmits, from its title or its first lines.

    Examples
    --------
    >>> find_transmitted_title("关于印发2021年工作方案的通知", "", 0, 0)
    '2021年工作方案'
    >>> find_transmitted_title(None, "现将《甲方案》印发给你们，请认真执行。", 0, 20)
    '甲方案'
    """
    if title and (m := _TRANSMIT.search(compact(title))):
        return m["t"].strip("《》")
    m = _TRANSMIT_BODY.search(compact(norm[start:end]))
    return (m["t"] or m["u"]) if m else None


def bare_title(text: str) -> str:
    """A title as compared: no blanks, widths normalised, no 《》 (inner ones included).

    Examples
    --------
    >>> bare_title("《安徽省关于对接〈区域全面经济伙伴关系协定〉 实施意见》")
    '安徽省关于对接区域全面经济伙伴关系协定实施意见'
    """
    return compact(text).replace("《", "").replace("》", "")


def find_cited_documents(norm: str, start: int, end: int, exclude: tuple[str, ...] = (),
                         cues: CitationCues | None = None) -> tuple[CitedDocument, ...]:
    """Documents cited by title (《…》 naming a law, plan, notice …) or by number, and how.

    A citation ``implements`` its document where the words around it say so (为贯彻落实《…》,
    根据《…》, 按照《…》要求: :class:`loaders.citation_cues.CitationCues`); the cue covers a
    run of citations joined by 、 or 和. A title is a document's when its kind ends it
    (条例, 办法, 方案 …), before a closing edition or period such as （试行） or （2018-2022年）.

    Parameters
    ----------
    norm : str
        The width-normalised text.
    start, end : int
        The region to read.
    exclude : tuple of str, default ()
        Titles not to count (the document's own, the plan its notice transmits).
    cues : CitationCues, optional
        The cues; by default the shipped ones.

    Returns
    -------
    tuple of CitedDocument
        In the order of their first citation; a document cited twice once (``implements`` if
        either citation says so).

    Examples
    --------
    >>> text = "为落实《优化营商环境条例》，根据《关于X的通知》（国发〔2018〕37号）精神，推广《入境证明》。"
    >>> [(c.title, c.number, c.relation) for c in find_cited_documents(text, 0, len(text))]
    [('优化营商环境条例', None, 'implements'), ('关于X的通知', '国发〔2018〕37号', 'implements')]
    >>> text = "为贯彻落实《数字山东发展规划（2018-2022年）》和《甲方案》，修订《港口收费计费办法》。"
    >>> found = find_cited_documents(text, 0, len(text))
    >>> [(c.title, c.relation) for c in found]  # doctest: +NORMALIZE_WHITESPACE
    [('数字山东发展规划（2018-2022年）', 'implements'), ('甲方案', 'implements'),
     ('港口收费计费办法', 'cites')]
    """
    cues = cues if cues is not None else CitationCues.default()
    seen: dict[str, CitedDocument] = {}
    excluded = {bare_title(x) for x in exclude}
    region = norm[start:end]

    def note(key: str, found: CitedDocument) -> None:
        known = seen.get(key)
        if known is None:
            seen[key] = found
            return
        number = known.number or found.number
        implements = "implements" in (known.relation, found.relation)
        relation: CitationRelation = "implements" if implements else "cites"
        seen[key] = CitedDocument(known.title, number, relation)

    matches = list(_CITED.finditer(region))
    relations = _run_relations(region, [(m.start(), m.end()) for m in matches], cues)
    for m, relation in zip(matches, relations, strict=True):
        title = compact(m["t"])
        if bare_title(title) in excluded or not _CITED_KIND.search(_TRAILING_PARENTHESIS.sub("", title)):
            continue
        note(title, CitedDocument(title, compact(m["n"]) if m["n"] else None, relation))
    numbers = list(re.finditer(r"（(" + DOC_NUMBER.pattern + r")）", region))
    relations = _run_relations(region, [(m.start(), m.end()) for m in numbers], cues)
    for m, relation in zip(numbers, relations, strict=True):
        number = compact(m.group(1))
        if not any(c.number == number for c in seen.values()):
            note(number, CitedDocument(None, number, relation))
    return tuple(seen.values())


def _run_relations(region: str, spans: list[tuple[int, int]], cues: CitationCues) -> list[CitationRelation]:
    """Each citation's relation: one per run of citations that only connectors join."""
    relations: list[CitationRelation] = []
    first = 0
    for index in range(len(spans) + 1):
        if index == len(spans) or (index > first and not cues.is_connector(
                region[spans[index - 1][1]:spans[index][0]])):
            if index > first:
                run_start, run_end = spans[first][0], spans[index - 1][1]
                before = region[max(0, run_start - _CUE_WINDOW):run_start]
                after = region[run_end:run_end + _CUE_WINDOW]
                relations.extend([cues.relation(before, after)] * (index - first))
            first = index
    return relations
