"""Blind evaluation sets and protocols, written without sight of the models they judge."""
