r"""Control characters in document text made harmless where tradekg prints or writes it.

A policy text can carry ANSI escape sequences, NUL or other C0/C1 control characters
(``U+0000``–``U+001F``, ``U+007F``–``U+009F``). Printed raw they recolour or rewrite a
terminal; in a CSV or HTML file they do the same to whoever ``cat``\ s it. The graph keeps
the exact text; what is printed and written as text shows each such character as a
visible escape (``\x1b``) instead. Tab and newline are kept.

:func:`escape_controls` is for plain text (the terminal, CSV cells, HTML text);
:func:`escape_controls_in_code` for JSON and JavaScript, where ``\u001b`` is the same
string, only spelt safely; :func:`template_finalize` applies the right one to every
value a Jinja template prints.
"""

from __future__ import annotations

import re

from markupsafe import Markup

__all__ = ["escape_controls", "escape_controls_in_code", "template_finalize"]

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""The C0 controls but tab and newline, DEL, and the C1 controls."""


def escape_controls(text: str) -> str:
    r"""Show each control character but tab and newline as a visible ``\xNN`` escape.

    Parameters
    ----------
    text : str
        Any text, e.g. a document title or a finding's message.

    Returns
    -------
    str
        The same text when it holds no control character (the common case, checked fast).

    Examples
    --------
    >>> escape_controls("海关总署\x1b[2J\x00")
    '海关总署\\x1b[2J\\x00'
    >>> escape_controls("一\t二\n三\r\x85")
    '一\t二\n三\\x0d\\x85'
    """
    if _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def escape_controls_in_code(code: str) -> str:
    r"""Spell each control character of JSON or JavaScript text as a ``\uNNNN`` escape.

    ``json.dumps`` escapes C0 characters itself but, with ``ensure_ascii=False``, writes
    DEL and the C1 controls raw; inside a string literal ``\u0085`` is the same character,
    so the data read back is unchanged. (Control characters are never valid outside a
    string literal, where this would change nothing a parser accepts.)

    Examples
    --------
    >>> import json
    >>> code = escape_controls_in_code(json.dumps("a\x9b31m\x1b", ensure_ascii=False))
    >>> code, json.loads(code) == "a\x9b31m\x1b"
    ('"a\\u009b31m\\u001b"', True)
    """
    if _CONTROLS.search(code) is None:
        return code
    return _CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04x}", code)


def template_finalize(value: object) -> object:
    r"""Jinja's ``finalize``: every printed value without raw control characters.

    Plain values (escaped by autoescape afterwards) get :func:`escape_controls`; markup
    that a filter made, such as ``tojson``'s JSON, gets :func:`escape_controls_in_code`
    and stays markup.

    Examples
    --------
    >>> from jinja2 import Environment
    >>> env = Environment(autoescape=True, finalize=template_finalize)
    >>> env.from_string("<p>{{ t }}</p><script>{{ t|tojson }}</script>").render(t="x\x1b[31m")
    '<p>x\\x1b[31m</p><script>"x\\u001b[31m"</script>'
    """
    if isinstance(value, Markup):
        return Markup(escape_controls_in_code(str(value)))
    if isinstance(value, str):
        return escape_controls(value)
    return value
