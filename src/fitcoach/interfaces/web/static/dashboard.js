// The dashboard's charts: daily load above CTL/ATL/TSB with the plan's projection, hard sets per
// muscle against the landmarks, and sleep, body weight and HRV as three small charts.
"use strict";
(() => {
  const C = fcCharts.COLOURS;
  const d = fc.data("dashboard-data");
  const L = d.load, P = L.projection;

  // Two panels on one date axis instead of two y axes on one plot: daily load (AU) above,
  // fitness, fatigue and form (AU/day) below.
  const today = L.days[L.days.length - 1];
  const line = (days, y, name, color, extra) => Object.assign(
    { x: days, y, name, mode: "lines", line: { color, width: 2 }, hovertemplate: "%{y:.0f} AU/day" }, extra);
  fcCharts.plot("chart-load", [
    { type: "bar", x: L.days, y: L.load, name: "daily load", marker: { color: C.load }, yaxis: "y2",
      hovertemplate: "%{y:.0f} AU" },
    { type: "bar", x: P.days, y: P.planned, name: "planned load", marker: { color: C.planned }, yaxis: "y2",
      hovertemplate: "%{y:.0f} AU planned" },
    line(L.days, L.ctl, "fitness (CTL)", C.ctl, { legendgroup: "ctl" }),
    line(L.days, L.atl, "fatigue (ATL)", C.atl, { legendgroup: "atl" }),
    line(L.days, L.tsb, "form (TSB)", C.tsb, { legendgroup: "tsb" }),
    // Projections share their measure's legend entry (dashed, after the dotted line: today).
    line(P.days, P.ctl, "fitness, projected", C.ctl, { legendgroup: "ctl", showlegend: false, line: { color: C.ctl, dash: "dash" } }),
    line(P.days, P.atl, "fatigue, projected", C.atl, { legendgroup: "atl", showlegend: false, line: { color: C.atl, dash: "dash" } }),
    line(P.days, P.tsb, "form, projected", C.tsb, { legendgroup: "tsb", showlegend: false, line: { color: C.tsb, dash: "dash" } }),
  ], {
    height: 440,
    barmode: "overlay",
    hovermode: "x unified",
    xaxis: fcCharts.axis("date", "", { type: "date", anchor: "y" }),
    yaxis: fcCharts.axis("CTL · ATL · TSB", "AU/day", { domain: [0, 0.6], zeroline: true, zerolinecolor: C.today }),
    yaxis2: fcCharts.axis("load", "AU", { domain: [0.7, 1], anchor: "x", rangemode: "tozero", nticks: 4 }),
    shapes: P.days.length ? [{ type: "line", x0: today, x1: today, yref: "paper", y0: 0, y1: 1,
      line: { color: C.today, dash: "dot", width: 1 } }] : [],
  });

  if (d.sets.length) {
    const muscles = d.sets.map((m) => m.muscle.replace(/_/g, " "));
    // One bar trace per class (null elsewhere), so that the legend names the colours.
    const classes = fcCharts.VOLUME.map((v) => ({ name: v.name, color: v.color, has: (m) => v.statuses.includes(m.status) }));
    if (d.sets.some((m) => !m.status)) {
      classes.push({ name: fcCharts.NO_LANDMARKS.name, color: fcCharts.NO_LANDMARKS.color, has: (m) => !m.status });
    }
    const bars = classes.map((c) => ({
      type: "bar", orientation: "h", y: muscles, name: c.name, marker: { color: c.color },
      x: d.sets.map((m) => (c.has(m) ? m.sets : null)), hovertemplate: "%{x} hard sets",
    }));
    const marker = (key, name, symbol) => ({
      type: "scatter", mode: "markers", x: d.sets.map((m) => m[key]), y: muscles, name,
      marker: { symbol, size: 10, color: C.landmark, line: { color: C.landmark, width: 1.5 } },
      hovertemplate: `${name} %{x} sets`,
    });
    fcCharts.plot("chart-sets", [
      ...bars,
      marker("mev", "MEV", "line-ns-open"),
      marker("mav", "MAV", "diamond-open"),
      marker("mrv", "MRV", "x-thin-open"),
    ], {
      height: 150 + 26 * d.sets.length,
      barmode: "overlay",
      bargap: 0.3,
      xaxis: fcCharts.axis("hard sets this week", "sets", { rangemode: "tozero" }),
      yaxis: fcCharts.axis("muscle", "", { type: "category", autorange: "reversed", showline: false, ticks: "" }),
    });
  }

  // Sleep, body weight and HRV: each its own chart (own scale, own unit), on the same dates.
  const T = d.trends;
  const trend = (id, key, title, unit, color, none, extra) => {
    if (!fcCharts.hasData(T[key])) { fcCharts.empty(id, none); return; }
    fcCharts.plot(id, [{ x: T.days, y: T[key], name: title, mode: "lines+markers", connectgaps: true,
      line: { color, width: 1.8 }, marker: { color, size: 4 }, hovertemplate: `%{y} ${unit}` }], {
      height: 190, showlegend: false, margin: fcCharts.ALIGNED,
      xaxis: fcCharts.axis("date", "", { type: "date" }),
      yaxis: fcCharts.axis(title, unit, Object.assign({ nticks: 5 }, extra)),
    });
  };
  const sleep = T.sleep_h.filter((v) => v !== null);
  trend("chart-sleep", "sleep_h", "sleep", "h", C.sleep, "No sleep logged in these weeks.",
    { range: fcCharts.span(sleep, [4, 10]) });
  // Body weight in the athlete's unit (kg or lb; the data are kg), to the precision it is shown in.
  T.weight_shown = (T.weight_kg || []).map((v) => (v === null ? null : Number(fc.massNumber(v, "body"))));
  trend("chart-weight", "weight_shown", "body weight", fc.massUnit, C.weight, "No weight logged in these weeks.");
  trend("chart-hrv", "hrv_ms", "HRV RMSSD", "ms", C.hrv, "No HRV logged in these weeks.");
})();
