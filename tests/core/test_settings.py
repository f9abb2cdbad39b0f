"""Settings come from FITCOACH_* variables; production refuses placeholder secrets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from fitcoach.core.settings import Settings, get_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No FITCOACH_* variable or .env file from the machine leaks into these tests."""
    for name in list(os.environ):
        if name.startswith("FITCOACH_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # a .env in the repository must not count


def test_defaults_keep_a_sqlite_file_under_the_data_dir(tmp_path: Path) -> None:
    s = Settings()
    assert s.environment == "development"
    assert s.data_dir == Path("var")
    assert s.sqlalchemy_url == f"sqlite:///{(tmp_path / 'var' / 'fitcoach.sqlite3').resolve()}"
    assert s.host == "127.0.0.1"
    assert s.port == 8000


def test_environment_variables_with_the_prefix_override(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("FITCOACH_PORT", "9123")
    monkeypatch.setenv("FITCOACH_LOG_JSON", "true")
    monkeypatch.setenv("PORT", "1")  # unprefixed variables are not ours
    s = Settings()
    assert s.port == 9123
    assert s.log_json is True
    assert s.sqlalchemy_url == f"sqlite:///{tmp_path / 'elsewhere' / 'fitcoach.sqlite3'}"


def test_dotenv_file_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("FITCOACH_PORT=8765\n", encoding="utf-8")
    assert Settings().port == 8765


@pytest.mark.parametrize(
    "url",
    [
        "postgres://coach:pw@db.example.org:5432/fitcoach",
        "postgresql://coach:pw@db.example.org:5432/fitcoach",
        "postgresql+psycopg://coach:pw@db.example.org:5432/fitcoach",
    ],
)
def test_postgres_urls_use_psycopg_3(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("FITCOACH_DATABASE_URL", url)
    assert Settings().sqlalchemy_url == "postgresql+psycopg://coach:pw@db.example.org:5432/fitcoach"


def test_sqlite_url_is_kept_as_given() -> None:
    assert Settings(database_url="sqlite:////srv/x.db").sqlalchemy_url == "sqlite:////srv/x.db"


@pytest.mark.parametrize("secret", [None, "change-me", "secret", "short-but-not-a-placeholder"])
def test_production_refuses_placeholder_or_short_secrets(
    monkeypatch: pytest.MonkeyPatch, secret: str | None
) -> None:
    monkeypatch.setenv("FITCOACH_ENVIRONMENT", "production")
    if secret is not None:
        monkeypatch.setenv("FITCOACH_SECRET_KEY", secret)
    with pytest.raises(ValidationError, match="FITCOACH_SECRET_KEY"):
        Settings()


def test_production_accepts_a_real_secret_and_hides_it(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "3f9c" * 16
    monkeypatch.setenv("FITCOACH_ENVIRONMENT", "production")
    monkeypatch.setenv("FITCOACH_SECRET_KEY", secret)
    key = "wVs5FIGFDLgZvA-pP6Ymc6EZcL3zFyvyqmLW35y3sQw="  # a Fernet key; production needs one
    monkeypatch.setenv("FITCOACH_ENCRYPTION_KEYS", key)
    s = Settings()
    assert s.secret_key.get_secret_value() == secret
    assert secret not in repr(s)
    assert key not in repr(s)


def test_development_allows_the_placeholder() -> None:
    assert Settings(environment="development").secret_key.get_secret_value()


def test_unknown_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FITCOACH_ENVIRONMENT", "staging-ish")
    with pytest.raises(ValidationError, match="environment"):
        Settings()


def test_get_settings_is_one_object_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    get_settings.cache_clear()
    try:
        monkeypatch.setenv("FITCOACH_PORT", "7001")
        first = get_settings()
        monkeypatch.setenv("FITCOACH_PORT", "7002")
        assert get_settings() is first
        assert first.port == 7001
    finally:
        get_settings.cache_clear()


def test_signal_thresholds_default_to_the_tested_values_and_read_nested_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = Settings()
    t = s.signals
    assert (t.spo2_low_pct, t.spo2_clear_pct, t.spo2_raise_s) == (90.0, 92.0, 10.0)
    assert (t.etco2_low_mmhg, t.etco2_high_mmhg, t.irregularity_threshold) == (30.0, 50.0, 0.15)
    assert (t.ecg_min_sqi, t.ppg_min_sqi, t.default_max_hr_bpm) == (0.6, 0.6, 190.0)
    monkeypatch.setenv("FITCOACH_SIGNALS__SPO2_LOW_PCT", "88")
    monkeypatch.setenv("FITCOACH_SIGNALS__SPO2_CLEAR_PCT", "91.5")
    changed = Settings().signals
    assert (changed.spo2_low_pct, changed.spo2_clear_pct) == (88.0, 91.5)
    assert changed.etco2_low_mmhg == 30.0  # the others keep their defaults


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SPO2_CLEAR_PCT", "85", "spo2_clear_pct must be at or above spo2_low_pct"),
        ("SPO2_LOW_PCT", "50", "greater than or equal to 70"),
        ("ETCO2_HIGH_MMHG", "25", "etco2_low_mmhg must be below etco2_high_mmhg"),
        ("ETCO2_LOW_MMHG", "49.5", "wider than twice etco2_clear_margin_mmhg"),
        ("ETCO2_PLAUSIBLE_MIN_MMHG", "30", "inside the plausible range"),
        ("PPG_MIN_SQI", "1.5", "less than or equal to 1"),
        ("UNKNOWN_THRESHOLD", "1", "Extra inputs are not permitted"),
    ],
)
def test_signal_thresholds_refuse_impossible_values(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(f"FITCOACH_SIGNALS__{name}", value)
    with pytest.raises(ValidationError, match=message):
        Settings()
