"""Evaluation and research code: the blind protocols and real-data checks that judge the
product's models, and the experiments behind their choices.

It sits beside the ``fitcoach`` package, outside the wheel: the product keeps what it runs (the
models, their gates, the splits they train on), and ``fitcoach ml validate`` imports
``research.validation`` from a source checkout.
"""
