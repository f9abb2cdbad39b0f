// fitcoach: what every page's scripts share (plain JavaScript, no build step).
"use strict";
const fc = (() => {
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  /** JSON from a `<script type="application/json" id=...>` block of the page. */
  const data = (id) => JSON.parse(document.getElementById(id).textContent);

  /** Call the JSON API with the session cookie; unsafe methods carry the CSRF token. */
  async function api(method, url, body) {
    const headers = { "Accept": "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = csrf();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(url, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const payload = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const message = payload && payload.error ? payload.error.message : response.statusText;
      throw new Error(message);
    }
    return payload;
  }

  return { api, csrf, data };
})();
