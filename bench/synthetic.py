"""Synthetic datasets shaped like the real one, N times its size, for benchmarks.

Each copy renames every resource IRI under the base (`org/apple` -> `org/apple-c3`) and
keeps vocabulary and concept IRIs, so queries, shapes and networks see N disjoint copies of
the real graph's structure. Copies are linked by a few shared organisations (the first copy's)
so co-participation does not fall into N separate components.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize

SHARED_PATHS = ("org/microsoft", "org/google", "org/facebook")
KEEP_PREFIXES = (
    "ontology",
    "scheme/",
    "activity-kind/",
    "cohort/",
    "membership-status/",
    "activity-status/",
    "event-type/",
    "graph/",
)


def _renamer(base: str, copy: int):
    def rename(term):
        if copy == 0 or not isinstance(term, NamedNode) or not term.value.startswith(base):
            return term
        path = term.value[len(base) :]
        if path.startswith(KEEP_PREFIXES) or path in SHARED_PATHS:
            return term
        local, hash_, fragment = path.partition("#")
        return NamedNode(f"{base}{local}-c{copy}{hash_}{fragment}")

    return rename


def synthetic_quads(source: Path, factor: int, base: str = "https://w3id.org/coe-digital-partnership/") -> list[Quad]:
    quads = list(parse(path=str(source), format=RdfFormat.TRIG))
    data = [q for q in quads if not q.graph_name.value.endswith("graph/ontology")]
    ontology = [q for q in quads if q.graph_name.value.endswith("graph/ontology")]
    out = list(ontology)
    for copy in range(factor):
        rename = _renamer(base, copy)
        out += [Quad(rename(q.subject), q.predicate, rename(q.object), q.graph_name) for q in data]
    return list(dict.fromkeys(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path, help="the built public.trig")
    parser.add_argument("factor", type=int)
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    quads = synthetic_quads(args.source, args.factor)
    serialize(quads, output=str(args.output), format=RdfFormat.TRIG)
    print(f"{len(quads)} quads -> {args.output}")


if __name__ == "__main__":
    main()
