// A recording: vitals over the whole session, and a waveform that loads the visible window
// (full resolution when zoomed in, a min/max envelope when zoomed out) from the JSON API.
"use strict";
(() => {
  const d = fc.data("recording-data");
  const colours = { critical: "#cf222e", warning: "#b08800", info: "#57606a" };
  const marks = (yref) => d.alerts.map((a) => ({
    type: "line", x0: a.t, x1: a.t, yref, y0: 0, y1: 1,
    line: { color: colours[a.severity] || "#57606a", width: 1.5, dash: "dot" },
  }));
  const notes = d.alerts.map((a) => ({
    x: a.t, yref: "paper", y: 1, text: a.kind.replace(/_/g, " "), showarrow: false,
    font: { size: 10, color: colours[a.severity] || "#57606a" }, xanchor: "left", yanchor: "bottom",
  }));

  const V = d.vitals;
  if (V.t.length) {
    const rows = [["hr_bpm", "HR bpm", "#cf222e"], ["spo2_pct", "SpO2 %", "#1f6feb"],
      ["breathing_rate_bpm", "breaths/min", "#6f42c1"], ["etco2_mmhg", "EtCO2 mmHg", "#1a7f37"]];
    const layout = { showlegend: false, margin: { l: 50, r: 10, t: 16, b: 36 },
      xaxis: { title: "seconds", anchor: "y4" }, shapes: marks("paper"), annotations: notes };
    const traces = rows.map(([key, name, color], i) => {
      const axis = i ? `yaxis${i + 1}` : "yaxis";
      const top = 1 - i * 0.25;
      layout[axis] = { title: { text: name, font: { size: 11 } }, domain: [top - 0.22, top], zeroline: false };
      return { x: V.t, y: V[key], name, mode: "lines", line: { color, width: 1.5 },
        yaxis: i ? `y${i + 1}` : "y", connectgaps: false };
    });
    fc.chart("chart-vitals", traces, layout);
  }

  const el = document.getElementById("chart-wave");
  if (!el) return;
  const select = document.getElementById("channel");
  const info = document.getElementById("wave-info");
  const csv = document.getElementById("wave-csv");
  let window_ = [null, null];
  let pending = 0;

  function url(start, end, points, format) {
    const q = new URLSearchParams({ channel: select.value, max_points: String(points) });
    if (start !== null) q.set("from_s", String(Math.max(0, start)));
    if (end !== null) q.set("to_s", String(end));
    if (format) q.set("format", format);
    return `${d.api}/waveform?${q}`;
  }

  async function load(start, end) {
    const ticket = ++pending;
    window_ = [start, end];
    const points = Math.max(200, Math.min(20000, Math.round((el.clientWidth || 400) * 2)));
    csv.href = url(start, end, 100000, "csv");
    info.textContent = "Loading…";
    let w;
    try {
      w = await fc.api("GET", url(start, end, points));
    } catch (err) {
      info.textContent = `Could not load the waveform: ${err.message}`;
      return;
    }
    if (ticket !== pending) return; // a newer window was asked for meanwhile
    const y = w.values || w.counts;
    const trace = { x: w.times_s, y, mode: "lines", line: { color: "#1d232b", width: 1 }, name: w.channel };
    const layout = { showlegend: false, margin: { l: 50, r: 10, t: 16, b: 40 },
      xaxis: { title: "seconds", range: start === null ? undefined : [start, end] },
      yaxis: { title: w.unit || "counts", fixedrange: true }, shapes: marks("paper"), annotations: notes };
    if (el.data) window.Plotly.react(el, [trace], layout);
    else {
      fc.chart("chart-wave", [trace], layout, { displayModeBar: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] });
      el.on("plotly_relayout", (ev) => {
        if (ev["xaxis.autorange"]) { load(null, null); return; }
        const lo = ev["xaxis.range[0]"] ?? (ev["xaxis.range"] || [])[0];
        const hi = ev["xaxis.range[1]"] ?? (ev["xaxis.range"] || [])[1];
        if (lo === undefined || hi === undefined) return;
        if (lo === window_[0] && hi === window_[1]) return;
        load(Math.max(0, lo), hi);
      });
    }
    const span = w.times_s.length ? (w.times_s[w.times_s.length - 1] - w.times_s[0]).toFixed(1) : "0";
    info.textContent = `${w.samples} samples in ${span} s` + (w.decimated
      ? ` (min/max of ${w.times_s.length} shown; zoom in for every sample)` : " (every sample)");
  }

  select.addEventListener("change", () => load(window_[0], window_[1]));
  document.getElementById("wave-reset").addEventListener("click", () => load(null, null));
  load(null, null);
})();
