// Plate maths for a barbell: the plates per side that make a load (fewest plates, heaviest
// first), or the nearest load below when the plates cannot make it exactly. The same algorithm
// and wording as fitcoach.coach.loading.plates_per_side (a browser test compares the two), so
// the page can follow what the athlete types without asking the server. With lb plates
// (`fc.plates.forSetup`, as coach.loading.plates_for) the target is converted to pounds, the
// plates chosen in pounds, and the loads given back in kg too.
"use strict";
fc.plates = (() => {
  const STANDARD = [25, 20, 15, 10, 5, 2.5, 1.25];
  const grams = (kg) => Math.round(kg * 1000);
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  const kg = (g) => String(g / 1000);
  const fmt = (value) => String(Number(value.toPrecision(6)));

  function fewest(amount, sizes, unit) {
    if (amount % unit) return null;
    const steps = amount / unit;
    const units = sizes.map((p) => p / unit);
    const best = [0];
    const last = [0];
    for (let total = 1; total <= steps; total += 1) {
      best.push(null);
      last.push(0);
      for (const size of units) {
        const prev = size <= total ? best[total - size] : null;
        if (prev !== null && (best[total] === null || prev + 1 < best[total])) {
          best[total] = prev + 1;
          last[total] = size;
        }
      }
    }
    if (best[steps] === null) return null;
    const out = [];
    for (let left = steps; left > 0; left -= last[left]) out.push(last[left] * unit);
    return out.sort((a, b) => b - a);
  }

  const KG_PER_LB = 0.45359237;
  const round = (value, places) => Math.round(value * 10 ** places) / 10 ** places;

  /** Plates for `targetKg` with the athlete's set-up ({unit, bar, plates} in that unit). */
  function forSetup(targetKg, setup) {
    const s = setup || { unit: "kg", bar: 20, plates: STANDARD };
    if (s.unit !== "lb") return plates(targetKg, s.bar, s.plates);
    if (!Number.isFinite(targetKg) || targetKg < 0) return null;
    const p = plates(round(targetKg / KG_PER_LB, 3), s.bar, s.plates);
    const text = p.per_side.length ? p.text.replace(/ kg per side$/, " lb per side") : `empty bar (${fmt(s.bar)} lb)`;
    return {
      target_kg: targetKg, bar_kg: round(s.bar * KG_PER_LB, 2), per_side: p.per_side,
      total_kg: round(p.total_kg * KG_PER_LB, 2), exact: p.exact,
      above_kg: p.above_kg === null ? null : round(p.above_kg * KG_PER_LB, 2),
      note: p.note.replaceAll(" kg", " lb"), text, unit: "lb", bar: s.bar,
    };
  }

  /** Plates per side of a `barKg` bar for `targetKg`, as coach.loading.PlateLoad. */
  function plates(targetKg, barKg = 20, platesKg = STANDARD) {
    if (!Number.isFinite(targetKg) || targetKg < 0) return null;
    const target = grams(targetKg);
    const bar = grams(barKg);
    const sizes = [...new Set(platesKg.filter((p) => p > 0).map(grams))].sort((a, b) => b - a);
    if (target < bar) {
      return {
        target_kg: targetKg, bar_kg: barKg, per_side: [], total_kg: barKg, exact: false,
        above_kg: barKg, note: `${fmt(targetKg)} kg is less than the empty bar (${fmt(barKg)} kg)`,
        text: `empty bar (${fmt(barKg)} kg)`, unit: "kg", bar: barKg,
      };
    }
    const unit = sizes.reduce(gcd);
    const side = Math.floor((target - bar) / 2);
    let below = side - (side % unit);
    let chosen = fewest(below, sizes, unit);
    while (chosen === null) {
      below -= unit;
      chosen = fewest(below, sizes, unit);
    }
    const total = bar + 2 * below;
    const exact = total === target;
    let above = null;
    if (!exact) {
      let up = below + unit;
      while (fewest(up, sizes, unit) === null) up += unit;
      above = bar + 2 * up;
    }
    const note = exact ? "" :
      `${fmt(targetKg)} kg cannot be loaded exactly with these plates: ${fmt(total / 1000)} kg is the nearest below` +
      (above !== null ? `, ${fmt(above / 1000)} kg the nearest above` : "");
    return {
      target_kg: targetKg, bar_kg: barKg, per_side: chosen.map((g) => g / 1000), total_kg: total / 1000,
      exact, above_kg: above === null ? null : above / 1000, note,
      text: chosen.length ? `${chosen.map(kg).join(" + ")} kg per side` : `empty bar (${fmt(barKg)} kg)`,
      unit: "kg", bar: barKg,
    };
  }
  plates.forSetup = forSetup;
  return plates;
})();
