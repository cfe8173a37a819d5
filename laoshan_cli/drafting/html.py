"""HTML reduced to its text with the standard library's parser: scripts and styles dropped, blocks as lines."""

from __future__ import annotations

import re

DROPPED = frozenset({"script", "style", "noscript", "template", "head", "svg"})
BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "title",
        "dd",
        "dt",
    ]
)


def looks_like_html(name: str, text: str) -> bool:
    """An .html or .htm file, or text that opens with a doctype or an <html> tag."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return re.match(r"\s*(?:<!doctype\s+html|<html[\s>])", text[:512], re.IGNORECASE) is not None


def html_text(html: str) -> str:
    """The text a reader sees: character references decoded, one line per block, runs of spaces as one."""
    parts = _reduce(html)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def _reduce(html: str) -> list[str]:
    from html.parser import HTMLParser  # only for HTML: a plain text never pays for the parser

    parts: list[str] = []
    skipping = 0

    class Reducer(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            nonlocal skipping
            if tag in DROPPED:
                skipping += 1
            elif tag in BLOCKS:
                parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            nonlocal skipping
            if tag in DROPPED:
                skipping = max(0, skipping - 1)
            elif tag in BLOCKS:
                parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not skipping:
                parts.append(data)

    parser = Reducer(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return parts
