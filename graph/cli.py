"""The ``diplograph`` command, as the console script and ``python -m graph.cli`` start it.

The commands are in :mod:`graph.commands` (typer). :data:`app` stands for that typer
app, so ``app()``, ``app([...])`` and ``typer.testing.CliRunner().invoke(app, …)`` work
as on the typer app itself, but it is loaded only when needed: ``diplograph query`` on
its common path (:func:`graph.cli_query.quick`) runs without typer, whose import costs
more than many queries.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app"]


class _App:
    """The ``diplograph`` command: the quick query path, else the typer app."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs:
            from graph.cli_query import quick

            status = quick(sys.argv[1:])
            if status is not None:
                return status
        return _typer_app()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(_typer_app(), name)


def _typer_app() -> Any:
    from graph.commands import app as typer_app

    return typer_app


app = _App()


def __getattr__(name: str) -> Any:
    """The other names of the command line (``graph.cli._count``…) are those of
    :mod:`graph.commands`."""
    if name.startswith("__"):  # the import system asks for __path__ and the like
        raise AttributeError(name)
    import graph.commands

    return getattr(graph.commands, name)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
