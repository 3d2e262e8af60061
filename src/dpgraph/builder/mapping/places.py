"""Places (places.yaml) and the partnership's dated events (events.yaml), in the curated graph."""

from __future__ import annotations

from dpgraph.builder.mapping.sink import VOCAB, MappingSink, as_list, labels
from dpgraph.rdf.terms import DCT, DP, RDF, RDFS, SCHEMA, date_literal, text


def map_places(out: MappingSink) -> None:
    g = out.curated_graph
    places = out.curated.places
    # The first country listed with a code is the one a city with that country code is in.
    country_of_code = {v["code"]: k for k, v in reversed(places.items()) if v.get("kind") == "country" and v.get("code")}
    for key, entry in places.items():
        node = out.mint("place", key)
        g.add(node, RDF.type, SCHEMA.Place)
        g.add(node, SCHEMA.name, text(entry["name"], "en"))
        labels(g, node, entry)
        code = entry.get("code") or entry.get("country")
        if code:
            g.add(node, SCHEMA.addressCountry, text(code))
        if entry.get("kind") == "city" and entry.get("country") in country_of_code:
            g.add(node, SCHEMA.containedInPlace, out.mint("place", country_of_code[entry["country"]]))
        out.cited(g, node, entry)


def map_events(out: MappingSink) -> None:
    g = out.curated_graph
    for key, entry in out.curated.events.items():
        node = out.mint("event", key)
        g.add(node, RDF.type, DP.PartnershipEvent)
        g.add(node, RDFS.label, text(entry["label"], "en"))
        g.add(node, DCT.date, date_literal(str(entry["date"])))
        g.add(node, DP.eventType, VOCAB("event-type", entry["type"]))
        for ref in as_list(entry.get("organisations")):
            g.add(node, DP.involves, out.mint("org", ref))
        for ref in as_list(entry.get("bodies")):
            g.add(node, DP.involves, out.mint("body", ref))
        if entry.get("instrument"):
            g.add(node, DP.concernsInstrument, out.mint("instrument", entry["instrument"]))
        if entry.get("place"):
            g.add(node, SCHEMA.location, out.mint("place", entry["place"]))
        out.cited(g, node, entry)
