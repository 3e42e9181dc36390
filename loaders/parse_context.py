"""The parse context shared by the document and measure builders: text, offsets, lines, findings."""

from __future__ import annotations

import bisect

from loaders.normalize import normalize_width
from loaders.reading import SourceText, line_starts, unify_line_breaks
from loaders.records import Finding, Severity, SourceSpan
from loaders.traditional import CONVERSION, simplified_copy

__all__ = ["ParseContext"]


class ParseContext:
    """The text being parsed: its width-normalised form, offsets into the file, lines, findings.

    One is made per file by :func:`loaders.document.parse_source` and handed to the
    builders of that file's documents and measures, which note their findings on it.

    Parameters
    ----------
    source : SourceText
        The file as read by :func:`loaders.read_document`.

    Examples
    --------
    >>> from loaders.reading import SourceText
    >>> ctx = ParseContext(SourceText("plan.txt", "一、任务\\n1. 甲。", "str"))
    >>> ctx.line(6), ctx.span(5, 9)
    (2, SourceSpan(file='plan.txt', start=5, end=9, line=2))
    """

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.text = source.text
        simplified = simplified_copy(source.text)
        # A Traditional text is matched in its Simplified copy: same length, same offsets.
        self.converted = simplified is not None
        self.norm = normalize_width(unify_line_breaks(simplified or source.text))
        raw = source.markup if source.markup is not None else source.text
        self._line_starts = line_starts(raw)
        self.findings: list[Finding] = []
        if self.converted:
            self.note(Severity.INFO, "traditional_text", None,
                      "the text is in Traditional characters; it was read through OpenCC's "
                      f"Traditional→Simplified conversion ({CONVERSION}), names are resolved in "
                      "simplified form and quoted text and spans are the original's")
        if source.extractor is not None:
            self.note(Severity.INFO, "extracted_text", None,
                      f"read with {source.extractor}; spans and lines point into the extracted text")

    def line(self, index: int) -> int:
        """1-based file line of ``text[index]``."""
        return bisect.bisect_right(self._line_starts, self.source.source_offset(index))

    def column(self, index: int) -> int:
        """1-based column of ``text[index]`` on its file line."""
        return self.source.source_offset(index) - self._line_starts[self.line(index) - 1] + 1

    def span(self, start: int, end: int) -> SourceSpan:
        """A span in the file for ``text[start:end]``."""
        first = self.source.source_offset(start)
        last = self.source.source_offset(end - 1) + 1 if end > start else first
        return SourceSpan(self.source.path, first, last, self.line(start))

    def note(self, severity: Severity, kind: str, index: int | None, message: str,
             text: str | None = None) -> None:
        """Record a finding at ``text[index]``'s line."""
        line = self.line(index) if index is not None else None
        self.findings.append(Finding(severity, kind, self.source.path, line, message, text))
