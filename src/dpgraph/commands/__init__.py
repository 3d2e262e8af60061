"""The `dpgraph` commands, in the order `dpgraph --help` lists them."""

COMMANDS = ["build", "query", "queries", "stats", "serve", "publish", "validate", "reason", "export_site", "network"]
