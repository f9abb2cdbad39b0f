"""A photo of a plate becomes a suggested meal: the food model's three likeliest dishes, each
as table foods with a default portion, and a verdict that says whether to ask.

Nothing is logged from a photo alone: the person confirms (or corrects) the dish and the
portion, then ``services.nutrition.log_dish`` logs it. When the model is unsure (top probability
under the threshold calibrated on validation photos) the answer asks which dish it is; when the
picture does not look like any dish it knows, it says so and asks for a photo of the meal. The
model and PyTorch load on first use, so that nothing else pays for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from fitcoach.coach.nutrition.dishes import DISHES, serving
from fitcoach.core.settings import Settings, get_settings

# The default of ``Settings.food_photo_max_bytes`` (ml.food.MAX_PHOTO_BYTES, here so that the
# interfaces need not import the model's module).
MAX_PHOTO_BYTES = 12 * 1024 * 1024

Verdict = Literal["confident", "unsure", "not_food"]


class PhotoFood(BaseModel):
    slug: str
    name: str
    grams: float
    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float


class PhotoDish(BaseModel):
    """One candidate dish with the table foods of the suggested portion."""

    dish: str
    name: str
    probability: float
    foods: list[PhotoFood]
    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float


class PhotoSuggestion(BaseModel):
    """What the photo looks like, and what to ask the person before logging."""

    verdict: Verdict
    message: str
    portion: float
    dishes: list[PhotoDish]
    model_version: str


def describe(dish: str, probability: float, portion: float = 1.0) -> PhotoDish:
    """A dish at ``portion`` servings, in table foods with totals."""
    amounts = serving(dish, portion)
    return PhotoDish(
        dish=dish,
        name=DISHES[dish].name,
        probability=round(probability, 4),
        foods=[
            PhotoFood(
                slug=a.food.slug,
                name=a.food.name,
                grams=a.grams,
                kcal=a.kcal,
                protein_g=a.protein_g,
                carbs_g=a.carbs_g,
                fat_g=a.fat_g,
            )
            for a in amounts
        ],
        kcal=round(sum(a.kcal for a in amounts), 1),
        protein_g=round(sum(a.protein_g for a in amounts), 1),
        carbs_g=round(sum(a.carbs_g for a in amounts), 1),
        fat_g=round(sum(a.fat_g for a in amounts), 1),
    )


def _message(verdict: Verdict, first: PhotoDish) -> str:
    if verdict == "not_food":
        return (
            "This does not look like a dish I know. Send a photo of the plate from above, "
            "or log the meal by its foods."
        )
    if verdict == "unsure":
        return (
            "I am not sure what this is. Which of these is it? Choose one and correct the "
            "portion, or log the meal by its foods."
        )
    return (
        f"This looks like {first.name.lower()} ({first.probability:.0%}). Confirm the dish "
        "and the portion to log it."
    )


def suggest(
    photo: bytes,
    *,
    portion: float = 1.0,
    model_dir: Path | None = None,
    settings: Settings | None = None,
) -> PhotoSuggestion:
    """Classify one photo and describe its three likeliest dishes at ``portion`` servings.

    The photo's size and pixel count are checked against the settings' limits
    (``food_photo_max_bytes``, ``food_photo_max_pixels``) before it is decoded."""
    from fitcoach.ml import food

    settings = settings or get_settings()
    serving(next(iter(DISHES)), portion)  # a bad portion is refused before the model runs
    image = food.decode(  # and a file that is not a picture, or too large a one
        photo, max_bytes=settings.food_photo_max_bytes, max_pixels=settings.food_photo_max_pixels
    )
    root = model_dir if model_dir is not None else settings.models_path
    guess = food.cached(str(root)).classify_image(image)
    dishes = [describe(label, p, portion) for label, p in guess.top]
    verdict: Verdict = (
        "not_food"
        if guess.verdict == "not_food"
        else "unsure"
        if guess.verdict == "unsure"
        else "confident"
    )
    return PhotoSuggestion(
        verdict=verdict,
        message=_message(verdict, dishes[0]),
        portion=portion,
        dishes=dishes,
        model_version=guess.version,
    )
