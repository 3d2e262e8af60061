"""Concept schemes (schemes.yaml) and the topics in them (topics.yaml), as SKOS in the curated graph.

The Domain concepts of the workplans are minted from the cells that print them, in activities.py.
"""

from __future__ import annotations

from dpgraph.builder.curated import TOPICS_SCHEME
from dpgraph.builder.mapping.sink import VOCAB, MappingSink, as_list, labels
from dpgraph.rdf.terms import RDF, RDFS, SKOS, text


def map_schemes(out: MappingSink) -> None:
    g = out.curated_graph
    for key, entry in out.curated.schemes.items():
        node = VOCAB("scheme", key)
        g.add(node, RDF.type, SKOS.ConceptScheme)
        labels(g, node, entry, "label")
        out.cited(g, node, entry)


def map_topics(out: MappingSink) -> None:
    g = out.curated_graph
    scheme = VOCAB("scheme", TOPICS_SCHEME)
    for key, entry in out.curated.topics.items():
        node = out.mint("topic", key)
        g.add(node, RDF.type, SKOS.Concept)
        g.add(node, SKOS.inScheme, scheme)
        g.add(node, SKOS.prefLabel, text(entry["label"], "en"))
        g.add(node, RDFS.label, text(entry["label"], "en"))
        if entry.get("label_fr"):
            g.add(node, SKOS.prefLabel, text(entry["label_fr"], "fr"))
            g.add(node, RDFS.label, text(entry["label_fr"], "fr"))
        if entry.get("group"):
            # A topic is also in the scheme of its group: areas of cooperation (doc 000)
            # or the topics of the 2020+ workplan.
            g.add(node, SKOS.inScheme, VOCAB("scheme", f"{entry['group']}s"))
        broader = as_list(entry.get("broader"))
        for ref in broader:
            g.add(node, SKOS.broader, out.mint("topic", ref))
            g.add(out.mint("topic", ref), SKOS.narrower, node)
        if not broader:
            g.add(node, SKOS.topConceptOf, scheme)
            g.add(scheme, SKOS.hasTopConcept, node)
        out.cited(g, node, entry)
