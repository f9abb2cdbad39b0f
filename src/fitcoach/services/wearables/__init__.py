"""Wearable streams: the six ``fitness:*`` message shapes and the consumer that stores them.

A wearable platform publishes on six streams (``docs/wearables.md`` has every field):

========================  =====================================  ============================
stream                    message                                stored as
========================  =====================================  ============================
``fitness:users``         a user: id, age, sex, height, weight   an athlete and profile
``fitness:devices``       a device: id, user, model              (validated; named in notes)
``fitness:events``        an activity with heart rate, energy    a cardio/activity session
``fitness:sleep``         a sleep session with stages            a sleep session
``fitness:nutrition``     a meal with energy and macros          a meal
``fitness:feedback``      daily mood, energy, perceived effort   a feedback record
========================  =====================================  ============================

The wearables consumer (``workers.wearables.consume``) reads all six with a consumer group on
the shared stream loop (``ingest.worker.StreamWorker``, as the frame consumer and the vitals
worker do: batches, reclaim of a crashed consumer's messages, retry after a database error,
SIGTERM/SIGINT finish the batch in hand) and stores each batch with ``store_batch``, which
converts units at the edge, validates each
record with the same schemas and future-date rule as ``fitcoach log`` and ``fitcoach import``
(``portability.SCHEMAS``/``TIME_FIELDS``), writes them with ``bulk.insert_ignore`` keyed by
``(source, source_id)`` = ``("wearable:<stream>", <the message's own id>)``, commits, and only
then acknowledges. A message delivered twice therefore stores nothing the second time, and a
crash between commit and ack only causes a redelivery that is counted as a duplicate.

Bad input never stops the consumer: a message that does not decode, misses a field, uses a
wrong unit or an unknown user is published on the dead-letter stream (``fitness:dead-letter``)
with the reason, counted, and acknowledged.

The data of an athlete without ``sensor_data`` consent is *withheld*: their records are not
stored and their devices not registered (``consent.device_refused`` is logged, saying to give
sensor consent first); nothing of it is dead-lettered (a dead letter would keep the data
refused), and after the commit those messages are acknowledged and deleted from their streams
(``Bus.ack_delete``). Withdrawing the consent unregisters the athlete's devices
(``consent.withdraw``).

The package by job: ``messages`` (the shapes and their validation), ``records`` (messages to
training-log records), ``counts`` (what happened to them) and ``store`` (one batch stored).
"""

from fitcoach.ingest.producers import WEARABLE_KINDS as KINDS
from fitcoach.ingest.producers import WEARABLE_PREFIX as DEFAULT_PREFIX
from fitcoach.ingest.producers import WearableStreams
from fitcoach.services.wearables.counts import (
    MAX_KEPT_DEAD_LETTERS,
    BatchOutcome,
    ConsumeReport,
    DeadLetter,
    StreamCount,
)
from fitcoach.services.wearables.messages import MESSAGE_SCHEMAS, InvalidRecord, parse_message
from fitcoach.services.wearables.records import SOURCES, quality_1_to_5, record_row
from fitcoach.services.wearables.store import DEFAULT_GROUP, ContextFactory, store_batch

__all__ = [
    "DEFAULT_GROUP",
    "DEFAULT_PREFIX",
    "KINDS",
    "MAX_KEPT_DEAD_LETTERS",
    "MESSAGE_SCHEMAS",
    "SOURCES",
    "BatchOutcome",
    "ConsumeReport",
    "ContextFactory",
    "DeadLetter",
    "InvalidRecord",
    "StreamCount",
    "WearableStreams",
    "parse_message",
    "quality_1_to_5",
    "record_row",
    "store_batch",
]
