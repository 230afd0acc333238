"""svauthor: a rules-based assistant for the Social Value part of a tender."""

__version__ = "0.1.0"
