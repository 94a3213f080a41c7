"""Settings: one frozen value, read from defaults < environment (ASSISTANT_*) < flags.

This is the only module that reads the environment. Every other module takes a
`Settings` (or the single field it needs) as an argument, so tests can point all
on-disk state at a temporary folder with one variable, `ASSISTANT_HOME`.

Not here: loading models or opening stores (see embeddings.py, store.py).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .ownership import PRIVATE_ROOT

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Variables the offline promise depends on. They must be set before
# transformers, huggingface_hub, chromadb or gradio are imported, so the entry
# points (ingest.py, app.py, python -m assistant) and tests/conftest.py call
# `apply_offline_environment()` first thing.
OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    # Quiet model loading: no per-tensor progress bars in users' terminals.
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


def public_url(url: str | None) -> str:
    """A server address as it may be shown to anyone (UI labels, errors, index metadata):
    without `user:password@` and without a query string (which may hold a token)."""
    from urllib.parse import urlsplit

    if not url:
        return ""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if not parts.hostname:
        return "(a server)"
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=host, query="", fragment="").geturl()


def apply_offline_environment(environ: dict[str, str] | None = None) -> None:
    """Switch the ML libraries to offline mode (keeps values the user set)."""
    target = os.environ if environ is None else environ
    for key, value in OFFLINE_ENVIRONMENT.items():
        target.setdefault(key, value)


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Each field's comment says why its default is what it is."""

    # Where the source documents live. The shipped corpus is the default.
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    # Root of all generated state (index, caches, study history). Env: ASSISTANT_HOME.
    home: Path = PROJECT_ROOT / ".data"
    # The index directory; defaults to <home>/index. Env: ASSISTANT_INDEX.
    index_dir: Path | None = None
    # A Chroma server ("http://127.0.0.1:8000") instead of the on-disk store.
    # The keyword index and manifest stay in index_dir. Env: ASSISTANT_CHROMA_URL.
    chroma_url: str | None = None
    collection: str = "mlops_corpus"

    # Embedding model: "minilm" (the packaged all-MiniLM-L6-v2) or "hashing"
    # (a tiny deterministic stand-in for unit tests). Env: ASSISTANT_EMBEDDINGS.
    embeddings: str = "minilm"
    # MiniLM reads at most 256 word pieces and silently drops the rest; 200 leaves
    # room for the title/section line prepended to each chunk.
    chunk_tokens: int = 200
    # Overlap between consecutive chunks of one section, in tokens: enough to keep
    # a sentence that straddles a boundary readable on both sides.
    chunk_overlap_tokens: int = 30
    # Files above this are skipped with a message (a 20 MB PDF is ~10k pages of text).
    max_file_bytes: int = 20 * 1024 * 1024
    # What one document may hold; over any of them it is skipped with a message naming the
    # limit. Bytes alone do not bound the work: an 8 KB PDF whose pages share one content
    # stream held 17.6 million characters. 2,000 pages is a long textbook, and 5 million
    # characters about the text of one (~2,500 a page).
    max_pdf_pages: int = 2000
    max_document_chars: int = 5_000_000
    # Measured on two real manuals: 0.09-0.18 PDF drawing instructions per character of text
    # and ~10 ms a page. 3 million lets a 5-million-character PDF through with room for figures,
    # and bounds one of text-less instructions (8 µs each measured) at ~25 s: about what a real
    # 2,000-page PDF takes.
    max_pdf_operations: int = 3_000_000
    # Passages (chunks) of one document. English runs ~5 characters a token, so 5 million
    # characters make ~5,000 passages of 200 tokens; denser text (code, CJK) makes more. At ~23
    # passages/s (DESIGN.md), 10,000 is about 7 minutes of embedding.
    max_document_chunks: int = 10_000
    # The learner's library folder (app uploads): ten files at the size limit, or 500 documents;
    # an upload that would pass either is refused before it is kept.
    max_library_bytes: int = 200 * 1024 * 1024
    max_library_documents: int = 500
    embed_batch_size: int = 32  # measured fastest on 2 cores (DESIGN.md)

    # Retrieval: passages shown to the generator and returned as candidates.
    k: int = 5
    # Candidates fetched from each of dense and keyword search before fusion.
    fetch_k: int = 20
    # Reciprocal rank fusion constant; 60 is the value from the original RRF paper.
    rrf_k: int = 60
    # Relevance gate on the best dense cosine similarity of the fused top passages.
    # Calibrated on the old fixed set, now part of tests/qa/dev.jsonl (README "Relevance gate").
    relevance_threshold: float = 0.30

    # Generation backend: extractive | local | openai | auto. "auto" is the backend that
    # measures best on the Q&A test split (generation.AUTO: extractive today).
    backend: str = "auto"
    # local: a GGUF file instead of the packaged Qwen2.5-Coder-0.5B-Instruct. Env: ASSISTANT_LOCAL_MODEL.
    local_model: str | None = None
    # local: CPU threads for llama.cpp; 2 matches the reference machine. Env: ASSISTANT_LOCAL_THREADS.
    local_threads: int = 2
    # openai: an OpenAI-compatible server. Env: ASSISTANT_LLM_URL / _MODEL / _API_KEY.
    llm_url: str | None = None
    llm_model: str = "default"
    llm_api_key: str | None = None
    # Grading asks the backend's chat model whether an answer states each best-matched key point:
    # auto (only a model measured to do it well: the packaged 1.5B) | model (any; with the quoting
    # backend, the local model) | off.
    # Env: ASSISTANT_GRADE_CHECK (interview/checking.py).
    grade_check: str = "auto"
    # Most tokens a model may write for one answer: 2–5 sentences; a cap keeps a rambling model
    # from taking a minute on 2 cores.
    answer_max_tokens: int = 320
    # Grounded answers gain nothing from sampling, and runs repeat.
    temperature: float = 0.0
    # Longest chat message accepted, in characters (enforced on the server too).
    max_question_chars: int = 2000
    # An upload the app has not taken into a library by then (the page was closed mid-upload, or
    # a client uploaded and never asked) is deleted from Gradio's upload cache. An upload is taken
    # in within seconds; 15 minutes leaves room for a slow link. Env: ASSISTANT_UPLOAD_MAX_AGE.
    max_upload_age_s: int = 900
    # Host names the app may be reached by besides IP addresses and localhost (a reverse proxy's
    # public name): any other Host header is refused (DNS rebinding). Env: ASSISTANT_ALLOWED_HOSTS.
    allowed_hosts: tuple[str, ...] = ()

    @property
    def model_cache(self) -> Path:
        """Where the packaged model's parts are joined into one GGUF file (once)."""
        return self.home / "models"

    @property
    def index_path(self) -> Path:
        return self.index_dir if self.index_dir is not None else self.home / "index"

    @property
    def library_dir(self) -> Path:
        """Documents the learner added in the app's Library (indexed beside the corpus)."""
        return self.home / "library"

    @property
    def libraries_dir(self) -> Path:
        """With accounts, each learner's own uploads: libraries/<name>/, cited in their answers only."""
        return self.home / PRIVATE_ROOT

    @property
    def source_roots(self) -> tuple[Path, ...]:
        """Every folder the index mirrors: the corpus, the shared library, the learners' own libraries."""
        return (self.corpus_dir, self.library_dir, self.libraries_dir)

    def user_home(self, name: str) -> Path:
        """A learner's own state (their study log) when the app has accounts."""
        return self.home / "users" / name

    def replace(self, **changes: object) -> Settings:
        """A copy with these fields changed (None is a value: `index_dir=None` means the default)."""
        return dataclasses.replace(self, **changes)

    def with_flags(self, **flags: object) -> Settings:
        """A copy with the flags that were given; None means a flag was not given."""
        return dataclasses.replace(self, **{k: v for k, v in flags.items() if v is not None})


GRADE_CHECKS = ("auto", "model", "off")  # Settings.grade_check

_ENV_FIELDS = {
    "ASSISTANT_CORPUS": ("corpus_dir", Path),
    "ASSISTANT_HOME": ("home", Path),
    "ASSISTANT_INDEX": ("index_dir", Path),
    "ASSISTANT_CHROMA_URL": ("chroma_url", str),
    "ASSISTANT_EMBEDDINGS": ("embeddings", str),
    "ASSISTANT_BACKEND": ("backend", str),
    "ASSISTANT_K": ("k", int),
    "ASSISTANT_RELEVANCE_THRESHOLD": ("relevance_threshold", float),
    "ASSISTANT_CHUNK_TOKENS": ("chunk_tokens", int),
    "ASSISTANT_LOCAL_MODEL": ("local_model", str),
    "ASSISTANT_LOCAL_THREADS": ("local_threads", int),
    "ASSISTANT_LLM_URL": ("llm_url", str),
    "ASSISTANT_LLM_MODEL": ("llm_model", str),
    "ASSISTANT_LLM_API_KEY": ("llm_api_key", str),
    "ASSISTANT_GRADE_CHECK": ("grade_check", str),
    "ASSISTANT_UPLOAD_MAX_AGE": ("max_upload_age_s", int),
    "ASSISTANT_ALLOWED_HOSTS": ("allowed_hosts", lambda raw: host_names(raw.split(","))),
}


def host_names(names) -> tuple[str, ...]:
    """Host names as the Host header check compares them: lower case, no blanks."""
    return tuple(dict.fromkeys(n.strip().lower() for n in names if n and n.strip()))


def load_settings(environ: Mapping[str, str] | None = None, **flags: object) -> Settings:
    """Defaults, then ASSISTANT_* variables, then explicit flags (None = not given)."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for name, (field_name, convert) in _ENV_FIELDS.items():
        raw = env.get(name, "").strip()
        if raw:
            try:
                values[field_name] = convert(raw)
            except ValueError as exc:
                raise ConfigError(f"{name}={raw!r} is not a valid {convert.__name__}: {exc}") from None
    settings = Settings().with_flags(**values).with_flags(**flags)
    problems = []
    if settings.k < 1:
        problems.append(f"k must be at least 1 (got {settings.k})")
    if not 32 <= settings.chunk_tokens <= 250:
        problems.append(f"chunk tokens must be between 32 and 250: the model reads 256 (got {settings.chunk_tokens})")
    if not 0.0 <= settings.relevance_threshold <= 1.0:
        problems.append(f"relevance threshold must be between 0 and 1 (got {settings.relevance_threshold})")
    if settings.max_upload_age_s < 1:
        problems.append(f"the upload age limit must be at least 1 second (got {settings.max_upload_age_s})")
    if settings.local_threads < 1:
        problems.append(f"local threads must be at least 1 (got {settings.local_threads})")
    if settings.grade_check not in GRADE_CHECKS:
        problems.append(f"ASSISTANT_GRADE_CHECK must be {', '.join(GRADE_CHECKS[:-1])} or {GRADE_CHECKS[-1]} "
                        f"(got {settings.grade_check!r})")
    if problems:
        raise ConfigError("; ".join(problems))
    return settings
