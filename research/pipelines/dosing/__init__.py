"""The dosing agent's research side: the model card's figures (``figures``). The simulated
athletes, the composition, the training and the evaluation stored with the agent (its gate)
stay in ``fitcoach.pipelines.dosing``."""
