"""Check results as JUnit XML, the report format that CI systems read.

One <testsuite> per data file, one <testcase> per check. A failed check is a
<failure type="fail">; an uncertain check is <skipped>, or a
<failure type="uncertain"> under --strict. Messages show the assert and
both sides' values and bounds as the check table does. A check that rests
on figures whose status is not `actual` says so in its message and in a
<system-out>, passed or not.

Check names and asserts are text from the data file, so anything may be in
them: ElementTree escapes &, < and quotes, and the characters that XML 1.0
cannot carry at all (most control characters, lone surrogates, U+FFFE and
U+FFFF) are written as visible escapes such as \\x07, spelled as
sanitize.escape_char spells them. JUnit is a machine format, read by CI:
like JSON it keeps every other character (tabs, newlines, C1, bidi) exact.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from laoshan_cli.core.results import CheckResult

from .render import UNICODE
from .sanitize import escape_char
from .views import notes, side_text, unit_label, verdict_text

CLASSNAME = "laoshan.check"
VERDICTS = {
    "pass": "holds for every value within the bounds",
    "fail": "holds for no value within the bounds",
    "uncertain": "holds for some values within the bounds but not for all",
}
AGREEMENT_VERDICTS = {  # a ~= check asks whether the sides can be equal, not whether they always are
    "pass": "consistent: the sides can be equal for some values within the bounds",
    "fail": "inconsistent: the sides cannot be equal for any value within the bounds",
    "uncertain": "undecided: the bounds are not proven tight",
}


def verdict(result: CheckResult) -> str:
    return (AGREEMENT_VERDICTS if result.op == "~=" else VERDICTS)[result.status]


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` with each character that XML 1.0 forbids written as a visible escape (\\x07, \\ud800)."""
    return _NOT_XML.sub(lambda m: escape_char(m.group()), text)


def message(result: CheckResult) -> str:
    """One line: the assert, the verdict, and both sides with their bounds."""
    unit = unit_label(result)
    in_unit = f", in {unit}" if unit else ""
    extra = verdict_text(result)
    note = notes(result)
    return (
        f"{result.assertion} {verdict(result)}: "
        f"left {side_text(result.left, result, UNICODE)}, right {side_text(result.right, result, UNICODE)}{in_unit}"
        + (f"; {extra}" if extra else "")
        + (f"; {note}" if note else "")
    )


def details(result: CheckResult) -> str:
    """The longer text inside <failure> or <skipped>, one fact a line."""
    unit = unit_label(result)
    lines = [
        f"check:  {result.name}",
        f"assert: {result.assertion}",
        f"status: {result.status} ({verdict(result)})",
        f"left:   {side_text(result.left, result, UNICODE)}",
        f"right:  {side_text(result.right, result, UNICODE)}",
    ]
    if unit:
        lines.append(f"unit:   {unit}")
    extra = verdict_text(result)
    if extra:
        lines.append(f"gap:    {extra}" if result.gap else f"note:   {extra}")
    note = notes(result)
    if note:
        lines.append(f"notes:  {note}")
    return "\n".join(lines) + "\n"


def _counts(results: Sequence[CheckResult], strict: bool) -> dict[str, str]:
    failed = sum(1 for r in results if r.status == "fail" or (strict and r.status == "uncertain"))
    skipped = 0 if strict else sum(1 for r in results if r.status == "uncertain")
    return {"tests": str(len(results)), "failures": str(failed), "errors": "0", "skipped": str(skipped)}


def _suite(parent: ET.Element, name: str, results: Sequence[CheckResult], strict: bool) -> None:
    suite = ET.SubElement(parent, "testsuite", {"name": xml_text(name), **_counts(results, strict)})
    for result in results:
        case = ET.SubElement(
            suite, "testcase", {"classname": CLASSNAME, "name": xml_text(result.name), "file": xml_text(name)}
        )
        if result.status == "fail" or (strict and result.status == "uncertain"):
            outcome = ET.SubElement(case, "failure", {"message": xml_text(message(result)), "type": result.status})
            outcome.text = xml_text(details(result))
        elif result.status == "uncertain":
            outcome = ET.SubElement(case, "skipped", {"message": xml_text(message(result))})
            outcome.text = xml_text(details(result))
        note = notes(result)
        if note:  # said even when the check passes: it holds for a target or a forecast, not for what happened
            ET.SubElement(case, "system-out").text = xml_text(note + "\n")


def junit_report(suites: Sequence[tuple[str, Sequence[CheckResult]]], *, strict: bool) -> bytes:
    """JUnit XML for several data files: a <testsuites> with one <testsuite> per (path, results)."""
    root = ET.Element("testsuites", {"name": "laoshan"})
    everything = [result for _, results in suites for result in results]
    root.attrib.update(_counts(everything, strict))
    for name, results in suites:
        _suite(root, name, results, strict)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def junit_xml(results: Sequence[CheckResult], *, suite: str, strict: bool) -> bytes:
    """JUnit XML for one data file's checks; `suite` is the data file's path.

    UTF-8 with an XML declaration. Under `strict`, an uncertain check is a
    failure (as `laoshan check --strict` exits 1 for it); otherwise skipped.
    """
    return junit_report([(suite, results)], strict=strict)
