"""Every prefix diplograph binds (``ontology/MODEL.md``), in a module that imports nothing.

:mod:`graph.ontology` (which reads the ontology with rdflib) and :mod:`graph.store`
(which every query goes through) both use the prefixes; keeping them here lets a query
run without loading rdflib.
"""

from __future__ import annotations

from typing import Final

__all__ = ["NAMESPACES"]

#: Every prefix diplograph binds (``ontology/MODEL.md``), prefix -> namespace IRI.
NAMESPACES: Final[dict[str, str]] = {
    "dg": "https://w3id.org/diplograph/ontology#",
    "dgid": "https://w3id.org/diplograph/id/",
    "dgs": "https://w3id.org/diplograph/scheme/",
    "dgsh": "https://w3id.org/diplograph/shapes#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}
