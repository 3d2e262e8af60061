"""The web server's entry point: `flask --app server run` for development, `dpgraph serve` in production."""

from dpgraph.web import create_app

app = create_app()
