"""The one name grammar and the one suggestion helper (laoshan_cli/core/names.py)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from laoshan_cli.core.names import NAME_PATTERN, is_name, suggest

# The grammar as the README states it, written out independently.
REFERENCE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@given(st.text(alphabet=st.sampled_from("aZ_09-. é\u0430\n"), max_size=8))
def test_is_name_is_the_stated_grammar(text: str) -> None:
    assert is_name(text) == bool(REFERENCE.match(text))


@given(st.text(max_size=8))
def test_the_pattern_and_the_predicate_agree(text: str) -> None:
    assert is_name(text) == bool(re.fullmatch(NAME_PATTERN, text))


def test_suggest_offers_the_nearest_name_or_nothing() -> None:
    names = ["hightech_output_2015", "hightech_output_2016", "key_labs"]
    assert suggest("hightech_output_2105", names) == "did you mean 'hightech_output_2015'?"
    assert suggest("zzzz", names) is None
    assert suggest("anything", []) is None


def test_loader_formula_units_and_graph_share_one_grammar() -> None:
    """No module keeps its own copy of the name characters or of 'did you mean'."""
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "laoshan_cli"
    for path in package.rglob("*.py"):
        if path.name == "names.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" not in text, path
        assert "get_close_matches" not in text, path
        assert "[A-Za-z_][A-Za-z0-9_]*" not in text.replace("NAME_PATTERN", ""), path
