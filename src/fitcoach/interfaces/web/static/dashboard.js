// The dashboard's charts: load with CTL/ATL/TSB and the plan's projection, sets vs landmarks, trends.
"use strict";
(() => {
  const d = fc.data("dashboard-data");
  const L = d.load, P = L.projection;
  fc.chart("chart-load", [
    { type: "bar", x: L.days, y: L.load, name: "daily load (AU)", marker: { color: "#c9d6e8" }, yaxis: "y2" },
    { x: L.days, y: L.ctl, name: "fitness (CTL)", legendgroup: "ctl", line: { color: "#1f6feb", width: 2 } },
    { x: L.days, y: L.atl, name: "fatigue (ATL)", legendgroup: "atl", line: { color: "#cf222e", width: 1.5 } },
    { x: L.days, y: L.tsb, name: "form (TSB)", legendgroup: "tsb", line: { color: "#1a7f37", width: 1.5 } },
    { type: "bar", x: P.days, y: P.planned, name: "planned load", marker: { color: "#e6d9a8" }, yaxis: "y2" },
    // Projections share their measure's legend entry (dashed after the dotted line: today).
    { x: P.days, y: P.ctl, name: "fitness, projected", legendgroup: "ctl", showlegend: false, line: { color: "#1f6feb", dash: "dash" } },
    { x: P.days, y: P.atl, name: "fatigue, projected", legendgroup: "atl", showlegend: false, line: { color: "#cf222e", dash: "dash" } },
    { x: P.days, y: P.tsb, name: "form, projected", legendgroup: "tsb", showlegend: false, line: { color: "#1a7f37", dash: "dash" } },
  ], {
    height: 380,
    yaxis: { title: "CTL / ATL / TSB" },
    yaxis2: { overlaying: "y", side: "right", showgrid: false, title: "AU" },
    barmode: "overlay",
    shapes: P.days.length ? [{ type: "line", x0: L.days[L.days.length - 1], x1: L.days[L.days.length - 1],
      yref: "paper", y0: 0, y1: 1, line: { color: "#888", dash: "dot" } }] : [],
  });

  if (d.sets.length) {
    const muscles = d.sets.map((m) => m.muscle.replace(/_/g, " "));
    const marker = (key, name, symbol, color) => ({
      type: "scatter", mode: "markers", x: d.sets.map((m) => m[key]), y: muscles, name,
      marker: { symbol, size: 11, color },
    });
    const colour = { below_mev: "#b08800", productive: "#1a7f37", above_mav: "#bf8700", above_mrv: "#cf222e" };
    fc.chart("chart-sets", [
      { type: "bar", orientation: "h", x: d.sets.map((m) => m.sets), y: muscles, name: "hard sets",
        marker: { color: d.sets.map((m) => colour[m.status] || "#8c959f") } },
      marker("mev", "MEV", "line-ns-open", "#57606a"),
      marker("mav", "MAV", "diamond-open", "#1f6feb"),
      marker("mrv", "MRV", "x", "#cf222e"),
    ], { margin: { l: 100, r: 10, t: 30, b: 35 }, height: 80 + 24 * d.sets.length, xaxis: { title: "sets" } });
  }

  const T = d.trends;
  fc.chart("chart-trends", [
    { x: T.days, y: T.sleep_h, name: "sleep (h)", mode: "lines+markers", line: { color: "#6f42c1" } },
    { x: T.days, y: T.hrv_ms, name: "HRV (ms)", mode: "lines", line: { color: "#1a7f37" }, yaxis: "y2" },
    { x: T.days, y: T.weight_kg, name: "weight (kg)", mode: "lines", line: { color: "#57606a" }, yaxis: "y3" },
  ], {
    yaxis: { title: "sleep h" },
    yaxis2: { overlaying: "y", side: "right", showgrid: false, title: "HRV ms" },
    yaxis3: { overlaying: "y", side: "right", showgrid: false, visible: false },
  });
})();
