"""Digital Partnership Knowledge Graph: build, validate, reason, analyse and serve."""

__version__ = "1.0.0"
