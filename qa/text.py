"""Word-level text handling shared by BM25 retrieval and the citation checker."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say according
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return re.sub(r"'s\b", "", text)


# Named in the index manifest: BM25 terms made by another stemmer are rebuilt, not mixed.
STEMMER = "snowball-english"
_LOCAL = threading.local()  # a PyStemmer object is not safe to share between threads (server, loading)


def _snowball() -> Stemmer.Stemmer:
    """This thread's Snowball English stemmer: compiled, about 2 µs a word."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        # no cache of its own: ``stem``'s cache, shared by all threads, is in front of it
        stemmer = _LOCAL.stemmer = Stemmer.Stemmer("english", 0)
    return stemmer


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball (Porter2) English stems: 'symbolic'/'symbolically' and 'describe'/'described'
    meet, which a plural-and-tense stripper misses, in retrieval and in the support check alike."""
    if word.isdigit() or len(word) <= 3:
        return word
    return _snowball().stemWord(word)


def light_stem(word: str) -> str:
    """A deliberately light suffix stripper: enough to match 'visits'/'visited'/'visiting'.
    The eval scorer keeps it, so accuracy figures stay comparable across stemmer changes."""
    if word.isdigit() or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")) and len(word) > 4:
        return word[:-2]
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """Lower-cased words and numbers, thousands separators removed (15,000 → 15000)."""
    out = []
    for token in _WORD.findall(normalize(text)):
        token = token.rstrip(".,")
        if re.fullmatch(r"\d{1,3}(,\d{3})+", token):
            token = token.replace(",", "")
        out.append(token)
    return out


def content_terms(text: str) -> list[str]:
    """Stemmed words without stopwords: what BM25 indexes and what support is measured on."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]
