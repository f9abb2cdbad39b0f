// The progress page's charts for one exercise, one point per training day: estimated 1RM with
// the day's heaviest weight, the biggest set's volume, and the most reps in a set. Loads are
// stored in kg and drawn in the athlete's unit (fitcoach.js: fc.massValue, fc.massUnit).
"use strict";
(() => {
  const d = fc.data("progress-data");
  if (!d.days.length) return;
  const C = fcCharts.COLOURS;
  const unit = fc.massUnit || "kg";
  const mass = (values) => values.map((v) => (fc.massValue ? fc.massValue(v) : v));
  const dates = fcCharts.axis("date", "", { type: "date" });
  // One day alone would be drawn on an axis of hours around it: give it a few days each side.
  if (d.days.length === 1) {
    const day = new Date(`${d.days[0]}T00:00:00Z`).getTime();
    const pad = 3 * 86400000;
    dates.range = [new Date(day - pad).toISOString().slice(0, 10), new Date(day + pad).toISOString().slice(0, 10)];
  }

  fcCharts.plot("chart-e1rm", [
    { x: d.days, y: mass(d.e1rm_kg), name: "estimated 1RM", mode: "lines+markers",
      line: { color: C.ctl, width: 2 }, marker: { color: C.ctl, size: 6 },
      hovertemplate: `e1RM %{y:.1f} ${unit}<extra></extra>` },
    { x: d.days, y: mass(d.heaviest_kg), name: "heaviest set", mode: "markers",
      customdata: d.heaviest_reps, marker: { color: C.weight, size: 8, symbol: "diamond" },
      hovertemplate: `heaviest %{y:.1f} ${unit} × %{customdata}<extra></extra>` },
  ], {
    height: 320,
    hovermode: "x unified",
    margin: fcCharts.ALIGNED,
    xaxis: dates,
    // Not from zero: a few kilos of progress must show.
    yaxis: fcCharts.axis("load", unit, { nticks: 6 }),
  });

  const small = (id, y, title, unitText, color, hover) => fcCharts.plot(id, [
    { type: "bar", x: d.days, y, name: title, marker: { color }, hovertemplate: hover },
  ], {
    height: 220,
    showlegend: false,
    margin: fcCharts.ALIGNED,
    xaxis: dates,
    yaxis: fcCharts.axis(title, unitText, { rangemode: "tozero", nticks: 5 }),
  });
  small("chart-volume", mass(d.volume_kg), "best set volume", unit, C.load,
    `%{y:.0f} ${unit}<extra></extra>`);
  small("chart-reps", d.most_reps, "most reps", "reps", C.tsb, "%{y} reps<extra></extra>");
})();
