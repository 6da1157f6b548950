"""Word-level text handling shared by BM25 retrieval and the citation checker."""

from __future__ import annotations

import collections
import re
import threading
import unicodedata
from collections.abc import Iterable
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


# Irregular verbs' past forms, each group base form first. A stem cannot join "gave" to "give", so
# "Putin gave Kim drones" to "Why did Putin give Kim drones?" would seem to claim "gave".
_IRREGULAR = """arise arose arisen; bear bore borne born; become became; begin began begun; bind bound;
blow blew blown; break broke broken; bring brought; build built; buy bought; catch caught;
choose chose chosen; come came; deal dealt; draw drew drawn; drive drove driven; eat ate eaten;
fall fell fallen; feed fed; feel felt; fight fought; find found; flee fled; fly flew flown;
forget forgot forgotten; forgive forgave forgiven; freeze froze frozen; get got gotten; give gave given;
go went gone; grow grew grown; hang hung; hear heard; hide hid hidden; hold held; keep kept;
know knew known; lay laid; lead led; leave left; lend lent; lose lost; make made; mean meant; meet met;
overcome overcame; oversee oversaw overseen; pay paid; ride rode ridden; rise rose risen; run ran;
see saw seen; seek sought; sell sold; send sent; shake shook shaken; shoot shot; show shown; sing sang sung;
sink sank sunk; sit sat; speak spoke spoken; spend spent; stand stood; steal stole stolen; strike struck;
swear swore sworn; take took taken; teach taught; tear tore torn; tell told; think thought;
throw threw thrown; understand understood; undertake undertook undertaken; wake woke woken;
wear wore worn; win won; withdraw withdrew withdrawn; write wrote written"""


@lru_cache(maxsize=1)
def _base_forms() -> dict[str, str]:
    forms = {}
    for group in _IRREGULAR.split(";"):
        base, *past = (stem(w) for w in group.split())
        forms.update((p, base) for p in past)
    return forms


def verb_base(term: str) -> str:
    """A content term's irregular past form as its base form's stem ("gave" → "give"), else the term."""
    return _base_forms().get(term, term)


ASKING = frozenset(
    """who whom whose what which when where why how is are was were am do does did can could will would
    shall should may might must has have had""".split()
)


_CONTRACTED = re.compile(r"['’](?:s|re|d|ll)$")


def asking_word(word: str) -> str:
    """A sentence's first word as a question word: "What's …" asks as "What is …" does."""
    return _CONTRACTED.sub("", word.lower().strip(","))


def as_question(text: str) -> str:
    """The question as the retriever and the model read it best: capitalised, and ending in "?"
    when it asks something. Typed as "how many troops has north korea sent to russia", the
    embedding ranks other passages first and the 1.5B model answers "troops were sent"."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if asking_word(text.split(maxsplit=1)[0]) in ASKING and text[-1] not in ".?!\"”')":
        text += "?"
    return text


_AUXILIARY = "is|are|was|were|am|be|been|do|does|did|has|have|had|will|would|can|could|should|may|might|must"
# plural-looking words that name one thing ("news", "status") or are verbs ("does")
_NOT_PLURAL = "news|series|means|species|business|address|status|class|process|press|access|success|loss|bus|gas|this"
_ASKS_LIST = re.compile(
    # at the start, after a lead-in clause ("In the piece on …, what fields …") or a preposition
    r"^\s*(?:[^?]*,\s*)?(?:(?:in|on|at|for|from|with|to|of|by|about)\s+)?"
    r"(?:(?:list|name)\b|(?:who|what)\s+else\b"
    rf"|(?:which|what)(?:\s+(?:are|were)\s+the)?(?:\s+(?!(?:{_AUXILIARY})\b)[\w'’-]+){{0,3}}?"
    rf"\s+(?!(?:{_AUXILIARY}|{_NOT_PLURAL})\b)[a-z]+[^s'\W]s\b(?!['’]))",
    re.IGNORECASE,
)


def asks_for_list(question: str) -> bool:
    """Whether the question asks for several things ("Which players are out injured?", "List the
    honours …", "Who else …"): their answer may join names from a paragraph each."""
    return bool(_ASKS_LIST.search(question))


_WHY_ASSUMES = re.compile(r"^\s*why\s+(did|was|were|is|are|does|do|has|have|had)\s+(\S.*)$", re.IGNORECASE | re.DOTALL)


def premise_question(question: str) -> str | None:
    """The yes-no question a "why" question takes for granted ("Why did Kim skip the concert?"
    → "Did Kim skip the concert?"), or None. A "why" question with a false premise is answered
    inside it ("Kim skipped the concert because …") and every word is the question's own, so
    no check of the answer can catch it; asked as a yes-no question, the model denies it.
    "Why didn't …" and "why would …" assume nothing to ask about."""
    m = _WHY_ASSUMES.match(question)
    if not m:
        return None
    rest = m.group(2).strip()
    return f"{m.group(1).capitalize()} {rest}" + ("" if rest.endswith("?") else "?")


_NO = re.compile(r"^\W*no\b(?!\s*(?:one|longer|less|more|doubt|matter)\b)", re.IGNORECASE)


def denies(head: str) -> bool | None:
    """Whether a reply that starts with ``head`` answers a yes-no question "No": True or False
    once its first word is known, None until then ("No" may yet become "Not" or "North")."""
    text = head.lstrip(" \t\n\"“'‘*")
    word = re.match(r"[^\W_]+", text)
    if word is None or word.end() == len(text):  # no word yet, or it may still be growing
        return None if len(text) < 40 else False
    if word.group(0).lower() != "no":
        return False
    rest = text[word.end() :]
    if len(rest.strip()) < 8 and not re.search(r"[,.;:!]", rest):  # "No one" / "No longer" still open
        return None
    return bool(_NO.match(text))


_CASED_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_OPENERS = '.!?:"“‘(['  # a word after one of these (or first) may be capitalised for its place alone
# words that open sentences ("Many observers …") and are never names: not recased from openings alone
_OPENING_WORDS = STOPWORDS | frozenset("many several much most some numerous various another every".split())


def truecase(question: str, texts: Iterable[str]) -> str:
    """Capitalise the question's lower-case words that ``texts`` write capitalised ("kim meet
    shoigu in pyongyang" → "Kim meet Shoigu in Pyongyang"): the model reads a lower-case name
    as a common word, and answers worse. Only a question with no capital after its first letter
    changes, and a word in it when the texts capitalise it in at least two thirds of its places
    inside sentences (or, if it only starts sentences, in two thirds of those, unless it is a word
    such as "many" that opens sentences and names nothing)."""

    def key(word: str) -> str:
        return word.lower().replace("’", "'")

    if any(c.isupper() for c in question[1:]):  # typed with capitals of its own: its writer chose them
        return question
    wanted = {key(m.group(0)) for m in _CASED_WORD.finditer(question) if m.group(0).islower()}
    if not wanted:
        return question
    inside: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])  # [capitalised, all]
    starting: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    form: dict[str, str] = {}
    for text in texts:
        for m in _CASED_WORD.finditer(text):
            before = text[max(0, m.start() - 4) : m.start()].rstrip()
            opening = not before or before[-1] in _OPENERS
            word = m.group(0)
            for w in (word, word[:-2]) if key(word).endswith("'s") else (word,):  # "Russia’s" is "Russia" too
                k = key(w)
                if k not in wanted:
                    continue
                counts = starting[k] if opening else inside[k]
                counts[1] += 1
                if w[0].isupper():
                    counts[0] += 1
                    form.setdefault(k, w)

    def proper(k: str) -> bool:
        if not inside[k][1] and k in _OPENING_WORDS:
            return False
        cap, n = inside[k] if inside[k][1] else starting[k]
        return n > 0 and 3 * cap >= 2 * n

    def recase(m: re.Match[str]) -> str:
        word = m.group(0)
        k = key(word)
        if not word.islower() or k not in form or not proper(k) or len(form[k]) != len(word):
            return word  # a form whose lower case is longer than it ("İ") cannot be copied letter by letter
        return "".join(f if f.lower() == w.lower() else w for w, f in zip(word, form[k], strict=True))

    return _CASED_WORD.sub(recase, question)


_WH = "who|whom|whose|what|which|when|where|why|how"
_JOINT_PREPOSITION = "from|to|in|at|on|by|for|with|since|until|of|after|before|during"
# "…, and what …", "…, and in what town …"
_JOINT = re.compile(rf"(,\s*and|;|\s+and)\s+(?=(?:(?:{_JOINT_PREPOSITION})\s+)?(?:{_WH})\b)", re.IGNORECASE)
_BARE_JOINT_HEAD = 4  # "… cost and who opposed it?" typed without a comma: a head of 4 words or more
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_LEADS = frozenset("on in at from for by to with during according since after before besides apart".split())


def question_parts(question: str) -> list[str]:
    """A compound question ("When was it signed, and what does it commit to?") as the questions
    it joins, each carrying any preface sentence; otherwise the question alone. One model answer
    to both halves tends to drop or garble one; each half retrieves and is checked on its own."""
    question = question.strip()
    sentences = _SENTENCE_END.split(question)
    preface, asked = " ".join(sentences[:-1]), sentences[-1]
    joints = [  # "When and where …", "What did Kim and who else …": no question before the "and"
        j
        for j in _JOINT.finditer(asked)
        if len(asked[: j.start()].split()) >= (3 if j.group(1).strip() != "and" else _BARE_JOINT_HEAD)
    ]
    if len(joints) != 1:
        return [question]
    head, tail = asked[: joints[0].start()].strip(), asked[joints[0].end() :].strip()
    lead = head.split()
    if len(lead) < 3 or len(tail.split()) < 3 or asking_word(lead[0]) not in ASKING | _LEADS:
        return [question]
    if tail.split()[0].lower() in _JOINT_PREPOSITION.split("|") and len(tail.split()) < 4:
        return [question]  # "…, and in which court?": no question without the first half
    head = head.rstrip(" ,;") + "?"  # "On what day …" is a question too, though as_question cannot tell
    return [" ".join(filter(None, (preface, part))) for part in (head, as_question(tail))]
