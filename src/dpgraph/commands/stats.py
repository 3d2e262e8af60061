"""dpgraph stats — entities per class and statements per property of the built dataset."""

from __future__ import annotations

import argparse

from dpgraph.config import Settings

CLASSES = """SELECT ?class (COUNT(DISTINCT ?s) AS ?entities) WHERE {
  GRAPH ?g { ?s a ?class } FILTER(?g != <%(base)sgraph/ontology>)
} GROUP BY ?class ORDER BY DESC(?entities) ?class"""
PROPERTIES = """SELECT ?property (COUNT(*) AS ?statements) WHERE {
  GRAPH ?g { ?s ?property ?o } FILTER(?g != <%(base)sgraph/ontology>)
} GROUP BY ?property ORDER BY DESC(?statements) ?property"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="counts per class and per property of the built dataset")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dpgraph.results import format_results
    from dpgraph.store.files import built_dataset, load_files, query_union

    # The built data only: the derived graphs served beside it (thousands of network
    # measurements) would crowd out what the documents say.
    store = load_files([built_dataset(settings)])
    for title, query in (("classes", CLASSES), ("properties", PROPERTIES)):
        if args.format == "table":
            print(f"\n{title}:")
        print(format_results(query_union(store, query % {"base": settings.base_iri}), args.format).rstrip("\n"))
    return 0
