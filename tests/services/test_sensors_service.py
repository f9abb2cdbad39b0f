"""The sensor service over real data: simulator frames stored as encoded chunks, vitals from
the simulator's ground truth, then read back through the service (SQLite and PostgreSQL).

``store_recording`` is shared with the API tests.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.core.settings import DEFAULT_THRESHOLDS
from fitcoach.ingest.bus import InMemoryBus
from fitcoach.ingest.producers import NOMINAL_RATE_HZ, publish_frames
from fitcoach.sensors.frames import Channel
from fitcoach.sensors.profiles import BOARD_V1
from fitcoach.sensors.simulator import SimulatedStream, Simulator
from fitcoach.services import sensors, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.sensor_ingest.summary import summarise
from fitcoach.storage import waveform as codec
from fitcoach.storage.models import SensorEvent
from fitcoach.storage.repositories import sensors as repo
from fitcoach.workers.frames import ConsumerConfig, FrameConsumer

STARTED = datetime(2026, 11, 19, 7, 30, tzinfo=UTC)
SECONDS = 12
CLOCK_START_US = 5_000_000  # the board's clock does not start at 0


@functools.cache
def simulated(scenario: str = "rest", seconds: int = SECONDS) -> SimulatedStream:
    return Simulator(scenario, seed=3, device_id=21, clock_start_us=CLOCK_START_US).frames(seconds)


@dataclass(frozen=True)
class Stored:
    """A stored recording and its alerts."""

    recording_id: int
    alert_ids: tuple[int, ...]
    stream: SimulatedStream


def store_recording(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    key: str | None = None,
    started_at: datetime = STARTED,
    alerts: int = 2,
    cleared: int = 0,
) -> Stored:
    """A recording of the simulator's frames as the consumer stores them (encoded chunks),
    a vitals row per second from the ground truth, ``alerts`` open alerts and ``cleared``
    cleared ones. Writes as the operator; flushes, does not commit."""
    stream = simulated()
    scope = ctx.scope(athlete_id)
    recording = repo.get_or_create_recording(
        ctx.session,
        scope,
        key or f"rec-{athlete_id}-{started_at.isoformat()}",
        device_id=None,
        started_at=started_at,
    )
    rows = [
        {
            "recording_id": recording.id,
            "device_id": f.device_id,
            "channel": f.channel,
            "seq": f.seq,
            "t_device_us": f.t_device_us,
            "flags": f.flags,
            "sample_rate_hz": NOMINAL_RATE_HZ[f.channel],
            "n_samples": len(f.samples),
            "sample_width": f.sample_width,
            "data": codec.encode(f.samples, f.sample_width),
            "received_at": started_at,
        }
        for f in stream.frames
    ]
    repo.insert_chunks(ctx.session, rows)
    repo.add_counters(ctx.session, recording, {"chunks": len(rows)})
    truth = stream.truth
    repo.add_vitals(
        ctx.session,
        scope,
        recording.id,
        [
            {
                "at": started_at + timedelta(seconds=int(t)),
                "hr_bpm": float(truth.hr_bpm[i]),
                # The first seconds have no HRV yet: a missing value stays missing.
                "hrv_rmssd_ms": None if i < 3 else 40.0 + i,
                "spo2_pct": float(truth.spo2_pct[i]),
                "breathing_rate_bpm": float(truth.resp_rate_per_min[i]),
                "etco2_mmhg": float(truth.etco2_mmhg[i]),
                "sqi_ecg": 0.9,
            }
            for i, t in enumerate(truth.t_s)
        ],
    )
    ids = []
    for n in range(alerts + cleared):
        event = repo.add_event(
            ctx.session,
            scope,
            SensorEvent(
                recording_id=recording.id,
                at=started_at + timedelta(seconds=2 + n),
                kind="low_spo2",
                severity="critical" if n % 2 else "warning",
                value=88.0,
                message="SpO2 below 90 %",
                cleared_at=started_at + timedelta(minutes=5) if n >= alerts else None,
            ),
        )
        ids.append(event.id)
    ctx.session.flush()
    return Stored(recording.id, tuple(ids), stream)


def _ecg(stream: SimulatedStream) -> np.ndarray:
    return stream.signals[Channel.ECG][: (len(stream.signals[Channel.ECG]) // 25) * 25]


@pytest.fixture
def athlete_id(ctx: ServiceContext) -> int:
    return make_athlete(ctx).id


@pytest.fixture
def stored(ctx: ServiceContext, athlete_id: int) -> Stored:
    return store_recording(ctx, athlete_id, cleared=1)


def test_list_recordings_counts_channels(
    ctx: ServiceContext, athlete_id: int, stored: Stored
) -> None:
    page = sensors.list_recordings(ctx, athlete_id)
    assert page.total == 1
    assert page.count == 1
    view = page.items[0]
    assert view.id == stored.recording_id
    assert view.athlete_id == athlete_id
    assert view.status == "active"
    assert view.counters == {"chunks": len(stored.stream.frames)}
    by_name = {c.name: c for c in view.channels}
    assert set(by_name) == {"ecg", "ppg_red", "ppg_ir", "co2"}
    for channel in (Channel.ECG, Channel.PPG_RED, Channel.PPG_IR, Channel.CO2):
        frames = [f for f in stored.stream.frames if f.channel == channel]
        stat = by_name[channel.name.lower()]
        assert stat.channel == int(channel)
        assert stat.chunks == len(frames)
        assert stat.samples == sum(len(f.samples) for f in frames)
        assert stat.sample_rate_hz == NOMINAL_RATE_HZ[channel]
    assert by_name["ecg"].samples == SECONDS * 250
    assert by_name["ecg"].unit == "mV"
    assert by_name["ppg_ir"].unit is None
    assert view.duration_s == pytest.approx(SECONDS)


def test_list_recordings_pages_and_filters_by_day(ctx: ServiceContext, athlete_id: int) -> None:
    for day in range(3):
        store_recording(ctx, athlete_id, started_at=STARTED + timedelta(days=day), alerts=0)
    page = sensors.list_recordings(ctx, athlete_id, limit=2)
    assert page.total == 3
    assert [r.started_at.date() for r in page.items] == [date(2026, 11, 21), date(2026, 11, 20)]
    rest = sensors.list_recordings(ctx, athlete_id, limit=2, offset=2)
    assert [r.started_at.date() for r in rest.items] == [date(2026, 11, 19)]
    one = sensors.list_recordings(ctx, athlete_id, start=date(2026, 11, 20), end=date(2026, 11, 20))
    assert one.total == 1
    assert one.items[0].started_at.date() == date(2026, 11, 20)
    with pytest.raises(InvalidInput, match="before its start"):
        sensors.list_recordings(ctx, athlete_id, start=date(2026, 11, 21), end=date(2026, 11, 20))
    with pytest.raises(InvalidInput, match="offset"):
        sensors.list_recordings(ctx, athlete_id, offset=-1)


def test_get_recording_summarises_vitals_and_lists_events(
    ctx: ServiceContext, athlete_id: int, stored: Stored
) -> None:
    detail = sensors.get_recording(ctx, athlete_id, stored.recording_id)
    truth = stored.stream.truth
    assert detail.vitals.rows == SECONDS
    hr = detail.vitals.hr_bpm
    assert hr.count == SECONDS
    assert hr.median == pytest.approx(float(np.median(truth.hr_bpm)), abs=0.01)
    assert hr.min == pytest.approx(float(truth.hr_bpm.min()))
    assert hr.max == pytest.approx(float(truth.hr_bpm.max()))
    assert detail.vitals.hrv_rmssd_ms.count == SECONDS - 3
    assert detail.vitals.hrv_rmssd_ms.min == 43.0
    assert detail.vitals.spo2_pct.median == pytest.approx(
        float(np.median(truth.spo2_pct)), abs=0.01
    )
    assert [e.id for e in detail.events] == list(stored.alert_ids)
    assert [e.open for e in detail.events] == [True, True, False]
    assert {c.name for c in detail.channels} == {"ecg", "ppg_red", "ppg_ir", "co2"}


def test_recording_vitals_rows_and_window(
    ctx: ServiceContext, athlete_id: int, stored: Stored
) -> None:
    rows = sensors.recording_vitals(ctx, athlete_id, stored.recording_id)
    assert len(rows) == SECONDS
    assert [r.t_s for r in rows] == [float(i) for i in range(SECONDS)]
    assert rows[0].hrv_rmssd_ms is None
    assert rows[5].hr_bpm == pytest.approx(float(stored.stream.truth.hr_bpm[5]))
    window = sensors.recording_vitals(ctx, athlete_id, stored.recording_id, start_s=3, end_s=7)
    assert [r.t_s for r in window] == [3.0, 4.0, 5.0, 6.0]
    with pytest.raises(InvalidInput, match="empty"):
        sensors.recording_vitals(ctx, athlete_id, stored.recording_id, start_s=5, end_s=5)


def test_vitals_csv_round_trips(ctx: ServiceContext, athlete_id: int, stored: Stored) -> None:
    rows = sensors.recording_vitals(ctx, athlete_id, stored.recording_id)
    text = sensors.vitals_csv(rows)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert list(parsed[0]) == list(sensors.VitalRow.model_fields)
    assert len(parsed) == len(rows)
    for row, back in zip(rows, parsed, strict=True):
        assert datetime.fromisoformat(back["at"]) == row.at
        assert float(back["t_s"]) == row.t_s
        assert float(back["hr_bpm"]) == row.hr_bpm
        assert (back["hrv_rmssd_ms"] or None) == (
            None if row.hrv_rmssd_ms is None else str(row.hrv_rmssd_ms)
        )
        assert float(back["etco2_mmhg"]) == row.etco2_mmhg


def test_waveform_window_matches_the_stored_samples(
    ctx: ServiceContext, athlete_id: int, stored: Stored
) -> None:
    ecg = _ecg(stored.stream)
    view = sensors.waveform(ctx, athlete_id, stored.recording_id, "ecg", start_s=2.0, end_s=3.5)
    assert view.channel == "ecg"
    assert view.channel_id == int(Channel.ECG)
    assert view.sample_rate_hz == 250
    assert not view.decimated
    # Samples 500..874 (2.0 s to 3.5 s at 250 Hz), at their times on the device clock.
    assert view.samples == 375
    assert view.counts == [int(x) for x in ecg[500:875]]
    assert view.times_s == pytest.approx([i / 250 for i in range(500, 875)])
    assert view.unit == "mV"
    # mV from the board's physics: the count's voltage on the 5 V ADC, less the AD8232's
    # 1.65 V at 0 mV, over its gain of 1100.
    front = BOARD_V1.ecg
    volts = [int(x) * front.adc_ref_v / (1 << front.adc_bits) for x in ecg[500:875]]
    expected_mv = [(v - front.output_zero_v) / front.gain * 1e3 for v in volts]
    assert view.values == pytest.approx(expected_mv, abs=1e-6)
    # The whole channel with no window; a window inside one chunk.
    whole = sensors.waveform(
        ctx, athlete_id, stored.recording_id, Channel.ECG.value, max_points=10**5
    )
    assert whole.counts == [int(x) for x in ecg]
    inside = sensors.waveform(ctx, athlete_id, stored.recording_id, "ECG", start_s=1.01, end_s=1.03)
    assert inside.counts == [int(x) for x in ecg[253:258]]


def test_co2_has_mmhg_and_ppg_counts_only(
    ctx: ServiceContext, athlete_id: int, stored: Stored
) -> None:
    co2 = sensors.waveform(ctx, athlete_id, stored.recording_id, "co2", start_s=1, end_s=2)
    raw = stored.stream.signals[Channel.CO2][20:40]
    assert co2.counts == [int(x) for x in raw]
    assert co2.unit == "mmHg"
    assert co2.values == pytest.approx([x / 10 for x in raw])
    ppg = sensors.waveform(ctx, athlete_id, stored.recording_id, "ppg_ir", start_s=1, end_s=2)
    assert ppg.counts == [int(x) for x in stored.stream.signals[Channel.PPG_IR][100:200]]
    assert ppg.unit is None
    assert ppg.values is None


def test_waveform_decimation_keeps_min_and_max_of_each_bucket(
    ctx: ServiceContext, athlete_id: int, stored: Stored
) -> None:
    ecg = _ecg(stored.stream)
    view = sensors.waveform(ctx, athlete_id, stored.recording_id, "ecg", max_points=100)
    assert view.decimated
    assert view.samples == ecg.size == 3000
    assert len(view.counts) == 100
    size = 3000 // 50
    for b in range(50):
        bucket = ecg[b * size : (b + 1) * size]
        pair = view.counts[2 * b : 2 * b + 2]
        assert sorted(pair) == [int(bucket.min()), int(bucket.max())]
        times = view.times_s[2 * b : 2 * b + 2]
        assert times[0] <= times[1]
        assert b * size / 250 <= times[0] < (b + 1) * size / 250
    # The global extremes (the R peaks) survive.
    assert max(view.counts) == int(ecg.max())
    assert min(view.counts) == int(ecg.min())


def test_decimate_uneven_buckets() -> None:
    values = np.array([5, 1, 9, 3, 3, 7, 0], dtype=np.int64)
    picked = sensors.decimate_minmax(values, 4)
    assert picked.tolist() == [1, 2, 5, 6]  # buckets [5, 1, 9, 3] and [3, 7, 0]
    assert sensors.decimate_minmax(values, 7).tolist() == list(range(7))


def test_waveform_csv_round_trips(ctx: ServiceContext, athlete_id: int, stored: Stored) -> None:
    view = sensors.waveform(ctx, athlete_id, stored.recording_id, "ecg", start_s=0, end_s=1)
    rows = list(csv.reader(io.StringIO(sensors.waveform_csv(view))))
    assert rows[0] == ["t_s", "counts", "value_mV"]
    assert [float(r[0]) for r in rows[1:]] == view.times_s
    assert [int(r[1]) for r in rows[1:]] == view.counts
    assert [float(r[2]) for r in rows[1:]] == view.values
    ppg = sensors.waveform(ctx, athlete_id, stored.recording_id, "ppg_red", end_s=0.2)
    header = sensors.waveform_csv(ppg).splitlines()[0]
    assert header == "t_s,counts"


def test_waveform_refuses_bad_input(ctx: ServiceContext, athlete_id: int, stored: Stored) -> None:
    rid = stored.recording_id
    with pytest.raises(InvalidInput, match="ecg \\(1\\), ppg_red \\(2\\)") as caught:
        sensors.waveform(ctx, athlete_id, rid, "eeg")
    assert "co2_ambient" in caught.value.message
    with pytest.raises(InvalidInput):
        sensors.waveform(ctx, athlete_id, rid, 99)
    with pytest.raises(InvalidInput, match="empty"):
        sensors.waveform(ctx, athlete_id, rid, "ecg", start_s=3, end_s=2)
    with pytest.raises(InvalidInput, match="empty"):
        sensors.waveform(ctx, athlete_id, rid, "ecg", start_s=3, end_s=3)
    with pytest.raises(InvalidInput, match="max_points"):
        sensors.waveform(ctx, athlete_id, rid, "ecg", max_points=100_001)
    # A window past the end is empty, not an error.
    past = sensors.waveform(ctx, athlete_id, rid, "ecg", start_s=100, end_s=101)
    assert past.samples == 0
    assert past.counts == []


def test_another_athletes_recording_is_not_found(
    ctx: ServiceContext, athlete_id: int, stored: Stored
) -> None:
    other = make_athlete(ctx).id
    for call in (
        lambda: sensors.get_recording(ctx, other, stored.recording_id),
        lambda: sensors.recording_vitals(ctx, other, stored.recording_id),
        lambda: sensors.waveform(ctx, other, stored.recording_id, "ecg"),
        lambda: sensors.get_recording(ctx, athlete_id, 10**6),
    ):
        with pytest.raises(NotFound, match=r"recording \d+ not found"):
            call()
    with pytest.raises(NotFound, match="alert"):
        sensors.clear_alert(ctx, other, stored.alert_ids[0])
    # As the other athlete themself: their own id works, the owner's athlete id does not.
    as_other = as_subject(ctx, subject_of(ctx, make_athlete(ctx)))
    with pytest.raises(NotFound, match=f"athlete {athlete_id} not found"):
        sensors.list_recordings(as_other, athlete_id)


def test_alerts_filter_page_and_clear(ctx: ServiceContext, athlete_id: int, stored: Stored) -> None:
    page = sensors.list_alerts(ctx, athlete_id)
    assert page.total == 3
    assert [a.id for a in page.items] == list(reversed(stored.alert_ids))  # newest first
    assert sensors.list_alerts(ctx, athlete_id, open_only=True).total == 2
    critical = sensors.list_alerts(ctx, athlete_id, severity="critical")
    assert {a.severity for a in critical.items} == {"critical"}
    assert critical.total == 1
    assert sensors.list_alerts(ctx, athlete_id, start=date(2026, 11, 20)).total == 0
    assert sensors.list_alerts(ctx, athlete_id, end=date(2026, 11, 19)).total == 3
    assert (
        sensors.list_alerts(ctx, athlete_id, limit=1, offset=1).items[0].id == stored.alert_ids[1]
    )
    with pytest.raises(InvalidInput, match="severity"):
        sensors.list_alerts(ctx, athlete_id, severity="loud")

    cleared = sensors.clear_alert(ctx, athlete_id, stored.alert_ids[0])
    assert cleared.cleared_at == ctx.clock.now()
    assert not cleared.open
    assert sensors.list_alerts(ctx, athlete_id, open_only=True).total == 1
    with pytest.raises(Conflict, match="already cleared"):
        sensors.clear_alert(ctx, athlete_id, stored.alert_ids[0])


def test_a_recording_stored_by_the_consumer(
    ctx: ServiceContext, athlete_id: int, database: object
) -> None:
    """The real pipeline: simulator frames → in-process bus → frame consumer → service."""
    ctx.session.commit()
    factory = database.factory  # type: ignore[attr-defined]
    stream = simulated()
    bus = InMemoryBus()
    config = ConsumerConfig(stream="t:frames", consumer="c1", block_ms=10)
    publish_frames(
        bus, stream.frames, athlete_id=athlete_id, recording_key="live-1", stream=config.stream
    )
    consumer = FrameConsumer(bus, factory, config, clock=ctx.clock)
    consumer.run(once=True)
    ctx.session.rollback()
    page = sensors.list_recordings(ctx, athlete_id)
    assert page.items[0].key == "live-1"
    ecg = next(c for c in page.items[0].channels if c.name == "ecg")
    assert ecg.samples == SECONDS * 250
    view = sensors.waveform(ctx, athlete_id, page.items[0].id, "ecg", start_s=4, end_s=5)
    assert view.counts == [int(x) for x in _ecg(stream)[1000:1250]]


# --------------------------------------------------------------------------- recording → session


def end_recording(ctx: ServiceContext, athlete_id: int, stored: Stored) -> None:
    """End the recording as the vitals worker does: the after-session summary, nothing else
    (shared with the API tests)."""
    scope = ctx.scope(athlete_id)
    recording = repo.recording(ctx.session, scope, stored.recording_id)
    assert recording is not None
    summarise(ctx, scope, recording, thresholds=DEFAULT_THRESHOLDS, profile=BOARD_V1)


def test_a_recording_becomes_a_session_only_when_the_athlete_says_so(
    ctx: ServiceContext, athlete_id: int, stored: Stored
) -> None:
    with pytest.raises(Conflict, match="has not ended yet"):
        sensors.log_recording_as_session(ctx, athlete_id, stored.recording_id, activity_type="run")
    end_recording(ctx, athlete_id, stored)
    assert training_log.history(ctx, athlete_id, "cardio") == []  # ended: still a recording
    assert sensors.get_recording(ctx, athlete_id, stored.recording_id).cardio_session_id is None
    with pytest.raises(InvalidInput, match="say what the session was"):
        sensors.log_recording_as_session(
            ctx, athlete_id, stored.recording_id, activity_type="Sensor session"
        )
    other = make_athlete(ctx).id
    with pytest.raises(NotFound, match="recording"):
        sensors.log_recording_as_session(ctx, other, stored.recording_id, activity_type="rowing")

    logged = sensors.log_recording_as_session(
        ctx, athlete_id, stored.recording_id, activity_type="Rowing", session_rpe=6, notes=" easy "
    )
    assert (logged.recording_id, logged.created) == (stored.recording_id, True)
    [row] = training_log.history(ctx, athlete_id, "cardio")
    summary = sensors.get_recording(ctx, athlete_id, stored.recording_id).counters["summary"]
    assert row["id"] == logged.cardio_session_id
    assert (row["source"], row["activity_type"], row["session_rpe"]) == ("sensor", "rowing", 6)
    assert row["started_at"] == STARTED
    assert row["duration_s"] == round(summary["duration_s"]) == SECONDS
    assert summary["mean_hr_bpm"] is not None
    assert row["avg_hr"] == round(summary["mean_hr_bpm"])
    assert row["notes"] == f"TRIMP (Edwards) {summary['trimp_edwards']:.0f}; easy"

    # Stored once: asking again answers the same session; each view names it.
    again = sensors.log_recording_as_session(
        ctx, athlete_id, stored.recording_id, activity_type="cycling"
    )
    assert (again.cardio_session_id, again.created) == (logged.cardio_session_id, False)
    assert len(training_log.history(ctx, athlete_id, "cardio")) == 1
    [listed] = sensors.list_recordings(ctx, athlete_id).items
    assert listed.cardio_session_id == logged.cardio_session_id
    detail = sensors.get_recording(ctx, athlete_id, stored.recording_id)
    assert detail.cardio_session_id == logged.cardio_session_id


def test_only_the_automatic_rows_of_the_given_recordings_are_dropped(
    ctx: ServiceContext, athlete_id: int
) -> None:
    def cardio(source_id: str, activity: str, source: str = "sensor") -> int:
        doc = {
            "source": source,
            "source_id": source_id,
            "activity_type": activity,
            "started_at": STARTED,
            "duration_s": 600,
        }
        return training_log.log_cardio(ctx, athlete_id, doc).id

    cardio("demo-dev1-0001-rest", "sensor_session")
    cardio("demo-dev1-0002-rest", "sensor_session")
    kept = {
        cardio("demo-dev1-0003-rest", "cycling"),  # the athlete said what it was
        cardio("dev7-20261120T100000Z", "sensor_session"),  # a real board's, not the demo's
        cardio("demo-dev1-0004-rest", "sensor_session", source="manual"),
        cardio("demoX-0005", "sensor_session"),  # "_" in a prefix matches only itself
    }
    assert sensors.drop_automatic_sessions(ctx, athlete_id, "demo_") == 0
    assert sensors.drop_automatic_sessions(ctx, athlete_id, "demo-") == 2
    assert {r["id"] for r in training_log.history(ctx, athlete_id, "cardio")} == kept
    assert sensors.drop_automatic_sessions(ctx, athlete_id, "demo-") == 0
    with pytest.raises(InvalidInput, match="key_prefix"):
        sensors.drop_automatic_sessions(ctx, athlete_id, "")
