"""``diplograph query``, the part that runs: shared by the typer command and the quick path.

A query from the command line is often one of many run by a script, so its fixed
cost counts: :func:`quick` runs the common case (a named query, a SPARQL text or file,
parameters, a format, a store) without loading typer, and :func:`run` is what the
typer command calls too, so both paths do the same. Anything :func:`quick` does not
read plainly (``--help``, ``--list``, an option it does not know, a repeated option)
goes to the typer command in :mod:`graph.commands`; an error of the query itself is
told here, in the one form both paths share (:func:`error_line`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from graph.errors import DiplographError, Msg, QueryError

__all__ = ["DEFAULT_STORE", "error_line", "params_of", "quick", "run"]

DEFAULT_STORE = Path("out/store")

# option -> the name of the value it gives; every one takes a value
_OPTIONS = {
    "--name": "name", "-n": "name",
    "--file": "file", "-f": "file",
    "--param": "param", "-p": "param",
    "--format": "fmt",
    "--store": "store", "-s": "store",
}


def params_of(pairs: Sequence[str]) -> dict[str, str]:
    """``name=value`` pairs (a leading ``?`` on the name is dropped) as a dict.

    Raises:
        QueryError: Q013 for a pair with no ``=`` or no name.
    """
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.lstrip("?"):
            raise QueryError(Msg.Q013, value=pair)
        params[key.lstrip("?")] = value
    return params


def run(
    sparql: str | None, name: str | None, file: Path | None, pairs: Sequence[str], fmt: str | None, store: Path | str
) -> None:
    """Run the query the options give and write its result to stdout.

    Raises:
        QueryError: Q012 unless exactly one of ``sparql``, ``name`` and ``file`` is
            given, Q006 for a file that cannot be read, and what :func:`run_query`,
            :func:`~graph.store_base.open_store` and :meth:`QueryResult.write` raise.
    """
    from graph.query import run_query
    from graph.store_base import open_store

    if sum(given is not None for given in (sparql, name, file)) != 1:
        raise QueryError(Msg.Q012)
    if file is not None:
        try:
            sparql = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(Msg.Q006, path=file, detail=exc.strerror) from None
    params = params_of(pairs)
    with open_store(store, read_only=True) as st:
        result = run_query(st, sparql, name=name, params=params)
    result.write(sys.stdout, fmt)


def quick(argv: Sequence[str]) -> int | None:
    """Run ``diplograph query …`` from its arguments if they are plain: the exit status
    (2 for an error, told on stderr), or ``None`` to leave the arguments to the typer
    command."""
    if not argv or argv[0] != "query":
        return None
    values: dict[str, str] = {}
    pairs: list[str] = []
    sparql: str | None = None
    rest = list(argv[1:])
    while rest:
        token = rest.pop(0)
        option, equals, inline = token.partition("=") if token.startswith("--") else (token, "", "")
        if option in _OPTIONS:
            if equals:
                value = inline
            elif rest:
                value = rest.pop(0)
            else:
                return None
            key = _OPTIONS[option]
            if key == "param":
                pairs.append(value)
            elif key in values:
                return None
            else:
                values[key] = value
        elif token.startswith("-") or sparql is not None:
            return None
        else:
            sparql = token
    file = values.get("file")
    try:
        run(
            sparql,
            values.get("name"),
            None if file is None else Path(file),
            pairs,
            values.get("fmt"),
            values.get("store", str(DEFAULT_STORE)),
        )
    except DiplographError as exc:
        # told as the typer command's error boundary tells it; running the query again
        # there would only repeat the work and the error
        sys.stderr.write(error_line(str(exc)) + "\n")
        return 2
    return 0


def error_line(message: str) -> str:
    """How the command line tells an error: one line, after the program's name."""
    return f"diplograph: {message}"
