"""The chat's evaluations over the teacher corpus: the corpus's triage (``corpus_eval``), the
real chat over a corpus (``chat_eval``), the student's leave-writers-out folds
(``finetune_eval``) and the slot tagger's (``slots_eval``)."""
