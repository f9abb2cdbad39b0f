// The nutrition page: the energy and macros of the grams typed, as they are typed, and the
// meal chosen above carried into every result's form. The server computes the same numbers
// when the form is sent; without this script the page works the same, minus the preview.
"use strict";
(() => {
  const choice = document.getElementById("meal-choice");
  const rows = document.querySelectorAll("form.food-row");
  const show = (form) => {
    const out = form.querySelector("output.amount");
    const grams = parseFloat((form.elements.grams.value || "").replace(",", "."));
    if (!out) return;
    if (!Number.isFinite(grams) || grams <= 0) { out.textContent = ""; return; }
    const per = (name) => (parseFloat(form.dataset[name]) * grams) / 100;
    out.textContent = `= ${Math.round(per("kcal"))} kcal · ${Math.round(per("protein"))} g protein · `
      + `${Math.round(per("carbs"))} g carbs · ${Math.round(per("fat"))} g fat`;
  };
  rows.forEach((form) => {
    form.elements.grams.addEventListener("input", () => show(form));
    show(form);
  });
  if (choice) {
    choice.addEventListener("change", () => {
      document.querySelectorAll("input.meal-type").forEach((el) => { el.value = choice.value; });
    });
  }
})();
