"""The risk model's research side: the model card's figures (``figures``) and a saved model
scored on fresh simulated athletes (``evaluate``). The simulators, the training and the scores
stored with the artefact stay in ``fitcoach.pipelines.burnout``."""
