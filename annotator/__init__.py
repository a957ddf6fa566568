"""annotator: a desktop tool for annotating Arabic news articles."""

__version__ = "0.1.0"
