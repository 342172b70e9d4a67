"""Google Fact Check Tools API responses (``claims:search``), read as items to import.

A response is ``{"claims": [...], "nextPageToken": ...}``; each claim has ``text``,
``claimant``, ``claimDate`` and ``claimReview``, a list of reviews with ``publisher`` (``name``,
``site``), ``url``, ``title``, ``reviewDate``, ``textualRating`` and ``languageCode``. Pages
fetched one after another may be kept together as a JSON list of responses. An empty response
(``{}``) holds no claims.
"""

from __future__ import annotations

from typing import Any

from ..errors import ClaimcheckError
from ..model import Source
from ..validation import build
from .incoming import Incoming, ReadResult
from .jsonshape import Shape, at
from .ratings import RatingsSettings, read_rating


def is_factcheck_api(data: Any) -> bool:
    """Whether parsed JSON looks like one or more claims:search responses."""
    pages = data if isinstance(data, list) else [data]
    return bool(pages) and all(
        isinstance(page, dict) and ("claims" in page or set(page) <= {"nextPageToken"})
        for page in pages
    )


def read_factcheck_api(data: Any, name: str, settings: RatingsSettings) -> ReadResult:
    shape = Shape(name)
    result = ReadResult("factcheck-api")
    pages = (
        [(page, at("$", index)) for index, page in enumerate(data)]
        if isinstance(data, list)
        else [(data, "$")]
    )
    for page, page_path in pages:
        node = shape.mapping(page, page_path)
        claims_path = at(page_path, "claims")
        for index, claim in enumerate(shape.items(node.get("claims", []), claims_path)):
            _read_claim(shape, claim, at(claims_path, index), settings, result)
    return result


def _read_claim(
    shape: Shape, value: Any, path: str, settings: RatingsSettings, result: ReadResult
) -> None:
    claim = shape.mapping(value, path)
    text = shape.text(claim, "text", path, required=True)
    assert text is not None
    claimant = shape.text(claim, "claimant", path)
    claim_date = shape.date(claim, "claimDate", path)
    reviews_path = at(path, "claimReview")
    reviews = shape.items(claim.get("claimReview", []), reviews_path)
    if not reviews:  # a claim nobody has reviewed yet is still a claim
        result.items.append(Incoming(path, text, claimant, claim_date))
    for index, review_value in enumerate(reviews):
        review_path = at(reviews_path, index)
        review = shape.mapping(review_value, review_path)
        publisher_path = at(review_path, "publisher")
        publisher = shape.mapping(review.get("publisher") or {}, publisher_path)
        publisher_name = shape.text(publisher, "name", publisher_path) or shape.text(
            publisher, "site", publisher_path
        )
        if publisher_name is None:
            raise shape.error(publisher_path, "the review's publisher has neither name nor site")
        label = shape.text(review, "textualRating", review_path)
        rating = read_rating(settings, label)
        result.note_rating(rating, at(review_path, "textualRating"))
        fields = {
            "publisher": publisher_name,
            "url": shape.text(review, "url", review_path),
            "title": shape.text(review, "title", review_path),
            "published": shape.date(review, "reviewDate", review_path),
            "language": shape.text(review, "languageCode", review_path),
            "quote": label,
            "stance": rating.stance,
        }
        try:
            source = build(Source, {key: v for key, v in fields.items() if v is not None})
        except ClaimcheckError as err:
            raise shape.error(review_path, err.message) from None
        result.items.append(Incoming(review_path, text, claimant, claim_date, source=source))
