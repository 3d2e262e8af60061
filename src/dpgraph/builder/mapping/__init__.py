"""Records -> quads: what the graph says about each thing, and in which named graph.

What a document says goes into that document's graph; what the curated tables say goes
into `graph/curated`; personal data (contact points) into `graph/restricted`. Every
activity, membership, profile and event is derived (PROV-O) from excerpts of the
documents, `doc/<id>#L<a>-L<b>`, that name their lines. One module per subject writes
through the shared sink (sink.py); map_all runs them in the order the build's bytes depend on.
"""

from __future__ import annotations

from dpgraph.builder.curated import Curated
from dpgraph.builder.extract import Extraction
from dpgraph.builder.mapping.activities import map_activities
from dpgraph.builder.mapping.bodies import map_bodies
from dpgraph.builder.mapping.concepts import map_schemes, map_topics
from dpgraph.builder.mapping.documents import map_documents, map_sections
from dpgraph.builder.mapping.instruments import map_instruments
from dpgraph.builder.mapping.memberships import map_memberships, map_partnership
from dpgraph.builder.mapping.organisations import map_organisations, map_profile
from dpgraph.builder.mapping.places import map_events, map_places
from dpgraph.builder.mapping.sink import MappingSink
from dpgraph.builder.sources import Document
from dpgraph.rdf.terms import Minter, QuadSink


def map_all(mint: Minter, documents: dict[str, Document], curated: Curated, extraction: Extraction) -> QuadSink:
    out = MappingSink(mint, documents, curated)
    map_documents(out)
    map_partnership(out)
    map_organisations(out)
    map_bodies(out)
    map_instruments(out)
    map_schemes(out)
    map_topics(out)
    map_places(out)
    map_events(out)
    map_activities(out, extraction.activities, map_sections(out))
    for profile in extraction.profiles:
        map_profile(out, profile)
    map_memberships(out, extraction.lists)
    return out.sink
