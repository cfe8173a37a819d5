"""schema.org ClaimReview JSON-LD: one review per check, as fact-checks are published.

Each review quotes the claim in the text's words (`claimReviewed`), rates
it with laoshan's verdict as `alternateName` (consistent, inconsistent,
uncertain), points at where the claim appeared (the source's url), and
names the reviewer and the date. Strings are kept exactly, as in every JSON
laoshan writes (render_json escapes what a terminal would act on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from laoshan_cli.core.model import Dataset
from laoshan_cli.core.results import CheckResult, ExplainNode
from laoshan_cli.output.memo import VERDICTS, quotes_of
from laoshan_cli.output.render import render_json
from laoshan_cli.output.terminal import Output

# ratingValue on a scale of 1 (the numbers cannot all be right) to 3 (they can), 2 undecided.
RATINGS = {"pass": 3, "uncertain": 2, "fail": 1}


def claim_reviews(
    dataset: Dataset,
    results: list[CheckResult],
    trees: Callable[[str], list[ExplainNode]],
    reviewer: str,
    date: str,
    output: Output,
) -> str:
    source = dataset.source or {}
    reviews: list[dict[str, Any]] = []
    for result in results:
        quotes = list(dict.fromkeys(q for node in trees(result.name) for q in quotes_of(node, [])))
        sources = [found for node in trees(result.name) for found in sources_of(node)]
        where = sources[0] if sources else source
        appearance: dict[str, Any] = {"@type": "CreativeWork"}
        for key, field in (("url", "url"), ("title", "headline"), ("publisher", "publisher")):
            if where.get(key):
                appearance[field] = where[key]
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "name": result.name,
                "claimReviewed": " … ".join(quotes) or result.assertion,
                "reviewBody": f"{result.assertion}: {VERDICTS[result.status]} for the figures within their bounds",
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": RATINGS[result.status],
                    "bestRating": 3,
                    "worstRating": 1,
                    "alternateName": VERDICTS[result.status],
                },
                "itemReviewed": {"@type": "Claim", "appearance": appearance},
                "author": {"@type": "Organization", "name": reviewer},
                "datePublished": date,
            }
        )
    return render_json(reviews, output)


def sources_of(node: ExplainNode) -> list[dict[str, str]]:
    """The sources of the figures a derivation rests on, first found first."""
    found = [node.item.source] if node.item.kind == "figure" and node.item.source else []
    for child in node.children:
        found += sources_of(child)
    return found
