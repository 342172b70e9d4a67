"""Inputs for the import tests, written from the documented formats, and small helpers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import Run

CLAIMS_SEARCH: list[dict[str, Any]] = [
    {
        "claims": [
            {
                "text": "The Syrian war has killed more than 400,000 people",
                "claimant": "Mevlut Cavusoglu",
                "claimDate": "2016-12-20T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "Example Check", "site": "check.example.org"},
                        "url": "https://check.example.org/2016/syria-deaths",
                        "title": "Has the war killed 400,000?",
                        "reviewDate": "2016-12-22T09:00:00Z",
                        "textualRating": "Mostly True",
                        "languageCode": "en",
                    },
                    {
                        "publisher": {"site": "verif.example.fr"},
                        "url": "https://verif.example.fr/syrie-morts",
                        "reviewDate": "2016-12-23",
                        "textualRating": "Plut\u00f4t vrai",
                        "languageCode": "fr",
                    },
                ],
            }
        ],
        "nextPageToken": "CAE",
    },
    {
        "claims": [
            {
                "text": "Turkey says 50,000 people have left east Aleppo.",
                "claimant": "Unnamed official",
                "claimReview": [
                    {
                        "publisher": {"name": "Example Check", "site": "check.example.org"},
                        "url": "https://check.example.org/2016/aleppo-50000",
                        "textualRating": "Pants on Fire!",
                        "languageCode": "en",
                    },
                    {
                        "publisher": {"name": "Autre V\u00e9rif"},
                        "url": "https://autre.example.fr/alep",
                        "textualRating": "Plut\u00f4t vrai",
                        "languageCode": "fr",
                    },
                ],
            }
        ]
    },
]

# ClaimReview JSON-LD as a fact-checker's page publishes it: an @graph with the desk as a node
# referred to by @id, a Claim, and an older CreativeWork form rated only by number.
GRAPH: dict[str, Any] = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "Organization", "@id": "#desk", "name": "Example Desk",
         "url": "https://desk.example.org/"},
        {"@type": "WebPage", "@id": "https://desk.example.org/aleppo", "name": "Aleppo"},
        {
            "@type": "ClaimReview",
            "url": "https://desk.example.org/aleppo#37500",
            "datePublished": "2016-12-21",
            "author": {"@id": "#desk"},
            "claimReviewed": "The evacuation of east Aleppo has brought out 37,500 people since "
                             "late last week.",
            "inLanguage": "en",
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": "Mevlut Cavusoglu",
                           "jobTitle": "Foreign Minister of Turkey"},
                "datePublished": "2016-12-20",
                "appearance": [{"@type": "CreativeWork", "url": "https://example.org/a"}],
            },
            "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "5",
                             "worstRating": "1", "alternateName": "False"},
        },
        {
            "@type": ["ClaimReview"],
            "url": "https://desk.example.org/fuaa",
            "author": [{"@type": "Organization", "name": "Example Desk"}],
            "claimReviewed": "750 people had been evacuated from Fuaa and Kafraya.",
            "itemReviewed": {"@type": "CreativeWork",
                             "author": {"@type": "Organization", "name": "ICRC"}},
            "reviewRating": {"@type": "Rating", "ratingValue": 5, "bestRating": 5,
                             "worstRating": 1},
        },
    ],
}  # fmt: skip


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def do_import(run: Run, root: Path, path: Path, *args: str) -> Any:
    result = run(root, "import", str(path), "--by", "importer", *args)
    assert result.exit_code == 0, result.stderr
    return result


def claim_ids(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "claims").iterdir())
