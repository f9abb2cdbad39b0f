// Live vitals: rolling ECG, PPG and capnogram, the big numbers and the alerts, from the
// server's event stream (Server-Sent Events; EventSource reconnects by itself).
"use strict";
(() => {
  const cfg = fc.data("live-config");
  const WINDOW = cfg.window_s || 10;
  const SQI_MIN = { hr: 0.5, spo2: 0.6 };
  const STALE_MS = 5000;
  // Each wave on its own chart; ECG and CO2 on fixed ranges (widened only by data outside them),
  // so a flat or noisy stretch does not zoom in on noise; the PPG has no unit to fix.
  const C = fcCharts.COLOURS;
  const waves = {
    ecg: { color: C.ecg, keep: 125 * (WINDOW + 2), title: "ECG", unit: "mV", range: [-1, 2] },
    ppg: { color: C.ppg, keep: 50 * (WINDOW + 2), title: "PPG", unit: "counts", range: null },
    co2: { color: C.co2, keep: 20 * (WINDOW + 2), title: "CO₂", unit: "mmHg", range: [0, 60] },
  };
  let latest = 0;
  let lastWave = 0;
  let lastVitals = 0;

  // Fixed margins, no automargin: these charts are redrawn five times a second, and automargin
  // measures every label and may redraw again each time.
  const fixed = { automargin: false, fixedrange: true };
  for (const [name, w] of Object.entries(waves)) {
    w.el = fcCharts.plot(`wave-${name}`, [{ x: [], y: [], mode: "lines", line: { color: w.color, width: 1.4 },
      hoverinfo: "skip" }], {
      height: 170, showlegend: false, margin: { l: fcCharts.ALIGNED.l, r: 12, t: 8, b: 42 },
      xaxis: fcCharts.axis("time", "s", Object.assign({ range: [0, WINDOW] }, fixed)),
      yaxis: fcCharts.axis(w.title, w.unit, Object.assign(w.range ? { range: w.range, nticks: 4 } : { nticks: 4 }, fixed)),
    }, { staticPlot: true });
  }

  function addWave(data) {
    let tmax = latest;
    const updates = [];
    for (const [name, w] of Object.entries(waves)) {
      const s = data[name];
      if (!s || !s.t.length || !w.el) continue;
      tmax = Math.max(tmax, s.t[s.t.length - 1]);
      updates.push([w, s]);
    }
    latest = tmax;
    lastWave = Date.now();
    for (const [w, s] of updates) {
      window.Plotly.extendTraces(w.el, { x: [s.t], y: [s.y] }, [0], w.keep);
    }
    const x = [Math.max(0, latest - WINDOW), Math.max(WINDOW, latest)];
    for (const w of Object.values(waves)) {
      if (!w.el) continue;
      const change = { "xaxis.range": x };
      if (w.range) change["yaxis.range"] = fcCharts.span(w.el.data[0].y, w.range);
      window.Plotly.relayout(w.el, change);
    }
  }

  function show(id, value, reliable, digits, level) {
    const box = document.getElementById(id);
    const ok = reliable && value !== null && value !== undefined && Number.isFinite(value);
    box.querySelector(".value").textContent = ok ? value.toFixed(digits) : "—";
    box.classList.toggle("unreliable", !ok);
    box.classList.remove("warn", "bad");
    if (ok && level) box.classList.add(level);
  }

  const good = (sqi, min) => sqi === null || sqi === undefined || sqi >= min;

  function addVitals(v) {
    lastVitals = Date.now();
    const hrSqi = Math.max(v.sqi_ecg ?? -1, v.sqi_ppg ?? -1);
    show("v-hr", v.hr_bpm, hrSqi < 0 || hrSqi >= SQI_MIN.hr, 0);
    const spo2 = v.spo2_pct;
    show("v-spo2", spo2, good(v.sqi_ppg, SQI_MIN.spo2), 0,
      spo2 != null && spo2 < 90 ? "bad" : spo2 != null && spo2 < 94 ? "warn" : null);
    show("v-br", v.breathing_rate_bpm, true, 0);
    show("v-etco2", v.etco2_mmhg, good(v.sqi_co2, 0.5), 0);
  }

  function addAlert(a) {
    document.getElementById("alerts-empty").hidden = true;
    const li = document.createElement("li");
    li.className = `${a.severity || "info"} ${a.state === "cleared" ? "cleared" : ""}`;
    const when = document.createElement("time");
    const at = a.at ? new Date(a.at) : new Date();
    when.dateTime = at.toISOString();
    when.textContent = fc.clock(at, true);
    const what = document.createElement("strong");
    what.textContent = `${a.state === "cleared" ? "Cleared" : (a.severity || "info").replace(/^./, (c) => c.toUpperCase())}: `;
    const text = document.createElement("span");
    text.textContent = a.message || a.kind;
    li.append(when, what, text);
    li.dataset.kind = a.kind || "";
    const list = document.getElementById("alert-list");
    list.prepend(li);
    while (list.children.length > 50) list.lastChild.remove();
  }

  const dot = document.getElementById("live-dot");
  const label = document.getElementById("live-status-text");
  function status(text, state) {
    label.textContent = text;
    dot.classList.toggle("live", state === "live");
    dot.classList.toggle("lost", state === "lost");
  }

  const source = new EventSource(cfg.stream);
  source.onopen = () => status("Connected: waiting for sensor data…", "wait");
  source.onerror = () => status(source.readyState === EventSource.CLOSED
    ? "Disconnected: reload the page." : "Connection lost: reconnecting…", "lost");
  const parse = (fn) => (e) => { try { fn(JSON.parse(e.data)); } catch (err) { console.error(err); } };
  source.addEventListener("wave", parse(addWave));
  source.addEventListener("vitals", parse(addVitals));
  source.addEventListener("alert", parse(addAlert));

  setInterval(() => {
    if (source.readyState !== EventSource.OPEN) return;
    const now = Date.now();
    if (now - lastWave < 2000) status("Live", "live");
    else status("Connected: no sensor data right now.", "wait");
    if (lastVitals && now - lastVitals > STALE_MS) {
      for (const id of ["v-hr", "v-spo2", "v-br", "v-etco2"]) show(id, null, false, 0);
    }
  }, 1000);
  window.addEventListener("beforeunload", () => source.close());
})();
