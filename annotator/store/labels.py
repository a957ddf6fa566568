"""The default label schema (annotator/resources/labels.json); its rules are `annotator.rules`."""

from __future__ import annotations

import json

from annotator.resources import resource

GUIDELINES_KEY = "guidelines"
"""The `meta` key of the project's guideline text (Markdown: `Vocabulary.guidelines`)."""


def default_schema() -> dict:
    """The default label schema (ACTOR, CLAIM, CASUALTY and the CLAIM -> ACTOR `source`)."""
    return json.loads(resource("labels.json").read_text(encoding="utf-8"))
