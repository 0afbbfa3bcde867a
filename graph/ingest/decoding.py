"""Bytes -> text: the encoding of a readout file, from its byte order mark or its bytes.

A BOM decides (UTF-8, UTF-16 or UTF-32); without one the bytes are read as UTF-8 and,
failing that, as cp1252. NUL bytes mark a binary file, not a text readout.

Example:
    >>> from pathlib import Path
    >>> decode("la Syrie".encode("utf-16"), Path("a.txt"))
    'la Syrie'
    >>> decode("déclaré".encode("cp1252"), Path("a.txt"))
    'déclaré'
"""

from __future__ import annotations

import codecs
from pathlib import Path

from graph.errors import IngestError, Msg

__all__ = ["decode"]

# UTF-32 first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, path: Path) -> str:
    """Decode the bytes of a text file, without its byte order mark.

    A BOM decides the encoding (UTF-8, UTF-16 or UTF-32). Without one, the bytes
    are read as UTF-8 and, failing that, as cp1252 (the usual encoding of texts
    saved by Windows tools in France).

    Args:
        data: The file content.
        path: The file, named in error messages.

    Returns:
        The decoded text; nothing but the BOM is removed.

    Raises:
        IngestError: ``I003`` when the data holds NUL bytes (a binary file),
            ``I004`` when it decodes neither as UTF-8 nor as cp1252.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(Msg.I004, path=path) from exc
            nul = text.find("\x00")
            if nul >= 0:
                offset = len(bom) + len(text[:nul].encode(encoding))
                raise IngestError(Msg.I003, path=path, offset=offset)
            return text
    # Without a BOM a NUL byte is never text: not in UTF-8 prose, not in cp1252.
    nul = data.find(b"\x00")
    if nul >= 0:
        raise IngestError(Msg.I003, path=path, offset=nul)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:  # the five bytes cp1252 leaves undefined
        raise IngestError(Msg.I004, path=path) from exc
