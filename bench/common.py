"""Shared bits of the benchmarks: offline setup, machine state, percentiles, result files."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from pathlib import Path

from assistant.config import PROJECT_ROOT as ROOT
from assistant.config import apply_offline_environment

apply_offline_environment()


def machine_state() -> dict:
    import torch

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = {line.split(":")[0]: line.split(":")[1].strip() for line in Path("/proc/meminfo").read_text().splitlines()}
    return {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "cpu": cpu, "cores": os.cpu_count(),
            "load_avg_1_5_15": os.getloadavg(), "mem_available": mem.get("MemAvailable"),
            "torch_threads": torch.get_num_threads(), "python": platform.python_version()}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def save(name: str, result: dict) -> None:
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    result = {"machine": machine_state(), **result}
    (out / f"{name}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


def bench_settings(name: str, backend: str):
    """Settings for the shipped corpus in a fresh temporary home. The backend is explicit:
    the default `auto` would silently time the local model where quoting is meant."""
    import tempfile

    from assistant.config import load_settings

    return load_settings(environ={}, home=Path(tempfile.mkdtemp(prefix=f"bench-{name}-")),
                         corpus_dir=ROOT / "corpus", backend=backend)
