// fitcoach's charts: the one place for every Plotly figure's look (layout defaults, axis titles
// with units, colours, the fixed ranges of vitals). The pages' scripts give data and what
// differs. plotly.js 3+ ignores a string `title`: titles are `{ text }` objects, made here.
"use strict";
const fcCharts = (() => {
  const LIGHT = {
    text: "#1d232b", muted: "#57606a", grid: "#e3e8ee", axis: "#c4ccd5", today: "#8c959f",
    load: "#8fb0dc", planned: "#e3c567", ctl: "#1f6feb", atl: "#cf222e", tsb: "#1a7f37",
    sleep: "#6f42c1", weight: "#b35900", hrv: "#1a7f37",
    hr: "#cf222e", spo2: "#1f6feb", breathing: "#6f42c1", etco2: "#1a7f37",
    ecg: "#cf222e", ppg: "#1f6feb", co2: "#1a7f37", wave: "#1d232b",
    landmark: "#1d232b", critical: "#cf222e", warning: "#b08800", info: "#57606a",
  };
  // The dark theme's (fitcoach.css, prefers-color-scheme: dark): text and lines light on the
  // dark card, each line colour at least 4.5:1 against it; the bars' pale fills read on both.
  const DARK = Object.assign({}, LIGHT, {
    text: "#e6edf3", muted: "#9da7b3", grid: "#30363d", axis: "#6e7681", today: "#8b949e",
    ctl: "#58a6ff", atl: "#f85149", tsb: "#3fb950", sleep: "#a371f7", weight: "#db8a3e",
    hrv: "#3fb950", hr: "#f85149", spo2: "#58a6ff", breathing: "#a371f7", etco2: "#3fb950",
    ecg: "#f85149", ppg: "#58a6ff", co2: "#3fb950", wave: "#e6edf3", landmark: "#e6edf3",
    critical: "#f85149", warning: "#d29922", info: "#9da7b3",
  });
  const SCHEME = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  const dark = () => Boolean(SCHEME && SCHEME.matches);
  // One object the pages read at draw time: switched in place when the preference changes.
  const COLOURS = Object.assign({}, dark() ? DARK : LIGHT);

  // Weekly hard sets against the volume landmarks, in three classes a person tells apart at a
  // glance (Okabe-Ito colours, distinct with colour-blindness too). MEV to MRV is one class:
  // between MAV and MRV is still recoverable (the MAV marker shows where it starts).
  const VOLUME = [
    { name: "below MEV", color: "#56b4e9", statuses: ["below_mev"] },
    { name: "MEV to MRV", color: "#009e73", statuses: ["productive", "above_mav"] },
    { name: "above MRV", color: "#d55e00", statuses: ["above_mrv"] },
  ];
  const NO_LANDMARKS = { name: "no landmarks", color: "#afb8c1" };

  // Vitals: a fixed range that shows a normal value as normal; it widens only to show data
  // outside it. Units as the vitals worker stores them.
  // (Each colour is read when drawn, so that it follows the theme.)
  const VITALS = {
    hr_bpm: { title: "heart rate", unit: "bpm", range: [40, 200], get color() { return COLOURS.hr; } },
    spo2_pct: { title: "SpO₂", unit: "%", range: [80, 100], get color() { return COLOURS.spo2; } },
    breathing_rate_bpm: { title: "breathing", unit: "/min", range: [0, 60], get color() { return COLOURS.breathing; } },
    etco2_mmhg: { title: "EtCO₂", unit: "mmHg", range: [0, 60], get color() { return COLOURS.etco2; } },
  };

  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  /** `base` with `over` laid on top, nested objects merged (arrays replaced). */
  function merge(base, over) {
    const out = Object.assign({}, base);
    for (const [k, v] of Object.entries(over || {})) {
      out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : v;
    }
    return out;
  }

  /** An axis titled "title (unit)"; `extra` adds or overrides settings. */
  function axis(title, unit, extra) {
    return merge({
      title: { text: unit ? `${title} (${unit})` : title, standoff: 6, font: { size: 12 } },
      automargin: true, zeroline: false, gridcolor: COLOURS.grid, linecolor: COLOURS.axis,
      showline: true, ticks: "outside", ticklen: 3, tickcolor: COLOURS.axis,
    }, extra);
  }

  /** `base` ([lo, hi]) widened just enough to hold every finite value, with a little room. */
  function span(values, base) {
    let lo = base[0], hi = base[1];
    for (const v of values || []) {
      if (typeof v !== "number" || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const room = 0.05 * (hi - lo);
    return [lo < base[0] ? lo - room : lo, hi > base[1] ? hi + room : hi];
  }

  // Left margin of charts stacked as small multiples, so that their time axes line up (the
  // axes' automargin still grows it for wider tick labels).
  const ALIGNED = { l: 66 };

  const narrow = (el) => (el.clientWidth || window.innerWidth) < 560;

  /** The layout every chart starts from: margins grown by Plotly to fit the axes' labels and
   * titles (automargin), the legend in rows below the plot, no background. */
  function layout(el, own) {
    const base = {
      autosize: true,
      margin: { l: 6, r: 10, t: 10, b: 6, pad: 0 },
      font: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
        size: narrow(el) ? 11 : 12, color: COLOURS.text },
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      // Below the plot, under the x axis' title (container coordinates: the legend's height
      // is added to the bottom margin), as wide as the chart, wrapping into rows on a phone.
      legend: { orientation: "h", xref: "container", x: 0, xanchor: "left", yref: "container", y: 0, yanchor: "bottom",
        font: { size: 11 }, itemwidth: 30, tracegroupgap: 4 },
      hoverlabel: { namelength: -1 },
      separators: ".,",
    };
    return merge(base, own);
  }

  const CONFIG = { responsive: true, displaylogo: false, displayModeBar: false };

  const DAY_MS = 86400000;
  const TIME_TEXT = /^\d{4}-\d{2}-\d{2}/;

  /** Time axes whose traces span less than a day (one night of sleep, a first weigh-in):
   * Plotly would zoom in to that instant and tick it in milliseconds ("18:40:00.0005"). They
   * show whole days instead, the one before and the one after too, ticked as days. A range the
   * chart sets stays. */
  function dayAxes(traces, lay) {
    const found = {};
    for (const t of traces) {
      const key = t.xaxis && t.xaxis !== "x" ? `xaxis${t.xaxis.slice(1)}` : "xaxis";
      if (found[key] === null) continue;
      const times = found[key] || (found[key] = []);
      for (const x of t.x || []) {
        if (x === null || x === undefined) continue;
        if (typeof x !== "string" || !TIME_TEXT.test(x)) { found[key] = null; break; }
        times.push(Date.parse(x.length === 10 ? `${x}T00:00:00Z` : x));
      }
    }
    for (const [key, times] of Object.entries(found)) {
      if (!times || !times.length || times.some(Number.isNaN) || (lay[key] && lay[key].range)) continue;
      const lo = Math.min(...times), hi = Math.max(...times);
      if (hi - lo >= DAY_MS) continue;
      const first = Math.floor(lo / DAY_MS) * DAY_MS, last = Math.floor(hi / DAY_MS) * DAY_MS;
      const end = last + (hi > last ? 2 : 1) * DAY_MS;
      lay[key] = merge(lay[key] || {}, { type: "date", range: [first - DAY_MS, end],
        dtick: DAY_MS, tickformat: "%d %b" });
    }
    return lay;
  }

  // A page whose charts are below the first screen (the dashboard) names plotly.js in its
  // charts.js tag's `data-plotly` instead of loading it with the page: parsing its 1.2 MB and
  // drawing every chart was most of the dashboard's time to `load` (issue 63). There, `plot`
  // keeps each chart for later; once the page has loaded, plotly.js is fetched and the charts
  // are drawn one per task, those on the screen first, so the page answers meanwhile.
  const SELF = document.currentScript;
  const LAZY_SRC = SELF && SELF.dataset ? SELF.dataset.plotly : undefined;
  const waiting = [];
  let fetching = false;

  function onScreen(el) {
    const box = el.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  function drawWaiting() {
    // On the screen first, then in the page's order.
    waiting.sort((a, b) => Number(onScreen(b.el)) - Number(onScreen(a.el)));
    const next = () => {
      const job = waiting.shift();
      if (!job) return;
      draw(job.el, job.traces, job.own, job.config);
      setTimeout(next, 0);
    };
    next();
  }

  function fetchPlotly() {
    if (fetching) return;
    fetching = true;
    const start = () => {
      const script = document.createElement("script");
      script.src = LAZY_SRC;
      script.onload = drawWaiting;
      document.head.appendChild(script);
    };
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start, { once: true });
  }

  function draw(el, traces, own, config) {
    const lay = dayAxes(traces, layout(el, own || {}));
    if (lay.height) Object.assign(el.style, { height: `${lay.height}px`, minHeight: "0" });
    window.Plotly.newPlot(el, traces, lay, Object.assign({}, CONFIG, config || {}));
  }

  /** Draw a chart into the element `id` with the shared defaults; the element, or null
   * without it or without plotly.js. `own.height` sets the element's height (px), at once
   * also where the drawing waits for plotly.js (the page does not move when it comes). */
  function plot(id, traces, own, config) {
    const el = typeof id === "string" ? document.getElementById(id) : id;
    if (!el) return null;
    if (!window.Plotly && LAZY_SRC) {
      const height = (own || {}).height;
      if (height) Object.assign(el.style, { height: `${height}px`, minHeight: "0" });
      waiting.push({ el, traces, own, config });
      fetchPlotly();
      return el;
    }
    if (!window.Plotly) return null;
    draw(el, traces, own, config);
    return el;
  }

  /** Replace a chart with a line of text (a chart without data is an empty frame). */
  function empty(id, text) {
    const el = document.getElementById(id);
    if (!el) return;
    el.textContent = text;
    el.classList.add("chart-empty");
    el.removeAttribute("role");
  }

  const hasData = (values) => (values || []).some((v) => v !== null && v !== undefined);

  /** The preference changed while the page is open: the colours switch, and the charts drawn
   * take the new text, grid and axis colours (their traces keep theirs until drawn again). */
  function retheme() {
    Object.assign(COLOURS, dark() ? DARK : LIGHT);
    if (!window.Plotly) return;
    for (const el of document.querySelectorAll(".js-plotly-plot")) {
      const update = { "font.color": COLOURS.text };
      for (const key of Object.keys(el.layout || {})) {
        if (!/^[xy]axis\d*$/.test(key)) continue;
        Object.assign(update, { [`${key}.gridcolor`]: COLOURS.grid, [`${key}.linecolor`]: COLOURS.axis,
          [`${key}.tickcolor`]: COLOURS.axis });
      }
      window.Plotly.relayout(el, update);
    }
  }
  if (SCHEME && SCHEME.addEventListener) SCHEME.addEventListener("change", retheme);

  return { ALIGNED, COLOURS, VOLUME, NO_LANDMARKS, VITALS, axis, dark, empty, hasData, layout, merge, plot, span };
})();
