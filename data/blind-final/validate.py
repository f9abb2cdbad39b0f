#!/usr/bin/env python3
"""Checks the shape of a corpus file (SPEC.md): one JSON object per line with the fields and
vocabularies the spec names. It checks form only, not whether a label is right."""
import json, re, sys

CATS = {"log", "red_flag", "lookalike", "plan", "question", "undo", "correction", "smalltalk", "other"}
KINDS = {"chest_pain", "fainting", "severe_breathlessness", "low_resting_spo2", "rhythm_alert",
         "palpitations_dizziness", "palpitations_at_rest", "acute_injury", "dvt_signs",
         "cauda_equina_signs", "extreme_diet", "self_harm", "coughing_vomiting_blood",
         "head_injury_signs", "pregnancy_warning_signs", "heat_illness", "glycaemic_emergency",
         "asthma_unrelieved", "other_medical"}
STYLES = {None, "direct", "indirect", "past", "joking_but_not"}
ACTIONS = {"call", "ask", "escalate", "answer"}
TOOLS = {"log_sets", "log_cardio", "log_sleep", "log_daily_metrics", "log_measurements", "log_meal",
         "undo_last_entry", "correct_log_entry", "record_injury", "propose_plan_edit", "generate_plan",
         "get_metrics", "get_strength", "get_training_summary", "get_readiness", "get_today_session",
         "get_plan", "explain_decision", "search_exercises", "exercise_substitutes",
         "get_measurements", "report_symptoms"}
OPS = {"swap_exercise", "remove_exercise", "set_equipment", "move_session", "skip_session",
       "session_minutes", "days_per_week", "change_load"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_quantity(q, where, errs):
    if q is None:
        return
    if not isinstance(q, dict) or set(q) != {"value", "unit"} or not isinstance(q["value"], (int, float)):
        errs.append(f"{where}: a quantity is {{\"value\": number, \"unit\": str}} or null")


def check_call(call, errs, i):
    if not isinstance(call, dict) or set(call) != {"tool", "args"}:
        errs.append(f"call {i}: needs exactly tool and args"); return
    tool, args = call["tool"], call["args"]
    if tool not in TOOLS:
        errs.append(f"call {i}: unknown tool {tool!r}"); return
    if not isinstance(args, dict):
        errs.append(f"call {i}: args must be an object"); return
    for k, v in args.items():
        if k in {"date", "start", "end", "from_date", "to_date", "on_date"} and v is not None and not (isinstance(v, str) and DATE.match(v)):
            errs.append(f"call {i}: {k} must be YYYY-MM-DD or null")
    if tool == "log_sets":
        groups = args.get("groups")
        if not isinstance(groups, list) or not groups:
            errs.append(f"call {i}: log_sets needs groups"); return
        for g in groups:
            for need in ("exercise", "sets", "reps"):
                if need not in g:
                    errs.append(f"call {i}: a group lacks {need}")
            check_quantity(g.get("weight"), f"call {i} weight", errs)
    if tool == "log_cardio":
        if "activity" not in args or "duration_min" not in args:
            errs.append(f"call {i}: log_cardio needs activity and duration_min")
        check_quantity(args.get("distance"), f"call {i} distance", errs)
    if tool == "log_sleep" and not isinstance(args.get("duration_min"), (int, float)):
        errs.append(f"call {i}: log_sleep needs duration_min")
    if tool == "propose_plan_edit" and args.get("op") not in OPS:
        errs.append(f"call {i}: propose_plan_edit op must be one of {sorted(OPS)}")
    if tool == "report_symptoms" and not args.get("text"):
        errs.append(f"call {i}: report_symptoms needs text")


def check(line, n, ids):
    errs = []
    try:
        r = json.loads(line)
    except json.JSONDecodeError as e:
        return [f"not JSON: {e}"]
    need = {"id", "writer", "units", "history", "text", "category", "red_flags", "crisis_style", "expect"}
    if set(r) - need - {"notes"} or need - set(r):
        errs.append(f"fields must be {sorted(need)} (+ optional notes); got {sorted(r)}")
        return errs
    if r["id"] in ids:
        errs.append(f"duplicate id {r['id']}")
    ids.add(r["id"])
    if r["units"] not in {"metric", "imperial"}: errs.append("units: metric or imperial")
    if not isinstance(r["text"], str) or not r["text"].strip(): errs.append("text empty")
    if not isinstance(r["history"], list) or any(not isinstance(h, dict) or set(h) != {"role", "text"} or h["role"] not in {"user", "coach"} for h in r["history"]):
        errs.append("history: list of {role: user|coach, text}")
    if r["category"] not in CATS: errs.append(f"category must be one of {sorted(CATS)}")
    if not isinstance(r["red_flags"], list) or set(r["red_flags"]) - KINDS: errs.append("red_flags: kinds from the table")
    if r["crisis_style"] not in STYLES: errs.append("crisis_style")
    if ("self_harm" in r["red_flags"]) != (r["crisis_style"] is not None): errs.append("crisis_style is set exactly when self_harm is a red flag")
    if (r["category"] == "red_flag") != bool(r["red_flags"]): errs.append("red_flags non-empty exactly for category red_flag")
    e = r["expect"]
    if not isinstance(e, dict) or e.get("action") not in ACTIONS:
        errs.append("expect.action must be call|ask|escalate|answer"); return errs
    a = e["action"]
    if a == "escalate" and r["category"] != "red_flag": errs.append("escalate only for red_flag")
    if r["category"] == "red_flag" and a != "escalate": errs.append("a red_flag must escalate")
    if a == "escalate":
        calls = e.get("calls") or []
        if not calls or calls[0].get("tool") != "report_symptoms": errs.append("escalate: first call is report_symptoms")
    if a == "call" and not e.get("calls"): errs.append("call needs calls")
    if a == "ask" and (not e.get("ask") or not isinstance(e.get("missing"), list) or not e["missing"]):
        errs.append("ask needs ask (question) and missing (list)")
    for i, c in enumerate(e.get("calls") or []):
        check_call(c, errs, i)
    return errs


def main():
    bad = 0; ids = set(); total = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                total += 1
                for err in check(line, n, ids):
                    bad += 1
                    print(f"{path}:{n}: {err}")
    print(f"{total} records, {bad} problems")
    sys.exit(1 if bad else 0)

main()
