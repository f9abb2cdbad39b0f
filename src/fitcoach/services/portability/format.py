"""The export format (docs/data-format.md): versions, record kinds, files and columns.

Version 2 adds plans, conversations, health flags, consent and sensor data (recordings, their
1 Hz vitals, events and, in the file forms only, raw waveforms) to version 1's profile and
training records. Version 3 adds the form check of a filmed set (``form_check``,
``form_breakdown`` on a set) and the athlete's choice about the dosing agent
(``athlete.adaptive_dosing``). Version 4 adds body measurements from a tape (``measurements``:
one record per day and site, cm, or % for body fat). Every version is read; exports are always
written as the latest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

FORMAT = "fitcoach-export"
VERSION = 4
VERSIONS = (1, 2, 3, 4)

# Version 1's record kinds (each a list of records with (source, source_id)).
RECORD_KINDS = ("workouts", "cardio", "daily", "sleep", "meals", "feedback")
KINDS = RECORD_KINDS  # the name version 1 gave them (the API schema and tests use it)
# What version 2 adds: nested sections (JSON files in the file forms) and flat ones (CSV).
NESTED_KINDS = ("plans", "conversations")
FLAT_KINDS = ("health_flags", "consent", "recordings", "vitals", "events")
V2_KINDS = (*NESTED_KINDS, *FLAT_KINDS)
# What version 4 adds: body measurements (flat: a CSV file in the file forms).
V4_KINDS = ("measurements",)
SECTIONS: dict[int, tuple[str, ...]] = {
    1: RECORD_KINDS,
    2: (*RECORD_KINDS, *V2_KINDS),
    3: (*RECORD_KINDS, *V2_KINDS),
    4: (*RECORD_KINDS, *V2_KINDS, *V4_KINDS),
}
SENSOR_KINDS = ("recordings", "vitals", "events")

# What the manifest counts, per version (sets and messages are counted inside their parents).
COUNTED_V1 = ("workouts", "sets", "cardio", "daily", "sleep", "meals", "feedback")
COUNTED = (*COUNTED_V1, "plans", "conversations", "messages", *FLAT_KINDS)
COUNTED_V4 = (*COUNTED, *V4_KINDS)
COUNTED_BY_VERSION: dict[int, tuple[str, ...]] = {
    1: COUNTED_V1,
    2: COUNTED,
    3: COUNTED,
    4: COUNTED_V4,
}
WAVEFORMS = "waveforms"  # manifest count: the channel files listed in waveforms.csv

MANIFEST = "manifest.json"
ATHLETE_FILE = "athlete.json"
CSV_FILES = {kind: f"{kind}.csv" for kind in (*COUNTED_V1, *FLAT_KINDS, *V4_KINDS)}
JSON_FILES = {kind: f"{kind}.json" for kind in NESTED_KINDS}
WAVEFORM_INDEX = "waveforms.csv"
WAVEFORM_DIR = "waveforms"

ExportFormat = Literal["json", "csv", "zip"]
ProgressFn = Callable[[str, int, int], None]
"""``progress(step, done, total)``: called as an export or import advances (for a display)."""

ColumnType = Literal["str", "int", "float", "bool", "datetime", "date", "json"]
ACTOR_ROLES = ("athlete", "coach", "admin")


@dataclass(frozen=True)
class Column:
    """One field of a record kind: its name, type in CSV and JSON, unit, and whether a file
    must have it."""

    name: str
    type: ColumnType
    required: bool = False
    unit: str = ""


def _c(name: str, type_: ColumnType, unit: str = "", *, required: bool = False) -> Column:
    return Column(name, type_, required, unit)


_SOURCE = (_c("source", "str", required=True), _c("source_id", "str", required=True))

COLUMNS: dict[str, tuple[Column, ...]] = {
    "workouts": (
        *_SOURCE,
        _c("started_at", "datetime", required=True),
        _c("duration_s", "float", "s"),
        _c("title", "str"),
        _c("notes", "str"),
        _c("session_rpe", "float", "RPE 0-10"),
    ),
    "sets": (
        _c("workout_source", "str", required=True),
        _c("workout_source_id", "str", required=True),
        _c("position", "int", required=True),
        _c("exercise", "str", required=True),
        _c("reps", "int", required=True),
        _c("weight_kg", "float", "kg"),
        _c("rir", "float", "reps in reserve"),
        _c("completed", "bool"),
        _c("is_warmup", "bool"),
        _c("notes", "str"),
        # --- version 3 ---
        _c("form_check", "json", "what the form check of the filmed set found"),
        _c("form_breakdown", "bool"),
    ),
    "cardio": (
        *_SOURCE,
        _c("activity_type", "str", required=True),
        _c("started_at", "datetime", required=True),
        _c("duration_s", "float", "s", required=True),
        _c("distance_m", "float", "m"),
        _c("avg_hr", "float", "beats/min"),
        _c("max_hr", "float", "beats/min"),
        _c("calories_kcal", "float", "kcal"),
        _c("steps", "int"),
        _c("session_rpe", "float", "RPE 0-10"),
        _c("notes", "str"),
    ),
    "daily": (
        *_SOURCE,
        _c("day", "date", required=True),
        _c("sleep_s", "float", "s"),
        _c("sleep_quality", "int", "1-5"),
        _c("weight_kg", "float", "kg"),
        _c("resting_hr", "float", "beats/min"),
        _c("hrv_rmssd_ms", "float", "ms"),
        _c("calories_in_kcal", "float", "kcal"),
        _c("protein_g", "float", "g"),
        _c("mood", "int", "1-5"),
        _c("energy", "int", "1-5"),
        _c("soreness", "int", "1-5"),
        _c("stress", "int", "1-5"),
    ),
    "sleep": (
        *_SOURCE,
        _c("started_at", "datetime", required=True),
        _c("ended_at", "datetime", required=True),
        _c("stages_s", "json", "s per stage"),
        _c("awakenings", "int"),
        _c("quality", "int", "1-5"),
    ),
    "meals": (
        *_SOURCE,
        _c("eaten_at", "datetime", required=True),
        _c("meal_type", "str"),
        _c("description", "str"),
        _c("calories_kcal", "float", "kcal"),
        _c("protein_g", "float", "g"),
        _c("carbs_g", "float", "g"),
        _c("fat_g", "float", "g"),
    ),
    "feedback": (
        *_SOURCE,
        _c("recorded_at", "datetime", required=True),
        _c("energy", "int", "1-10"),
        _c("mood", "int", "1-10"),
        _c("perceived_exertion", "float", "RPE 0-10"),
        _c("notes", "str"),
    ),
    # --- version 2 ---
    "health_flags": (
        _c("kind", "str", required=True),
        _c("source", "str", required=True),
        _c("raised_at", "datetime", required=True),
        _c("value", "float", "the kind's unit: % for low_resting_spo2"),
        _c("note", "str"),
        _c("resolved_at", "datetime"),
        _c("resolved_by", "str"),
        _c("resolution_note", "str"),
    ),
    "consent": (
        _c("purpose", "str", required=True),
        _c("granted", "bool", required=True),
        _c("at", "datetime", required=True),
        _c("version", "str", required=True),
        _c("source", "str"),
    ),
    "recordings": (
        _c("key", "str", required=True),
        _c("device", "int", "16-bit board id"),
        _c("started_at", "datetime", required=True),
        _c("ended_at", "datetime"),
        _c("status", "str"),
        _c("counters", "json", "ingest counts and the session summary"),
    ),
    "vitals": (
        _c("recording", "str", required=True),
        _c("at", "datetime", required=True),
        _c("hr_bpm", "float", "beats/min"),
        _c("hrv_rmssd_ms", "float", "ms"),
        _c("spo2_pct", "float", "%"),
        _c("spo2_calibrated", "bool"),
        _c("breathing_rate_bpm", "float", "breaths/min"),
        _c("etco2_mmhg", "float", "mmHg"),
        _c("sqi_ecg", "float", "0-1"),
        _c("sqi_ppg", "float", "0-1"),
        _c("sqi_co2", "float", "0-1"),
    ),
    "events": (
        _c("recording", "str"),
        _c("at", "datetime", required=True),
        _c("kind", "str", required=True),
        _c("severity", "str", required=True),
        _c("value", "float", "the kind's unit"),
        _c("message", "str"),
        _c("cleared_at", "datetime"),
    ),
    # --- version 2, file forms only (``--include-waveforms``) ---
    "waveforms": (
        _c("recording", "str", required=True),
        _c("channel", "str", required=True),
        _c("file", "str", required=True),
        _c("device", "int", "16-bit board id", required=True),
        _c("sample_rate_hz", "float", "Hz", required=True),
        _c("sample_width", "int", "bytes", required=True),
        _c("chunks", "int"),
        _c("samples", "int"),
    ),
    # --- version 4 ---
    "measurements": (
        *_SOURCE,
        _c("day", "date", required=True),
        _c("site", "str", required=True),
        _c("value", "float", "cm (body_fat: % of body mass)", required=True),
        _c("notes", "str"),
    ),
    "samples": (
        _c("seq", "int", required=True),
        _c("t_device_us", "int", "µs", required=True),
        _c("flags", "int"),
        _c("value", "int", "ADC counts", required=True),
    ),
}
# The fields of a set inside a JSON workout (its position is its place in the list).
SET_FIELDS = tuple(c for c in COLUMNS["sets"] if c.name not in ("workout_source", "workout_source_id", "position"))  # fmt: skip

# The fields of the nested records (JSON only), in the order the exporter writes them.
PLAN_FIELDS = ("version", "parent_version", "status", "proposed_by", "actor", "created_at",
               "decided_at", "document", "operations", "diff", "reasons", "verdict")  # fmt: skip
CONVERSATION_FIELDS = ("started_at", "messages")
MESSAGE_FIELDS = ("at", "role", "channel", "text", "intent", "source", "provider", "model",
                  "proposed_version", "escalated", "tool_calls")  # fmt: skip

# What version 3 adds to a set (the form check of a filmed set) and to the athlete section
# (whether the dosing agent's suggestion takes effect); refused in an older version's document.
FORM_FIELDS = ("form_check", "form_breakdown")
DOSING_FIELD = "adaptive_dosing"
SINCE_VERSION_3 = (*FORM_FIELDS, DOSING_FIELD)
# The athlete section's fields, in the order the exporter writes them.
ATHLETE_FIELDS = ("name", "email", "timezone", "profile", DOSING_FIELD)
# The athlete's own exercises (names the library lacks), written in the athlete section after those only
# when the athlete has some: each with its slug in this installation, which the sets name,
# and what it is. An import makes them the importing athlete's own and maps their sets.
OWN_FIELD = "own_exercises"
OWN_EXERCISE_FIELDS = (
    "slug", "name", "category", "movement_pattern", "equipment", "primary_muscles",
    "secondary_muscles", "mechanics",
)  # fmt: skip

# Where the stored columns of an athlete's data go in the document, so that none is forgotten
# (a test holds every table with an ``athlete_id``, and ``athletes`` and ``accounts``, to it):
# the kind whose fields hold a table's columns (same names but for ``RENAMED``), and what is
# deliberately left out, with why. Row ids and the athlete's id are never written.
TABLE_KINDS: dict[str, str] = {
    "accounts": "athlete",
    "athletes": "athlete",
    "profiles": "profile",
    "workout_sessions": "workouts",
    "set_logs": "sets",
    "cardio_sessions": "cardio",
    "daily_metrics": "daily",
    "sleep_sessions": "sleep",
    "meals": "meals",
    "feedback": "feedback",
    "plan_versions": "plans",
    "conversations": "conversations",
    "messages": "messages",
    "health_flags": "health_flags",
    "consent_records": "consent",
    "recordings": "recordings",
    "vitals": "vitals",
    "sensor_events": "events",
    "body_measurements": "measurements",
    "exercises": OWN_FIELD,
}
RENAMED: dict[str, dict[str, str]] = {
    "set_logs": {"exercise_id": "exercise"},
    "plan_versions": {"actor_account_id": "actor"},
    "conversations": {"created_at": "started_at"},
    "messages": {"created_at": "at"},
    "health_flags": {"cleared_at": "resolved_at", "resolved_by_account_id": "resolved_by"},
    "recordings": {"device_id": "device"},
    "vitals": {"recording_id": "recording"},
    "sensor_events": {"recording_id": "recording"},
}
INTERNAL_COLUMNS = ("id", "athlete_id")
_NOT_CARRIED = "accounts are not carried between installations"
NOT_EXPORTED: dict[str, dict[str, str]] = {
    "accounts": {
        "display_name": "the athlete's name is exported (athlete.name); the account shows it",
        "role": "an athlete's account is an athlete's",
        "password_hash": "a credential: it never leaves the installation",
        "is_active": "an administrator's decision in this installation",
        "created_at": "when the account was made here; an import makes a new one",
    },
    "athletes": {
        "account_id": _NOT_CARRIED,
        "created_at": "when the athlete was made here; an import makes a new one",
    },
    "profiles": {"updated_at": "when the profile last changed here; an import changes it"},
    "set_logs": {"session_id": "a set is nested in its workout (sets.csv: workout_source(_id))"},
    "plan_versions": {
        "request_key": "answers the same generation request again in this installation only",
        "data_version": "this installation's change counter when the version was made",
        "global_version": "this installation's change counter when the version was made",
    },
    "conversations": {
        "summary": "the summarised memory: the assistant folds it again from the messages",
        "summary_upto_id": "the summarised memory: the assistant folds it again",
        "updated_at": "when the conversation last changed here",
    },
    "messages": {"conversation_id": "a message is nested in its conversation"},
    "consent_records": {
        "actor_account_id": f"{_NOT_CARRIED}; an import records the importing account",
    },
    "exercises": {
        **dict.fromkeys(
            (
                "aliases",
                "level",
                "unilateral",
                "body_regions",
                "contraindicated_regions",
                "contraindicated_conditions",
                "met",
                "description",
            ),
            "the library's field: an athlete's own exercise has none of its own",
        ),
        "created_at": "when the athlete kept it here; an import keeps it anew",
    },
}
NOT_EXPORTED_TABLES: dict[str, str] = {
    "audit_log": "the installation's security record of who did what, not the athlete's data",
    "data_versions": "this installation's change counter (the key of its caches)",
    "coach_links": f"links to coach accounts, and {_NOT_CARRIED}",
    "personal_records": "derived from the sets: an import brings them up to date from its sets",
    "telegram_chats": "a link to a chat with this installation's bot: link again with a code",
    "telegram_link_codes": "one-time codes that expire after ten minutes",
    "form_check_jobs": "the state of an analysis in this installation; the result is on the set",
    "imported_files": "which device files and app exports this installation has read (content "
    "hashes): the records they brought are exported",
    "pending_imports": "files waiting for the athlete's review in this installation: nothing "
    "from them is stored yet, and the athlete still has the file",
    "exercise_name_choices": "what app exercise names mean in this installation's library "
    "(ids); the sets imported with them are exported by exercise slug",
}

# Profile columns that cannot be empty: a null for them in a document means "leave as is".
REQUIRED_PROFILE = ("experience_level", "days_per_week", "session_minutes")


def top_keys(version: int) -> tuple[str, ...]:
    """The keys a document of ``version`` may have."""
    return ("format", "version", "exported_at", "athlete", *SECTIONS[version])


@dataclass(frozen=True)
class Origin:
    """A record's place in a CSV file: the file name, its first line and the header."""

    file: str
    line: int
    columns: tuple[str, ...]

    def at(self, column: str | None) -> str:
        """``"sets.csv line 3, column 5 (reps)"``, or the line alone for a whole-record error."""
        if column is not None and column in self.columns:
            return (
                f"{self.file} line {self.line}, column {self.columns.index(column) + 1} ({column})"
            )
        if column is not None:
            return f"{self.file} line {self.line} ({column})"
        return f"{self.file} line {self.line}"


@dataclass
class Chunk:
    """One stored frame of a waveform: its samples and where they were read from."""

    seq: int
    t_device_us: int
    flags: int
    samples: list[int]
    origin: Origin


@dataclass
class WaveformTrack:
    """One channel of one recording, as read from a waveform CSV file (file forms only)."""

    recording: str
    channel: str
    device: int
    sample_rate_hz: float
    sample_width: int
    chunks: list[Chunk]
    origin: Origin  # the track's line in waveforms.csv


class ExportDocument(dict[str, Any]):
    """An export document as read from a file: a plain dict plus where each record came from.

    ``origins[kind][i]`` is the CSV line of record ``i``; ``set_origins[i][j]`` the line of set
    ``j`` of workout ``i``; ``files[kind]`` the JSON file a nested section came from. A
    document read from JSON has no origins, only its file ``name``. ``waveforms`` holds the
    raw waveform channels of a file-form export (they are never part of the JSON).
    """

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        name: str | None = None,
        origins: dict[str, list[Origin]] | None = None,
        set_origins: list[list[Origin]] | None = None,
        files: dict[str, str] | None = None,
        waveforms: list[WaveformTrack] | None = None,
    ) -> None:
        super().__init__(data)
        self.name = name
        self.origins = origins or {}
        self.set_origins = set_origins or []
        self.files = files or {}
        self.waveforms: list[WaveformTrack] = waveforms or []
