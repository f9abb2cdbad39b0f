// The plan page's edit form: show only the fields the chosen edit reads.
"use strict";
(() => {
  const select = document.getElementById("edit-op");
  if (!select) return;
  const form = document.getElementById("edit-form");
  const sync = () => {
    const wanted = (select.selectedOptions[0].dataset.fields || "").split(" ");
    form.querySelectorAll("[data-field]").forEach((label) => {
      label.hidden = !wanted.includes(label.dataset.field);
    });
  };
  select.addEventListener("change", sync);
  sync();
})();
