"""Strings that are safe to store, serialise and print, whatever the input held.

Two hazards come in with untrusted input and must never reach the store or the terminal:

* **lone surrogates** (``"\\ud800"``): JSON allows the escape, Python decodes it, but no UTF-8
  encoder accepts it, so one such character in a title made ``model_dump_json`` (and hashing)
  raise and cost a whole chunk of articles. :func:`scrub` replaces each with U+FFFD, one code
  point for one, so every span offset into the text stays valid.
* **file names** that are not UTF-8 (Python keeps their bytes as ``\\udc80``-``\\udcff``
  surrogate escapes) or that hold terminal escapes (``ESC[31m``) or bidi overrides:
  :func:`display_name` spells such bytes and controls out (``\\xff``, ``\\x1b``) so a path can
  be stored, shown and copied without moving anyone's cursor.
"""

from __future__ import annotations

import os
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
#: C0/C1 controls, DEL, and the bidi embedding/override/isolate marks (spoofed file names).
_NAME_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Controls dropped from one-line metadata (title, outlet, author): tab and newline become spaces.
_FIELD_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def scrub(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (same length, same offsets)."""
    if not text or not has_surrogates(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


def clean_field(value: str | None) -> str | None:
    """A one-line metadata value (title, outlet, author, URL): no surrogates, no control characters."""
    if value is None:
        return None
    return _FIELD_CONTROLS.sub("", scrub(value))


def scrub_value(value: Any) -> Any:
    """:func:`scrub` applied to every string inside lists, tuples and dict keys/values."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub_value(k): scrub_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub_value(v) for v in value)
    return value


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_name(name: str) -> str:
    """A file name or other identifier as printable, storable text.

    Undecodable bytes (surrogate escapes of a non-UTF-8 name) become ``\\xNN``, control
    characters and bidi overrides become ``\\xNN``/``\\uNNNN``; anything else is unchanged.
    """
    if not _NAME_CONTROLS.search(name) and not has_surrogates(name):
        return name
    try:
        raw = os.fsencode(name)  # the file system's bytes back (surrogateescape)
    except UnicodeEncodeError:  # a surrogate that no file system byte maps to
        raw = name.encode("utf-8", "surrogatepass")
    text = raw.decode("utf-8", "backslashreplace")
    return _NAME_CONTROLS.sub(_escape_control, text)


def display_text(text: str) -> str:
    """A message to print on one line: control characters and surrogates spelled out."""
    text = _NAME_CONTROLS.sub(_escape_control, text)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if has_surrogates(text) else text


#: Spreadsheet programs run cells starting with these as formulas ("CSV injection"):
#: ``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``, and a leading tab or carriage return.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: a string starting like a formula gets a leading
    apostrophe (shown as text, OWASP's advice); numbers and everything else pass unchanged.
    One guard for every CSV writer (the API's CSV, ``storyline export`` csv/acled)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
