"""A consumer process for the crash tests: what ``fitcoach ingest consume`` runs, without
importing the whole command line (which takes seconds on a loaded machine).

Usage: python tests/ingest/consumer_process.py STREAM GROUP CONSUMER BATCH RECLAIM_IDLE_MS ONCE
Settings (database, Redis) come from the FITCOACH_* environment, as for the CLI.
"""

from __future__ import annotations

import json
import sys

from fitcoach.core.logging import configure_logging
from fitcoach.core.settings import Settings
from fitcoach.ingest.bus import make_bus
from fitcoach.storage.db import make_engine, make_session_factory
from fitcoach.workers.frames import ConsumerConfig, FrameConsumer


def main(argv: list[str]) -> int:
    stream, group, consumer, batch, reclaim_idle_ms, once = argv
    settings = Settings()
    configure_logging(settings.log_level)  # logs to stderr; stdout holds the counters
    engine = make_engine(settings.sqlalchemy_url)
    config = ConsumerConfig(
        stream=stream,
        group=group,
        consumer=consumer,
        batch=int(batch),
        block_ms=200,
        reclaim_idle_ms=int(reclaim_idle_ms),
    )
    stats = FrameConsumer(make_bus(settings), make_session_factory(engine), config).run(
        once=once == "once"
    )
    engine.dispose()
    sys.stdout.write(json.dumps(stats.as_dict()) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
