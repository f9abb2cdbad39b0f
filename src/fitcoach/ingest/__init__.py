"""Ingest: the message bus, producers and the stream consumer that stores sensor frames.

``ingest`` sits above ``storage`` (the consumer writes through repositories) and below
``coach``; see ``docs/architecture.md``.
"""
