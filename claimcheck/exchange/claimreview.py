"""schema.org ClaimReview JSON-LD: writing the registry's reviews, reading anyone's.

Writing follows Google's fact-check structured-data guidelines: the required ``claimReviewed``
(the claim's own sentence, under 75 characters, trimmed with an ellipsis only where needed),
``reviewRating`` (a Rating with ``alternateName``) and ``url``; the recommended ``author`` (the
desk: ``publisher:`` in claimcheck.yaml), ``datePublished`` (the day the status was set) and
``itemReviewed`` (a Claim with its ``author``, ``datePublished`` and ``appearance``). Each
review also carries the claim's id (``identifier``, a PropertyValue named ``claimcheck``) and
its whole sentence (``itemReviewed.text``), so that an export imports back as the same claims.

Reading accepts one object, a list, or an ``@graph`` (as pages and dataset dumps publish them),
follows ``{"@id": ...}`` references within the file, and takes ``itemReviewed`` as a Claim or a
CreativeWork, an author as an object, a name or a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..errors import ClaimcheckError
from ..model import Claim, DocumentInfo, Source, check_slug
from ..names import parties
from ..validation import build
from ..vocab import Status
from .incoming import Incoming, ReadResult
from .jsonshape import Shape, at
from .ratings import RatingsSettings, read_rating

CONTEXT = "https://schema.org"
ID_PROPERTY = "claimcheck"
CLAIM_REVIEWED_LIMIT = 75  # Google: under 75 characters, so it is not wrapped on phones
ELLIPSIS = "\u2026"

_ORGANISATION_WORDS = frozenset(
    [
        "agency", "association", "authority", "bank", "board", "bureau", "centre", "center",
        "commission", "committee", "company", "corporation", "council", "cross", "crescent",
        "department", "embassy", "federation", "forces", "foundation", "fund", "government",
        "group", "institute", "league", "ministry", "nations", "network", "news", "observatory",
        "office", "organisation", "organization", "party", "police", "press", "programme",
        "program", "service", "society", "times", "union", "university",
    ]
)  # fmt: skip


# --- writing ----------------------------------------------------------------------------------


def short_claim(text: str, limit: int = CLAIM_REVIEWED_LIMIT) -> str:
    """The claim's sentence, under ``limit`` characters: whole when it fits, else cut at a word
    and ended with an ellipsis."""
    text = " ".join(text.split())
    if len(text) < limit:
        return text
    cut = text[: limit - 2]  # room for the ellipsis, and under the limit
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\u2013\u2014") + ELLIPSIS


def is_organisation(name: str) -> bool:
    """Whether a name is a body rather than a person: an acronym ("ICRC") or a name with a
    word bodies use ("Syrian Observatory for Human Rights")."""
    letters = name.replace(".", "").strip()
    if len(letters) >= 2 and letters.isupper() and letters.isalpha():
        return True
    return any(word in _ORGANISATION_WORDS for word in re.findall(r"\w+", name.casefold()))


def party(name: str) -> dict[str, Any]:
    """A claimant as schema.org: "Person (Body)" is a Person affiliated with the body."""
    named = parties(name) or (name.strip(),)
    if len(named) >= 2:
        return {
            "@type": "Person",
            "name": named[0],
            "affiliation": {"@type": "Organization", "name": named[1]},
        }
    return {"@type": "Organization" if is_organisation(named[0]) else "Person", "name": named[0]}


def status_date(claim: Claim) -> str | None:
    """The day (UTC) the claim's current status was set: the first entry of the last run of
    history entries with that status."""
    found = None
    for entry in reversed(claim.history):
        if entry.status != claim.status:
            break
        found = entry
    return found.at.date().isoformat() if found is not None else None


def review_url(base_url: str, claim_id: str) -> str:
    return base_url.rstrip("/") + "/" + claim_id


def check_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ClaimcheckError(
            f"--base-url {base_url!r} is not an http(s) address; give the address the reviews "
            "are published under, e.g. https://example.org/fact-checks/"
        )
    return base_url


def claim_review(
    claim: Claim,
    info: DocumentInfo | None,
    settings: RatingsSettings,
    base_url: str,
    publisher: dict[str, Any] | None,
) -> dict[str, Any]:
    """One reviewed claim as a ClaimReview."""
    item: dict[str, Any] = {"@type": "Claim", "text": claim.claim}
    if claim.claimant:
        item["author"] = party(claim.claimant)
    elif info is not None and (info.author or info.publisher):
        item["author"] = party(info.author or info.publisher or "")
    claim_day = info.published if info is not None and info.published else claim.as_of
    if claim_day is not None:
        item["datePublished"] = claim_day.isoformat()
    if info is not None and info.url:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": info.url}
        if info.title:
            appearance["headline"] = info.title
        item["appearance"] = appearance
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "identifier": {"@type": "PropertyValue", "propertyID": ID_PROPERTY, "value": claim.id},
        "url": review_url(base_url, claim.id),
        "claimReviewed": short_claim(claim.claim),
    }
    if publisher is not None:
        review["author"] = publisher
    day = status_date(claim)
    if day is not None:
        review["datePublished"] = day
    review["reviewRating"] = settings.rating(claim.status).to_schema_org()
    review["itemReviewed"] = item
    return review


# --- reading ----------------------------------------------------------------------------------


def _type_names(node: dict[str, Any]) -> set[str]:
    declared = node.get("@type")
    names = declared if isinstance(declared, list) else [declared]
    return {
        re.sub(r"^(?:https?://schema\.org/|schema:)", "", name)
        for name in names
        if isinstance(name, str)
    }


class _Graph:
    """The nodes of one file, for following ``{"@id": ...}`` references."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.by_id: dict[str, dict[str, Any]] = {}

    def collect(self, value: Any, path: str) -> Iterator[tuple[dict[str, Any], str]]:
        """Every ClaimReview node, with its path; other nodes are remembered by @id."""
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from self.collect(item, at(path, index))
            return
        node = self.shape.mapping(value, path)
        if isinstance(node.get("@id"), str) and len(node) > 1:
            self.by_id.setdefault(node["@id"], node)
        if "@graph" in node:
            yield from self.collect(self.shape.items(node["@graph"], at(path, "@graph")),
                                    at(path, "@graph"))  # fmt: skip
        if "ClaimReview" in _type_names(node):
            yield node, path
            return
        for key in ("mainEntity", "review"):  # a page that holds its reviews
            if isinstance(node.get(key), (dict, list)):
                yield from self.collect(node[key], at(path, key))

    def resolve(self, value: Any, path: str) -> Any:
        """The node a reference names, or the value itself; the first of a list."""
        if isinstance(value, list):
            if not value:
                return None
            value, path = value[0], at(path, 0)
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.by_id.get(str(value["@id"]))
        return value


def _name(graph: _Graph, value: Any, path: str) -> tuple[str | None, str | None]:
    """An author's name (with "(Affiliation)" for a person who has one) and address."""
    value = graph.resolve(value, path)
    if value is None:
        return None, None
    if isinstance(value, str):
        return graph.shape.text({"name": value}, "name", path), None
    node = graph.shape.mapping(value, path)
    name = graph.shape.text(node, "name", path)
    url = graph.shape.text(node, "url", path)
    affiliation = graph.resolve(node.get("affiliation"), at(path, "affiliation"))
    if name and isinstance(affiliation, dict):
        body = graph.shape.text(affiliation, "name", at(path, "affiliation"))
        if body:
            name = f"{name} ({body})"
    return name, url


def _claimcheck_id(graph: _Graph, node: dict[str, Any], path: str) -> str | None:
    found = node.get("identifier")
    for candidate in found if isinstance(found, list) else [found]:
        if isinstance(candidate, dict) and candidate.get("propertyID") == ID_PROPERTY:
            value = candidate.get("value")
            try:
                return check_slug(value) if isinstance(value, str) else None
            except ValueError:
                message = f"{value!r} is not a claimcheck id"
                raise graph.shape.error(at(path, "identifier"), message) from None
    return None


def _language(graph: _Graph, node: dict[str, Any], path: str) -> str | None:
    value = graph.resolve(node.get("inLanguage"), at(path, "inLanguage"))
    if isinstance(value, str):
        return graph.shape.text({"inLanguage": value}, "inLanguage", path)
    if isinstance(value, dict):
        return graph.shape.text(value, "alternateName", at(path, "inLanguage")) or (
            graph.shape.text(value, "name", at(path, "inLanguage"))
        )
    return graph.shape.text(node, "inLanguage", path)


def _publisher(name: str | None, url: str | None, review_url: str | None) -> str | None:
    if name:
        return name
    for address in (url, review_url):
        host = urlsplit(address).hostname if address else None
        if host:
            return host.removeprefix("www.")
    return None


def read_claimreview(data: Any, name: str, settings: RatingsSettings) -> ReadResult:
    """Every ClaimReview in parsed JSON-LD, as items to import."""
    shape = Shape(name)
    graph = _Graph(shape)
    nodes = list(graph.collect(data, "$"))
    if not nodes:
        raise shape.error("$", "no ClaimReview in the file (no object with \"@type\": "
                               "\"ClaimReview\"); is it another format? try --format")  # fmt: skip
    result = ReadResult("claimreview")
    for node, path in nodes:
        result.items.append(_review_item(graph, node, path, settings, result))
    return result


def _review_item(
    graph: _Graph, node: dict[str, Any], path: str, settings: RatingsSettings, result: ReadResult
) -> Incoming:
    shape = graph.shape
    claim_reviewed = shape.text(node, "claimReviewed", path, required=True)
    assert claim_reviewed is not None
    rating_path = at(path, "reviewRating")
    rating_node = graph.resolve(node.get("reviewRating"), rating_path)
    if rating_node is None:
        raise shape.error(rating_path, "'reviewRating' is missing; it is required")
    rating_node = shape.mapping(rating_node, rating_path)
    label = shape.text(rating_node, "alternateName", rating_path) or shape.text(
        rating_node, "name", rating_path
    )
    value = best = worst = None
    if label is None:  # the words decide when there are words; the numbers are not needed
        value = shape.number(rating_node, "ratingValue", rating_path)
        best = shape.number(rating_node, "bestRating", rating_path)
        worst = shape.number(rating_node, "worstRating", rating_path)
    if label is None and value is None:
        raise shape.error(rating_path, "the rating has neither 'alternateName' nor 'ratingValue'")
    item_path = at(path, "itemReviewed")
    item_node = graph.resolve(node.get("itemReviewed"), item_path)
    item: dict[str, Any] = {} if item_node is None else shape.mapping(item_node, item_path)
    claimant, _ = _name(graph, item.get("author"), at(item_path, "author"))
    claim_text = shape.text(item, "text", item_path) or claim_reviewed
    incoming = Incoming(
        where=path,
        claim=claim_text,
        claimant=claimant,
        claim_date=shape.date(item, "datePublished", item_path),
        claim_id=_claimcheck_id(graph, node, path),
    )
    if incoming.claim_id is not None:  # claimcheck's own export: the rating is the status
        incoming.status_label = label
        status = settings.status_of(label) if label else None
        if status is None:
            result.warnings.append(
                f"at {path}: the rating {label!r} is none of this registry's ratings "
                "(ratings: in claimcheck.yaml); the claim is imported as unverified"
            )
        incoming.status = status or Status.UNVERIFIED
        return incoming
    url = shape.text(node, "url", path)
    author, author_url = _name(graph, node.get("author"), at(path, "author"))
    publisher = _publisher(author, author_url, url)
    if publisher is None:
        raise shape.error(at(path, "author"), "the review names no author and has no url: "
                                              "cannot tell who published it")  # fmt: skip
    rating = read_rating(settings, label, value, worst, best)
    result.note_rating(rating, rating_path)
    quote = label
    if quote is None and value is not None:
        quote = f"rated {value:g} on a scale of {worst or 1:g} to {best or 5:g}"
    incoming.source = _source(
        shape,
        path,
        {
            "publisher": publisher,
            "url": url,
            "title": shape.text(node, "headline", path) or shape.text(node, "name", path),
            "published": shape.date(node, "datePublished", path),
            "language": _language(graph, node, path),
            "quote": quote,
            "stance": rating.stance,
        },
    )
    return incoming


def _source(shape: Shape, path: str, fields: dict[str, Any]) -> Source:
    try:
        return build(Source, {key: value for key, value in fields.items() if value is not None})
    except ClaimcheckError as err:
        raise shape.error(path, err.message) from None
