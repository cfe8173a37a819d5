"""How `laoshan consistent` shows its verdict: a witness, a conflicting set, or what it could not decide.

Values are shown in each figure's and metric's own unit, exactly: a whole
number, a decimal that ends ("38.88"), or a fraction ("12960/1883") with
its decimal beside it in text. Every name, unit and assertion from the data
file passes through the sanitizer.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from laoshan_cli.core.model import Dataset
from laoshan_cli.core.numbers import decimal_text
from laoshan_cli.core.solve import Member, Verdict
from laoshan_cli.output.render import counted, format_bounds, format_number, render_json
from laoshan_cli.output.sanitize import visible
from laoshan_cli.output.terminal import Output

MAX_DECIMALS = 30  # digits after the point of a decimal shown exactly; beyond, p/q


def exact_text(value: Fraction) -> str:
    """An exact value as a decimal string when it ends within MAX_DECIMALS digits, else as "p/q"."""
    return decimal_text(value, MAX_DECIMALS)


def own_unit(dataset: Dataset, name: str, value: Fraction) -> Fraction:
    return value / dataset.unit_of(name).scale


def unit_text(dataset: Dataset, name: str) -> str:
    if name in dataset.figures:
        return dataset.figures[name].unit_text
    return dataset.metrics[name].unit_text


def member_row(dataset: Dataset, member: Member) -> dict[str, Any]:
    row: dict[str, Any] = {"kind": member.kind, "name": member.name}
    if member.kind == "figure":
        figure = dataset.figures[member.name]
        row |= {"stated": figure.stated.text, "unit": figure.unit_text}
        row |= {"low": _end(figure.bounds.lo), "high": _end(figure.bounds.hi)}
    elif member.kind == "whole":
        metric = dataset.metrics[member.name]
        row |= {"formula": metric.formula, "unit": metric.unit_text}
    else:
        row["assert"] = next(c.assertion for c in dataset.checks if c.name == member.name)
    return row


def _end(value: Fraction | None) -> str | None:
    return None if value is None else exact_text(value)


def verdict_json(verdict: Verdict, dataset: Dataset, output: Output) -> str:
    def values(names: list[str]) -> list[dict[str, str]]:
        return [
            {
                "name": name,
                "value": exact_text(own_unit(dataset, name, verdict.witness[name])),
                "unit": unit_text(dataset, name),
            }
            for name in names
            if name in verdict.witness
        ]

    data: dict[str, Any] = {"status": verdict.status}
    if verdict.status == "consistent":
        data["witness"] = {"figures": values(list(dataset.figures)), "metrics": values(list(dataset.order))}
    elif verdict.status == "inconsistent":
        data["conflict"] = [member_row(dataset, m) for m in verdict.conflict]
        data["path"] = [{"name": n, "formula": dataset.metrics[n].formula} for n in verdict.path]
        data["minimal"] = verdict.minimal
    else:
        data["undecided"] = [{"kind": m.kind, "name": m.name} for m in verdict.undecided]
        data["max_consistency_work"] = dataset.limits.max_consistency_work
    return render_json(data, output)


def verdict_text(verdict: Verdict, dataset: Dataset, output: Output) -> str:
    if verdict.status == "consistent":
        lines = [
            f"consistent: all {counted(len(dataset.figures), 'figure')} within their bounds and all "
            f"{counted(len(dataset.checks), 'check')} can hold at once, for example here (checked exactly):"
        ]
        width = max((len(visible(n)) for n in dataset.figures), default=0)
        for name in dataset.figures:
            value = own_unit(dataset, name, verdict.witness[name])
            shown = exact_text(value)
            if "/" in shown:
                shown += f" (about {format_number(value)})"
            lines.append(f"  {visible(name).ljust(width)}  {shown} {visible(unit_text(dataset, name))}".rstrip())
        return "\n".join(lines) + "\n"
    if verdict.status == "inconsistent":
        lines = [f"inconsistent: these {len(verdict.conflict)} cannot all hold:"]
        for member in verdict.conflict:
            lines.append("  " + member_text(dataset, member, output))
        for name in verdict.path:
            lines.append(f"  through metric {visible(name)} = {visible(dataset.metrics[name].formula)}")
        if verdict.minimal:
            lines.append("Without any one of them the rest can hold (each checked with a witness).")
        else:
            lines.append("Not shown minimal: leaving out some member could not be decided within the budget.")
        return "\n".join(lines) + "\n"
    limit = dataset.limits.max_consistency_work
    lines = [
        f"undecided: the work budget (max_consistency_work, {limit:,}) or the exact digits "
        f"(max_number_bits) ran out before these could be decided:"
    ]
    lines += ["  " + member_text(dataset, member, output) for member in verdict.undecided]
    lines.append(f"Raise the budget with --limit max_consistency_work=N (now {limit:,}).")
    return "\n".join(lines) + "\n"


def member_text(dataset: Dataset, member: Member, output: Output) -> str:
    if member.kind == "figure":
        figure = dataset.figures[member.name]
        stated = " ".join(filter(None, (visible(figure.stated.text), visible(figure.unit_text))))
        if figure.bounds.is_point:
            return f"figure {visible(member.name)}: {stated}, exact"
        return f"figure {visible(member.name)}: {stated}, within {format_bounds(figure.bounds, output.symbols)}"
    if member.kind == "whole":
        metric = dataset.metrics[member.name]
        what = f"{visible(metric.formula)} is a whole number of {visible(metric.unit_text) or 'units'}"
        return f"whole {visible(member.name)}: {what}"
    assertion = next(c.assertion for c in dataset.checks if c.name == member.name)
    return f"check {visible(member.name)}: {visible(assertion)}"
