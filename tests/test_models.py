import hashlib
from pathlib import Path

import pytest

from qa import ChecksumMismatch, ModelError, ModelMissing, models
from qa.models import ModelSpec, assemble, check_model_file, ensure_default_model


@pytest.fixture
def parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    files = []
    for i, data in enumerate([b"GGUF" + b"a" * 100, b"b" * 50, b"c" * 7]):
        f = tmp_path / f"part{i}.bin"
        f.write_bytes(data)
        files.append(f)
    monkeypatch.setattr(models, "_part_paths", lambda spec: files)
    whole = b"".join(f.read_bytes() for f in files)
    return whole


def spec_for(data: bytes, sha: str | None = None) -> ModelSpec:
    return ModelSpec(filename="m.gguf", sha256=sha or hashlib.sha256(data).hexdigest(), size=len(data), parts=())


def test_assemble_concatenates_in_order_and_verifies(parts: bytes, tmp_path: Path):
    target = assemble(spec_for(parts), tmp_path / "out" / "m.gguf")
    assert target.read_bytes() == parts
    assert (tmp_path / "out" / "m.gguf.verified").is_file()


def test_wrong_checksum_leaves_nothing_behind(parts: bytes, tmp_path: Path):
    with pytest.raises(ChecksumMismatch, match="expected"):
        assemble(spec_for(parts, "0" * 64), tmp_path / "out" / "m.gguf")
    assert list((tmp_path / "out").iterdir()) == []


def test_damaged_copy_is_reassembled(parts: bytes, tmp_path: Path):
    spec = spec_for(parts)
    target = ensure_default_model(tmp_path, spec)
    target.write_bytes(b"GGUF damaged")
    assert ensure_default_model(tmp_path, spec).read_bytes() == parts


def test_missing_parts_say_how_to_install():
    spec = ModelSpec(filename="m.gguf", sha256="0" * 64, size=1, parts=(("no-such-dist-qa-test", "x/data"),))
    with pytest.raises(ModelMissing, match="pip install"):
        models._part_paths(spec)


def test_user_model_checks(tmp_path: Path):
    with pytest.raises(ModelMissing, match="does not exist"):
        check_model_file(tmp_path / "missing.gguf")
    with pytest.raises(ModelMissing, match="not a file"):
        check_model_file(tmp_path)
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="not a GGUF"):
        check_model_file(bad)
    good = tmp_path / "good.gguf"
    good.write_bytes(b"GGUF1234")
    assert check_model_file(good) == good
    assert check_model_file(good, hashlib.sha256(b"GGUF1234").hexdigest()) == good
    with pytest.raises(ChecksumMismatch):
        check_model_file(good, "f" * 64)
