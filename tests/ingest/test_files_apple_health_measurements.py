"""Apple Health's waist circumference and body-fat percentage: read by the reader (cm or in, a
fraction or a percentage, the last of a day kept), stored by the import as body measurements
(SQLite and PostgreSQL), a reading no tape gives left out and counted."""

from __future__ import annotations

from datetime import date

import pytest
from tests.factories import make_athlete

from fitcoach.ingest.files.apple_health import read_apple_health
from fitcoach.services import imports, measurements
from fitcoach.services.context import ServiceContext

WAIST = "HKQuantityTypeIdentifierWaistCircumference"
FAT = "HKQuantityTypeIdentifierBodyFatPercentage"


def _record(kind: str, unit: str, at: str, value: str) -> str:
    return (
        f'<Record type="{kind}" sourceName="Health" unit="{unit}" creationDate="{at}" '
        f'startDate="{at}" endDate="{at}" value="{value}"/>'
    )


def _export(*records: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n'
        ' <ExportDate value="2024-03-20 08:00:00 +0100"/>\n'
        ' <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexMale"/>\n'
        + "\n".join(f" {r}" for r in records)
        + "\n</HealthData>\n"
    ).encode()


EXPORT = _export(
    _record(WAIST, "cm", "2024-03-01 07:00:00 +0100", "86.5"),
    _record(WAIST, "in", "2024-03-08 07:00:00 +0100", "33.5"),
    _record(WAIST, "in", "2024-03-08 19:00:00 +0100", "33.9"),  # the day's last is kept
    _record(FAT, "%", "2024-03-01 07:01:00 +0100", "0.185"),  # HealthKit's fraction
    _record(FAT, "%", "2024-03-08 07:01:00 +0100", "17.9"),  # an app that wrote a percentage
    _record(WAIST, "furlong", "2024-03-09 07:00:00 +0100", "1"),
)


def test_the_reader_takes_waist_and_body_fat() -> None:
    parsed = read_apple_health(EXPORT)
    waist = {d.day: d.waist_cm for d in parsed.daily if d.waist_cm is not None}
    fat = {d.day: d.body_fat_pct for d in parsed.daily if d.body_fat_pct is not None}
    assert waist == {date(2024, 3, 1): 86.5, date(2024, 3, 8): pytest.approx(33.9 * 2.54)}
    assert fat == {date(2024, 3, 1): 18.5, date(2024, 3, 8): 17.9}
    assert (
        "1 records of waist circumference in furlong (a unit fitcoach does not know) were skipped"
        in parsed.notes
    )
    assert not any("other records skipped" in n for n in parsed.notes)


def test_the_import_stores_them_as_body_measurements(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    summary = imports.import_files(ctx, athlete, [imports.IncomingFile("export.xml", EXPORT)])
    assert summary.files[0].status == "imported", summary.as_dict()
    assert summary.files[0].counts["measurements"] == 4
    days = {d.day: d for d in measurements.history(ctx, athlete)}
    assert days[date(2024, 3, 1)].values_cm == {"waist": 86.5}
    assert days[date(2024, 3, 1)].body_fat_pct == 18.5
    assert days[date(2024, 3, 8)].values_cm == {"waist": 86.1}  # 33.9 in, to 0.1 cm
    assert days[date(2024, 3, 8)].sources == ["import:apple_health"]
    again = imports.import_files(ctx, athlete, [imports.IncomingFile("export.xml", EXPORT)])
    assert again.files[0].status == "already imported"


def test_implausible_readings_are_left_out_counted_and_the_rest_stored(
    ctx: ServiceContext,
) -> None:
    athlete = make_athlete(ctx).id
    export = _export(
        _record(WAIST, "cm", "2024-03-01 07:00:00 +0100", "8.6"),  # a slipped decimal
        _record(WAIST, "m", "2024-03-02 07:00:00 +0100", "8.6"),  # 860 cm
        _record(WAIST, "cm", "2024-03-03 07:00:00 +0100", "86"),
        _record(FAT, "%", "2024-03-03 07:00:00 +0100", "0.01"),  # 1 %
    )
    summary = imports.import_files(ctx, athlete, [imports.IncomingFile("export.xml", export)])
    outcome = summary.files[0]
    assert outcome.status == "imported", summary.as_dict()
    assert outcome.counts["measurements"] == 1
    assert (
        "2 waist readings left out: outside 40–200 cm, not a plausible measurement" in outcome.notes
    )
    assert (
        "1 body-fat reading left out: outside 2–70 %, not a plausible measurement" in outcome.notes
    )
    [day] = measurements.history(ctx, athlete)
    assert (day.day, day.values_cm, day.body_fat_pct) == (date(2024, 3, 3), {"waist": 86.0}, None)
