"""The table layout (output/table.py) at narrow widths and with wide characters.

Widths are measured here with unicodedata alone: two cells for East Asian
wide and full-width characters, none for combining marks, one otherwise.
Each column draws its cells from an alphabet of its own, so that a
column's text can be picked out of the drawn lines character by character
and compared with what went in: nothing lost, nothing reordered, whatever
the wrapping did.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli.output.table import layout

CJK_AND_EMOJI = "山海风云中文字😀🚀🎉"
LATIN_WITH_MARKS = "abcxyz\u0301\u0308"  # combining acute and diaeresis
DIGITS = "0123456789,."
SGR = re.compile(r"\x1b\[[0-9;]*m")


def cells(text: str) -> int:
    """Terminal cells of `text`, from unicodedata alone."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def words(alphabet: str, max_words: int) -> st.SearchStrategy[str]:
    word = st.text(alphabet, min_size=1, max_size=14).filter(lambda w: not unicodedata.combining(w[0]))
    return st.lists(word, min_size=1, max_size=max_words).map(" ".join)


def column_text(lines: list[str], alphabet: str) -> str:
    return "".join(char for line in lines for char in line if char in alphabet)


def check(
    headers: list[str],
    rows: list[list[str]],
    alphabets: list[str],
    width: int,
    title: str | None = None,
    **options: object,
) -> list[str]:
    """Lay the table out; check widths and that every cell is there, in order; return the body lines."""
    text = layout(
        headers,
        rows,
        width=width,
        wrap_columns=options.pop("wrap", [True] * len(headers)),  # type: ignore[arg-type]
        right_columns=options.pop("right", [False] * len(headers)),  # type: ignore[arg-type]
        title=title,
        **options,  # type: ignore[arg-type]
    )
    assert text.endswith("\n")
    lines = SGR.sub("", text).split("\n")[:-1]
    too_wide = [line for line in lines if cells(line) > width]
    assert not too_wide, f"wider than {width}: {too_wide}"
    if title is not None:
        assert lines.pop(0) == title
    head, rule, body = lines[0], lines[1], lines[2:]
    assert head.split() == " ".join(headers).split()
    assert set(rule) <= {"━", "-"} and rule
    for index, alphabet in enumerate(alphabets):
        expected = "".join(row[index].replace(" ", "") for row in rows)
        assert column_text(body, alphabet) == expected, f"column {index}"
    return body


@pytest.mark.parametrize("width", [20, 40, 80])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_one_wrapped_column_and_a_number_fit_any_width(width: int, data: st.DataObject) -> None:
    """Two columns fit 20 cells: the wrapped one shrinks to at least 12, the number keeps its 4."""
    rows = data.draw(
        st.lists(st.tuples(words(CJK_AND_EMOJI, 6), st.text(DIGITS, min_size=1, max_size=4)), min_size=1, max_size=5)
    )
    body = check(
        ["Name", "N"],
        [list(row) for row in rows],
        [CJK_AND_EMOJI, DIGITS],
        width,
        wrap=[True, False],
        right=[False, True],
    )
    numbered = [line for line in body if any(char in DIGITS for char in line)]
    assert [line.rstrip().split()[-1] for line in numbered] == [value for _, value in rows], "right-aligned, one line"


@pytest.mark.parametrize("width", [40, 80])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_three_columns_of_wide_and_combining_text_fit(width: int, data: st.DataObject) -> None:
    rows = data.draw(
        st.lists(
            st.tuples(words(CJK_AND_EMOJI, 5), words(LATIN_WITH_MARKS, 5), st.text(DIGITS, min_size=1, max_size=6)),
            min_size=1,
            max_size=5,
        )
    )
    check(
        ["Name", "Text", "Value"],
        [list(row) for row in rows],
        [CJK_AND_EMOJI, LATIN_WITH_MARKS, DIGITS],
        width,
        wrap=[True, True, False],
        right=[False, False, True],
        title="Table",
    )


def test_a_word_of_wide_characters_is_cut_between_characters() -> None:
    word = "山" * 30  # 60 cells, in a column of at most 18
    body = check(["Name"], [[word]], ["山"], 20)
    assert all(cells(line) <= 20 for line in body) and len(body) >= 4


def test_combining_marks_stay_with_their_letter() -> None:
    word = "e\u0301" * 40  # 40 cells of é, written as e and a combining acute
    body = check(["Name"], [[word]], ["e\u0301"], 20)
    for line in body:
        stripped = line.strip()
        assert not unicodedata.combining(stripped[0]), f"a mark cut from its letter: {line!r}"
    assert sum(cells(line.strip()) for line in body) == 40


def test_colour_adds_no_width() -> None:
    rows = [["山海 风云", "12"], ["😀 " * 8, "3"]]
    plain = layout(["Name", "N"], rows, width=20, wrap_columns=[True, False], right_columns=[False, True])
    painted = layout(
        ["Name", "N"],
        rows,
        width=20,
        wrap_columns=[True, False],
        right_columns=[False, True],
        color=True,
        styles=["36", None],
    )
    assert "\x1b[" in painted
    assert [line.rstrip() for line in SGR.sub("", painted).split("\n")] == plain.split("\n")
    check(
        ["Name", "N"],
        rows,
        [CJK_AND_EMOJI, DIGITS],
        20,
        wrap=[True, False],
        right=[False, True],
        color=True,
        styles=["36", None],
    )


def test_a_table_that_fits_is_not_wrapped() -> None:
    rows = [["山海", "abc"], ["風", "x\u0301"]]
    text = layout(["Name", "Text"], rows, width=80, wrap_columns=[True, True], right_columns=[False, False])
    assert text.split("\n")[2:-1] == [" 山海  abc", " 風    x\u0301"]
