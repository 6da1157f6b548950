"""Is an old citation still true? A citation carries its paragraph's content hash.

Articles get edited and re-indexed after an answer was given (a chat history, a saved JSON
answer, a gold file). A citation whose paragraph has changed or gone is reported as stale,
never shown with whatever text now sits at that file and number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from qa.answer import Citation
from qa.corpus import Article, Paragraph, text_hash

Finder = Callable[[str, int], "Paragraph | None"]

CURRENT = "current"
CHANGED = "changed"
MISSING = "missing"


@dataclass(frozen=True)
class CitationCheck:
    citation: Citation
    status: str  # CURRENT, CHANGED or MISSING
    now: Paragraph | None  # what the index holds at that file and number today

    @property
    def stale(self) -> bool:
        return self.status != CURRENT

    def describe(self) -> str:
        """One line for people: the cited text when it still holds, else why it does not."""
        c = self.citation
        if self.status == CURRENT:
            return f"{c.label} {c.text}"
        if self.status == CHANGED:
            return f"{c.label} stale: the paragraph has changed since it was cited"
        return f"{c.label} stale: the paragraph no longer exists in the index"


def article_finder(articles: Iterable[Article]) -> Finder:
    """Look paragraphs up in articles as read from disk now (no index needed)."""
    where = {(p.file, p.number): p for a in articles for p in a.paragraphs}
    return lambda file, number: where.get((file, number))


def check_citation(citation: Citation, find: Finder) -> CitationCheck:
    """Compare by hash; a citation without one (older output) is compared by its text."""
    now = find(citation.file, citation.paragraph)
    if now is None:
        return CitationCheck(citation, MISSING, None)
    expected = citation.hash or (text_hash(citation.text) if citation.text else now.hash)
    return CitationCheck(citation, CURRENT if expected == now.hash else CHANGED, now)
