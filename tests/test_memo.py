"""`laoshan memo`: a Markdown memo and SVG pictures, written safely, exit 0 whatever the verdicts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

from conftest import ROOT, SHIPPED, Invoke

RATE = str(ROOT / "tests" / "consistency" / "indicators-rate.yaml")


def test_the_memo_of_the_shipped_data_has_every_check_and_a_picture_of_each(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    result = invoke(["memo", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    checks = SHIPPED.read_text(encoding="utf-8").count("  - name: ")
    assert text.count("\n### ") == checks == 11
    assert text.count("**Verdict: consistent.**") == 11
    for number in range(1, checks + 1):
        svg = tmp_path / f"memo-{number}.svg"
        assert f"]({svg.name})" in text
        root = ET.fromstring(svg.read_text(encoding="utf-8"))
        assert root.tag.endswith("svg") and root.find("{http://www.w3.org/2000/svg}title") is not None
    assert "> There are nearly 100 national" not in text  # a quote used by no check
    assert "> Laoshan's high-tech sector generated output value of 38.9 billion yuan" in text
    assert "## Can all the claims hold at once?\n\n**Consistent.**" in text
    assert "## Sources\n\n- District to Build on Reputation for Housing Innovative Business; China Daily" in text


def test_the_committed_picture_is_the_one_memo_writes(invoke: Invoke, tmp_path: Path) -> None:
    """The README shows docs/memo-6.svg; it must be what `laoshan memo` writes for check 6."""
    invoke(["memo", "-o", str(tmp_path / "memo.md")])
    committed = (ROOT / "docs" / "memo-6.svg").read_text(encoding="utf-8")
    assert (tmp_path / "memo-6.svg").read_text(encoding="utf-8") == committed


def test_an_inconsistent_check_says_by_how_much_and_still_exits_0(invoke: Invoke) -> None:
    result = invoke(["--set", "hightech_share_2016=101.5", "memo"])
    assert result.exit_code == 0, result.stderr
    gap = F("101.45") - 100  # the least the share can exceed 100 percent by
    assert gap == F("1.45")
    assert "**Verdict: inconsistent, by at least 1.45 percent (1.45% of the right side).**" in result.stdout
    assert "![" not in result.stdout  # no pictures on standard output


def test_the_conflicting_set_is_in_the_memo(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "rate.md"
    assert invoke(["--data", RATE, "memo", "-o", str(out), "--no-pictures"]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "**Inconsistent.** These cannot all be true:" in text
    assert "- figure reference\\_cny\\_per\\_usd: 6.6423 CNY/USD, within 6.64225 … 6.64235" in text
    assert not list(tmp_path.glob("*.svg"))


def test_text_from_the_file_cannot_add_markup(invoke: Invoke, write_data: Callable[[str], Path]) -> None:
    path = write_data(
        """
        source: {title: "Evil <script>alert(1)</script>", url: "javascript:alert(1)"}
        figures:
          a: {value: 2, unit: items, quote: "see [this](http://evil.example) ![x](http://evil.example/x.png) \\e[2J"}
        checks:
          - {name: "**bold** <img src=x>", assert: "a > 1 [items]"}
        """
    )
    result = invoke(["--data", str(path), "memo"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for raw in ("<script>", "<img", "[this](", "![x](", "**bold**", "\x1b", "<javascript:"):
        assert raw not in text, raw
    assert "&lt;script&gt;" in text and "\\[this\\]\\(http://evil.example\\)" in text and "\\\\x1b\\[2J" in text


def test_a_bad_data_file_is_exit_2(invoke: Invoke, write_data: Callable[[str], Path], tmp_path: Path) -> None:
    path = write_data("figures:\n  a: {value: one}\n")
    result = invoke(["--data", str(path), "memo", "-o", str(tmp_path / "m.md")])
    assert result.exit_code == 2 and not (tmp_path / "m.md").exists()


def test_the_readme_shows_check_6_as_memo_writes_it(invoke: Invoke) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- memo check 6:")
    shown = readme[readme.index("\n", start) + 1 : readme.index("<!-- end of memo check 6 -->")]
    text = invoke(["memo"]).stdout
    section = text[text.index("### 6. ") : text.index("### 7. ")]
    assert shown == section


def test_claimreview_json_ld_has_the_required_properties(invoke: Invoke, write_data: Callable[[str], Path]) -> None:
    import json

    import jsonschema

    schema = json.loads((ROOT / "tests" / "claimreview.schema.json").read_text(encoding="utf-8"))
    path = write_data(
        """
        source: {title: Harbour news, publisher: Gazette, url: "https://example.org/harbour"}
        figures:
          berths: {value: 18, unit: berths, quote: "The port has 18 berths"}
          busy: {value: 20, unit: berths, quote: "20 of its berths were busy"}
        checks:
          - {name: busy berths are berths, assert: busy <= berths}
        """
    )
    args = [
        "--data",
        str(path),
        "memo",
        "--format",
        "claimreview",
        "--reviewer",
        "Example Desk",
        "--date",
        "2017-02-08",
    ]
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    reviews = json.loads(result.stdout)
    jsonschema.validate(reviews, schema)
    (review,) = reviews
    assert (
        review["claimReviewed"] == "20 of its berths were busy … The port has 18 berths"
    )  # in the order of the assert
    assert review["reviewRating"]["alternateName"] == "inconsistent"  # 20 > 18, both exact counts
    assert review["itemReviewed"]["appearance"]["url"] == "https://example.org/harbour"
    assert review["author"]["name"] == "Example Desk" and review["datePublished"] == "2017-02-08"
    shipped = json.loads(invoke(["memo", "--format", "claimreview"]).stdout)
    jsonschema.validate(shipped, schema)
    assert len(shipped) == 11


def test_a_date_that_is_not_one_is_exit_2(invoke: Invoke) -> None:
    result = invoke(["memo", "--format", "claimreview", "--date", "2017-02-30"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_an_agreement_that_fails_says_which_side_is_higher(invoke: Invoke) -> None:
    """38.85 / 5.65 is the least the implied rate can be; 6.64235 the most the reference can."""
    least = F("38.85") / F("5.65") - F("6.64235")
    assert F("0.233756") <= least < F("0.233757")
    assert 351 <= least / F("6.6423") * 10000 < 352  # 3.51 %, the share of the stated reference
    text = invoke(["--data", RATE, "memo"]).stdout
    assert (
        "**Verdict: inconsistent: left is higher by at least 0.233756 CNY/USD \\(3.51% of the right side\\).**" in text
    )
