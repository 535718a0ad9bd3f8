"""Build a public catalog of approved IT solutions from schema-validated YAML."""

__version__ = "0.1.0"
