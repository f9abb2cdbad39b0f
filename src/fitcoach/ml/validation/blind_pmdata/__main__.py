"""``python -m fitcoach.ml.validation.blind_pmdata``: run the command line."""

from fitcoach.ml.validation.blind_pmdata.summary import main

raise SystemExit(main())
