// The nutrition page: the energy and macros of the grams typed, as they are typed, and the
// meal chosen above carried into every result's form. The server computes the same numbers
// when the form is sent; without this script the page works the same, minus the preview.
// A meal plan not made yet when the page was: asked for (the section alone) and put in place;
// without this script the section's link loads the page with it.
"use strict";
(() => {
  const pending = document.querySelector("#plan [data-plan]");
  if (pending) {
    fetch(pending.dataset.plan, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((response) => (response.ok ? response.text() : Promise.reject(new Error(response.statusText))))
      .then((html) => {
        const section = document.getElementById("plan");
        if (section) section.outerHTML = html;
      })
      .catch(() => {
        pending.removeAttribute("aria-busy");
        const note = pending.querySelector("p");
        const link = pending.querySelector("a");
        if (!note || !link) return;
        link.textContent = "try again";
        note.replaceChildren("The meal plan could not be made just now: ", link, ".");
      });
  }

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
