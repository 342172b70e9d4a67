"""The JSON Schema of a claim record, for editors and other tools."""

from __future__ import annotations

from typing import Any

from . import __version__
from .model import Claim


def record_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of what the loader accepts, shorthand quantities included."""
    schema = Claim.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"claimcheck claim record (claimcheck {__version__})",
        **{key: value for key, value in schema.items() if key != "title"},
    }
