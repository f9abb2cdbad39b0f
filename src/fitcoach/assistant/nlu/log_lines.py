"""A logging message made into its clauses' lines before any family reads it (``reading.read_log``).

Pasted blocks first (a watch's night, a table with its header, a food diary at clock times, a
day's recap label), then each line through the rewrites that put people's shorthand into the
words the readers know, innermost first: the line's own day stops and header day, a series of
days, watch lines, a course's ascent in words, reps done as singles, slang, emoji stops, plural loads, run-on stops, set
notations, schemes in order, distance units, timed rounds, sets in turn, "same as", minutes
carried; then app lines join what belongs together. Kept apart from ``reading`` so that module
stays about reading (and under 800 lines).
"""

from __future__ import annotations

from datetime import date

from fitcoach.assistant.nlu.app_lines import app_lines
from fitcoach.assistant.nlu.app_totals import app_totals
from fitcoach.assistant.nlu.bare_distance import with_distance_unit
from fitcoach.assistant.nlu.cardio import timed_rounds
from fitcoach.assistant.nlu.carried_minutes import minutes_carried
from fitcoach.assistant.nlu.course_words import without_ascent_words
from fitcoach.assistant.nlu.day_series import days_in_series
from fitcoach.assistant.nlu.emoji_stops import emoji_stops
from fitcoach.assistant.nlu.header_dates import header_day
from fitcoach.assistant.nlu.lifter_shorthand import lifter_shorthand
from fitcoach.assistant.nlu.matcher import ExerciseMatcher
from fitcoach.assistant.nlu.meal_times import meal_time_lines
from fitcoach.assistant.nlu.normalise import normalise, without_slang
from fitcoach.assistant.nlu.rep_sequences import reps_before_lift
from fitcoach.assistant.nlu.run_on import lift_stops, plural_loads, run_on_stops
from fitcoach.assistant.nlu.scheme_orders import schemes_in_order
from fitcoach.assistant.nlu.set_notation import set_notation
from fitcoach.assistant.nlu.set_words import reps_as_singles, same_as, sets_in_turn
from fitcoach.assistant.nlu.shift_days import without_app_fruit, without_shift_length
from fitcoach.assistant.nlu.sleep_summaries import sleep_summary
from fitcoach.assistant.nlu.table_rows import table_rows
from fitcoach.assistant.nlu.team_games import game_words
from fitcoach.assistant.nlu.watch_lines import watch_lines
from fitcoach.assistant.nlu.week_dates import week_dates
from fitcoach.assistant.nlu.whole_days import day_stops, recap_label


def log_lines(text: str, today: date, matcher: ExerciseMatcher) -> tuple[str, list[str]]:
    """The message with its pasted blocks rewritten, and its lines, each one clause's words."""
    text = sleep_summary(text) or text  # a watch's night pasted: its time asleep (sleep93)
    text = app_totals(text)  # "Duration: 52m", "Total volume: 5,876 kg" under sets (exports96)
    text = week_dates(text, today)  # "Sun 15/11 swim", "Mon 16/11 run": the weekdays (exports96)
    # A pasted table ("date,weight,rhr" and its rows): each row as the words of its own line
    # (and a food diary's lines at their clock times, "yesterdays full log:" the day's label)
    text = recap_label(meal_time_lines(table_rows(text, today), today))

    def line_first(line: str) -> str:
        # "8,8,7,6 on incline db press with the 22s": the lift first, read again as so written
        moved = reps_before_lift(line, matcher)
        return line if moved == line else normalise(moved)

    def line_words(line: str) -> str:
        # ("back from a 12hr shift", "Apple Health, Mon:": no session's time, no food)
        line = without_app_fruit(without_shift_length(normalise(line)))
        line = watch_lines(days_in_series(header_day(day_stops(reps_as_singles(line)), today)))
        line = without_ascent_words(line)  # ("with all the climbing": a hilly run, no climb)
        line = game_words(line)  # ("4 x 15 min quarters": a game's time; "10 mile race": a run)
        line = line_first(without_slang(line))
        line = lift_stops(run_on_stops(plural_loads(emoji_stops(line))), matcher)
        # "rdl 225 3x8 @ 7", "5x3+ at 105, got 6", then "5/5/3+ @ 80/90/100, got 8", "2 more triples"
        line = set_notation(lifter_shorthand(line, matcher))
        line = timed_rounds(with_distance_unit(schemes_in_order(line, matcher)))
        return minutes_carried(same_as(sets_in_turn(line), matcher), matcher)

    # Each line is a clause of its own ("deadlift 180kg x 3, 3, 2" then "rows 4x10 70kg").
    return text, app_lines([line_words(line) for line in text.splitlines() if line.strip()])
