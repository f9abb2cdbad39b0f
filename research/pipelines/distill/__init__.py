"""The distillation pipeline's research side: the student model card's figures (``figures``).
The chat's evaluations over the corpus are in ``research.evaluate``."""
