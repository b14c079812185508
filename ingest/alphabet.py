"""The characters Persian text is made of that every module must agree on: the zero-width
non-joiner, the three scripts of digits, and the isolates that keep a Latin run in its own
order inside a Persian line.

One table each, so that a figure read by `find_figures`, a date typed in a filter and a
number shown in the app all mean the same digits.
"""

from __future__ import annotations

ZWNJ = "\u200c"  # نیم‌فاصله: joins a word's parts without joining their letters
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # Arabic-Indic: what Arabic fonts and some Persian PDFs write
LATIN_DIGITS = "0123456789"

# Persian and Arabic-Indic digits → Latin, same length (spans found in the result carry over)
TO_LATIN_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)
TO_PERSIAN_DIGITS = str.maketrans(LATIN_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)


def latin_digits(text: str) -> str:
    """`text` with every digit written in Latin (for parsing numbers and dates)."""
    return text.translate(TO_LATIN_DIGITS)


def persian_digits(text: object) -> str:
    """`text` with every digit written in Persian (what Persian readers read)."""
    return str(text).translate(TO_PERSIAN_DIGITS)


def ltr(text: str) -> str:
    """A left-to-right island (a path, a date, a URL) inside a right-to-left line."""
    return f"\u2066{text}\u2069"


def isolated(text: str) -> str:
    """A run in the direction of its own first letter (a file name in either script) inside a line."""
    return f"\u2068{text}\u2069"
