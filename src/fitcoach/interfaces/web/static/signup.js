// The sign-up form: send the browser's time zone, so that "today" and the plan's days are the
// athlete's own from the first day (the server keeps UTC when this does not run).
"use strict";
(() => {
  const field = document.getElementById("signup-timezone");
  if (!field || field.value) return;
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    field.value = "";
  }
})();
