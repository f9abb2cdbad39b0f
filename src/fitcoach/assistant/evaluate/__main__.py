"""``python -m fitcoach.assistant.evaluate``: print the figures."""

from fitcoach.assistant.evaluate.cli import main

main()
