"""Saying where a SPARQL text goes wrong, and why, in words a user can act on.

The two parsers a query meets (rdflib's, for the safety check, and Oxigraph's) report
a failure as the place where a grammar rule gave up: "Expected SelectQuery" at the
start of the ``WHERE`` clause, or "expected OPTIONAL" after a relative IRI. This module
reads the text the way a SPARQL lexer does (strings, IRIs, prefixed names, comments)
and finds the first token that cannot be right, with its line and column:

- a lone surrogate, which no UTF-8 text can hold;
- a string that is not closed on its line, or an escape SPARQL does not have
  (``\\q``; ``\\u`` without four hex digits);
- an IRI with characters an IRI cannot hold, or a relative IRI with no ``BASE`` to
  resolve it against;
- a prefixed name whose prefix is neither declared nor one of ours.

:func:`syntax_problem` turns a parser's failure into a :class:`SyntaxProblem`: the
lexer's finding when it has one, else the parser's own message and position.

Example:

>>> problem = syntax_problem('SELECT * WHERE { ?s ?p "caf\\\\é" }', known_prefixes={})
>>> problem.line, problem.column
(1, 28)
>>> problem.problem
'the escape \\\\é is not one SPARQL has (\\\\t \\\\n \\\\r \\\\b \\\\f \\\\" \\\\\\' \\\\\\\\ \\\\uXXXX \\\\UXXXXXXXX)'
>>> syntax_problem("SELECT * WHERE { ?s foo:bar ?o }", known_prefixes={"dg": "https://…"}).problem
"the prefix 'foo:' is not declared: add PREFIX foo: <…> (predeclared: dg:)"
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Final, NamedTuple

__all__ = ["Scan", "SyntaxProblem", "find_problem", "iri_references", "is_empty", "position", "scan", "syntax_problem"]

_ESCAPE: Final = re.compile(r"\\(?:[tbnrf\"'\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")
# One token of the lexer's interest at a time; the rest of the text is skipped a
# character at a time. Long strings come before short ones.
_TOKEN_PATTERN: Final = (
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<long>\"\"\"|''')
    | (?P<short>["'])
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<spaced><[A-Za-z][A-Za-z0-9+.\-]*:[^<>\s]*[ "{}|^`\\][^<>\n]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<keyword>(?i:\b(?:PREFIX|BASE)\b))
    | (?P<pname>(?<![\w.\-:])(?P<prefix>[^\W\d_](?:[\w.\-]*[\w\-])?)?:(?![/]{2}))
    """
)
_PREFIX_DECL: Final = re.compile(r"(?i:PREFIX)\s+([^\W\d_](?:[\w.\-]*[\w\-])?)?:\s*<([^<>\s]*)>")
_BASE_DECL: Final = re.compile(r"(?i:BASE)\s*<([^<>\s]*)>")
_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# Oxigraph: "error at 1:26: expected OPTIONAL"; rdflib (pyparsing): "..., found 'x'  (at char 17), (line:1, col:18)"
_OXIGRAPH_AT: Final = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)


@cache
def _token() -> re.Pattern[str]:
    """The lexer of the error path, compiled when a query first goes wrong: a query
    that runs never needs it, and compiling it costs a command line a few ms."""
    return re.compile(_TOKEN_PATTERN, re.VERBOSE)


# The scanner of :func:`scan`: like _TOKEN_PATTERN, but a prefixed name is read whole (its
# local part too) and a bare word (a keyword, a function name) is a token.
_SCAN: Final = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<long>\"\"\"|''')
    | (?P<short>["'])
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<pname>(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?:(?:[\w\-:%.\u00b7]|\\[^\s])*)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<word>[^\W\d_][\w\-]*)
    """,
    re.VERBOSE,
)


class Scan(NamedTuple):
    """What a lexer sees in a query without parsing it (see :func:`scan`).

    Attributes:
        words: the bare words (keywords, function names), upper-cased: never a word
            inside a string, a comment, an IRI, a prefixed name, a variable or a
            language tag.
        form: the first word after the prologue (``PREFIX``/``BASE`` declarations),
            upper-cased: ``SELECT``, ``ASK``… for a query; ``None`` when there is none.
        variables: the names of the variables, without ``?``/``$``.
    """

    words: frozenset[str]
    form: str | None
    variables: frozenset[str]


def scan(sparql: str) -> Scan:
    """The words and variables of a query, read as a SPARQL lexer reads them.

    >>> found = scan('PREFIX ex: <http://e/> SELECT ?s WHERE { ?s ex:SERVICE "FROM" } # LOAD')
    >>> sorted(found.words), found.form, sorted(found.variables)
    (['PREFIX', 'SELECT', 'WHERE'], 'SELECT', ['s'])
    """
    words: set[str] = set()
    variables: set[str] = set()
    form: str | None = None
    in_prologue = True
    i = 0
    while i < len(sparql):
        match = _SCAN.search(sparql, i)
        if match is None:
            break
        kind = match.lastgroup or ""
        start = match.start()
        if kind in ("long", "short"):
            quote = match.group(kind)
            end = _close(sparql, match.end(), quote, multiline=kind == "long")
            if end < 0:
                break  # the rest is an unclosed string
            i = end + len(quote)
            continue
        if kind == "iri":
            value = match.group("iri")[1:-1]
            if value[:1] in ("?", "$", "=") or value[:1].isdigit():
                i = start + 1  # '<' as less-than
                continue
        elif kind == "var":
            variables.add(match.group("var")[1:])
        elif kind == "word":
            word = match.group("word").upper()
            words.add(word)
            if in_prologue and word not in ("PREFIX", "BASE"):
                in_prologue = False
                form = word
        i = match.end()
    return Scan(frozenset(words), form, frozenset(variables))


class SyntaxProblem(NamedTuple):
    """Where a query goes wrong: a 1-based line and column, and what is wrong there."""

    line: int
    column: int
    problem: str
    near: str

    @property
    def detail(self) -> str:
        """``line L, column C: problem (near '…')``, as messages print it."""
        near = f" (near {self.near!r})" if self.near else ""
        return f"line {self.line}, column {self.column}: {self.problem}{near}"


def is_absolute_iri(iri: str) -> bool:
    """Whether ``iri`` starts with a scheme (``https:``, ``urn:``…), so needs no BASE."""
    return _SCHEME.match(iri) is not None


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate, which no UTF-8 text (and no query) can."""
    return _SURROGATE.search(text) is not None


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based ``(line, column)`` of a character offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    line = max(1, min(line, len(lines)))
    return sum(len(item) + 1 for item in lines[: line - 1]) + max(0, column - 1)


def _near(text: str, offset: int) -> str:
    """Up to 30 characters of the line from ``offset``."""
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return text[offset : min(end, offset + 30)].rstrip()


def iri_references(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, iri)`` of every ``<…>`` the lexer reads as an IRI, outside strings and
    comments, declarations included."""
    for kind, start, value in _tokens(text):
        if kind == "iri":
            yield start, value


def _tokens(text: str) -> Iterator[tuple[str, int, str]]:
    """``(kind, offset, value)``: ``iri``, ``pname``, ``string`` and the lexer's errors
    (``unterminated``). Strings and comments are skipped whole."""
    i = 0
    while i < len(text):
        match = _token().search(text, i)
        if match is None:
            return
        kind = match.lastgroup or ""
        start = match.start()
        if kind == "long":
            quote = match.group("long")
            end = _close(text, match.end(), quote, multiline=True)
            if end < 0:
                yield "unterminated", start, quote
                return
            yield "string", start, text[match.end() : end]
            i = end + len(quote)
        elif kind == "short":
            quote = match.group("short")
            end = _close(text, match.end(), quote, multiline=False)
            if end < 0:
                yield "unterminated", start, quote
                return
            yield "string", start, text[match.end() : end]
            i = end + 1
        elif kind == "iri":
            value = match.group("iri")[1:-1]
            # '<' followed by a variable, a number or '=' is a comparison, not an IRI
            if value[:1] in ("?", "$", "=") or value[:1].isdigit():
                i = start + 1
                continue
            yield "iri", start, value
            i = match.end()
        elif kind == "spaced":
            yield "spaced", start, match.group("spaced")
            i = match.end()
        elif kind == "pname" or kind == "prefix":
            yield "pname", start, match.group("prefix") or ""
            i = match.end()
        else:
            i = match.end()


def _close(text: str, i: int, quote: str, *, multiline: bool) -> int:
    """The offset of the quote that closes a string opened before ``i``, or -1."""
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            return i
        if not multiline and char in "\n\r":
            return -1
        i += 1
    return -1


def find_problem(sparql: str, known_prefixes: Mapping[str, str]) -> SyntaxProblem | None:
    """The first token of ``sparql`` that cannot be right, or ``None``.

    Args:
        sparql: the query text.
        known_prefixes: the prefixes predeclared for every query.
    """
    surrogate = _SURROGATE.search(sparql)
    found: list[tuple[int, str]] = []
    if surrogate:
        code = ord(surrogate.group())
        found.append((surrogate.start(), f"the character U+{code:04X} is a lone surrogate, which no text can hold"))
    declared = set(known_prefixes) | {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}
    has_base = _BASE_DECL.search(sparql) is not None
    after_prefix = {m.start(2) - 1 for m in _PREFIX_DECL.finditer(sparql)}
    after_base = {m.start(1) - 1 for m in _BASE_DECL.finditer(sparql)}
    for kind, start, value in _tokens(sparql):
        if kind == "unterminated":
            where = "before the end of the query" if len(value) == 3 else "on its line"
            found.append((start, f"the string opened here with {value} is not closed {where}"))
        elif kind == "string":
            for escape in re.finditer(r"\\.?", value, re.DOTALL):
                if not _ESCAPE.match(value, escape.start()):
                    offset = start + len(_quote_of(sparql, start)) + escape.start()
                    found.append((offset, f"the escape {escape.group()} is not one SPARQL has "
                                  "(\\t \\n \\r \\b \\f \\\" \\' \\\\ \\uXXXX \\UXXXXXXXX)"))
                    break
        elif kind == "iri":
            if start in after_base:
                if not _SCHEME.match(value):
                    found.append((start, f"BASE <{value}> is not an absolute IRI (it needs a scheme such as https:)"))
            elif not _SCHEME.match(value) and not has_base and start in after_prefix:
                found.append((start, f"the prefix is declared as <{value}>, a relative IRI, and the query has no "
                              "BASE to resolve it: write the whole IRI (<https://…>)"))
            elif not _SCHEME.match(value) and not has_base:
                found.append((start, f"<{value}> is a relative IRI and the query has no BASE to resolve it: "
                              "write the whole IRI (<https://…>) or declare BASE <https://…>"))
        elif kind == "spaced":
            found.append((start, f"the IRI {value} holds a space or a character an IRI cannot hold "
                          "(write a space as %20)"))
        elif kind == "pname" and value not in declared:
            shown = ", ".join(f"{name}:" for name in sorted(known_prefixes)) or "none"
            found.append(
                (start, f"the prefix '{value}:' is not declared: add PREFIX {value}: <…> (predeclared: {shown})")
            )
    if not found:
        return None
    offset, problem = min(found)
    line, column = position(sparql, offset)
    return SyntaxProblem(line, column, problem, _near(sparql, offset))


def _quote_of(text: str, start: int) -> str:
    return text[start : start + 3] if text.startswith(('"""', "'''"), start) else text[start]


def syntax_problem(
    sparql: str,
    *,
    known_prefixes: Mapping[str, str],
    parser_message: str = "",
    line: int | None = None,
    column: int | None = None,
) -> SyntaxProblem:
    """What to tell a user whose query a parser refused.

    The lexer's finding (:func:`find_problem`) when it has one; otherwise the parser's
    message at the parser's position: ``line``/``column`` when given, else read from an
    Oxigraph message (``error at L:C: …``).

    Args:
        sparql: the query text.
        known_prefixes: the prefixes predeclared for every query.
        parser_message: what the parser said.
        line: the parser's 1-based line, when it gives one apart from its message.
        column: the parser's 1-based column.
    """
    if is_empty(sparql):
        return SyntaxProblem(1, 1, "the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE query", "")
    found = find_problem(sparql, known_prefixes)
    if found is not None:
        return found
    message = parser_message.strip()
    at = _OXIGRAPH_AT.match(message)
    if at and line is None:
        # Oxigraph counts lines from 1 and columns from 0
        line, column, message = int(at.group(1)), int(at.group(2)) + 1, _tidy_expected(at.group(3))
    if line is None or column is None:
        line, column = 1, 1
    message = " ".join(message.split()) or "not SPARQL"
    return SyntaxProblem(line, column, message, _near(sparql, _offset(sparql, line, column)))


def _tidy_expected(message: str) -> str:
    """Oxigraph's "expected one of …" without its character-class lists; a sentence in
    the list (such as "SELECT * is not authorized with GROUP BY") is the message."""
    text = " ".join(message.split())
    head, sep, rest = text.partition("expected one of ")
    if not sep:
        head, sep, rest = text.partition("expected ")
        if not sep:
            return text
    items: list[str] = []
    depth, current = 0, ""
    for char in rest:
        if char == "[" and not current.strip(" '\""):
            depth += 1
        elif char == "]" and depth:
            depth -= 1
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    words = [item for item in items if item and not item.startswith("[")]
    sentences = [item for item in words if " " in item and not item.startswith('"')]
    if sentences:
        return "; ".join(sentences)
    if not words:
        return head + "unexpected text here"
    return head + "expected " + ("one of " if len(words) > 1 else "") + ", ".join(words)


def is_empty(sparql: str) -> bool:
    """Whether the text holds nothing but white space and comments.

    >>> is_empty("  # a comment\\n"), is_empty("ASK {}")
    (True, False)
    """
    return all(not line.strip() or line.lstrip().startswith("#") for line in sparql.splitlines())
