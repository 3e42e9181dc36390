"""Decode the bytes of a policy document: UTF-8 (with or without BOM), GB18030/GBK, UTF-16.

Chinese government files often come in GBK; UTF-16 appears in exports from office
software. Detection is deterministic and strict: a byte-order mark decides first, then
UTF-8, then GB18030 (a superset of GBK and GB2312), each decoded without replacement
characters. ``charset_normalizer`` is consulted only when none of them fits.
"""

from __future__ import annotations

import codecs
import re

from loaders.errors import DocumentFormatError

__all__ = ["decode_bytes"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2030-\u205e"
                        r"\u00b7\u00d7\u2160-\u217f\u2460-\u24ff\x20-\x7e\s]")


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows NUL in every other byte of ASCII text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _looks_like_chinese_text(text: str) -> bool:
    """A right decoding of a Chinese policy text is Han, CJK punctuation and ASCII.

    A wrong one (GB18030 bytes read as UTF-16, say) scatters Hangul, control codes and
    private-use characters; nine in ten characters must be plausible.
    """
    if not text:
        return True
    sample = text[:20000]
    plausible = len(_PLAUSIBLE.findall(sample))
    return plausible >= 0.9 * len(sample) and bool(_HAN.search(sample))


def _first_bad_line(data: bytes) -> int:
    """1-based line of the first byte UTF-8 cannot decode, for the error message."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return data[: err.start].count(b"\n") + 1
    return 1


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode a document's bytes and say which encoding was used.

    Parameters
    ----------
    data : bytes
        The file's content.
    path : str, default "<bytes>"
        Named in error messages.

    Returns
    -------
    (str, str)
        The text (a BOM is not part of it) and the codec name used.

    Raises
    ------
    DocumentFormatError
        If no supported encoding decodes the bytes into Chinese text; the message names
        the first line that is not valid UTF-8.

    Examples
    --------
    >>> decode_bytes("海关总署负责".encode("gb18030"))
    ('海关总署负责', 'gb18030')
    >>> decode_bytes(codecs.BOM_UTF8 + "口岸".encode())
    ('口岸', 'utf-8-sig')
    >>> decode_bytes("口岸".encode("utf-16"))[0]
    '口岸'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as err:
                raise DocumentFormatError(path, f"starts with a {codec} byte-order mark "
                                          f"but is not valid {codec}: {err.reason}") from err
    utf16 = _guess_bomless_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = ""
        if text and _looks_like_chinese_text(text):
            return text, utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_like_chinese_text(text):
        return text, "gb18030"
    return _decode_with_detector(data, path)


def _decode_with_detector(data: bytes, path: str) -> tuple[str, str]:
    """Last resort: ask charset_normalizer (Big5, HZ, ...), accept only Chinese text."""
    from charset_normalizer import from_bytes  # imported here: rarely needed

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _looks_like_chinese_text(text):
            return text, codecs.lookup(best.encoding).name
    line = _first_bad_line(data)
    raise DocumentFormatError(
        path,
        "cannot decode: not valid UTF-8, GB18030/GBK or UTF-16 "
        "(re-save the file as UTF-8)",
        line=line,
    )
