"""Make a large store for benchmarks: the bundled and dev readouts, replicated.

Usage::

    python scripts/make_big_store.py --triples 1000000 --out DIR [--seed 7]

The bundled samples (``graph/data/samples``) and the dev readouts
(``tests/data/dev/readouts``) are built once, as ``diplograph build`` builds them.
Their readout graphs are then copied with renamed IRIs until the store holds about
``--triples`` quads: each copy gives every readout a new document id (so new readout,
event, position, mention and evidence IRIs, and a new named graph), keeps the
leaders, countries, organizations, places and concepts they point to (so joins on
them are as selective as in a real corpus) and shifts every date of the copy by a
number of days drawn from ``--seed``. The shared graphs (entities, ontology) are
stored once. Copy 0 is the build itself, unchanged.

The same arguments give the same store (the ontology's blank nodes aside, whose labels
every build draws afresh). The quads are written with Oxigraph's bulk loader, so the
store is made in seconds once the readouts are built.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]
SOURCES = (REPO / "graph" / "data" / "samples", REPO / "tests" / "data" / "dev" / "readouts")
DOC_GRAPH = "https://w3id.org/diplograph/id/graph/doc/"
XSD = "http://www.w3.org/2001/XMLSchema#"
_IDENTIFIER = "http://purl.org/dc/terms/identifier"


def build_base(work: Path) -> ox.Store:
    """The store ``diplograph build`` makes of the bundled and dev readouts."""
    from graph.pipeline import build_graph
    from graph.store import GraphStore

    store = GraphStore.open(work / "base")
    build_graph([p for p in SOURCES if p.is_dir()], store, on_error=lambda e: print(e, file=sys.stderr))
    store.close()
    return ox.Store.read_only(str(work / "base"))


def _shift_date(literal: ox.Literal, days: int) -> ox.Literal:
    kind = literal.datatype.value[len(XSD):] if literal.datatype.value.startswith(XSD) else ""
    text = literal.value
    try:
        if kind == "date":
            shifted = dt.date.fromisoformat(text) + dt.timedelta(days=days)
            return ox.Literal(shifted.isoformat(), datatype=literal.datatype)
        if kind == "dateTime":
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00")) + dt.timedelta(days=days)
            return ox.Literal(moment.isoformat(), datatype=literal.datatype)
        if kind == "gYearMonth":
            first = dt.date.fromisoformat(text + "-01") + dt.timedelta(days=days)
            return ox.Literal(f"{first.year:04d}-{first.month:02d}", datatype=literal.datatype)
        if kind == "gYear":
            return ox.Literal(f"{int(text) + round(days / 365):04d}", datatype=literal.datatype)
    except ValueError:
        pass
    return literal


class _Renamer:
    """Renames one copy: every document id in IRIs and identifiers, dates shifted."""

    def __init__(self, doc_ids: Sequence[str], copy: int, days: int) -> None:
        self.ids = {doc: f"{doc}-x{copy:04d}" for doc in doc_ids}
        self.pattern = re.compile("|".join(re.escape(doc) for doc in sorted(doc_ids, key=len, reverse=True)))
        self.copy = copy
        self.days = days
        self.cache: dict[ox.NamedNode, ox.NamedNode] = {}

    def iri(self, node: ox.NamedNode) -> ox.NamedNode:
        found = self.cache.get(node)
        if found is None:
            found = ox.NamedNode(self.pattern.sub(lambda m: self.ids[m.group()], node.value))
            self.cache[node] = found
        return found

    def subject(self, term: ox.NamedNode | ox.BlankNode | ox.Triple) -> ox.NamedNode | ox.BlankNode | ox.Triple:
        if isinstance(term, ox.NamedNode):
            return self.iri(term)
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(f"{term.value}x{self.copy}")
        return term

    def object(
        self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, predicate: str
    ) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple:
        if isinstance(term, ox.Literal):
            if predicate == _IDENTIFIER and term.value in self.ids:
                return ox.Literal(self.ids[term.value])
            datatype = term.datatype.value
            if self.days and (datatype.startswith(XSD + "g") or datatype in (XSD + "date", XSD + "dateTime")):
                return _shift_date(term, self.days)
            return term
        return self.subject(term)


def replicate(base: ox.Store, triples: int, seed: int) -> Iterator[ox.Quad]:
    """The quads of the big store: the base, then renamed copies of its readout graphs."""
    doc_quads: list[tuple[ox.Quad, ox.NamedNode]] = []
    for quad in base:
        yield quad
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value.startswith(DOC_GRAPH):
            doc_quads.append((quad, graph))
    total = len(base)
    doc_ids = sorted({graph.value[len(DOC_GRAPH):] for _, graph in doc_quads})
    rng = random.Random(seed)
    copy = 0
    while total + len(doc_quads) <= triples or (copy == 0 and total < triples):
        copy += 1
        renamer = _Renamer(doc_ids, copy, rng.randint(-1500, 1500))
        for quad, graph in doc_quads:
            yield ox.Quad(
                renamer.subject(quad.subject),
                quad.predicate,
                renamer.object(quad.object, quad.predicate.value),
                renamer.iri(graph),
            )
        total += len(doc_quads)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many quads (default 1000000)")
    parser.add_argument("--out", type=Path, required=True, help="the folder of the new store (must not exist)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the date shifts (default 7)")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists: give a new folder")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        base = build_base(Path(tmp))
        built = time.perf_counter()
        out = ox.Store(str(args.out))
        out.bulk_extend(replicate(base, args.triples, args.seed))
        out.flush()
        count = len(out)
        graphs = sum(1 for _ in out.named_graphs())
        del out, base
    print(
        f"{args.out}: {count} quads in {graphs} named graphs "
        f"(build {built - started:.1f} s, replication {time.perf_counter() - built:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
