"""Ingest: the transport of sensor data: the message bus, producers, the stream loop every
worker shares, frame decoding (``frames``) and counts → physical units (``units``).

``ingest`` holds no SQL and imports no service: the stream consumers are entry points in
``fitcoach.workers``, which store through the services; see ``docs/architecture.md``.
"""
