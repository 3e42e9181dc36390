"""Traditional-character texts: a Simplified copy, offset for offset, for the parser to match.

The clause grammar, the authority file and the concept scheme are written in Simplified
characters, so a notice printed in Traditional ones (負責單位：市商務局, 按職責分工負責) is
read through OpenCC's ``t2s`` conversion (Traditional to Simplified, phrases first). The copy
is only matched against; spans and quoted text still come from the original. OpenCC's
``t2s`` tables map every phrase to one of the same length; where a conversion would
change a line's length anyway, that line is converted character by character, so an
offset in the copy is always the same offset in the original.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opencc import OpenCC

__all__ = ["CONVERSION", "TRADITIONAL_SHARE", "simplified_copy"]

CONVERSION = "t2s"
"""The OpenCC configuration used: OpenCC's standard Traditional to Simplified."""

TRADITIONAL_SHARE = 0.05
"""A text is read as Traditional when the conversion changes at least this share of its Han
characters (a Traditional notice: about a third; a Simplified one: none)."""

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@functools.cache
def _converter(config: str) -> OpenCC:
    """OpenCC's converter for ``config``, made on first use."""
    from opencc import OpenCC  # imported here: most texts never need it

    return OpenCC(config)


def simplified_copy(text: str, config: str = CONVERSION) -> str | None:
    """A Simplified copy of a Traditional-character text, of the same length; None otherwise.

    Parameters
    ----------
    text : str
        A decoded document.
    config : str, default :data:`CONVERSION`
        An OpenCC configuration: a shipped one's name or the path of a ``.json`` file.

    Returns
    -------
    str or None
        ``text`` converted by OpenCC (:data:`CONVERSION`) with ``len(copy) == len(text)``
        and every line break where it was; None when the text is not Traditional (fewer
        than :data:`TRADITIONAL_SHARE` of its Han characters change).

    Examples
    --------
    >>> simplified_copy("（牽頭單位：市商務局；配合單位：市財政局）")
    '（牵头单位：市商务局；配合单位：市财政局）'
    >>> simplified_copy("（海关总署负责）") is None
    True
    """
    converter = _converter(config)
    converted = converter.convert(text)
    if converted == text:
        return None
    if len(converted) != len(text) or _breaks(converted) != _breaks(text):
        converted = "".join(_same_length(line, converter) for line in text.splitlines(keepends=True))
    han = sum(1 for _ in _HAN.finditer(text))
    needed = max(1, int(han * TRADITIONAL_SHARE))
    changed = 0
    for before, after in zip(text, converted, strict=True):
        changed += before != after
        if changed >= needed:
            return converted
    return None


def _breaks(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"[\r\n]", text)]


def _same_length(line: str, converter: OpenCC) -> str:
    """One line converted, by phrases if that keeps its length, else character by character."""
    converted = converter.convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in line)
