// A recording: vitals over the whole session, and a waveform that loads the visible window
// (full resolution when zoomed in, a min/max envelope when zoomed out) from the JSON API.
"use strict";
(() => {
  const d = fc.data("recording-data");
  const C = fcCharts.COLOURS; // the theme's (light or dark)
  const colours = { critical: C.critical, warning: C.warning, info: C.info };
  const marks = (yref) => d.alerts.map((a) => ({
    type: "line", x0: a.t, x1: a.t, yref, y0: 0, y1: 1,
    line: { color: colours[a.severity] || C.info, width: 1.5, dash: "dot" },
  }));
  const notes = d.alerts.map((a) => ({
    x: a.t, yref: "paper", y: 1, text: a.kind.replace(/_/g, " "), showarrow: false,
    font: { size: 10, color: colours[a.severity] || C.info }, xanchor: "left", yanchor: "bottom",
  }));
  const top = d.alerts.length ? 22 : 10; // room above the plot for the alerts' names

  // One panel per vital, each on its fixed range (widened only by data outside it), all on the
  // recording's time axis.
  const V = d.vitals;
  if (V.t.length) {
    const keys = ["hr_bpm", "spo2_pct", "breathing_rate_bpm", "etco2_mmhg"];
    const gap = 0.06, height = (1 - gap * (keys.length - 1)) / keys.length;
    const layout = { height: 600, showlegend: false, hovermode: "x unified", margin: { t: top },
      xaxis: fcCharts.axis("time", "s", { anchor: `y${keys.length}` }),
      shapes: marks("paper"), annotations: notes };
    const traces = keys.map((key, i) => {
      const v = fcCharts.VITALS[key];
      const high = 1 - i * (height + gap);
      layout[i ? `yaxis${i + 1}` : "yaxis"] = fcCharts.axis(v.title, v.unit, {
        domain: [high - height, high], range: fcCharts.span(V[key], v.range), nticks: 4,
        title: { font: { color: v.color } }, tickfont: { color: v.color }, fixedrange: true,
      });
      return { x: V.t, y: V[key], name: v.title, mode: "lines", line: { color: v.color, width: 1.5 },
        yaxis: i ? `y${i + 1}` : "y", connectgaps: false, hovertemplate: `%{y:.0f} ${v.unit}` };
    });
    fcCharts.plot("chart-vitals", traces, layout);
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
    const channel = select.options[select.selectedIndex].text;  // the page's name for it
    const trace = { x: w.times_s, y, mode: "lines", line: { color: fcCharts.COLOURS.wave, width: 1 }, name: channel };
    const layout = { height: 320, showlegend: false, margin: { t: Math.max(top, 34) }, // the toolbar above the plot
      xaxis: fcCharts.axis("time", "s", { range: start === null ? undefined : [start, end] }),
      yaxis: fcCharts.axis(channel, w.unit || "counts", { fixedrange: true, nticks: 5 }),
      shapes: marks("paper"), annotations: notes };
    if (el.data) window.Plotly.react(el, [trace], fcCharts.layout(el, layout));
    else {
      fcCharts.plot("chart-wave", [trace], layout, { displayModeBar: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] });
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
