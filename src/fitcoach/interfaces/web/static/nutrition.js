// The nutrition page: the energy and macros of the grams typed, as they are typed, and the
// meal chosen above carried into every result's form. The server computes the same numbers
// when the form is sent; without this script the page works the same, minus the preview.
// A meal plan not made yet when the page was: asked for (the section alone) and put in place;
// without this script the section's link loads the page with it.
// A photo larger than the model needs is shrunk in the page before it is sent (at most
// PHOTO_EDGE pixels along its longer side, as JPEG): a phone's 12-megapixel photo of several MB
// goes as a few hundred KB. Whatever fails, the photo goes as it is (the server takes 12 MB).
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

  const PHOTO_EDGE = 1600;
  const PHOTO_BYTES = 1024 * 1024;
  const photoForm = document.getElementById("photo-form");
  const photoInput = document.getElementById("photo-input");
  const shrink = async (file) => {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, PHOTO_EDGE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= PHOTO_BYTES) { bitmap.close(); return null; }
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((done) => canvas.toBlob(done, "image/jpeg", 0.88));
    if (!blob || blob.size >= file.size) return null;
    return new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" });
  };
  if (photoForm && photoInput && window.createImageBitmap && window.DataTransfer) {
    photoForm.addEventListener("submit", (event) => {
      const file = photoInput.files && photoInput.files[0];
      if (!file || photoForm.dataset.shrunk === "1") return;
      event.preventDefault();
      photoForm.dataset.shrunk = "1";
      shrink(file)
        .then((smaller) => {
          if (smaller) {
            const files = new DataTransfer();
            files.items.add(smaller);
            photoInput.files = files.files;
          }
        })
        .catch(() => {})
        .finally(() => photoForm.requestSubmit());
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
