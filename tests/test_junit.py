"""JUnit XML of check results, read back by junitparser, a real JUnit consumer.

tests/cases/harbour.yaml has one check of each status: "cargo fell" passes,
"the port has more than 20 berths" fails and "a euro buys more than a
dollar" is uncertain.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import Invoke
from junitparser import Failure, JUnitXml, Skipped, TestCase, TestSuite

from laoshan_cli.core.engine import Engine
from laoshan_cli.core.results import CheckResult
from laoshan_cli.loading.loader import load
from laoshan_cli.output.junit import junit_report, junit_xml, xml_text

CASES = Path(__file__).resolve().parent / "cases"
HARBOUR = str(CASES / "harbour.yaml")
SHIPPED = str(Path(__file__).resolve().parent.parent / "data" / "indicators.yaml")

PASS = "cargo fell"
FAIL = "the port has more than 20 berths"
UNCERTAIN = "a euro buys more than a dollar"

WEIRD = """\
figures:
  a:
    value: 1
    exact: true
  b:
    value: 1.5
checks:
  - name: 'say "hi" & <bye>'
    assert: a >= 1
  - name: "bell \\a, escape \\e, \\x01, tab\\there, line\\nbreak, cr\\rhere, 📉 ünï"
    assert: a > 1
  - name: "]]> </testcase> <!-- --> &amp; 'single'"
    assert: b > 1.5
"""


def checks_of(path: str) -> list[CheckResult]:
    results: list[CheckResult] = Engine(load(path)).checks()
    return results


def parse(data: bytes) -> list[TestSuite]:
    """The suites, as a CI system reads them."""
    return list(JUnitXml.fromstring(data))


def cases(suite: TestSuite) -> dict[str, TestCase]:
    return {case.name: case for case in suite}


def test_harbour_counts_names_and_statuses() -> None:
    data = junit_xml(checks_of(HARBOUR), suite=HARBOUR, strict=False)
    [suite] = parse(data)
    assert suite.name == HARBOUR
    assert (suite.tests, suite.failures, suite.skipped, suite.errors) == (3, 1, 1, 0)
    found = cases(suite)
    assert list(found) == [PASS, UNCERTAIN, FAIL]  # file order
    assert all(case.classname == "laoshan.check" for case in found.values())
    assert found[PASS].is_passed and not found[PASS].result
    assert found[FAIL].is_failure and not found[FAIL].is_skipped
    assert found[UNCERTAIN].is_skipped and not found[UNCERTAIN].is_failure


def test_failure_message_has_assert_values_and_bounds() -> None:
    [suite] = parse(junit_xml(checks_of(HARBOUR), suite=HARBOUR, strict=False))
    [failure] = cases(suite)[FAIL].result
    assert isinstance(failure, Failure)
    assert failure.type == "fail"
    assert failure.message == (
        "berths > 20 [berths] holds for no value within the bounds: left 18, right 20, in berths"
    )
    assert "status: fail" in (failure.text or "") and "left:   18" in (failure.text or "")


def test_uncertain_is_skipped_with_both_sides_bounds() -> None:
    [suite] = parse(junit_xml(checks_of(HARBOUR), suite=HARBOUR, strict=False))
    [skipped] = cases(suite)[UNCERTAIN].result
    assert isinstance(skipped, Skipped)
    # The same numbers and bounds as the check table: 1.10244 (0.98024 … 1.22766).
    assert skipped.message == (
        "usd_per_eur > 1 [USD/EUR] holds for some values within the bounds but not for all: "
        "left 1.10244 (0.98024 … 1.22766), right 1, in USD/EUR"
    )


def test_strict_makes_uncertain_a_failure() -> None:
    [suite] = parse(junit_xml(checks_of(HARBOUR), suite=HARBOUR, strict=True))
    assert (suite.tests, suite.failures, suite.skipped, suite.errors) == (3, 2, 0, 0)
    [failure] = cases(suite)[UNCERTAIN].result
    assert isinstance(failure, Failure) and failure.type == "uncertain"
    assert "0.98024 … 1.22766" in (failure.message or "")
    [fail] = cases(suite)[FAIL].result
    assert isinstance(fail, Failure) and fail.type == "fail"


def test_xml_is_utf8_with_declaration_and_a_unit_free_check_has_no_unit() -> None:
    data = junit_xml(checks_of(SHIPPED), suite="data/indicators.yaml", strict=False)
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")
    root = ET.fromstring(data)
    assert root.tag == "testsuites" and root.attrib["tests"] == "11" and root.attrib["failures"] == "0"
    [suite] = parse(data)
    assert suite.name == "data/indicators.yaml" and suite.tests == 11
    assert all(case.is_passed for case in suite)


def test_weird_names_are_escaped_and_survive(tmp_path: Path) -> None:
    path = tmp_path / "weird.yaml"
    path.write_text(WEIRD, encoding="utf-8")
    results = checks_of(str(path))
    data = junit_xml(results, suite=str(path), strict=False)
    ET.fromstring(data)  # well-formed XML 1.0
    [suite] = parse(data)
    names = list(cases(suite))
    assert names == [
        'say "hi" & <bye>',
        "bell \\x07, escape \\x1b, \\x01, tab\there, line\nbreak, cr\rhere, 📉 ünï",
        "]]> </testcase> <!-- --> &amp; 'single'",
    ]
    assert [results[0].name, results[2].name] == [names[0], names[2]]  # nothing to escape: unchanged
    assert (suite.tests, suite.failures, suite.skipped) == (3, 1, 1)
    [failure] = cases(suite)[names[1]].result
    assert failure.message == "a > 1 holds for no value within the bounds: left 1, right 1"
    [skipped] = cases(suite)[names[2]].result
    assert (skipped.text or "").startswith("check:  ]]> </testcase> <!-- --> &amp; 'single'\n")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("nul\x00", "nul\\x00"),
        ("form\x0cfeed", "form\\x0cfeed"),
        ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
        ("not a char \ufffe\uffff", "not a char \\ufffe\\uffff"),
        ("kept: \t\n\r \x85 \u2028 é 📉", "kept: \t\n\r \x85 \u2028 é 📉"),
    ],
)
def test_characters_xml_forbids_become_visible_escapes(text: str, shown: str) -> None:
    assert xml_text(text) == shown
    [result] = checks_of(HARBOUR)[:1]
    data = junit_xml([result._replace(name=text, assertion=text)], suite=text, strict=False)
    [suite] = parse(data)
    assert suite.name == shown
    assert [case.name for case in suite] == [shown]


def test_several_files_make_several_suites() -> None:
    harbour, shipped = checks_of(HARBOUR), checks_of(SHIPPED)
    data = junit_report([(HARBOUR, harbour), (SHIPPED, shipped)], strict=True)
    xml = JUnitXml.fromstring(data)
    assert [suite.name for suite in xml] == [HARBOUR, SHIPPED]
    root = ET.fromstring(data)
    assert (root.attrib["tests"], root.attrib["failures"], root.attrib["skipped"]) == ("14", "2", "0")


def test_no_checks_is_an_empty_suite() -> None:
    [suite] = parse(junit_xml([], suite="empty.yaml", strict=True))
    assert (suite.name, suite.tests, suite.failures, list(suite)) == ("empty.yaml", 0, 0, [])


# -- through the command line (needs `check --junit FILE`) ---------------------------------------


def test_check_junit_writes_the_report(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "report.xml"
    result = invoke(["--data", HARBOUR, "check", "--junit", str(out)])
    assert result.exit_code == 1, result.stderr  # the harbour file has a failing check
    assert "3 checks: 1 pass, 1 fail, 1 uncertain" in result.stdout  # the table is still printed
    assert out.read_bytes() == junit_xml(checks_of(HARBOUR), suite=HARBOUR, strict=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xml"]  # no temporary file left


def test_check_strict_junit(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "report.xml"
    result = invoke(["--data", HARBOUR, "check", "--strict", "--format", "json", "--junit", str(out)])
    assert result.exit_code == 1
    [suite] = parse(out.read_bytes())
    assert (suite.tests, suite.failures, suite.skipped) == (3, 2, 0)


def test_check_junit_on_passing_data_exits_0(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "report.xml"
    result = invoke(["check", "--junit", str(out)])
    assert result.exit_code == 0, result.stderr
    [suite] = parse(out.read_bytes())
    assert suite.tests == 11 and suite.failures == 0


def test_check_junit_unwritable_path_is_one_error_line(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "report.xml"
    result = invoke(["--data", HARBOUR, "check", "--junit", str(out)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "report.xml" in result.stderr
    assert not out.parent.exists()
