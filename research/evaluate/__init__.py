"""The assistant's and the chat's evaluations: the protocols over the hand-written and blind
sets (``assistant``), and over the teacher corpus the rules' triage (``corpus_eval``), the real
chat over a corpus (``chat_eval``), the student's leave-writers-out folds (``finetune_eval``)
and the slot tagger's (``slots_eval``)."""
