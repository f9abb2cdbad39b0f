"""Device side: frame codec, transports, reader, simulator. No database here."""
