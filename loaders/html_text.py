"""Take the readable text of a government web page, remembering where each character was.

Policy documents are published as HTML pages whose body sits in a content container
(``TRS_Editor``, ``pages_content``, ``article`` ...) surrounded by navigation, headers and
footers. :func:`extract_html_text` returns the text of the content (or of the whole body
when no container is marked), with block elements turned into line breaks, and for every
character of that text its offset in the markup, so spans point into the source file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["HtmlText", "extract_html_text", "looks_like_html"]

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select",
     "button", "iframe", "svg", "template", "head", "object"}
)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
     "table", "ul", "ol", "blockquote", "pre", "dd", "dt", "dl", "main", "center", "hr",
     "tbody", "thead", "body", "title"}
)
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base",
                        "wbr", "source", "embed", "param", "track"})
_SKIP_MARKS = re.compile(r"nav|menu|breadcrumb|crumb|footer|header|sidebar|share|toolbar|"
                         r"position|location|copyright|bottom|top-?bar", re.I)
_CONTENT_MARKS = re.compile(r"TRS_Editor|pages_content|article|content|zoom|detail|"
                            r"main-?text|zw|wenzhang|text", re.I)
_HTML_SNIFF = re.compile(r"<\s*(!doctype\s+html|html|body|head|div|p|meta)\b", re.I)
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class HtmlText:
    """Text of a page and, for each of its characters, the offset in the markup."""

    text: str
    offsets: tuple[int, ...]
    title: str | None


def looks_like_html(text: str) -> bool:
    """Tell whether decoded file content is an HTML page rather than plain text.

    Examples
    --------
    >>> looks_like_html("<!DOCTYPE html><html><body>口岸</body></html>")
    True
    >>> looks_like_html("一、总体要求（海关总署负责）")
    False
    """
    return bool(_HTML_SNIFF.search(text[:2000]))


class _Extractor(HTMLParser):
    """Collect text characters with their markup offsets, and content-container ranges."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", markup)]
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self._stack: list[tuple[str, bool, bool]] = []  # tag, skipping, container
        self._skip_depth = 0
        self.containers: list[tuple[int, int]] = []
        self._open_containers: list[int] = []
        self.title_parts: list[str] = []
        self._in_title = False

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _emit(self, ch: str, offset: int) -> None:
        if self._skip_depth:
            return
        if ch.isspace():
            ch = "\n" if ch == "\n" and self.chars and self.chars[-1] == "\n" else " "
            if self.chars and self.chars[-1] in " \n":
                return
        self.chars.append(ch)
        self.offsets.append(offset)

    def _newline(self) -> None:
        if self._skip_depth or not self.chars:
            return
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.offsets.pop()
        if self.chars and self.chars[-1] != "\n":
            self.chars.append("\n")
            self.offsets.append(self._pos())

    def _cell(self) -> None:
        """Table cells become tab-separated, so task tables keep their columns."""
        if self._skip_depth or not self.chars or self.chars[-1] == "\n":
            return
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.offsets.pop()
        self.chars.append("\t")
        self.offsets.append(self._pos())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK_TAGS:
            self._newline()
        elif tag in ("td", "th"):
            self._cell()
        if tag in _VOID_TAGS:
            return
        skipping = tag in _SKIP_TAGS or bool(marks and _SKIP_MARKS.search(marks)
                                              and not _CONTENT_MARKS.search(marks))
        container = bool(marks and _CONTENT_MARKS.search(marks)) and not skipping
        if skipping:
            self._skip_depth += 1
        if container and not self._skip_depth:
            self._open_containers.append(len(self.chars))
        self._stack.append((tag, skipping, container and not self._skip_depth))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if not any(t == tag for t, _, _ in self._stack):
            return  # stray end tag: HTML in the wild is not well-formed
        while self._stack:
            open_tag, skipping, container = self._stack.pop()
            if skipping:
                self._skip_depth -= 1
            if container and self._open_containers:
                self.containers.append((self._open_containers.pop(), len(self.chars)))
            if open_tag == tag:
                break
        if tag in _BLOCK_TAGS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        start = self._pos()
        for i, ch in enumerate(data):
            self._emit(ch, start + i)

    def _reference(self, raw: str) -> None:
        if self._in_title:
            self.title_parts.append(html.unescape(raw))
        start = self._pos()
        for ch in html.unescape(raw):
            self._emit(ch, start)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")


def extract_html_text(markup: str) -> HtmlText:
    """Return the readable text of a page with each character's offset in ``markup``.

    Parameters
    ----------
    markup : str
        The decoded HTML page.

    Returns
    -------
    HtmlText
        ``text``: the content container's text (the whole body when the page marks none),
        one line per block element; ``offsets[i]`` is where ``text[i]`` stands in
        ``markup``; ``title``: the page's ``<title>``.

    Examples
    --------
    >>> page = ('<html><head><title>通知</title></head><body><div class="nav">首页</div>'
    ...         '<div class="TRS_Editor"><p>1.推进改革。（海关总署负责）</p></div></body></html>')
    >>> got = extract_html_text(page)
    >>> got.text
    '1.推进改革。（海关总署负责）'
    >>> page[got.offsets[0]:got.offsets[0] + 2]
    '1.'
    """
    parser = _Extractor(markup)
    parser.feed(markup)
    parser.close()
    chars, offsets = parser.chars, parser.offsets
    start, end = 0, len(chars)
    if parser.containers:
        # The container with the most Chinese text is the document; nested or sibling
        # containers with little text are widgets.
        def han_count(rng: tuple[int, int]) -> int:
            return len(_HAN.findall("".join(chars[rng[0]:rng[1]])))

        start, end = max(parser.containers, key=lambda r: (han_count(r), r[1] - r[0]))
        if han_count((start, end)) < 0.3 * len(_HAN.findall("".join(chars))):
            start, end = 0, len(chars)
    while start < end and chars[start].isspace():
        start += 1
    while end > start and chars[end - 1].isspace():
        end -= 1
    title = "".join(parser.title_parts).strip() or None
    return HtmlText("".join(chars[start:end]), tuple(offsets[start:end]), title)
