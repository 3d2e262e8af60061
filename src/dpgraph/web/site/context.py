"""The published site's state, made once per app: the catalogue and the ontology's
documentation at start-up; the dumps, their sizes and the VoID description on first use.

Dumps are serialised from the served graph, not copied from the build folder, so they hold
exactly what the pages and the endpoint serve (also with `--data`), and never the
restricted graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from flask import Flask
from pyoxigraph import Quad, Triple

from dpgraph.config import ONTOLOGY_IRI, Settings
from dpgraph.publish.ontodoc import ontology_html
from dpgraph.publish.void import DatasetInfo, Download, Statistics, count, void_triples
from dpgraph.rdf.serialise import FORMATS, serialise
from dpgraph.rdf.terms import DP
from dpgraph.store import Graph
from dpgraph.web.site.catalogue import Catalogue, build_catalogue, public_quads
from dpgraph.web.site.describe import Describer
from dpgraph.web.state import Dataset, derived

DUMP_NAME = "digital-partnership"
# Dump file extension -> title; TriG and N-Quads keep the named graphs, the others merge them.
DUMPS = {
    "ttl": "Turtle (graphs merged)",
    "nt": "N-Triples (graphs merged)",
    "trig": "TriG (named graphs)",
    "nq": "N-Quads (named graphs)",
    "jsonld": "JSON-LD (graphs merged, with the published context)",
    "rdf": "RDF/XML (graphs merged)",
}
# Resources the home page and the VoID description give as examples, when the served data has them.
EXAMPLES = (
    "org/apple",
    "body/cahai",
    "activity/001-s5-1st-plenary-meeting-2019-11-18",
    "instrument/budapest-convention",
    "doc/001",
)
# The dataset began with its vocabulary: the ontology's creation date.
CREATED = "SELECT ?ontology ?created WHERE { ?ontology dcterms:created ?created }"


@dataclass
class Site:
    data: Dataset
    catalogue: Catalogue
    ontology_page: str
    quads: list[Quad]  # the public quads: what the dumps hold and the statistics count
    # What pages derive from one build alone, by name (an index's rows before its filters): the
    # site is made again for each build, so a remote engine is asked once per build, not per page.
    remembered: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def settings(self) -> Settings:
        return self.data.settings

    @property
    def graph(self) -> Graph:
        return self.data.graph

    @cached_property
    def describer(self) -> Describer:
        return Describer(self.catalogue, self.graph)

    @cached_property
    def dumps(self) -> dict[str, bytes]:
        """File name -> content of every dump of the public dataset."""
        triples = list(dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in self.quads))
        base = self.settings.base_iri
        return {f"{DUMP_NAME}.{ext}": serialise(self.quads if ext in ("trig", "nq") else triples, ext, base) for ext in DUMPS}

    @cached_property
    def statistics(self) -> Statistics:
        return count(self.quads, self.settings.base_iri, self.catalogue.spaces)

    def dataset_info(self, tables: list[Download]) -> DatasetInfo:
        dumps = [
            Download(f"dumps/{DUMP_NAME}.{ext}", title, FORMATS[ext][0], len(self.dumps[f"{DUMP_NAME}.{ext}"]))
            for ext, title in DUMPS.items()
        ]
        modified = self.data.modified()
        created = next((str(row["created"].value) for row in self.graph.select(CREATED, ontology=ONTOLOGY_IRI)), modified)
        cat = self.catalogue
        return DatasetInfo(
            base=self.settings.base_iri,
            created=min(created, modified),
            modified=modified,
            statistics=self.statistics,
            dumps=dumps,
            tables=tables,
            sources=sorted(iri for iri in cat.types if cat.is_a(iri, DP.SourceDocument.value)),
            examples=[cat.paths[path][0] for path in EXAMPLES if path in cat.paths],
        )

    def void(self, tables: list[Download]) -> list[Triple]:
        return void_triples(self.dataset_info(tables))


def attach(app: Flask) -> None:
    """Make the site's state at start-up rather than on the first request."""
    with app.app_context():
        site()


def _make_site(data: Dataset) -> Site:
    quads = public_quads(data.graph.quads(), data.settings.base_iri)
    catalogue = build_catalogue(quads, data.settings, data.restricted_addresses)
    return Site(data, catalogue, ontology_html(data.settings.ontology_file, catalogue.spaces), quads)


def site() -> Site:
    return derived("site", _make_site)


def template_helpers() -> dict:
    """`href(iri)` for templates: where a link to a resource points (its local path, or the IRI itself)."""
    return {"href": lambda iri: site().catalogue.href(iri) if iri else ""}
