"""Limits that keep a hostile PDF from exhausting memory or time.

pdfminer inflates every compressed stream whole (`zlib.decompress`), so a few megabytes of
deflated zeros (a "zip bomb" content stream) would become gigabytes in memory. `bounded_inflate`
takes zlib's place inside pdfminer and refuses a stream that inflates past `MAX_STREAM_BYTES`;
the refusal propagates as `StreamTooLarge` (not a zlib error, which pdfminer would retry byte
by byte) and `extract_pdf` reports the file as a decompression bomb.
"""

from __future__ import annotations

import types
import zlib

MAX_STREAM_BYTES = 256 * 1024 * 1024  # no honest page's content or font needs more
MAX_RENDER_PIXELS = 60_000_000  # OCR renders a page at most this large (a 300-dpi A3 page is 17 M)


class StreamTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(f"a compressed stream inflates past {limit // 2**20} MB")


def bounded_inflate(data: bytes, limit: int | None = None) -> bytes:
    """zlib.decompress that stops at `limit` bytes of output instead of exhausting memory."""
    limit = MAX_STREAM_BYTES if limit is None else limit
    d = zlib.decompressobj()
    out = d.decompress(data, limit + 1)
    if len(out) > limit or d.unconsumed_tail:
        raise StreamTooLarge(limit)
    return out + d.flush()


def install() -> None:
    """Put the bounded inflate inside pdfminer (idempotent)."""
    from pdfminer import pdftypes

    if getattr(pdftypes.zlib, "bayegan_bounded", False):
        return
    shim = types.SimpleNamespace(**{name: getattr(zlib, name) for name in dir(zlib) if not name.startswith("__")})
    shim.decompress = lambda data, *args, **kw: bounded_inflate(data)
    shim.bayegan_bounded = True
    pdftypes.zlib = shim
