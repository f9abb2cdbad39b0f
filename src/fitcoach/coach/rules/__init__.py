"""Coaching rules as validated data (YAML) with their loaders."""
