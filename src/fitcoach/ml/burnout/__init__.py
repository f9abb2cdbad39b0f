"""Burnout and overreaching risk: one feature function, the trained models, SHAP reasons in words.

The features (:mod:`.features`) are computed from one daily frame by one function, whether the
frame comes from the synthetic generator (``fitcoach.pipelines.burnout``) or from an athlete's
records (``fitcoach.services.burnout``). :mod:`.model` holds the gradient boosting, random forest
and Cox models and their artefact; :mod:`.explain` turns SHAP values into sentences. scikit-learn,
lifelines and shap (the ``ml`` extra) are imported only where a model is trained or scored.
"""
