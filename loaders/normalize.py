"""Width normalisation that keeps every character where it was.

Chinese government texts mix full-width and half-width digits, letters and punctuation
(１．, 1., (一), （一）). The loaders match patterns on a normalised copy of the text that
has exactly the same length as the original, so an offset found in the copy is an offset
in the source file.
"""

from __future__ import annotations

__all__ = ["compact", "normalize_width"]

# One character in, one character out: offsets must survive normalisation.
_TABLE: dict[int, str] = {}
for _code in range(0xFF10, 0xFF1A):  # full-width digits
    _TABLE[_code] = chr(_code - 0xFEE0)
for _code in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # letters
    _TABLE[_code] = chr(_code - 0xFEE0)
_TABLE.update(
    {
        ord("("): "（",
        ord(")"): "）",
        ord(":"): "：",
        ord(";"): "；",
        ord("．"): ".",
        ord("\ufe52"): ".",  # small full stop ﹒, a numbering mark in some plans (1﹒)
        ord("\u3000"): " ",  # ideographic space
        ord("\u00a0"): " ",
        ord("\r"): " ",
        ord("【"): "（",  # some documents bracket clauses as 【责任单位：…】
        ord("】"): "）",
        ord("〈"): "《",
        ord("〉"): "》",
        ord("［"): "〔",
        ord("］"): "〕",
        ord("﹝"): "〔",
        ord("﹞"): "〕",
        ord("＂"): "\u201d",
        ord('"'): "\u201d",
    }
)
for _code in [*range(0x2000, 0x200C), 0x202F, 0x205F, 0xFEFF, 0x000B, 0x000C]:
    _TABLE[_code] = " "  # em/en/thin/zero-width spaces and stray BOMs are blanks too
del _code


def normalize_width(text: str) -> str:
    """Return ``text`` with full-width digits/letters made ASCII and brackets unified.

    Parentheses become full-width （）, colons and semicolons full-width, the full-width
    full stop ． and the small full stop ﹒ an ASCII dot, ideographic and no-break spaces
    plain spaces. The result has the same length as the input, character for character.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The normalised text, ``len(result) == len(text)``.

    Examples
    --------
    >>> normalize_width("１．支持企业(省商务厅负责)")
    '1.支持企业（省商务厅负责）'
    >>> len(normalize_width("（一）\u3000")) == len("（一）\u3000")
    True
    """
    return text.translate(_TABLE)


def compact(text: str) -> str:
    """Normalise width and drop all whitespace: the form names are compared in.

    Examples
    --------
    >>> compact("中 央 网 信 办")
    '中央网信办'
    >>> compact("省商务厅\\n")
    '省商务厅'
    """
    return "".join(normalize_width(text).split())
