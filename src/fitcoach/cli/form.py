"""``fitcoach form check``: the form check of a video file on its own, nothing stored.

The same check the web page and the API run on a logged set (``services.form_check``): MediaPipe
Pose in its own environment (``make pose-env``), the geometric rules of ``analysis.pose``, and
the same refusals: a video that cannot be scored (no person, the lift's key joints out of view,
no repetition seen) gets no score. Exit codes: 0 checked; 2 the check could not run (the file,
the exercise's name, the pose environment, the video's limits); 3 refused (the message says
what to film differently).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from fitcoach.cli.common import JSON_OPTION, console, err_console, print_json

if TYPE_CHECKING:
    from fitcoach.services.form_check import FormResult

app = typer.Typer(help="Form checks of filmed sets.", no_args_is_help=True)

EXIT_REFUSED = 3


def _words(name: str) -> str:
    """An identifier as words (``knee_valgus`` → knee valgus, ``bench-press`` → bench press)."""
    return name.replace("_", " ").replace("-", " ")


@app.command()
def check(
    video: Path = typer.Argument(
        ..., help="A video of one set (MP4, MOV, WebM, MKV or AVI), filmed from the side."
    ),
    exercise: str | None = typer.Option(
        None,
        "--exercise",
        "-e",
        help="The exercise filmed, e.g. squat, lunge, push-up; left out, it is recognised from "
        "the movement. An unknown name lists those the check knows.",
    ),
    reps: int | None = typer.Option(
        None, "--reps", min=1, help="The reps you did (or logged): a different count is flagged."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Check the form of one filmed set: the exercise, the reps counted, the form score (0-100;
    below 60 the form broke down, and a logged set like it keeps the load from going up; not for
    a push-up, whose cues are hints) and each fault with its cue, checked on real data or an
    estimate. Nothing is stored.

    Refused, exit code 3, with what to film: no person, key joints out of view, no rep seen.

    Example: fitcoach form check squat.mp4

    Example: fitcoach form check set3.mp4 --exercise lunge --reps 8 --json
    """
    import warnings

    from fitcoach.cli.common import errors, settings
    from fitcoach.services import form_check

    s = settings()
    refused: form_check.FormCheckRefused | None = None
    with errors(), warnings.catch_warnings():
        # NaN landmarks (a joint not seen) make NumPy warn; the check says what it means.
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            result = form_check.check_video(
                video,
                exercise,
                logged_reps=reps,
                pose_python=s.pose_python,
                model_dir=s.models_path,
                limits=form_check.VideoLimits.from_settings(s),
            )
        except form_check.FormCheckRefused as exc:
            refused = exc
    if refused is not None:
        if json_out:
            print_json(
                {
                    "refused": True,
                    "reason": refused.details.get("reason"),
                    "message": refused.message,
                    "details": refused.details,
                }
            )
        err_console.print(
            f"[bold red]refused:[/] {escape(refused.message)}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(code=EXIT_REFUSED)
    if json_out:
        print_json({"refused": False, **result.model_dump(mode="json")})
        return
    _show(result)


def _bottoms(result: FormResult) -> str:
    """Where each rep's lowest point came: seconds into the video (frame numbers, from 1, where
    the frame rate is not known)."""
    return ", ".join(
        f"{r.bottom_s:.1f} s" if r.bottom_s is not None else f"frame {r.bottom_frame + 1}"
        for r in result.rep_frames
    )


def _show(result: FormResult) -> None:
    # Imported here: the command's help imports no NumPy (the check itself has by now).
    from fitcoach.analysis.pose import BREAKDOWN_SCORE

    how = "recognised from the movement" if result.exercise_recognised else "as given"
    table = Table("", "", show_header=False, title=f"Form check: {_words(result.exercise)}")
    table.add_row("exercise", f"{_words(result.exercise)} ({how})")
    if result.hold_s is not None:
        table.add_row("held", f"{result.hold_s:g} s, {result.good_hold_s or 0:g} s in good form")
    else:
        logged = "" if result.logged_reps is None else f" ({result.logged_reps} logged)"
        table.add_row("reps", f"{result.reps}{logged}")
        bottoms = _bottoms(result)
        if bottoms:
            table.add_row("lowest points", bottoms)
        if result.counting:
            table.add_row("counted", escape(result.counting))
    table.add_row("form score", f"{result.form_score:.0f}/100")
    table.add_row(
        "breakdown",
        "yes: the form broke down"
        + (" (score below 60)" if result.form_score < BREAKDOWN_SCORE else "")
        + "; a logged set like it keeps the load from going up"
        if result.breakdown
        else "no: below 60, but this lift's cues are hints only (see how sure)"
        if result.form_score < BREAKDOWN_SCORE
        else "no",
    )
    if result.confidence_note:
        table.add_row("how sure", escape(result.confidence_note))
    if result.model_form_score is not None:
        table.add_row("model's score", f"{result.model_form_score:.0f}/100 (beside the rule's)")
    table.add_row("frames", f"{result.frames}, a person in {result.person_found:.0%}")
    console.print(table)
    if result.faults:
        faults = Table("fault", "severity", "reps", "cue", title="Faults")
        for f in result.faults:
            shown = "" if result.hold_s is not None else str(f.reps)
            # A fault never checked against filmed, labelled sets is marked: a hint, not a verdict.
            name = _words(f.fault) + ("" if f.validated_on_real_data else "\n(an estimate)")
            faults.add_row(name, f"{f.severity:.0%}", shown, escape(f.cue))
        console.print(faults)
    else:
        console.print("No fault found.")
    for flag in result.flags:
        console.print(f"[yellow]note:[/] {escape(flag.message)}", highlight=False)
