// Guided workout: one exercise at a time, each set stored as soon as it is done, last time's
// numbers beside each set, the plates for a barbell load, a rest timer, "too easy / too hard /
// pain" feedback with a one-tap swap on pain, then the finish (plain JavaScript, no build step).
"use strict";
(() => {
  const d = fc.data("workout-data");
  const $ = (id) => document.getElementById(id);
  const steps = d.steps;
  let index = 0;
  let timer = null;
  let restLeft = 0;
  const FIELDS = { reps: "in-reps", weight_kg: "in-kg", rir: "in-rir", session_rpe: "in-session-rpe" };
  const LABELS = { reps: "Reps", weight_kg: fc.massUnit, rir: "RIR", session_rpe: "Session RPE" };

  const setsOf = (slug) => d.sets.filter((s) => s.exercise === slug);
  const complete = (s) => s.kind !== "strength" || Boolean(d.stopped[s.exercise]) || setsOf(s.exercise).length >= s.sets;
  const allDone = () => steps.every(complete);
  const firstOpen = () => {
    const i = steps.findIndex((s) => !complete(s));
    return i < 0 ? 0 : i;
  };
  const fmt = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  const show = (el, on) => { el.hidden = !on; };
  const num = (x) => String(Number(Number(x).toPrecision(6)));
  // Loads in the athlete's unit (fc.mass: kg or lb), "per hand" for a dumbbell in each hand.
  const setText = (x, hand) => `${x.reps} reps${x.weight_kg !== null && x.weight_kg !== undefined ? ` × ${fc.mass(x.weight_kg, "load", hand)}` : ""}` +
    `${x.rir !== null && x.rir !== undefined ? ` · RIR ${num(x.rir)}` : ""}`;
  const dayText = (iso) => new Date(`${iso}T12:00:00`).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" });
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  /** Which form field a "field: message" error names (the API's convention), if any. */
  function fieldOf(message) {
    const m = /^([a-z_]+): /.exec(message || "");
    return m && FIELDS[m[1]] ? m[1] : null;
  }

  function clearInvalid() {
    Object.values(FIELDS).forEach((id) => { const i = $(id); if (i) i.removeAttribute("aria-invalid"); });
  }

  /** Show an error beside the form; a named field is marked and focused, the others keep what was typed. */
  function error(target, message) {
    const box = $(target);
    clearInvalid();
    if (!message) { box.textContent = ""; show(box, false); return; }
    const field = fieldOf(message);
    box.textContent = field ? `${LABELS[field]}: ${message.slice(field.length + 2)}` : message;
    show(box, true);
    if (field) {
      const input = $(FIELDS[field]);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", target);
      input.focus();
    }
  }

  function progress() {
    const ol = $("progress");
    ol.innerHTML = "";
    steps.forEach((s, i) => {
      const li = el("li");
      li.className = d.stopped[s.exercise] ? "stopped" : i === index ? "current" : complete(s) && s.kind === "strength" ? "done" : "";
      li.title = s.name;
      ol.appendChild(li);
    });
  }

  function plates() {
    const s = steps[index];
    const box = $("plates");
    if (s.kind !== "strength" || !s.bar_kg || d.stopped[s.exercise]) { show(box, false); return; }
    const typed = $("in-kg").value.trim().replace(",", ".");
    // Typed in the athlete's unit; the prescribed load as the field shows it (170.9 lb) is the
    // prescription itself (77.5 kg), not its rounded conversion back (77.5189 kg).
    const shown = s.load_kg === null || s.load_kg === undefined ? "" : fc.massNumber(s.load_kg);
    const load = typed === "" || typed === shown ? s.load_kg : fc.toKg(Number(typed));
    if (load === null || load === undefined || !Number.isFinite(load)) { show(box, false); return; }
    const p = fc.plates.forSetup(load, d.plate_setup);
    if (!p) { show(box, false); return; }
    box.innerHTML = "";
    box.appendChild(el("strong", "", `Plates for ${fc.mass(load)}: `));
    box.appendChild(document.createTextNode(p.per_side.length ? `${p.text} (bar ${num(p.bar)} ${p.unit})` : p.text));
    if (p.note) box.appendChild(el("span", "note", ` ${p.note}.`));
    show(box, true);
  }

  function table(s) {
    const done = setsOf(s.exercise);
    const before = s.last_time ? s.last_time.sets : [];
    const rows = Math.max(s.sets, done.length, before.length);
    $("last-head").textContent = s.last_time ? `Last time (${dayText(s.last_time.day)})` : "Last time";
    const body = $("set-rows");
    body.innerHTML = "";
    if (d.stopped[s.exercise] && !done.length) { show($("set-table"), false); return; }
    for (let i = 0; i < rows; i += 1) {
      const tr = el("tr");
      if (i === done.length && !d.stopped[s.exercise]) tr.className = "current";
      if (i < done.length) tr.className = "done";
      tr.appendChild(el("th", "", String(i + 1)));
      tr.lastChild.scope = "row";
      tr.appendChild(el("td", "last", before[i] ? setText(before[i], s.per_hand) : "—"));
      tr.appendChild(el("td", "today", i < done.length ? `${setText(done[i], s.per_hand)} ✓` : i === done.length && !d.stopped[s.exercise] ? "next" : ""));
      body.appendChild(tr);
    }
    show($("set-table"), true);
  }

  function render() {
    const s = steps[index];
    error("step-error", "");
    $("step-name").textContent = `${index + 1}/${steps.length} · ${s.name}`;
    const stopped = d.stopped[s.exercise];
    if (s.kind === "strength") {
      const load = s.load_kg ? fc.mass(s.load_kg, "load", s.per_hand) : s.load_kind === "bodyweight" ? "bodyweight" : "a load you pick";
      const reps = s.rep_min === s.rep_max ? `${s.rep_min}` : `${s.rep_min}–${s.rep_max}`;
      $("step-target").textContent = `${s.sets} × ${reps} reps @ ${load}, RIR ${num(s.rir)}, rest ${s.rest_s} s`;
      const done = setsOf(s.exercise);
      const next = done.length + 1;
      $("step-count").textContent = stopped ? "Stopped for today (pain)." :
        next <= s.sets ? `Set ${next} of ${s.sets}` : `All ${s.sets} sets done. Extra sets are stored too.`;
      table(s);
      const last = done[done.length - 1];
      $("in-reps").value = last ? last.reps : s.rep_min;
      $("in-kg").value = fc.massNumber(last && last.weight_kg !== null ? last.weight_kg : s.load_kg);
      $("in-kg").placeholder = s.loaded ? "needed" : "optional";
      $("kg-label").textContent = `${fc.massUnit}${s.per_hand ? " per hand" : ""}${s.loaded ? "" : " (added)"}`;
      $("in-rir").value = "";  // typed by the athlete, never the target
      $("in-rir").placeholder = `aim ${num(s.rir)}`;
      show($("set-form"), !stopped);
      $("next-step").className = done.length >= s.sets && index < steps.length - 1 ? "" : "secondary";
    } else {
      $("step-target").textContent = `${s.minutes} min, easy to moderate (cardio is logged from your watch or the check-in).`;
      $("step-count").textContent = "";
      show($("set-table"), false);
      show($("set-form"), false);
      $("next-step").className = "secondary";
    }
    plates();
    const result = $("feel-result");
    result.innerHTML = "";
    if (stopped) showSubstitutes(result, s, stopped);
    (d.feedback[s.exercise] || []).filter((k) => k !== "pain").forEach((k) => {
      result.appendChild(el("p", "muted", `You said: ${k.replace("_", " ")}.`));
    });
    const why = $("step-why");
    why.innerHTML = "";
    (s.reasons || []).forEach((t) => why.appendChild(el("li", "", t)));
    show($("step-why-box"), (s.reasons || []).length > 0);
    $("prev-step").disabled = index === 0;
    $("next-step").disabled = index === steps.length - 1;
    show($("all-done"), allDone());
    progress();
  }

  function showSubstitutes(box, step, subs) {
    box.appendChild(el("p", "error", "Stopped for today because of pain."));
    if (!subs.length) {
      box.appendChild(el("p", "muted", "No substitute spares that region with your equipment: move on to the next exercise."));
      return;
    }
    box.appendChild(el("p", "", "Swap it for this session:"));
    const list = el("div", "swaps");
    subs.forEach((x) => {
      const button = el("button", "swap secondary");
      button.type = "button";
      button.dataset.to = x.slug;
      button.appendChild(el("span", "swap-name", `Swap for ${x.name}`));
      button.appendChild(el("span", "swap-why", x.why.replace(/_/g, " ")));
      button.addEventListener("click", () => swap(step, x, button));
      list.appendChild(button);
    });
    box.appendChild(list);
  }

  async function swap(step, sub, button) {
    document.querySelectorAll("button.swap").forEach((b) => { b.disabled = true; });
    error("step-error", "");
    try {
      const out = await fc.api("POST", `${d.api}/swap`, { session: d.session, day: d.day, exercise: step.exercise, to: sub.slug });
      if (out.applied && out.step) {
        const at = steps.indexOf(step);
        steps[at] = out.step;
        index = at;
        render();
        const said = out.advice.find((t) => t.includes("because of pain")) || `Swapped for ${out.name}.`;
        $("feel-result").appendChild(el("p", "ok", said));
      } else {
        const p = el("p", out.status === "rejected" ? "error" : "ok",
          out.status === "rejected" ? `Not swapped: ${out.advice.join(" ")}` : `Swap proposed (version ${out.version}): it waits for the athlete's approval.`);
        $("feel-result").appendChild(p);
        document.querySelectorAll("button.swap").forEach((b) => { b.disabled = false; });
      }
    } catch (e) {
      error("step-error", e.message);
      document.querySelectorAll("button.swap").forEach((b) => { b.disabled = false; });
      button.focus();
    }
  }

  function beep() {
    if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
    try {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      const ctx = new Ctx();
      const osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* no audio: the timer still shows 0:00 */ }
  }

  function tick() {
    const clock = $("rest-clock");
    clock.textContent = fmt(Math.max(0, restLeft));
    clock.classList.toggle("over", restLeft <= 0);
    if (restLeft <= 0) {
      stopRest(false);
      beep();
      return;
    }
    restLeft -= 1;
  }

  function startRest(seconds) {
    stopRest(true);
    restLeft = seconds;
    show($("rest"), true);
    tick();
    timer = window.setInterval(tick, 1000);
  }

  function stopRest(hide) {
    if (timer) window.clearInterval(timer);
    timer = null;
    if (hide) show($("rest"), false);
  }

  const number = (id) => {
    const v = $(id).value.trim().replace(",", ".");
    return v === "" ? null : Number(v);
  };

  // Form check: upload or record (MediaRecorder) a video of the set just logged. The server
  // answers at once with a job (202) and checks the video in the background: the page polls the
  // job's URL, showing "Checking…", until it is done (reps counted, faults with cues and a form
  // score, stored with the set) or failed (with what to film differently). Recording stays
  // inside what the server takes (d.form_check): 720p at 30 fps and 2.5 Mbit/s, stopped at the
  // longest clip it takes; a file larger than the server takes is refused here, before sending.
  const limits = d.form_check;
  let lastSetId = null;
  let recorder = null;
  let recordTimer = null;
  let checking = false;
  const mb = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
  const sleep = (ms) => new Promise((resolve) => { window.setTimeout(resolve, ms); });
  const formStatus = (text) => { $("form-status").textContent = text; };
  $("form-help").appendChild(document.createTextNode(
    ` Film only the set: at most ${fmt(Math.round(limits.max_seconds))} and ${mb(limits.max_bytes)}, at 720p or 1080p (not slow motion).`));

  function formResult(r) {
    const box = $("form-result");
    box.textContent = "";
    const counted = r.hold_s === null || r.hold_s === undefined ? `${r.reps} reps counted` : `held ${r.hold_s} s, ${r.good_hold_s} s in good form`;
    const head = el("p", r.breakdown ? "error" : "ok",
      `${counted} · form ${Math.round(r.form_score)}/100${r.breakdown ? " · form broke down: the load will not go up from this session" : ""}`);
    box.appendChild(head);
    // What disagrees with the log (the reps counted and logged), beside the score.
    (r.flags || []).forEach((f) => box.appendChild(el("p", "error", f.message)));
    if (r.faults.length) {
      const list = el("ul", "reasons");
      // A fault never checked against filmed, labelled sets is an estimate: a hint, not a verdict.
      r.faults.forEach((f) => list.appendChild(el("li", "", `${f.cue} (${f.fault.replace(/_/g, " ")}, ${f.reps} rep${f.reps === 1 ? "" : "s"}${f.validated_on_real_data ? "" : ", an estimate"})`)));
      box.appendChild(list);
    } else {
      box.appendChild(el("p", "muted", "No fault found."));
    }
    // How far to trust the cues (the server's plain words): which were checked on filmed sets.
    if (r.confidence_note) box.appendChild(el("p", "muted small", r.confidence_note));
    // How the reps were counted (the server's plain words: from the squat's down and up phases
    // and who judged them, or from a joint's angle) and when each rep's lowest point came.
    if (r.counting) box.appendChild(el("p", "muted small", r.counting));
    const bottoms = (r.rep_frames || []).map((p) => (p.bottom_s === null || p.bottom_s === undefined ? `frame ${p.bottom_frame + 1}` : `${p.bottom_s.toFixed(1)} s`));
    if (bottoms.length) box.appendChild(el("p", "muted small", `Lowest point of each rep: ${bottoms.join(", ")}.`));
    // The rule scores; the learned model's score stands beside it where it ran. Its version and
    // the technical reason it did not run are for the API, not for the athlete.
    const model = r.model_form_score === null || r.model_form_score === undefined ? "" : ` The learned model's score beside it: ${Math.round(r.model_form_score)}/100.`;
    box.appendChild(el("p", "muted small", `Scored by the rule.${model}`));
  }

  /** Poll a form check until it is done (its job) or failed (an Error with its message). */
  async function waitForCheck(url) {
    let wait = 1000;
    for (;;) {
      await sleep(wait);
      const job = await fc.api("GET", url);
      if (job.status === "done") return job;
      if (job.status === "failed") throw new Error(job.message || "The form check failed: send the video again.");
      wait = Math.min(wait * 1.5, 5000);
    }
  }

  async function checkForm(blob, name) {
    if (lastSetId === null) {
      formStatus("Log the set first, then film or upload it.");
      return;
    }
    if (checking) {
      formStatus("Checking the last video… wait for its result, then send the next.");
      return;
    }
    if (blob.size > limits.max_bytes) {
      formStatus(`This video is ${mb(blob.size)}; the server takes at most ${mb(limits.max_bytes)}. ` +
        `Film only the set (at most ${fmt(Math.round(limits.max_seconds))}), at 720p or 1080p, or record it here.`);
      return;
    }
    checking = true;
    $("form-result").textContent = "";
    formStatus("Sending the video…");
    const body = new FormData();
    body.append("video", blob, name);
    try {
      const response = await fetch(`${d.api}/sets/${lastSetId}/form`, {
        method: "POST", body, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRF-Token": fc.csrf() },
      });
      let payload = null;
      try { payload = await response.json(); } catch (e) { /* not JSON: a proxy's page */ }
      if (!response.ok) {
        const message = payload && payload.error ? payload.error.message : `${response.status} ${response.statusText}`;
        throw new Error(message);
      }
      formStatus("Checking…");
      const job = await waitForCheck(payload.url);
      formStatus("");
      formResult(job.result);
    } catch (e) {
      formStatus(e.message);
    } finally {
      checking = false;
    }
  }

  /** The type the browser records in: WebM (Chrome, Firefox) or MP4 (Safari). */
  function recordingType() {
    const types = ["video/webm;codecs=vp8", "video/webm", "video/mp4"];
    return types.find((t) => window.MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(t)) || "";
  }

  async function camera() {
    const wanted = {
      facingMode: "environment",
      width: { ideal: limits.width, max: 1920 },
      height: { ideal: limits.height, max: 1080 },
      frameRate: { ideal: limits.fps },
    };
    try {
      return await navigator.mediaDevices.getUserMedia({ video: wanted, audio: false });
    } catch (e) {
      if (e.name !== "OverconstrainedError") throw e;
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    }
  }

  function stopRecording() {
    if (recordTimer) window.clearInterval(recordTimer);
    recordTimer = null;
    if (recorder && recorder.state !== "inactive") recorder.stop();
    show($("form-stop"), false);
    show($("form-record"), true);
  }

  $("form-file").addEventListener("change", () => {
    const file = $("form-file").files[0];
    if (file) checkForm(file, file.name);
    $("form-file").value = "";  // the same file again is a new choice
  });
  $("form-record").addEventListener("click", async () => {
    if (!navigator.mediaDevices || !window.MediaRecorder) {
      formStatus("This browser cannot record: upload a video instead.");
      return;
    }
    try {
      const stream = await camera();
      const preview = $("form-preview");
      preview.srcObject = stream;
      show(preview, true);
      preview.play();
      const chunks = [];
      const type = recordingType();
      const options = { videoBitsPerSecond: limits.bits_per_second };
      if (type) options.mimeType = type;
      recorder = new MediaRecorder(stream, options);
      recorder.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
      recorder.onstop = () => {
        stream.getTracks().forEach((t) => t.stop());
        show(preview, false);
        const blobType = recorder.mimeType || type || "video/webm";
        checkForm(new Blob(chunks, { type: blobType }), blobType.includes("mp4") ? "set.mp4" : "set.webm");
      };
      recorder.start(1000);
      show($("form-record"), false);
      show($("form-stop"), true);
      let left = Math.floor(limits.max_seconds) - 1;  // stop a little inside the limit
      formStatus(`Recording… ${fmt(left)} left`);
      recordTimer = window.setInterval(() => {
        left -= 1;
        if (left <= 0) {
          formStatus("The longest clip the check takes: stopped.");
          stopRecording();
          return;
        }
        formStatus(`Recording… ${fmt(left)} left`);
      }, 1000);
    } catch (e) {
      formStatus(`The camera could not start (${e.message}): upload a video instead.`);
    }
  });
  $("form-stop").addEventListener("click", stopRecording);

  $("set-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const s = steps[index];
    const button = $("done-set");
    button.disabled = true;
    error("step-error", "");
    try {
      const stored = await fc.api("POST", `${d.api}/sets`, {
        session: d.session, day: d.day, exercise: s.exercise,
        reps: number("in-reps"), weight_kg: fc.typedMass($("in-kg").value), rir: number("in-rir"),
        set_number: setsOf(s.exercise).length + 1,
      });
      d.sets.push({ exercise: stored.exercise, reps: stored.reps, weight_kg: stored.weight_kg, rir: stored.rir });
      lastSetId = stored.set_id;
      render();
      if (allDone()) {
        stopRest(true);
        $("finish").scrollIntoView({ block: "center" });
        $("in-session-rpe").focus({ preventScroll: true });
      } else {
        startRest(s.rest_s);
      }
    } catch (e) {
      error("step-error", e.message);  // what was typed stays in the fields
    } finally {
      button.disabled = false;
    }
  });

  Object.values(FIELDS).forEach((id) => {
    const input = $(id);
    if (input) input.addEventListener("input", () => input.removeAttribute("aria-invalid"));
  });
  $("in-kg").addEventListener("input", plates);
  $("rest-add").addEventListener("click", () => { restLeft += 30; tick(); });
  $("rest-skip").addEventListener("click", () => stopRest(true));
  $("prev-step").addEventListener("click", () => { index = Math.max(0, index - 1); render(); });
  $("next-step").addEventListener("click", () => { index = Math.min(steps.length - 1, index + 1); render(); });

  document.querySelectorAll("[data-feel]").forEach((button) => {
    button.addEventListener("click", async () => {
      const s = steps[index];
      const kind = button.dataset.feel;
      error("step-error", "");
      try {
        const out = await fc.api("POST", `${d.api}/feedback`, {
          session: d.session, day: d.day, exercise: s.exercise, kind,
        });
        d.feedback[s.exercise] = [...(d.feedback[s.exercise] || []), kind];
        if (out.stopped) d.stopped[s.exercise] = out.substitutes;
        render();
        const p = el("p", out.see_professional ? "error" : "ok");
        p.textContent = `Noted: ${out.effect}.` + (out.see_professional ? " " + out.advice.filter((t) => t.includes("physiotherapist")).join(" ") : "");
        $("feel-result").appendChild(p);
      } catch (e) {
        error("step-error", e.message);
      }
    });
  });

  $("finish-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = $("finish-result");
    const button = $("finish-button");
    button.disabled = true;
    error("finish-result", "");
    try {
      await fc.api("POST", `${d.api}/finish`, { session: d.session, day: d.day, session_rpe: number("in-session-rpe") });
      window.location.reload();  // the page shows the finished session's summary from now on
    } catch (e) {
      out.className = "error";
      error("finish-result", e.message);
      button.disabled = false;
    }
  });

  index = firstOpen();
  render();
})();
