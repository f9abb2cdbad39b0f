// Body measurements over time (the Measurements page and the dashboard's tile): the torso's
// sites on one chart and the limbs' on another (each site as its change since its first
// reading), body weight on the same dates beside them, and body
// fat as measured (points) and as estimated from the tape (a line with its error band, the
// formula's published standard error). The server sends every value already in the athlete's
// units (cm or in, kg or lb): nothing is converted here.
"use strict";
(() => {
  const block = document.getElementById("measurements-data");
  if (!block) return;
  const d = JSON.parse(block.textContent);
  // Which element draws which chart (the dashboard's tile draws only the torso's).
  const ids = d.ids || {};
  const C = fcCharts.COLOURS;
  // Okabe-Ito: lines told apart with colour-blindness too.
  const PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442"];
  const lineColour = (i) => (fcCharts.dark() && PALETTE[i % PALETTE.length] === "#000000" ? C.text : PALETTE[i % PALETTE.length]);
  const allDays = [];
  for (const group of Object.values(d.charts)) for (const s of group) allDays.push(...s.days);
  allDays.push(...d.body_fat.entered.days, ...d.body_fat.estimate.days);
  allDays.sort();
  // Every chart on the same dates (the weight chart too), a few days around a single reading.
  const range = () => {
    if (!allDays.length) return undefined;
    const pad = allDays[0] === allDays[allDays.length - 1] ? 3 * 86400000 : 86400000;
    const lo = new Date(`${allDays[0]}T00:00:00Z`).getTime() - pad;
    const hi = new Date(`${allDays[allDays.length - 1]}T00:00:00Z`).getTime() + pad;
    return [new Date(lo).toISOString().slice(0, 10), new Date(hi).toISOString().slice(0, 10)];
  };
  const dates = () => fcCharts.axis("date", "", { type: "date", range: range() });
  const small = { height: 230, margin: fcCharts.ALIGNED, hovermode: "x unified" };

  // Each site as its change since its own first reading: a neck near 38 cm and a chest near
  // 100 cm on one absolute axis would flatten every change to a line; the hover says the value.
  const round1 = (v) => Math.round(v * 10) / 10;
  const lines = (id, series, empty) => {
    if (!id || !document.getElementById(id)) return;
    if (!series.length) { fcCharts.empty(id, empty); return; }
    fcCharts.plot(id, series.map((s, i) => ({
      x: s.days, y: s.values.map((v) => (v === null ? null : round1(v - s.values.find((f) => f !== null)))),
      customdata: s.values, name: s.name, mode: "lines+markers", connectgaps: true,
      line: { color: lineColour(i), width: 2 }, marker: { color: lineColour(i), size: 6 },
      hovertemplate: `${s.name} %{customdata} ${d.length_unit} (%{y:+.1f} since ${s.days[0]})<extra></extra>`,
    })), Object.assign({}, small, {
      height: 250 + 18 * Math.ceil(series.length / 3),
      xaxis: dates(),
      yaxis: fcCharts.axis("change since first", d.length_unit, { nticks: 6, zeroline: true }),
    }));
  };
  lines(ids.torso, d.charts.torso, "No neck, shoulder, chest, waist or hip measurements yet.");
  lines(ids.limbs, d.charts.limbs, "No arm or leg measurements yet.");

  if (ids.weight && document.getElementById(ids.weight)) {
    if (!d.weight.days.length) {
      fcCharts.empty(ids.weight, "No body weight logged over these days (the daily check-in takes it).");
    } else {
      fcCharts.plot(ids.weight, [{
        x: d.weight.days, y: d.weight.values, name: "body weight", mode: "lines+markers", connectgaps: true,
        line: { color: C.weight, width: 1.8 }, marker: { color: C.weight, size: 4 },
        hovertemplate: `%{y} ${d.mass_unit}<extra></extra>`,
      }], Object.assign({}, small, {
        height: 200, showlegend: false, xaxis: dates(),
        yaxis: fcCharts.axis("body weight", d.mass_unit, { nticks: 5 }),
      }));
    }
  }

  if (ids.fat && document.getElementById(ids.fat)) {
    const e = d.body_fat.estimate, m = d.body_fat.entered;
    if (!e.days.length && !m.days.length) {
      fcCharts.empty(ids.fat, "No body fat measured or estimated yet.");
    } else {
      const band = "rgba(85, 94, 105, 0.18)";
      fcCharts.plot(ids.fat, [
        { x: e.days, y: e.high, mode: "lines", line: { width: 0 }, hoverinfo: "skip", showlegend: false },
        { x: e.days, y: e.low, mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: band,
          name: "estimate's band (± 1 standard error)", hoverinfo: "skip" },
        { x: e.days, y: e.percent, mode: "lines+markers", name: "estimated from the tape (US Navy)",
          line: { color: PALETTE[0], width: 2, dash: "dot" }, marker: { color: PALETTE[0], size: 6 },
          hovertemplate: "estimate %{y} %<extra></extra>" },
        { x: m.days, y: m.values, mode: "markers", name: "measured",
          marker: { color: PALETTE[1], size: 9, symbol: "diamond" }, hovertemplate: "measured %{y} %<extra></extra>" },
      ], Object.assign({}, small, {
        height: 290, xaxis: dates(), yaxis: fcCharts.axis("body fat", "%", { nticks: 6 }),
      }));
    }
  }
})();
