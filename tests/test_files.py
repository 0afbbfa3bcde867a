"""graph.files: files written all at once, with the user's usual permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.files import atomic_write


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
