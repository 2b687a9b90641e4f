"""Just enough PromQL reading for the details chart: an alert rule's expression is usually
``<something> <op> <number>`` (``demo:api_p95_seconds > 0.25``), which is the same value
whenever it fires. Drawing the left-hand side with the number as a threshold line is what
tells the operator how far past it the service is."""

from __future__ import annotations

from dataclasses import dataclass

OPERATORS = (">=", "<=", "==", "!=", ">", "<")
SET_OPERATORS = ("and", "or", "unless")


@dataclass(frozen=True)
class Comparison:
    lhs: str
    op: str
    threshold: float

    def fires(self, value: float) -> bool:
        return {">": value > self.threshold, "<": value < self.threshold, ">=": value >= self.threshold,
                "<=": value <= self.threshold, "==": value == self.threshold,
                "!=": value != self.threshold}[self.op]


def _top_level(expr: str) -> list[tuple[int, str]]:
    """(index, operator) of every comparison outside (), [], {} and strings."""
    found: list[tuple[int, str]] = []
    depth, quote, i = 0, "", 0
    while i < len(expr):
        c = expr[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0:
            op = next((o for o in OPERATORS if expr.startswith(o, i)), None)
            if op is not None and not (op == "!=" and expr.startswith("!~", i)):
                found.append((i, op))
                i += len(op)
                continue
        i += 1
    return found


def _words_at_top(expr: str) -> set[str]:
    out, depth, word = set(), 0, ""
    for c in expr + " ":
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if depth == 0 and (c.isalnum() or c == "_"):
            word += c
        else:
            if word:
                out.add(word.lower())
            word = ""
    return out


def split_comparison(expr: str) -> Comparison | None:
    """``lhs op number`` at the top level (``bool`` allowed), else None: draw the whole thing."""
    text = expr.strip()
    if _words_at_top(text) & set(SET_OPERATORS):
        return None
    found = _top_level(text)
    if len(found) != 1:
        return None
    i, op = found[0]
    lhs, rhs = text[:i].strip(), text[i + len(op):].strip()
    if rhs.startswith("bool "):
        rhs = rhs[5:].strip()
    try:
        threshold = float(rhs)
    except ValueError:
        return None
    return Comparison(lhs, op, threshold) if lhs else None
