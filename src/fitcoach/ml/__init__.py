"""Model definitions and the artefact registry (versioned, with metadata, checked on load)."""
