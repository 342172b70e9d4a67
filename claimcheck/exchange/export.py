"""``claimcheck export``: the registry as ClaimReview JSON-LD, CSV or JSON.

Every format is built from the records that loaded; a registry with a record that does not load
is not exported (the export would silently miss it). JSON is written as UTF-8 with control
characters escaped by the JSON writer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import ClaimcheckError
from ..model import Claim
from ..render.safe import to_json
from ..store import Store
from ..vocab import ExportFormat, Status
from .claimreview import check_base_url, claim_review
from .csvio import claims_csv, sources_csv


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _claims(store: Store) -> list[Claim]:
    registry = store.load()
    if registry.problems:
        raise ClaimcheckError(
            f"{registry.problems[0]}; the export would leave it out: fix the records that do "
            "not load first ('claimcheck check' lists them)"
        )
    return [registry.records[claim_id].claim for claim_id in sorted(registry.records)]


def export_text(
    store: Store,
    chosen: ExportFormat,
    base_url: str | None = None,
    sources: bool = False,
) -> tuple[str, list[str]]:
    """The export, and warnings for the user."""
    claims = _claims(store)
    warnings: list[str] = []
    if chosen is ExportFormat.CSV:
        return (sources_csv(claims) if sources else claims_csv(claims)), warnings
    if chosen is ExportFormat.JSON:
        return to_json([_plain(claim.to_data()) for claim in claims]) + "\n", warnings
    if base_url is None:
        raise ClaimcheckError(
            "ClaimReview needs the address of each review (its required 'url'): give "
            "--base-url, the address your reviews are published under (each review's url is "
            "the base and the claim's id)"
        )
    check_base_url(base_url)
    config = store.config
    publisher: dict[str, Any] | None = None
    if config.publisher is not None:
        publisher = {"@type": "Organization", "name": config.publisher.name}
        if config.publisher.url:
            publisher["url"] = config.publisher.url
    else:
        warnings.append(
            "no 'publisher:' in claimcheck.yaml: the reviews carry no author (Google recommends "
            "one); add publisher: {name: Your Desk, url: https://...}"
        )
    reviews = []
    for claim in claims:
        if claim.status is Status.UNVERIFIED:
            continue
        info = None
        if claim.anchor is not None:
            try:
                info = store.document_info(claim.anchor.document)
            except ClaimcheckError:
                info = None
        reviews.append(claim_review(claim, info, config.ratings, base_url, publisher))
    return to_json(reviews) + "\n", warnings
