// Guided workout: one exercise at a time, each set stored as soon as it is done, a rest timer,
// and "too easy / too hard / pain" feedback (plain JavaScript, no build step).
"use strict";
(() => {
  const d = fc.data("workout-data");
  const $ = (id) => document.getElementById(id);
  const steps = d.steps;
  let index = 0;
  let timer = null;
  let restLeft = 0;

  const setsOf = (slug) => d.sets.filter((s) => s.exercise === slug);
  const firstOpen = () => {
    const i = steps.findIndex((s) => s.kind === "strength" && !d.stopped[s.exercise] && setsOf(s.exercise).length < s.sets);
    return i < 0 ? 0 : i;
  };
  const fmt = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  const show = (el, on) => { el.hidden = !on; };

  function error(message) {
    const el = $("step-error");
    el.textContent = message || "";
    show(el, Boolean(message));
  }

  function progress() {
    const ol = $("progress");
    ol.innerHTML = "";
    steps.forEach((s, i) => {
      const li = document.createElement("li");
      const done = s.kind === "strength" && setsOf(s.exercise).length >= s.sets;
      li.className = d.stopped[s.exercise] ? "stopped" : i === index ? "current" : done ? "done" : "";
      li.title = s.name;
      ol.appendChild(li);
    });
  }

  function render() {
    const s = steps[index];
    error("");
    $("step-name").textContent = `${index + 1}/${steps.length} · ${s.name}`;
    const list = $("sets-done");
    list.innerHTML = "";
    const stopped = d.stopped[s.exercise];
    if (s.kind === "strength") {
      const load = s.load_kg ? `${s.load_kg} kg` : s.load_kind === "bodyweight" ? "bodyweight" : "a load you pick";
      const reps = s.rep_min === s.rep_max ? `${s.rep_min}` : `${s.rep_min}–${s.rep_max}`;
      $("step-target").textContent = `${s.sets} × ${reps} reps @ ${load}, RIR ${s.rir}, rest ${s.rest_s} s`;
      const done = setsOf(s.exercise);
      done.forEach((x, i) => {
        const li = document.createElement("li");
        li.textContent = `Set ${i + 1}: ${x.reps} reps${x.weight_kg ? ` × ${x.weight_kg} kg` : ""}${x.rir !== null && x.rir !== undefined ? `, RIR ${x.rir}` : ""} ✓`;
        list.appendChild(li);
      });
      const next = done.length + 1;
      $("step-count").textContent = stopped ? "Stopped for today (pain)." :
        next <= s.sets ? `Set ${next} of ${s.sets}` : `All ${s.sets} sets done. Extra sets are stored too.`;
      const last = done[done.length - 1];
      $("in-reps").value = last ? last.reps : s.rep_min;
      $("in-kg").value = last && last.weight_kg ? last.weight_kg : (s.load_kg || "");
      $("in-rir").value = s.rir;
      show($("set-form"), !stopped);
    } else {
      $("step-target").textContent = `${s.minutes} min, easy to moderate (cardio is logged from your watch or the check-in).`;
      $("step-count").textContent = "";
      show($("set-form"), false);
    }
    const result = $("feel-result");
    result.innerHTML = "";
    if (stopped) showSubstitutes(result, stopped);
    (d.feedback[s.exercise] || []).filter((k) => k !== "pain").forEach((k) => {
      const p = document.createElement("p");
      p.className = "muted";
      p.textContent = `You said: ${k.replace("_", " ")}.`;
      result.appendChild(p);
    });
    $("prev-step").disabled = index === 0;
    $("next-step").disabled = index === steps.length - 1;
    progress();
  }

  function showSubstitutes(el, subs) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = "Stopped for today because of pain.";
    el.appendChild(p);
    if (subs.length) {
      const h = document.createElement("p");
      h.textContent = "Instead you could try:";
      el.appendChild(h);
      const ul = document.createElement("ul");
      subs.forEach((x) => {
        const li = document.createElement("li");
        li.textContent = `${x.name} (${x.why})`;
        ul.appendChild(li);
      });
      el.appendChild(ul);
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

  $("done-set").addEventListener("click", async () => {
    const s = steps[index];
    const button = $("done-set");
    button.disabled = true;
    error("");
    try {
      const stored = await fc.api("POST", `${d.api}/sets`, {
        session: d.session, day: d.day, exercise: s.exercise,
        reps: number("in-reps"), weight_kg: number("in-kg"), rir: number("in-rir"),
        set_number: setsOf(s.exercise).length + 1,
      });
      d.sets.push({ exercise: stored.exercise, reps: stored.reps, weight_kg: stored.weight_kg, rir: stored.rir });
      render();
      startRest(s.rest_s);
    } catch (e) {
      error(e.message);
    } finally {
      button.disabled = false;
    }
  });

  $("rest-add").addEventListener("click", () => { restLeft += 30; tick(); });
  $("rest-skip").addEventListener("click", () => stopRest(true));
  $("prev-step").addEventListener("click", () => { index = Math.max(0, index - 1); render(); });
  $("next-step").addEventListener("click", () => { index = Math.min(steps.length - 1, index + 1); render(); });

  document.querySelectorAll("[data-feel]").forEach((button) => {
    button.addEventListener("click", async () => {
      const s = steps[index];
      const kind = button.dataset.feel;
      error("");
      try {
        const out = await fc.api("POST", `${d.api}/feedback`, {
          session: d.session, day: d.day, exercise: s.exercise, kind,
        });
        d.feedback[s.exercise] = [...(d.feedback[s.exercise] || []), kind];
        if (out.stopped) d.stopped[s.exercise] = out.substitutes;
        render();
        const p = document.createElement("p");
        p.className = out.see_professional ? "error" : "ok";
        p.textContent = `Noted: ${out.effect}.` + (out.see_professional ? " " + out.advice.filter((t) => t.includes("physiotherapist")).join(" ") : "");
        $("feel-result").appendChild(p);
      } catch (e) {
        error(e.message);
      }
    });
  });

  $("finish-button").addEventListener("click", async () => {
    const out = $("finish-result");
    try {
      const done = await fc.api("POST", `${d.api}/finish`, { session: d.session, day: d.day, session_rpe: number("in-session-rpe") });
      out.className = "ok";
      out.textContent = `Saved: ${Math.round(done.duration_s / 60)} min at RPE ${done.session_rpe} (${done.load_au} AU).`;
    } catch (e) {
      out.className = "error";
      out.textContent = e.message;
    }
  });

  index = firstOpen();
  render();
})();
