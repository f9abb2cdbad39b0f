"""The fine-tuned student as the chat runs it by default: one instance per process, loaded on
first use (or warmed at server start), thread-safe, and the rules alone when it cannot load.

``shared(models_path)`` hands every channel the same ``StudentRuntime``: the web chat and the
API (``Assistant.from_settings``), Telegram, the CLI chat and the MCP server's
``report_symptoms`` tool. It is three things to the offline reply:

- a **second net for red flags** (``red_flags``, the ``student.RedFlagNet`` protocol):
  ``student.second_net`` adds what it reads to what the rules raised, never clears one (union
  for recall). A self-harm probability of ``SELF_HARM_FLOOR`` or more counts on its own, below
  the artefact's threshold for "any red flag": a missed crisis costs more than a crisis line
  shown to someone who did not need it (docs/safety.md).
- an **intent fallback** (``guess``, ``offline.IntentFallback``): the rules' intent for what
  the student reads in a message the rules did not understand; the reply then asks for what that
  intent needs (nothing is written on a guess);
- a **check against the rules** (``disagrees``): where the rules would write one kind of thing
  and the student confidently reads another, the coach asks one precise question.

Without ONNX Runtime (the ``ml`` extra) or without an artefact the runtime says so once in the logs,
``status()`` says why (``/health`` and the admin page show it) and every answer comes from the
rules alone. Nothing here imports a reader until the first load; the shipped student reads through
ONNX Runtime, so a chat process never imports torch (``assistant.student_onnx``).
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import structlog

from fitcoach.assistant.rule_families import family_of_rule, family_of_student
from fitcoach.assistant.student_log_gate import ordinary_log_gated
from fitcoach.assistant.student_sense_gate import plain_sense_gated

if TYPE_CHECKING:
    from fitcoach.assistant.tuned_student import Reading, TunedStudent

log = structlog.get_logger(__name__)

PACKAGED_ROOT = Path(__file__).resolve().parent.parent / "ml" / "artefacts"
SELF_HARM_FLOOR = 0.5  # P(self_harm) that raises the crisis reply whatever P(any) says
CONFIDENT = 0.9  # the student's intent probability at which it may question the rules' reading
# P(any red flag) at which the student's alarm stands against the rules' explicit benign reading
# of the same words (``benign_sense_gated``). Not tuned: on every set read (teacher A-T, spent
# blind sets U-Z) no red flag the rules miss has a word they read in a benign sense, so any bar
# loses none there; 0.99 is the student's usual confidence on the red flags it alone catches
# (their lower quartile on U-Z), research/evaluate/student_alarms.py.
BENIGN_SENSE_BAR = 0.99
MEMO = 512  # readings kept (the same text read twice in one reply, an evaluation's batch)

# The student's intents (the corpus's tools) as the rules name them; None: no rule intent.
RULE_INTENT: dict[str, str | None] = {
    "log_sets": "log_sets",
    "log_cardio": "log_cardio",
    "log_sleep": "log_sleep",
    "log_daily_metrics": "log_daily",
    "log_meal": "log_meal",
    "get_metrics": "query_metric",
    "get_today_session": "today_session",
    "get_plan": "show_plan",
    "propose_plan_edit": "clarify",  # a plan change the rules could not read: ask which
    "generate_plan": "generate_plan",
    "get_training_summary": "training_summary",
    "get_readiness": "readiness_advice",
    "explain_decision": "explain",
}


@dataclass(frozen=True)
class Status:
    """What ``/health`` and the admin page say about the chat's understanding."""

    mode: str  # "rules + student", "rules only", or "rules (student loading)"
    version: str | None
    reason: str  # why it is rules only, or how long the load took

    def as_dict(self) -> dict[str, str | None]:
        return {"mode": self.mode, "version": self.version, "reason": self.reason}


class StudentRuntime:
    """The student behind a lock: loaded once, read by any thread (see the module)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._memo_lock = threading.Lock()
        self._model: TunedStudent | None = None
        self._failed: str | None = None
        self._loaded_in: float | None = None
        self._version: str | None = None
        self._memo: OrderedDict[str, Reading] = OrderedDict()
        self._capacity = MEMO

    # --- loading ------------------------------------------------------------------------------

    def _artefact_root(self) -> Path:
        from fitcoach.assistant.tuned_student import NAME
        from fitcoach.ml import registry

        return self.root if registry.versions(self.root, NAME) else PACKAGED_ROOT

    def model(self) -> TunedStudent | None:
        """The loaded student (loading it now if nobody has), or None when it cannot load: the
        reason is logged once and kept for ``status``."""
        if self._model is not None or self._failed is not None:
            return self._model
        with self._lock:  # one loader; the others wait for it, then read what it left
            if self._model is not None or self._failed is not None:
                return self._model
            started = time.perf_counter()
            try:
                from fitcoach.assistant.tuned_student import NAME, TunedStudent
                from fitcoach.ml import registry

                root = self._artefact_root()
                version = registry.versions(root, NAME)[0].version if registry.versions(root, NAME) else None  # fmt: skip
                model = TunedStudent.load(root, version)
            except ImportError as exc:
                self._failed = f"the student needs the 'ml' extra (pip install 'fitcoach[ml]'): {exc.name or exc}"  # fmt: skip
            except Exception as exc:  # an unreadable artefact must not stop the coach
                self._failed = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            else:
                self._model, self._version = model, version
                self._loaded_in = time.perf_counter() - started
                log.info("student_loaded", version=version, seconds=round(self._loaded_in, 1))
                return model
            log.warning("student_unavailable", reason=self._failed, answers="rules only")
            return None

    def warm(self) -> None:
        """Load and read one ordinary message (``interfaces.api.warm_models``); raises with the
        reason when the student cannot load (the server goes on with the rules)."""
        self.read("how should I warm up")
        if self._model is None:
            raise RuntimeError(self._failed or "the student did not load")

    def status(self) -> Status:
        if self._model is not None:
            return Status("rules + student", self._version, f"loaded in {self._loaded_in:.1f} s")
        if self._failed is not None:
            return Status("rules only", None, self._failed)
        return Status("rules (student loading)", None, "loads on first use or at server start")

    # --- reading ------------------------------------------------------------------------------

    def read(self, text: str) -> Reading | None:
        """The student's reading of ``text`` (None when it cannot load)."""
        with self._memo_lock:
            if text in self._memo:
                self._memo.move_to_end(text)
                return self._memo[text]
        model = self.model()
        if model is None:
            return None
        reading = model.read(text)  # an ONNX Runtime session (or torch's forward) is thread-safe
        self._remember([(text, reading)])
        return reading

    def prime(self, texts: Sequence[str], batch_size: int = 64) -> None:
        """Read ``texts`` now, so that the replies that follow find their readings (an evaluation
        over a whole set). The shipped int8 reader runs each text alone whatever ``batch_size``
        (``TunedStudent._onnx_probabilities``), so these readings are the chat's own."""
        model = self.model()
        if model is None:
            return
        unique = list(dict.fromkeys(texts))
        with self._memo_lock:
            self._capacity = max(self._capacity, len(unique))
        for start in range(0, len(unique), batch_size):
            chunk = unique[start : start + batch_size]
            self._remember(list(zip(chunk, model.read_many(chunk, batch_size), strict=True)))

    def _remember(self, pairs: Sequence[tuple[str, Reading]]) -> None:
        with self._memo_lock:
            for text, reading in pairs:
                self._memo[text] = reading
                self._memo.move_to_end(text)
            while len(self._memo) > self._capacity:
                self._memo.popitem(last=False)

    # --- what the reply asks of it ------------------------------------------------------------

    def red_flags(self, text: str) -> list[str]:
        """The red-flag kinds the student reads (``student.RedFlagNet``): those of the artefact's
        threshold, and self-harm from ``SELF_HARM_FLOOR`` on; none where the rules read the
        words in a benign sense and the student is not sure enough (``benign_sense_gated``), or
        read a complete log with no body sign word (``student_log_gate.ordinary_log_gated``), or
        read self-harm in a plain undo or a denied near-faint with no word of it
        (``student_sense_gate.plain_sense_gated``)."""
        reading = self.read(text)
        if reading is None or self._model is None:
            return []
        kinds = reading.red_flags(self._model.threshold)
        if "self_harm" not in kinds and reading.kinds.get("self_harm", 0.0) >= SELF_HARM_FLOOR:
            kinds = [k for k in kinds if k != "model_red_flag"] + ["self_harm"]
        if kinds and benign_sense_gated(reading, kinds, text):
            return []
        if kinds and ordinary_log_gated(reading, kinds, text):
            return []  # a complete log with no body sign word (stualarm)
        if kinds and plain_sense_gated(reading, kinds, text):
            return []  # self-harm read in a plain undo or a denied near-faint (alarms96)
        return kinds

    def crisis_when_flagged(self, text: str) -> bool:
        """Whether a message already raised as a red flag (by the rules or the student) should
        get the crisis reply: P(self_harm) at the artefact's bar for flagged messages
        (``student.CrisisNet``), lower than the one that raises a red flag on its own."""
        reading = self.read(text)
        return reading is not None and reading.crisis_if_flagged

    def guess(self, text: str) -> str | None:
        """The rules' intent for a message they did not understand (``offline.IntentFallback``)."""
        reading = self.read(text)
        if reading is None or reading.intent_probability < CONFIDENT / 2:
            return None
        return RULE_INTENT.get(reading.intent)

    def log_kind(self, text: str) -> str | None:
        """The rules' log intent for a message the student confidently reads as a log (at
        ``CONFIDENT``, the bar for questioning the rules): its reader then reads the message
        without the keyword it would need (``nlu.read_log``'s ``kind``). None otherwise."""
        reading = self.read(text)
        if reading is None or reading.intent_probability < CONFIDENT:
            return None
        intent = RULE_INTENT.get(reading.intent)
        return intent if intent is not None and intent.startswith("log_") else None

    def disagrees(self, text: str, rule_intent: str) -> str | None:
        """The student's intent when it confidently reads a message the rules would act on as
        another kind of write (a log the rules read as a plan change, or the other way), else
        None. Reads and talk are never questioned: they change nothing."""
        rules = family_of_rule(rule_intent)
        if rules is None:
            return None
        reading = self.read(text)
        if reading is None or reading.intent_probability < CONFIDENT:
            return None
        student = family_of_student(reading.intent)
        return reading.intent if student is not None and student != rules else None


def benign_sense_gated(reading: Reading, kinds: Sequence[str], text: str) -> bool:
    """Whether the student's red flag ``kinds`` for ``text`` stay unraised because the rules read
    the words behind them in an explicit benign other sense (``guardrails.quietened``: "blacked
    out... my phone screen did", "collapsed on the couch after my shift"), alarms57d:

    - never when the student reads self-harm (``kinds`` names it: its own bar always raises);
    - never at ``BENIGN_SENSE_BAR`` or more P(any red flag);
    - never when the student names a kind (P 0.5 or more) the rules did not take as benign:
      it reads something beyond the words they explained;
    - otherwise, when the rules quietened some kind in the message, or read an SpO2 of 90 % or
      more at altitude with no low number beside it (``guardrails.read_in_range``, alarms16):
      gated.

    At ``BENIGN_SENSE_BAR`` or more only a firm benign sense gates (``guardrails.
    firmly_quietened``: someone else's sign, a past one told as history or cleared by a
    clinician, a rhythm finding known and managed, gate23): the words are not the athlete's sign
    now, however sure the student is that they name one; still never self-harm, never a kind
    the firm reading did not explain.
    """
    if "self_harm" in kinds:
        return False
    from fitcoach.assistant.guardrails import firmly_quietened, quietened, read_in_range

    named = [k for k in kinds if k != "model_red_flag"]
    if reading.red_flag >= BENIGN_SENSE_BAR:
        firm = firmly_quietened(text)
        return bool(firm) and all(k in firm for k in named)
    # A reading the rules took as in range in a benign context counts too (alarms16).
    benign = quietened(text) + read_in_range(text)
    if not benign:
        return False
    return all(k in benign for k in named)


_shared: dict[Path, StudentRuntime] = {}
_shared_lock = threading.Lock()


def shared(models_path: Path) -> StudentRuntime:
    """The process's one runtime for ``models_path`` (made now; loaded on first use)."""
    key = models_path.resolve()
    with _shared_lock:
        runtime = _shared.get(key)
        if runtime is None:
            runtime = _shared[key] = StudentRuntime(key)
            if not _reader_installed():  # said once, at start, not per message
                runtime._failed = "the student needs the 'ml' extra (pip install 'fitcoach[ml]'): onnxruntime"  # fmt: skip
                log.warning("student_unavailable", reason=runtime._failed, answers="rules only")
        return runtime


def _reader_installed() -> bool:
    """ONNX Runtime reads the shipped student (torch only an older artefact, or training)."""
    for name in ("onnxruntime", "torch"):
        try:
            if importlib.util.find_spec(name) is not None:
                return True
        except (ImportError, ValueError):  # a module entry without a spec: not usable either
            continue
    return False


def current() -> StudentRuntime | None:
    """The runtime the chat uses, for parts of the app that have no assistant to ask (the MCP
    server's ``report_symptoms``): the settings' when they name the student, else None."""
    from fitcoach.core.settings import get_settings

    settings = get_settings()
    return shared(settings.models_path) if settings.intent_model == "tuned" else None
