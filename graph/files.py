"""Writing the files a user receives: all at once, with the user's usual permissions.

:func:`atomic_write` gives a binary stream to a temporary file beside the destination and
renames it over the destination when the ``with`` block ends without an error, so the
destination is either the complete new file or left as it was. The temporary file is
created with mode ``0o666`` and the process umask applied by the system, as ``open()``
would create it; :func:`tempfile.mkstemp` would make it ``0o600``, readable by its owner
only, which an export or a page meant to be shared should not be.

A writer killed before the rename (``kill -9``, a power cut) leaves its temporary file
behind. The next :func:`atomic_write` to the same destination removes such leftovers
(:func:`remove_stale_temporaries`), and only those: a temporary file is named
``.NAME.HEX.part`` with exactly twelve lowercase hexadecimal digits, and a live writer
holds an exclusive :func:`fcntl.flock` lock on its temporary file from its creation
until after the rename. A leftover is a file of that exact name whose lock can be taken:
the lock of a process dies with it, whatever killed it, so no age threshold guesses at
how long a slow export may take. Files that merely look similar (another suffix, another
number of digits, a symbolic link, a folder) are never touched.

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
import re
import secrets
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, Final

if sys.platform != "win32":
    import fcntl

__all__ = ["atomic_write", "remove_stale_temporaries", "temporary_name_pattern"]

# Attempts at a free temporary name; a clash needs another writer in the same folder
# drawing the same 48 random bits.
_ATTEMPTS: Final = 100
_TOKEN_BYTES: Final = 6
_SUFFIX: Final = ".part"
_FLAGS: Final = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
# Opening a candidate leftover to test its lock: never through a symbolic link, never
# blocking (on a FIFO that slipped in between the check and the open).
_PROBE_FLAGS: Final = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
# Where flock does not exist, a leftover is a temporary file untouched for this long.
_STALE_WITHOUT_LOCKS: Final = 24 * 3600.0


def temporary_name_pattern(target: Path | str) -> re.Pattern[str]:
    """The names :func:`atomic_write` gives its temporary files for ``target``.

    >>> bool(temporary_name_pattern("a.trig").fullmatch(".a.trig.0123456789ab.part"))
    True
    >>> bool(temporary_name_pattern("a.trig").fullmatch(".a.trig.0123456789AB.part"))
    False
    """
    name = Path(target).name
    return re.compile(rf"\.{re.escape(name)}\.[0-9a-f]{{{2 * _TOKEN_BYTES}}}{re.escape(_SUFFIX)}")


@contextmanager
def atomic_write(path: Path | str) -> Iterator[BinaryIO]:
    """Write ``path`` atomically, as a file of the user's usual permissions.

    Leftover temporary files of killed writers to the same destination are removed first
    (see :func:`remove_stale_temporaries`); the temporary file of this writer is locked
    until it has been renamed, so a concurrent writer never removes it.

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
    remove_stale_temporaries(target)
    tmp, fd = _create_beside(target)
    try:
        # The stream (and with it the lock) is closed only after the rename: a cleaner
        # must never see this file unlocked while it still has this name.
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale_temporaries(target: Path | str) -> list[Path]:
    """Remove the temporary files killed writers left beside ``target``.

    A file is removed only when its name is exactly one :func:`atomic_write` gives
    (``.NAME.`` + 12 lowercase hex digits + ``.part``), it is a regular file (not a
    link), and no process holds its lock, that is no writer is alive to rename it.
    Without :mod:`fcntl` (Windows), it must instead be untouched for a day. This is best
    effort: a file that cannot be opened, locked or removed is left where it is.

    Args:
        target: the destination whose leftovers to remove.

    Returns:
        The files removed.
    """
    target = Path(target)
    pattern = temporary_name_pattern(target)
    folder = target.parent
    removed: list[Path] = []
    try:
        names = [entry.name for entry in os.scandir(folder) if pattern.fullmatch(entry.name)]
    except OSError:
        return removed
    for name in names:
        candidate = folder / name
        with suppress(OSError):
            if _remove_if_stale(candidate):
                removed.append(candidate)
    return removed


def _remove_if_stale(candidate: Path) -> bool:
    if not stat.S_ISREG(os.lstat(candidate).st_mode):
        return False
    fd = os.open(candidate, _PROBE_FLAGS)
    try:
        if sys.platform == "win32":  # pragma: no cover - no flock there
            if time.time() - os.fstat(fd).st_mtime < _STALE_WITHOUT_LOCKS:
                return False
        else:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # a live writer holds it
        # Still the file that was locked (not one created since under the same name)?
        if not os.path.samestat(os.fstat(fd), os.lstat(candidate)):
            return False
        os.unlink(candidate)
        return True
    finally:
        os.close(fd)


def _create_beside(target: Path) -> tuple[Path, int]:
    """Create a new, empty temporary file next to ``target``, locked; mode 0o666 less the umask."""
    for _ in range(_ATTEMPTS):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(_TOKEN_BYTES)}{_SUFFIX}")
        try:
            fd = os.open(tmp, _FLAGS, 0o666)
        except FileExistsError:
            continue
        if _lock_own(tmp, fd):
            return tmp, fd
    raise FileExistsError(f"no free temporary name beside {target}")


def _lock_own(tmp: Path, fd: int) -> bool:
    """Lock a just-created temporary file; False (and closed) if a cleaner removed it
    between its creation and the lock, as it may: it was unlocked for that moment."""
    if sys.platform == "win32":  # pragma: no cover - no flock there
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits for a cleaner probing it to finish
        if os.path.samestat(os.fstat(fd), os.stat(tmp)):
            return True
    except FileNotFoundError:
        pass
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return False
