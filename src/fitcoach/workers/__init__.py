"""Workers: the stream consumers, entry points like the interfaces.

A worker reads the bus (``ingest``: the bus, the shared stream loop, frame decoding), owns the
unit of work of each batch (commit, then publish, dead-letter and ack) and writes through the
services, with batch-shaped calls, as an HTTP request or a CLI command does. It sits beside
``interfaces`` in the layers, above ``services``; see ``docs/architecture.md``.

- ``vitals``: frames → 1 Hz vitals, alerts, red flags (``services.health``) and a session
  summary.
"""
