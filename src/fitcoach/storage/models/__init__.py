"""ORM models. Importing this package registers every table on ``Base.metadata``.

The domain's enums (``Role``, ``ConsentPurpose``, ``TokenScope``, ``TokenKind``) live in
``fitcoach.core.domain``, not here: the pure layers use them without the ORM.
"""

from fitcoach.storage.models.accounts import Account, Athlete, CoachLink, Profile
from fitcoach.storage.models.audit import AuditEntry
from fitcoach.storage.models.consent import ConsentRecord
from fitcoach.storage.models.conversations import Conversation, Message
from fitcoach.storage.models.exercises import Exercise
from fitcoach.storage.models.form_checks import FormCheckJob, FormJobStatus
from fitcoach.storage.models.health import DailyMetric, Feedback, Meal, SleepSession
from fitcoach.storage.models.imports import ExerciseNameChoice, ImportedFile, PendingImport
from fitcoach.storage.models.invitations import Invitation
from fitcoach.storage.models.measurements import BodyMeasurement
from fitcoach.storage.models.plans import HealthFlag, PlanVersion
from fitcoach.storage.models.sensors import Device, Recording, SensorEvent, Vital, WaveformChunk
from fitcoach.storage.models.telegram import LinkCode, TelegramChat  # noqa: F401  (registers the tables)
from fitcoach.storage.models.tokens import ApiToken  # noqa: F401  (registers the table)
from fitcoach.storage.models.training_log import (
    CardioSession,
    PersonalRecord,
    SetLog,
    WorkoutSession,
)
from fitcoach.storage.models.versions import DataVersion

__all__ = [
    "Account",
    "Athlete",
    "AuditEntry",
    "BodyMeasurement",
    "CardioSession",
    "CoachLink",
    "ConsentRecord",
    "Conversation",
    "DailyMetric",
    "DataVersion",
    "Device",
    "Exercise",
    "ExerciseNameChoice",
    "Feedback",
    "FormCheckJob",
    "FormJobStatus",
    "HealthFlag",
    "ImportedFile",
    "Invitation",
    "Meal",
    "Message",
    "PendingImport",
    "PersonalRecord",
    "PlanVersion",
    "Profile",
    "Recording",
    "SensorEvent",
    "SetLog",
    "SleepSession",
    "Vital",
    "WaveformChunk",
    "WorkoutSession",
]

# The session events that raise the athletes' data versions on every write (last: they use
# the models above).
import fitcoach.storage.versions  # noqa: F401
