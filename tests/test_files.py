"""graph.files: files written all at once, with the user's usual permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.files import atomic_write, remove_stale_temporaries


@pytest.fixture()
def umask() -> Iterator[Callable[[int], int]]:
    """``os.umask`` for one test: the process umask is put back afterwards."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_written_file_gets_0666_less_the_umask(
    tmp_path: Path, umask: Callable[[int], int], mask: int, mode: int
) -> None:
    umask(mask)
    with atomic_write(tmp_path / "out.txt") as out:
        out.write(b"data")
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == mode


def test_the_file_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_write(target) as out:
        out.write(b"half")
        assert not target.exists()
        assert [p.name.startswith(".out.txt.") and p.name.endswith(".part") for p in tmp_path.iterdir()] == [True]
    assert target.read_bytes() == b"half"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failure_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as out:
        out.write(b"new, unfinished")
        raise RuntimeError("serializer gave up")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), atomic_write(tmp_path / "nowhere" / "out.txt"):
        pass


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_store_export_gets_the_users_permissions(
    tmp_path: Path, umask: Callable[[int], int], mask: int, mode: int
) -> None:
    from graph.store import GraphStore

    umask(mask)
    with GraphStore.open() as store:
        store.load(Path(__file__).parent / "data" / "mini.trig")
        for fmt in ("trig", "turtle"):
            store.export(tmp_path / f"all.{fmt}", fmt)
            assert stat.S_IMODE((tmp_path / f"all.{fmt}").stat().st_mode) == mode, fmt


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_viz_page_gets_the_users_permissions(
    tmp_path: Path, umask: Callable[[int], int], mask: int, mode: int
) -> None:
    from graph.store import GraphStore
    from graph.viz import write_html

    umask(mask)
    with GraphStore.open() as store:
        store.load(Path(__file__).parent / "data" / "mini.trig")
        page = write_html(store, tmp_path / "graph.html")
    assert stat.S_IMODE(page.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


# -- leftovers of killed writers -------------------------------------------------------

_HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, b"half of an export")
print("locked", flush=True)
time.sleep(60)
"""


def _leftover(folder: Path, name: str, token: str = "0123456789ab") -> Path:
    path = folder / f".{name}.{token}.part"
    path.write_bytes(b"half of an export")
    return path


def test_a_leftover_temporary_is_removed_by_the_next_write(tmp_path: Path) -> None:
    leftover = _leftover(tmp_path, "out.txt")
    other = _leftover(tmp_path, "out.txt", "fedcba987654")
    with atomic_write(tmp_path / "out.txt") as out:
        out.write(b"new")
    assert not leftover.exists() and not other.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize(
    "name",
    [
        ".out.txt.0123456789ab.tmp",  # another suffix
        ".out.txt.0123456789AB.part",  # upper case: not what secrets.token_hex gives
        ".out.txt.0123456789a.part",  # 11 digits
        ".out.txt.0123456789abc.part",  # 13 digits
        ".out.txt.0123456789ag.part",  # not hexadecimal
        "out.txt.0123456789ab.part",  # not hidden
        ".out.txt.0123456789ab.part.bak",
        ".out.txt.0123456789ab.part~",
        ".other.txt.0123456789ab.part",  # another destination's
        ".xout.txt.0123456789ab.part",
        ".out.txt.x.0123456789ab.part",
        ".out.tx.0123456789ab.part",
    ],
)
def test_a_file_that_only_looks_like_a_leftover_is_kept(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"the user's")
    with atomic_write(tmp_path / "out.txt") as out:
        out.write(b"new")
    assert (tmp_path / name).read_bytes() == b"the user's"


def test_a_name_with_regex_characters_matches_only_itself(tmp_path: Path) -> None:
    kept = _leftover(tmp_path, "aXb")
    removed = _leftover(tmp_path, "a.b")
    with atomic_write(tmp_path / "a.b") as out:
        out.write(b"new")
    assert kept.exists() and not removed.exists()


def test_links_and_folders_with_a_leftover_name_are_kept(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_bytes(b"the user's")
    link = tmp_path / ".out.txt.0123456789ab.part"
    link.symlink_to(precious)
    folder = tmp_path / ".out.txt.ba9876543210.part"
    folder.mkdir()
    with atomic_write(tmp_path / "out.txt") as out:
        out.write(b"new")
    assert link.is_symlink() and folder.is_dir()
    assert precious.read_bytes() == b"the user's"


def test_the_temporary_of_a_live_writer_is_kept(tmp_path: Path) -> None:
    """Two writers to one destination: the second must not remove the first one's file."""
    target = tmp_path / "out.txt"
    with atomic_write(target) as first:
        first.write(b"first, ")
        with atomic_write(target) as second:
            second.write(b"second")
        assert target.read_bytes() == b"second"
        first.write(b"still writing")
    assert target.read_bytes() == b"first, still writing"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_the_lock_of_another_process_protects_its_file_until_it_dies(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    tmp = tmp_path / ".out.txt.00112233aabb.part"
    with subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(tmp)], stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
            assert remove_stale_temporaries(tmp_path / "out.txt") == []
            with atomic_write(tmp_path / "out.txt") as out:
                out.write(b"new")
            assert tmp.exists(), "a live writer's temporary file was removed"
        finally:
            holder.send_signal(signal.SIGKILL)
            holder.wait()
    assert remove_stale_temporaries(tmp_path / "out.txt") == [tmp]
    assert not tmp.exists()


def test_a_temporary_removed_before_its_lock_is_replaced_by_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The moment between creating a temporary file and locking it, a cleaner may take it
    for a leftover; the writer then draws another name instead of writing to a file
    that no longer has one."""
    from graph import files

    lock_own = files._lock_own
    raced: list[Path] = []

    def cleaner_first(tmp: Path, fd: int) -> bool:
        if not raced:
            raced.append(tmp)
            assert files.remove_stale_temporaries(tmp_path / "out.txt") == [tmp]
        return lock_own(tmp, fd)

    monkeypatch.setattr(files, "_lock_own", cleaner_first)
    with atomic_write(tmp_path / "out.txt") as out:
        out.write(b"new")
    assert raced and (tmp_path / "out.txt").read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_cleaning_an_unlistable_folder_removes_nothing(tmp_path: Path) -> None:
    assert remove_stale_temporaries(tmp_path / "missing" / "out.txt") == []


def test_export_and_viz_remove_their_leftovers(tmp_path: Path) -> None:
    from graph.store import GraphStore
    from graph.viz import write_html

    trig = _leftover(tmp_path, "all.trig")
    page = _leftover(tmp_path, "graph.html")
    with GraphStore.open() as store:
        store.load(Path(__file__).parent / "data" / "mini.trig")
        store.export(tmp_path / "all.trig", "trig")
        assert not trig.exists() and page.exists()
        write_html(store, tmp_path / "graph.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.trig", "graph.html"]
