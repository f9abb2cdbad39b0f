"""The meal a person is most likely logging at a local hour: a module of its own, without the
nutrition package's NumPy, because logging a meal (the training log, every CLI log command)
needs only this."""

from __future__ import annotations


def meal_of_hour(hour: int) -> str:
    """The meal a person is most likely logging at this local hour.

    >>> meal_of_hour(7), meal_of_hour(12), meal_of_hour(19), meal_of_hour(23)
    ('breakfast', 'lunch', 'dinner', 'snack')
    """
    if hour < 11:
        return "breakfast"
    if hour < 16:
        return "lunch"
    if hour < 22:
        return "dinner"
    return "snack"
