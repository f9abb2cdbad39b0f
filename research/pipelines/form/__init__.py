"""The form models' research side: the model card's figures (``figures``), a saved GNN-LSTM on
fresh sets (``evaluate``) and the per-frame models' hyperparameter search
(``real_frames_select``). The generator, the training and the scores stored with the artefacts
stay in ``fitcoach.pipelines.form``."""
