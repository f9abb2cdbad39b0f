"""``python -m research.evaluate.assistant``: print the figures."""

from research.evaluate.assistant.cli import main

main()
