"""Writing the files a user receives: all at once, with the user's usual permissions.

:func:`atomic_write` gives a binary stream to a temporary file beside the destination and
renames it over the destination when the ``with`` block ends without an error, so the
destination is either the complete new file or left as it was. The temporary file is
created with mode ``0o666`` and the process umask applied by the system, as ``open()``
would create it; :func:`tempfile.mkstemp` would make it ``0o600``, readable by its owner
only, which an export or a page meant to be shared should not be.

Example:

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> with atomic_write(folder / "out.txt") as out:
...     _ = out.write(b"complete\\n")
>>> (folder / "out.txt").read_text()
'complete\\n'
>>> sorted(p.name for p in folder.iterdir())
['out.txt']
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Final

__all__ = ["atomic_write"]

# Attempts at a free temporary name; a clash needs another writer in the same folder
# drawing the same 48 random bits.
_ATTEMPTS: Final = 100
_FLAGS: Final = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


@contextmanager
def atomic_write(path: Path | str) -> Iterator[BinaryIO]:
    """Write ``path`` atomically, as a file of the user's usual permissions.

    Args:
        path: the file to write; its folder must exist.

    Yields:
        A binary stream to a temporary file in the same folder (named
        ``.NAME.RANDOM.part``), renamed to ``path`` when the block ends normally and
        removed when it raises.

    Raises:
        OSError: when the temporary file cannot be created, written or renamed; the
            caller turns it into its own coded error.
    """
    target = Path(path)
    tmp, fd = _create_beside(target)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _create_beside(target: Path) -> tuple[Path, int]:
    """Create a new, empty temporary file next to ``target``; mode 0o666 less the umask."""
    for _ in range(_ATTEMPTS):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
        try:
            return tmp, os.open(tmp, _FLAGS, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")
