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

  // What people read, as the server writes it (web/render.py): "Mon 23 Nov" (with the year
  // when it is not this year), "18:05", "Mon 23 Nov, 18:05", in the athlete's timezone (the
  // page's <meta name="timezone">; UTC, said, when the page is about nobody).
  const zoneMeta = document.querySelector('meta[name="timezone"]');
  const zone = zoneMeta ? zoneMeta.content : "UTC";
  const parts = (value, options) => {
    const at = value instanceof Date ? value : new Date(value);
    let fmt;
    try {
      fmt = new Intl.DateTimeFormat("en-GB", Object.assign({ timeZone: zone }, options));
    } catch (err) {  // an unknown zone name: UTC
      fmt = new Intl.DateTimeFormat("en-GB", Object.assign({ timeZone: "UTC" }, options));
    }
    const out = {};
    fmt.formatToParts(at).forEach((p) => { out[p.type] = p.value; });
    return out;
  };
  const suffix = zoneMeta ? "" : " UTC";
  /** "Mon 23 Nov" (" 2027" added when not this year). */
  function day(value) {
    const p = parts(value, { weekday: "short", day: "numeric", month: "short", year: "numeric" });
    const thisYear = parts(new Date(), { year: "numeric" }).year;
    return `${p.weekday} ${p.day} ${p.month}${p.year !== thisYear ? ` ${p.year}` : ""}`;
  }
  /** "18:05", or "18:05:07" with seconds. */
  function clock(value, seconds) {
    const p = parts(value, {
      hour: "2-digit", minute: "2-digit", second: seconds ? "2-digit" : undefined, hourCycle: "h23",
    });
    return `${p.hour}:${p.minute}${seconds ? `:${p.second}` : ""}${suffix}`;
  }
  /** "Mon 23 Nov, 18:05". */
  const when = (value, seconds) => `${day(value)}, ${clock(value, seconds)}`;
  // Decimal places by unit, as coach/wording.py PLACES; trailing zeros dropped.
  const PLACES = { kg: 2, body_kg: 1, km: 2, h: 1, min: 0, s: 0, bpm: 0, ms: 0, "%": 0, kcal: 0,
    g: 0, AU: 0, mmHg: 0, rir: 1, rpe: 1, ratio: 2 };
  /** A number with its unit's precision and no float noise: num(72.57477920000001, "body_kg") is "72.6". */
  function num(value, unit, places) {
    if (value === null || value === undefined || !Number.isFinite(Number(value))) return "—";
    const digits = places !== undefined ? places : (unit in PLACES ? PLACES[unit] : 1);
    let text = Number(value).toFixed(digits);
    if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
    return text === "-0" ? "0" : text;
  }

  // Weights and distances in the athlete's unit system, as core/units.py writes them (the page's
  // <meta name="units">: "metric" kg and km, or "imperial" lb and miles); stored values are kg, m.
  const unitsMeta = document.querySelector('meta[name="units"]');
  const units = unitsMeta && unitsMeta.content === "imperial" ? "imperial" : "metric";
  const KG_PER_LB = 0.45359237;
  const M_PER_MI = 1609.344;
  const DISPLAY_PLACES = { metric: { load: 2, body: 1, distance: 2 }, imperial: { load: 1, body: 0, distance: 2 } };
  const massUnit = units === "imperial" ? "lb" : "kg";
  const distanceUnit = units === "imperial" ? "mi" : "km";
  /** The number of a stored mass in the athlete's unit: massNumber(80) is "176.4" in lb. */
  function massNumber(kg, kind) {
    if (kg === null || kg === undefined || !Number.isFinite(Number(kg))) return "";
    const value = units === "imperial" ? Number(kg) / KG_PER_LB : Number(kg);
    return num(value, undefined, DISPLAY_PLACES[units][kind || "load"]);
  }
  /** "80 kg" or "176.4 lb" (" per hand" for a dumbbell load); "—" for none. */
  function mass(kg, kind, perHand) {
    const n = massNumber(kg, kind);
    return n === "" ? "—" : `${n} ${massUnit}${perHand ? " per hand" : ""}`;
  }
  /** A number typed in the athlete's mass unit, in kg (the plate maths' unit). */
  const toKg = (n) => (units === "imperial" ? Number(n) * KG_PER_LB : Number(n));
  /** A stored mass in the athlete's unit as a plain number (for charts). */
  const massValue = (kg) => (kg === null || kg === undefined ? null : units === "imperial" ? Number(kg) / KG_PER_LB : Number(kg));
  /** "5 km" or "3.11 mi". */
  function distance(m) {
    if (m === null || m === undefined || !Number.isFinite(Number(m))) return "—";
    return `${num(Number(m) / (units === "imperial" ? M_PER_MI : 1000), undefined, 2)} ${distanceUnit}`;
  }
  /** What the athlete typed in a weight field, for the API: a bare number gets the athlete's
   * unit ("225" → "225 lb"), text with a unit stays as typed; "" → null. */
  function typedMass(text) {
    const t = String(text).trim().replace(",", ".");
    if (t === "") return null;
    return /^[-+]?\d+(\.\d+)?$/.test(t) ? `${t} ${massUnit}` : t;
  }

  return { api, clock, csrf, data, day, distance, distanceUnit, mass, massNumber, massUnit, massValue, num, toKg, typedMass, units, when };
})();

// The menu's "More" (a <details>): closed again by Escape (focus back on it), by a click
// outside it, or when focus moves out of it, as a menu people know closes.
(() => {
  const more = document.getElementById("nav-more");
  if (!more) return;
  const close = () => { more.open = false; };
  document.addEventListener("click", (event) => {
    if (more.open && !more.contains(event.target)) close();
  });
  more.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && more.open) {
      close();
      more.querySelector("summary").focus();
    }
  });
  more.addEventListener("focusout", (event) => {
    if (more.open && event.relatedTarget && !more.contains(event.relatedTarget)) close();
  });
})();
