"""The pipelines' research side: figures for the model cards, evaluations of saved models on
fresh simulated data and hyperparameter searches, beside the training code in
``fitcoach.pipelines`` that makes the shipped artefacts (the same layout, by model)."""
