"""The registry's settings file, ``claimcheck.yaml``.

It holds the comparison tolerance, what is known of each document (``documents:``, keyed by the
document's path relative to the root) and which checks run at what severity.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from .errors import ClaimcheckError, NotFoundError
from .exchange.ratings import RatingsSettings
from .model import DocumentInfo
from .safefs import RegistryFiles
from .validation import validate_located
from .vocab import Severity
from .yamlio import parse_yaml

CONFIG_FILE = "claimcheck.yaml"
DEFAULT_TOLERANCE = 0.1
MAX_SETTINGS_BYTES = 1024 * 1024

CONFIG_TEMPLATE = """\
# claimcheck registry settings. Every key is optional.

# How far "about", "nearly" and their kin widen a figure (0.1 = 10%).
tolerance: 0.1

# What is known of each document, keyed by its path relative to this file.
# The publication date is the default as_of of claims taken from the document.
documents: {}
#  seeds/2016-12-21-example-article.txt:
#    title: Example article
#    published: 2016-12-21
#    publisher: Example News
#    url: https://example.org/article

# Checks to run (codes or prefixes), checks to skip, and severities to change.
# select: [A, S, T]
# ignore: [A106]
# severity: {S101: info}
# per-file-ignores: {"claims/draft-*.yaml": [T, A106]}

# For claimcheck export and import: the desk that publishes the reviews, the rating each
# status is exported as (defaults in the README), and rating labels to read as stances.
# publisher: {name: Example Fact Check, url: https://factchecks.example.org/}
# ratings:
#   refuted: {ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: Refuted}
#   labels: {faux: contradicts}
"""


class Publisher(BaseModel):
    """The fact-checking desk that publishes this registry's reviews."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1)]
    url: str | None = None


class Config(BaseModel):
    """The contents of claimcheck.yaml."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    tolerance: Annotated[float, Field(ge=0, lt=1)] = DEFAULT_TOLERANCE
    documents: dict[str, DocumentInfo] = Field(default_factory=dict)
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    # Who publishes the reviews (ClaimReview's author), and how statuses and ratings map
    # (claimcheck export and import; see claimcheck/exchange/ratings.py).
    publisher: Publisher | None = None
    ratings: RatingsSettings = Field(default_factory=RatingsSettings)
    # glob (of a path relative to the root, or of a file name) -> codes or prefixes it skips
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")


def load_config(root: Path) -> Config:
    """Read ``root/claimcheck.yaml``; a registry without one gets the defaults.

    Only a regular file inside the registry is read: a link that leads out, a FIFO or a
    device is refused with its place, as a missing file is not.
    """
    try:
        text = RegistryFiles(root).read_text(CONFIG_FILE, MAX_SETTINGS_BYTES, "the settings")
    except NotFoundError:
        return Config()
    try:
        parsed = parse_yaml(text)
    except ClaimcheckError as err:
        err.path = CONFIG_FILE
        raise
    if parsed.data is None:
        return Config()
    return validate_located(Config, parsed, CONFIG_FILE)
