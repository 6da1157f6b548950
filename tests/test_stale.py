"""Old citations against edited articles: stale is said, other text is never shown."""

import json
import subprocess
import sys
from pathlib import Path

from qa import Citation
from qa.stale import CHANGED, CURRENT, MISSING

JUAE = "000_f6d7438db1f1dcb4.txt"


def _citation(assistant, file: str, number: int) -> Citation:
    p = assistant.index.find(file, number)
    assert p is not None
    return Citation.of(p)


def _edit(folder: Path, file: str, number: int, new_text: str) -> None:
    """Replace the ``number``-th non-empty line (a seed paragraph) with ``new_text``."""
    path = folder / file
    lines = path.read_text(encoding="utf-8").split("\n")
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    lines[nonempty[number - 1]] = new_text
    path.write_text("\n".join(lines), encoding="utf-8")


def test_edited_and_removed_paragraphs_are_stale(fake_assistant, seeds_copy: Path):
    a = fake_assistant()
    juae, other = _citation(a, JUAE, 12), _citation(a, "001_679a087cb559579e.txt", 3)
    gone = _citation(a, "004_ad6e06e9863c035b.txt", 2)
    assert [c.status for c in a.check_citations([juae, other, gone])] == [CURRENT] * 3

    _edit(seeds_copy, JUAE, 12, "Ju-ae stayed home on May 8, according to a corrected report.")
    (seeds_copy / "004_ad6e06e9863c035b.txt").unlink()
    b = fake_assistant()
    b.build_index()
    checks = b.check_citations([juae, other, gone])
    assert [c.status for c in checks] == [CHANGED, CURRENT, MISSING]
    assert "stale" in checks[0].describe() and "corrected" not in checks[0].describe()
    assert checks[1].describe() == f"{other.label} {other.text}"
    assert "no longer exists" in checks[2].describe()
    # the same verdicts straight from the files, without the index
    assert [c.status for c in b.check_citations([juae, other, gone], articles=True)] == [CHANGED, CURRENT, MISSING]


def test_citation_without_hash_is_compared_by_text(fake_assistant, seeds_copy: Path):
    a = fake_assistant()
    old = _citation(a, JUAE, 12)
    unhashed = Citation(file=old.file, paragraph=old.paragraph, text=old.text)
    assert a.check_citations([unhashed])[0].status == CURRENT
    wrong = Citation(file=old.file, paragraph=old.paragraph, text="Some other text.")
    assert a.check_citations([wrong])[0].status == CHANGED


def test_a_long_session_sees_a_rewritten_index(fake_assistant, seeds_copy: Path):
    chat = fake_assistant()
    cited = _citation(chat, JUAE, 12)
    assert not chat.refresh_index()
    _edit(seeds_copy, JUAE, 12, "A rewritten paragraph about a different day.")
    fake_assistant().build_index()  # another process re-indexes, as `qa index` would
    assert chat.check_citations([cited])[0].status == CURRENT  # still the generation it loaded
    assert chat.refresh_index()
    assert chat.check_citations([cited])[0].status == CHANGED


def test_verify_command_reports_stale_citations(fake_assistant, seeds_copy: Path, tmp_path: Path):
    a = fake_assistant()
    saved = tmp_path / "answers.jsonl"
    records = [
        {"question": "When?", "answer": "…", "citations": [_citation(a, JUAE, 12).to_dict()]},
        {"question": "Who?", "answer": "…", "citations": [_citation(a, "002_7561d2828fcb181b.txt", 8).to_dict()]},
    ]
    saved.write_text("".join(json.dumps(r) + "\n" for r in records))

    def verify(*extra: str) -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "qa", "verify", str(saved), "--corpus", str(seeds_copy), *extra]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    ok = verify()
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count("ok ") == 2 and "0 of 2 citations stale" in ok.stderr

    _edit(seeds_copy, JUAE, 12, "An edited paragraph.")
    stale = verify()
    assert stale.returncode == 1
    assert "STALE" in stale.stdout and "An edited paragraph" not in stale.stdout
    assert "1 of 2 citations stale" in stale.stderr and "Traceback" not in stale.stderr

    saved.write_text("not json\n")
    bad = verify()
    assert bad.returncode == 1 and bad.stderr.startswith("Error: line 1 is not JSON") and "Traceback" not in bad.stderr
