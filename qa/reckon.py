"""Small sums over stated facts: days between two dates, the sum or difference of two figures.

A model asked "How many days separated the call from the summit?" writes "The call was on August
12 and the summit on August 15. The difference is 3 days." No paragraph says "3 days", so the
check alone would drop the answer; the figure is kept when it is exactly what the answer's own
supported dates or figures give, and it cites the paragraphs they stand on.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable

from .text import words

_MONTH_DAY = re.compile(r"^@(\d{1,2})-(\d{1,2})$")
_ANY_YEAR = 2001  # not a leap year: month-day counts without a year, as most of a calendar has them
_DAY_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}


def parse_amount(token: str) -> float | None:
    """ "4,700" → 4700.0, "1.2" → 1.2; None for anything else."""
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return None


def day_spans(dates: Iterable[str], year: int | None = None) -> set[int]:
    """Days between any two of ``dates`` (``date_terms``' "@8-12" form), in one year: "@8-12" and
    "@8-15" are 3 days apart."""
    found = []
    for term in dates:
        match = _MONTH_DAY.match(term)
        if match:
            try:
                found.append(dt.date(year or _ANY_YEAR, int(match.group(1)), int(match.group(2))))
            except ValueError:  # "@2-30": no such day
                continue
    return {abs((a - b).days) for a, b in itertools.combinations(set(found), 2)}


def sums_and_differences(amounts: Iterable[float]) -> set[float]:
    """The sum and the difference of any two ``amounts``, rounded as a reader would state them."""
    values = sorted(set(amounts))
    out = set()
    for a, b in itertools.combinations(values, 2):
        out.update({round(a + b, 6), round(abs(a - b), 6)})
    return out


def counted_days(text: str) -> list[tuple[str, int]]:
    """Each figure of ``text`` that counts days or weeks, with how many days it is:
    "3 days" → ("3", 3), "two weeks" (as "2 weeks") → ("2", 14)."""
    tokens = words(text)
    out = []
    for i, token in enumerate(tokens[:-1]):
        unit = _DAY_UNITS.get(tokens[i + 1])
        amount = parse_amount(token)
        if unit and amount is not None and amount == int(amount):
            out.append((token, int(amount) * unit))
    return out


# what the question asks to be worked out: "how many days after …", "how many more …", "… altogether"
_SPAN_ASKED = re.compile(
    r"\bhow many (?P<unit>days|weeks)\b.*\b(?:apart|between|after|before|separated?|passed|later|earlier|since|until)\b",
    re.IGNORECASE,
)
_DIFFERENCE_ASKED = re.compile(
    r"\bhow (?:many|much)\b(?:\s+\S+){0,4}?\s+(?:more|fewer|less|longer|shorter)\b"
    r"|\b(?:how (?:many|much) of|of\b.*\bhow (?:many|much))\b.*\b(?:not|yet|still|remain\w*|left)\b",
    re.IGNORECASE,
)
_SUM_ASKED = re.compile(
    r"\bhow (?:many|much)\b.*\b(?:altogether|in total|combined|in all|all together)\b", re.IGNORECASE
)


def asked_reckoning(question: str) -> str | None:
    """ "span" (days between two dates), "difference" or "sum", when the question asks one."""
    if _SPAN_ASKED.search(question):
        return "span"
    if _DIFFERENCE_ASKED.search(question):
        return "difference"
    if _SUM_ASKED.search(question):
        return "sum"
    return None


def asks_weeks(question: str) -> bool:
    match = _SPAN_ASKED.search(question)
    return bool(match and match.group("unit").lower() == "weeks")


def show_amount(value: float) -> str:
    """4100.0 → "4,100", 3.5 → "3.5": as a reader writes it."""
    return f"{int(value):,}" if value == int(value) else f"{value:,.6f}".rstrip("0").rstrip(".")


# "more than 100 members", "fewer than 20", "at least 5": a bound, not a figure the text must give
_BOUND = re.compile(
    r"\b(more than|over|above|at least|fewer than|less than|under|below|at most)\s+(\d[\d,]*(?:\.\d+)?)\b",
    re.IGNORECASE,
)
_HOLDS = {
    "more than": lambda m, n: m > n,
    "over": lambda m, n: m > n,
    "above": lambda m, n: m > n,
    "at least": lambda m, n: m >= n,
    "fewer than": lambda m, n: m < n,
    "less than": lambda m, n: m < n,
    "under": lambda m, n: m < n,
    "below": lambda m, n: m < n,
    "at most": lambda m, n: m <= n,
}


def bounds(text: str) -> list[tuple[str, str]]:
    """Each bound of ``text`` (numerals as digits) as (comparison, figure): [("more than", "100")]."""
    return [(m.group(1).lower(), m.group(2)) for m in _BOUND.finditer(text)]


def holds(comparison: str, amount: float, figure: str) -> bool:
    bound = parse_amount(figure)
    return bound is not None and _HOLDS[comparison](amount, bound)
