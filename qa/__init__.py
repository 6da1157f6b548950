"""qa: answers questions about a folder of news articles, citing file and paragraph, offline."""

from qa.answer import ABSTAIN_TEXT, Answer, Citation, Timings
from qa.assistant import AnswerStream, Assistant, IndexReport
from qa.corpus import Paragraph
from qa.errors import (
    ChecksumMismatch,
    ConfigError,
    CorpusError,
    IndexCorrupt,
    IndexMismatch,
    IndexMissing,
    IndexOutdated,
    ModelError,
    ModelMissing,
    QAError,
    QuestionError,
    StoreError,
    UsageError,
)
from qa.retrieve import Passage, Retrieval
from qa.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "ABSTAIN_TEXT",
    "Answer",
    "AnswerStream",
    "Assistant",
    "ChecksumMismatch",
    "Citation",
    "ConfigError",
    "CorpusError",
    "IndexCorrupt",
    "IndexMismatch",
    "IndexOutdated",
    "IndexMissing",
    "IndexReport",
    "ModelError",
    "ModelMissing",
    "Paragraph",
    "Passage",
    "QAError",
    "QuestionError",
    "Retrieval",
    "Settings",
    "StoreError",
    "Timings",
    "UsageError",
    "__version__",
]
