"""Use cases over storage. Services flush; the caller's boundary commits."""
