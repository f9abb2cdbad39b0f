"""``python -m research.validation.blind_pmdata``: run the command line."""

from research.validation.blind_pmdata.summary import main

raise SystemExit(main())
