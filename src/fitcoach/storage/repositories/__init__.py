"""All SQL lives here. Athlete queries take an ``AthleteScope``, never a bare id."""
