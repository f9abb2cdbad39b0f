"""The adaptive dosing agent: a simulated athlete, the observation it is judged on, the action
it takes (next week's intensity and duration deltas) and the trained policy run in NumPy.

``athlete`` and ``observation`` and ``policy`` need only NumPy and pandas; ``env`` (the
gymnasium environment) needs the ``ml`` extra and is imported by the training pipeline and the
tests, never by the application.
"""
