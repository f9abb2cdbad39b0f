"""``fitcoach nutrition photo``: the three likeliest dishes of a photo with their foods, and a
meal logged only for a dish the person names or a confident guess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from tests.cli.test_cli import _athlete, fails_clearly, migrated, ok, ok_json
from tests.conftest import unavailable
from tests.hostile import jpeg_claiming, png_claiming

from fitcoach.ml.splits.blind_food101 import default_food_dir

BIBIMBAP = default_food_dir() / "bibimbap" / "1002297.jpg"  # a dev photo
__all__ = ["migrated"]  # the fixture, used by name


def test_photo_suggests_then_logs_what_is_confirmed(migrated: Path, tmp_path: Path) -> None:
    if not BIBIMBAP.is_file():
        unavailable(f"the food101-10 photos are not at {BIBIMBAP.parent.parent}")
    out = ok_json("nutrition", "photo", str(BIBIMBAP))
    assert out["verdict"] == "confident"
    assert len(out["dishes"]) == 3
    assert out["dishes"][0]["dish"] == "bibimbap"
    assert out["dishes"][0]["foods"][0]["slug"] == "white-rice-cooked"
    assert "bibimbap" in ok("nutrition", "photo", str(BIBIMBAP)).stdout.lower()

    athlete = str(_athlete())
    logged = ok_json(
        "nutrition", "photo", str(BIBIMBAP), "--portion", "0.5", "--log", "-a", athlete,
        "--meal-type", "dinner",
    )  # fmt: skip
    assert logged["logged"]["dish"] == "bibimbap"
    assert logged["dishes"][0]["foods"][0]["grams"] == 100  # half of 200 g of rice
    (meal,) = ok_json("history", "meals", "-a", athlete)
    assert meal["meal_type"] == "dinner"
    assert meal["calories_kcal"] > 0

    from PIL import Image

    grey = tmp_path / "wall.png"
    Image.fromarray(np.full((120, 160, 3), 128, dtype=np.uint8)).save(grey)
    assert ok_json("nutrition", "photo", str(grey))["verdict"] != "confident"
    assert "--dish" in fails_clearly("nutrition", "photo", str(grey), "--log", "-a", athlete)
    ok("nutrition", "photo", str(grey), "--dish", "beignets", "--log", "-a", athlete)
    assert len(ok_json("history", "meals", "-a", athlete)) == 2
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")
    assert "JPEG or PNG" in fails_clearly("nutrition", "photo", str(notes))
    assert "portion" in fails_clearly("nutrition", "photo", str(BIBIMBAP), "--portion", "9")


def test_a_decompression_bomb_is_a_clear_error(migrated: Path, tmp_path: Path) -> None:
    """A picture whose header claims 30000 × 30000 (or 65000 × 65000) pixels is refused in one
    line, no traceback; so is a file over the photo limit, read no further than the limit."""
    for name, data in (
        ("bomb.png", png_claiming(30_000, 30_000)),
        ("bomb.jpg", jpeg_claiming(65_000, 65_000)),
    ):
        bomb = tmp_path / name
        bomb.write_bytes(data)
        assert "more pixels than this takes" in fails_clearly("nutrition", "photo", str(bomb))
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as out:
        out.truncate(13 * 2**20)  # sparse: nothing written
    assert "over 12 MB" in fails_clearly("nutrition", "photo", str(huge))


def test_help_has_an_example_and_imports_no_torch() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from fitcoach.cli import app\n"
        "r = CliRunner().invoke(app, ['nutrition', 'photo', '--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'Example: fitcoach nutrition photo' in r.output, r.output\n"
        "assert 'torch' not in sys.modules and 'PIL.Image' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
