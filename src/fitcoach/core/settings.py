"""One settings object per process, read from ``FITCOACH_*`` environment variables."""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]

_PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev-secret-change-me"}
# Room for the multipart envelope around a form check's video (boundaries, the part's headers
# with its file name): the route's body limit is the largest video plus this.
MULTIPART_ENVELOPE_BYTES = 16 * 1024


def _seconds(default: float, what: str) -> float:
    return Field(default=default, ge=0, le=600, description=what)


class SignalThresholds(BaseModel):
    """Every threshold of the sensor signals in one place: alerts, quality gates, plausibility.

    The online analysis (``analysis.signals``) takes this object (or numbers from it) as an
    argument and never reads the settings; the boundary that runs it (the vitals worker, the
    CLI) passes ``Settings.signals``. The defaults are the values the analysis was tested with
    (docs/signals.md, "Thresholds", has the table with each one's source). Override one with
    ``FITCOACH_SIGNALS__<NAME>``, e.g. ``FITCOACH_SIGNALS__SPO2_LOW_PCT=88``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Alerts (AlertEngine): raise after the value is bad for *_raise_s, clear after good for
    # *_clear_s.
    spo2_low_pct: float = Field(
        default=90.0, ge=70, le=99, description="SpO2 below this raises spo2_low."
    )
    spo2_clear_pct: float = Field(
        default=92.0, ge=70, le=100, description="SpO2 at or above this clears spo2_low."
    )
    spo2_raise_s: float = _seconds(10.0, "How long SpO2 stays low before spo2_low.")
    spo2_clear_s: float = _seconds(10.0, "How long SpO2 stays good before spo2_low clears.")
    default_max_hr_bpm: float = Field(
        default=190.0,
        ge=120,
        le=230,
        description="Maximum heart rate when the athlete's birth date is unknown.",
    )
    hr_raise_s: float = _seconds(5.0, "How long HR stays above the maximum before an alert.")
    hr_clear_s: float = _seconds(10.0, "How long HR stays below max − margin before clearing.")
    hr_clear_margin_bpm: float = Field(
        default=5.0, ge=0, le=40, description="hr_above_max clears at max − this."
    )
    etco2_low_mmhg: float = Field(default=30.0, ge=10, le=60, description="EtCO2 alert, low.")
    etco2_high_mmhg: float = Field(default=50.0, ge=20, le=100, description="EtCO2 alert, high.")
    etco2_clear_margin_mmhg: float = Field(
        default=1.0, ge=0, le=10, description="EtCO2 must be this far inside the range to clear."
    )
    etco2_raise_s: float = _seconds(15.0, "How long EtCO2 stays out of range before an alert.")
    etco2_clear_s: float = _seconds(15.0, "How long EtCO2 stays inside before clearing.")
    irregularity_threshold: float = Field(
        default=0.15,
        gt=0,
        le=1,
        description="RR irregularity (RMSSD / mean RR over 30 s) above this raises an alert.",
    )
    irregularity_clear_s: float = _seconds(30.0, "How long the rhythm is regular to clear.")
    sensor_off_s: float = _seconds(3.0, "Lead-off / finger-off / flatline time to alert.")
    # Quality gates: a figure below its gate is missing (None), never a guess.
    ecg_min_sqi: float = Field(
        default=0.6, ge=0, le=1, description="ECG template quality needed for HR and HRV."
    )
    ppg_min_sqi: float = Field(
        default=0.6, ge=0, le=1, description="PPG template quality needed for pulse and SpO2."
    )
    hrv_min_fraction_kept: float = Field(
        default=0.8, gt=0, le=1, description="Share of RR intervals that must pass the filters."
    )
    flatline_s: float = Field(
        default=3.0, gt=0, le=30, description="A signal flat this long counts as off."
    )
    max_pulse_mismatch_bpm: float = Field(
        default=10.0,
        gt=0,
        le=60,
        description="PPG pulse further than this from the ECG's HR: its SpO2 is dropped.",
    )
    # Plausibility of the capnogram: outside these the value is missing (a sensor problem is
    # likelier than the physiology).
    co2_min_swing_mmhg: float = Field(
        default=5.0, gt=0, le=30, description="A smaller CO2 swing means no breaths."
    )
    breathing_rate_min_bpm: float = Field(default=3.0, ge=1, le=20)
    breathing_rate_max_bpm: float = Field(default=70.0, ge=20, le=120)
    etco2_plausible_min_mmhg: float = Field(default=10.0, ge=0, le=30)
    etco2_plausible_max_mmhg: float = Field(default=80.0, ge=50, le=150)

    @model_validator(mode="after")
    def _ranges_are_ordered(self) -> SignalThresholds:
        if self.spo2_clear_pct < self.spo2_low_pct:
            raise ValueError("spo2_clear_pct must be at or above spo2_low_pct (hysteresis)")
        if not self.etco2_low_mmhg < self.etco2_high_mmhg:
            raise ValueError("etco2_low_mmhg must be below etco2_high_mmhg")
        if self.etco2_high_mmhg - self.etco2_low_mmhg <= 2 * self.etco2_clear_margin_mmhg:
            raise ValueError(
                "the EtCO2 range must be wider than twice etco2_clear_margin_mmhg, or the "
                "alert could never clear"
            )
        if not (
            self.etco2_plausible_min_mmhg < self.etco2_low_mmhg
            and self.etco2_high_mmhg < self.etco2_plausible_max_mmhg
        ):
            raise ValueError(
                "the EtCO2 alert range must lie inside the plausible range "
                "(etco2_plausible_min_mmhg < etco2_low_mmhg, etco2_high_mmhg < "
                "etco2_plausible_max_mmhg), or a value could never reach it"
            )
        if not self.breathing_rate_min_bpm < self.breathing_rate_max_bpm:
            raise ValueError("breathing_rate_min_bpm must be below breathing_rate_max_bpm")
        return self


DEFAULT_THRESHOLDS = SignalThresholds()
"""The defaults, for analysis code called without settings (tests, benchmarks, notebooks)."""


class Settings(BaseSettings):
    """Everything configurable about a fitcoach process.

    Values come from the environment (prefix ``FITCOACH_``) or a ``.env`` file in the working
    directory. Nothing else in the code reads ``os.environ``.
    """

    # Errors never echo the values given: some are secrets (keys, tokens).
    # Nested models read FITCOACH_<FIELD>__<NAME> (e.g. FITCOACH_SIGNALS__SPO2_LOW_PCT).
    model_config = SettingsConfigDict(
        env_prefix="FITCOACH_",
        env_file=".env",
        env_nested_delimiter="__",
        extra="ignore",
        hide_input_in_errors=True,
    )

    environment: Environment = "development"
    data_dir: Path = Field(
        default=Path("var"), description="Where the SQLite file and artefacts live."
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; defaults to a SQLite file in data_dir."
    )
    model_dir: Path | None = Field(
        default=None, description="Trained model artefacts; defaults to <data_dir>/models."
    )
    pose_python: Path | None = Field(
        default=None,
        description="The python of the MediaPipe pose environment; defaults to .venv-pose/bin/python.",
    )
    redis_url: str | None = None
    bus_maxlen: int = Field(
        default=100_000, ge=1, description="Approximate length cap of each Redis stream."
    )
    bus_max_age_s: float | None = Field(
        default=24 * 3600,
        gt=0,
        description="Age bound of a bus stream's entries, in seconds: older ones are trimmed "
        "with each publish (XTRIM MINID), processed or not. Unset: the length cap only.",
    )
    waveform_retention_days: int = Field(
        default=30, ge=1, description="Raw waveform chunks older than this are pruned."
    )
    signals: SignalThresholds = Field(
        default_factory=SignalThresholds,
        description="Sensor alert thresholds, quality gates and plausibility ranges.",
    )
    # Retention per kind of record, in days, for `fitcoach db prune`. None (unset): keep
    # forever, the default for everything that is the athlete's own log. See docs/security.md.
    retention_workouts_days: int | None = Field(
        default=None, ge=1, description="Strength and cardio sessions (with their sets)."
    )
    retention_daily_metrics_days: int | None = Field(default=None, ge=1)
    retention_body_measurements_days: int | None = Field(
        default=None, ge=1, description="Body measurements from a tape (and body fat), by day."
    )
    retention_sleep_days: int | None = Field(default=None, ge=1)
    retention_meals_days: int | None = Field(default=None, ge=1)
    retention_feedback_days: int | None = Field(default=None, ge=1)
    retention_messages_days: int | None = Field(
        default=None, ge=1, description="Chat messages (the conversation's summary stays)."
    )
    retention_vitals_days: int | None = Field(default=None, ge=1)
    retention_sensor_events_days: int | None = Field(default=None, ge=1)
    retention_audit_days: int | None = Field(default=None, ge=1)
    retention_health_flags_days: int | None = Field(
        default=None, ge=1, description="Resolved red flags, by when resolved; open ones stay."
    )
    retention_plan_versions_days: int | None = Field(
        default=None,
        ge=1,
        description="Superseded and rejected plan versions; the plan in force and proposals stay.",
    )
    retention_form_check_jobs_days: int | None = Field(
        default=30,
        ge=1,
        description="Finished form check jobs (their state and message), by when they "
        "finished; a running one stays. The result stays on its set (workouts' retention).",
    )
    retention_held_imports_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="Files held for the review of their exercise names, by when they were "
        "held: older ones are no longer offered and `fitcoach db prune` deletes them.",
    )
    secret_key: SecretStr = SecretStr("dev-secret-change-me")
    # Argon2id's cost for passwords (docs/security.md). The default is RFC 9106's low-memory
    # profile; the floors are OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane), so no
    # setting makes the hash weaker than that. A stored hash made with other costs is remade
    # with these at its owner's next sign-in.
    password_hash_memory_kib: int = Field(
        default=65536, ge=19456, le=4194304, description="Argon2id memory per hash, in KiB."
    )
    password_hash_time_cost: int = Field(
        default=3, ge=2, le=20, description="Argon2id passes over that memory."
    )
    password_hash_parallelism: int = Field(
        default=4, ge=1, le=64, description="Argon2id lanes (threads) per hash."
    )
    encryption_keys: SecretStr | None = Field(
        default=None,
        description="Comma-separated Fernet keys for the sensitive columns (notes, conditions, "
        "injuries, meals, chat), newest first: the first encrypts, all decrypt "
        "(docs/security.md, 'Encryption at rest'). Required in production; elsewhere, when "
        "unset, a key is derived from secret_key.",
    )
    log_level: str = "INFO"
    log_json: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    api_threads: int = Field(
        default=4,
        ge=1,
        le=256,
        description="Worker threads per server process for the synchronous request handlers "
        "(AnyIO's default thread limiter; AnyIO's own default is 40). The handlers are mostly "
        "CPU-bound Python that takes turns on one GIL: more threads only add switching and "
        "lengthen every request. Scale out with more processes (fitcoach serve --workers N).",
    )

    # Conversation: offline by default; language models only understand and phrase.
    llm_providers: str = Field(
        default="",
        description="Comma-separated providers tried in order before the offline coach: "
        "'openai' (any OpenAI-compatible server: OpenAI, Ollama /v1, vLLM, llama.cpp) and/or "
        "'gemini'. Empty: offline only.",
    )
    openai_base_url: str | None = Field(
        default=None, description="OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1."
    )
    openai_api_key: SecretStr | None = None
    openai_model: str = "gpt-4o-mini"
    gemini_api_key: SecretStr | None = None
    gemini_model: str = "gemini-2.0-flash"
    gemini_base_url: str | None = Field(
        default=None, description="Override of the Gemini API endpoint (a proxy or a test server)."
    )
    llm_timeout_s: float = Field(default=20.0, gt=0, description="Per provider call.")
    llm_retries: int = Field(default=2, ge=0, le=5, description="Retries per provider call.")
    intent_model: Literal["rules", "embedding", "student", "tuned"] = Field(
        default="tuned",
        description="How the offline coach understands messages. 'tuned' (the default): the "
        "fine-tuned student shipped with the package beside the rules, for red flags (union), "
        "messages the rules did not understand and a question where the two disagree (needs "
        "the 'ml' extra: pip install 'fitcoach[ml]'; without it the rules alone, said once in "
        "the logs and in /health); 'rules' only; 'embedding': the rules first, then the "
        "embedding intent model for messages they did not understand; 'student': the same with "
        "the distilled head (`fitcoach distill run`), used only when its recorded metrics beat "
        "the rules on the hand-written set.",
    )
    slot_tagger: bool = Field(
        default=True,
        description="Whether the offline coach also reads logging messages with the student's "
        "slot tagger (with intent_model 'tuned'): where the rules cannot store a log and the "
        "tagger's reading passes the rules' checks and its confidence gate (the artefact's "
        "threshold), that reading is stored. On by default since the tagger trained on 75 "
        "writers stored 23 more of 923 unseen writers' logs right for one more wrong "
        "(docs/models/student.md, 'Slot tagger'); false: the rules alone read logs.",
    )
    conversation_memory_messages: int = Field(
        default=12,
        ge=2,
        le=200,
        description="Recent messages kept verbatim; older ones are summarised.",
    )

    # Telegram bot.
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str | None = Field(
        default=None, description="Bot API server, e.g. a local one; default api.telegram.org."
    )
    telegram_webhook_url: str | None = Field(
        default=None, description="Public HTTPS URL of the API app; set it to use webhook mode."
    )
    telegram_webhook_secret: SecretStr | None = None
    telegram_messages_per_minute: int = Field(
        default=20, ge=1, description="Per-chat rate limit on messages the bot answers."
    )

    # Limits and the edge of the web server (docs/security.md).
    rate_limit_storage_uri: str | None = Field(
        default=None,
        description="Where rate-limit counts live, as the `limits` library names storages: "
        "'memory://' (per process) or 'redis://host:port/db' (shared by every process). "
        "Default: redis_url when that is set, else memory.",
    )
    rate_limit_key_prefix: str = Field(
        default="fitcoach",
        min_length=1,
        description="Prefix of the rate-limit keys in Redis (installations sharing one Redis "
        "keep apart with their own).",
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed sign-ins per client address in a window."
    )
    login_window_s: int = Field(
        default=15 * 60, ge=1, description="The sign-in limit's moving window, in seconds."
    )
    login_account_slowdown_after: int = Field(
        default=10,
        ge=1,
        description="Failed sign-ins on one account in the window (from any addresses) after "
        "which its password is checked at most once every login_account_interval_s.",
    )
    login_account_interval_s: int = Field(
        default=5,
        ge=1,
        le=3600,
        description="The pace of password checks on an account that many sign-ins failed on.",
    )
    # Who may make an account on the web's /signup (docs/security.md, "Sign-up"). 'invite' by
    # default: a server reachable by strangers makes no accounts for them unless an admin or a
    # coach handed out a code; `make run` (listening on 127.0.0.1 only) sets 'open'.
    signup: Literal["open", "invite", "off"] = Field(
        default="invite",
        description="'open': anyone may sign up; 'invite': only with an invitation code an "
        "admin or a coach made (fitcoach invite create, or the web's Invitations page); "
        "'off': no sign-up, an admin makes the accounts.",
    )
    signup_contact: str = Field(
        default="",
        max_length=200,
        description="Whom to ask for an account or an invitation (an e-mail address or a "
        "name), shown on the sign-up and sign-in pages; empty: 'the administrator'.",
    )
    invitation_days: int = Field(
        default=7, ge=1, le=90, description="How long a new invitation code stays valid, in days."
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or networks of reverse proxies whose "
        "X-Forwarded-For names the client (e.g. '127.0.0.1' behind a local nginx). Empty: "
        "the header is ignored and the connection's address counts.",
    )
    max_request_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Largest request body accepted (413 above)."
    )
    max_import_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=1024,
        description="Largest body of an import (POST /api/v1/athletes/{id}/import).",
    )
    # How long a request body may take to arrive, and how many uploads one account may send
    # at once (docs/security.md, "Uploads"): a client that stops mid-body, or sends it a byte
    # at a time, is answered 408 and its connection closed, and its temporary files go.
    body_idle_timeout_s: float = Field(
        default=30.0,
        gt=0,
        le=600,
        description="Longest wait for the next part of a request body (408 past it).",
    )
    body_timeout_s: float = Field(
        default=300.0,
        gt=0,
        le=3600,
        description="Longest time a request body may take to arrive in all (408 past it): a "
        "100 MB video needs about 2.7 Mbit/s.",
    )
    uploads_per_account: int = Field(
        default=2,
        ge=1,
        le=32,
        description="Uploads (multipart bodies, or bodies over max_request_bytes) one account "
        "may send to a server process at once; one more is refused (429 with Retry-After).",
    )
    # Imported files (services.imports, services.portability; docs/security.md, "Imported
    # files"): what one file may be, what an import may hold, how long it writes at a time.
    import_max_file_bytes: int = Field(
        default=12 * 1024 * 1024,
        ge=1024,
        description="Largest file an import reads whole (CSV, FIT, TCX, GPX, a fitcoach "
        "export's JSON or CSV files), unpacked; also what the files inside one zip may unpack "
        "to together (Apple Health's export.xml aside).",
    )
    import_max_stream_bytes: int = Field(
        default=1024 * 1024 * 1024,
        ge=1024,
        description="Largest Apple Health export.xml (read in pieces, not whole), unpacked.",
    )
    import_max_zip_ratio: int = Field(
        default=100,
        ge=2,
        le=100_000,
        description="A file inside a zip that unpacks to more than this many times its packed "
        "size is refused as a zip bomb (real exports pack 5 to 30 times).",
    )
    import_max_records: int = Field(
        default=50_000,
        ge=1,
        description="Most records (workouts, sets, sessions, nights, days, measurements; a "
        "fitcoach export's rows) one imported file may hold, and one upload together.",
    )
    import_write_turn_s: float = Field(
        default=0.25,
        gt=0,
        le=10,
        description="Longest one of an import's short write transactions runs: other writers "
        "(other athletes' requests) wait at most about this long for it.",
    )
    import_max_failures: int = Field(
        default=10,
        ge=1,
        description="Files that fail to import per athlete in import_failure_window_s; past it "
        "their uploads are refused (429) until the window frees.",
    )
    import_failure_window_s: int = Field(
        default=3600, ge=1, description="The moving window of import_max_failures, in seconds."
    )
    import_held_max_bytes: int = Field(
        default=8 * 1024 * 1024,
        ge=1024,
        description="Largest file held for the review of its exercise names.",
    )
    import_held_max_files: int = Field(
        default=10, ge=1, le=1000, description="Most files one athlete may have held for review."
    )
    # The form check of a filmed set (services.form_check, docs/security.md): what one video
    # may be, and how many are analysed at once by each server process.
    form_check_max_bytes: int = Field(
        default=100_000_000,
        ge=1024,
        description="Largest video of a form check: the service refuses a larger file and the "
        "route's body limit is this plus the multipart envelope (form_check_body_limit).",
    )
    form_check_max_seconds: float = Field(
        default=60.0, gt=0, le=3600, description="Longest video of a form check, in seconds."
    )
    form_check_max_frames: int = Field(
        default=1800,
        ge=15,
        le=100_000,
        description="Most frames of a form check's video (60 s at 30 fps): a video with more "
        "is refused before decoding when its container says so, and stopped when it reaches them.",
    )
    form_check_max_pixels: int = Field(
        default=1920 * 1080,
        ge=64 * 64,
        description="Largest frame (width × height) of a form check's video: 1080p.",
    )
    form_check_timeout_s: float = Field(
        default=120.0,
        gt=0,
        le=3600,
        description="Wall time of one form check's pose extraction; past it the extraction "
        "is killed and the check fails.",
    )
    form_check_workers: int = Field(
        default=2,
        ge=1,
        le=32,
        description="Form checks analysed at once by one server process; one more is "
        "refused (503 with Retry-After) until one ends.",
    )
    # A photo of a meal (services.food_photo): what one may be, and how many are decoded and
    # classified at once by each server process (docs/security.md, "Food photos").
    food_photo_max_bytes: int = Field(
        default=12 * 1024 * 1024,
        ge=64 * 1024,
        description="Largest photo of a meal; the photo routes' body limit is this plus the "
        "multipart envelope.",
    )
    food_photo_max_pixels: int = Field(
        default=16_000_000,
        ge=224 * 224,
        le=100_000_000,
        description="Most pixels decoded of a photo (width × height, checked from its header "
        "before decoding; a JPEG counts at the reduced scale it is decoded at).",
    )
    food_photo_workers: int = Field(
        default=2,
        ge=1,
        le=16,
        description="Photos decoded and classified at once by one server process; more wait.",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        for part in (p.strip() for p in value.split(",")):
            if part:
                try:
                    ipaddress.ip_network(part, strict=False)
                except ValueError:
                    raise ValueError(
                        f"trusted_proxies: {part!r} is not an address or a network"
                    ) from None
        return value

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        if self.environment == "production" and (
            self.secret_key.get_secret_value() in _PLACEHOLDER_SECRETS
            or len(self.secret_key.get_secret_value()) < 32
        ):
            raise ValueError(
                "FITCOACH_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (for example: python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        return self

    @field_validator("encryption_keys")
    @classmethod
    def _keys_are_fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        from cryptography.fernet import Fernet

        keys = [k.strip() for k in value.get_secret_value().split(",") if k.strip()]
        for number, key in enumerate(keys, 1):
            try:
                Fernet(key)
            except ValueError:
                # Never echo the key itself: name its position only.
                raise ValueError(
                    f"encryption_keys: key {number} is not a Fernet key (32 url-safe "
                    "base64-encoded bytes; make one with "
                    "python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())')"
                ) from None
        return value if keys else None

    @model_validator(mode="after")
    def _refuse_missing_encryption_key(self) -> Settings:
        if self.environment == "production" and not self.encryption_key_list:
            raise ValueError(
                "FITCOACH_ENCRYPTION_KEYS must be set in production (a comma-separated list "
                "of Fernet keys, newest first; see docs/security.md)"
            )
        return self

    @property
    def encryption_key_list(self) -> list[str]:
        """The configured Fernet keys, newest first (empty when unset)."""
        if self.encryption_keys is None:
            return []
        raw = self.encryption_keys.get_secret_value()
        return [k.strip() for k in raw.split(",") if k.strip()]

    @property
    def rate_limit_storage(self) -> str:
        """The `limits` storage URI: the setting, else Redis when configured, else memory."""
        return self.rate_limit_storage_uri or self.redis_url or "memory://"

    @property
    def form_check_body_limit(self) -> int:
        """The request body limit of the form check's upload: the largest video it takes
        (``form_check_max_bytes``) and room for the multipart envelope around it."""
        return self.form_check_max_bytes + MULTIPART_ENVELOPE_BYTES

    @property
    def food_photo_body_limit(self) -> int:
        """The request body limit of a photo upload: the largest photo taken
        (``food_photo_max_bytes``) and room for the multipart envelope around it."""
        return self.food_photo_max_bytes + MULTIPART_ENVELOPE_BYTES

    @property
    def models_path(self) -> Path:
        """Where trained model artefacts live: the setting, else ``<data_dir>/models``."""
        return self.model_dir if self.model_dir is not None else self.data_dir / "models"

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to ``<data_dir>/fitcoach.sqlite3``."""
        if self.database_url:
            url = self.database_url
            # psycopg 3 is the PostgreSQL driver; accept the plain scheme people paste.
            if url.startswith("postgresql://") or url.startswith("postgres://"):
                url = "postgresql+psycopg://" + url.split("://", 1)[1]
            return url
        return f"sqlite:///{(self.data_dir / 'fitcoach.sqlite3').resolve()}"


def user_cache_dir() -> Path:
    """Where this user's caches of derived files go (the parsed-YAML cache): ``FITCOACH_CACHE_DIR``,
    else ``$XDG_CACHE_HOME/fitcoach`` (an absolute path only, as the XDG spec says), else
    ``~/.cache/fitcoach``. A function, not a ``Settings`` field: what uses it (``core.yamlfiles``)
    runs in every process, CLI and tests included, without the settings."""
    explicit = os.environ.get("FITCOACH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "fitcoach"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own ``Settings`` instead)."""
    return Settings()
