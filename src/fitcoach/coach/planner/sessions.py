"""The first week: each session drafted from its template's slots (or as cardio), trimmed to
the session length, then balanced for volume.
"""

from __future__ import annotations

from fitcoach.coach.planner.drafts import EPS, ROLE_ORDER, CardioBlock, Draft, Lift
from fitcoach.coach.planner.layout import SplitPlanner
from fitcoach.coach.planner.volume import VolumePlanner
from fitcoach.coach.rules.planning import CardioKind, SessionKind


class SessionPlanner(SplitPlanner, VolumePlanner):
    """Week 1: each session drafted from its template and trimmed to the session length."""

    def first_week(self) -> list[Draft]:
        drafts = []
        for kind, template_name in self.layout():
            draft = self.draft(kind, template_name)
            if draft is not None:
                drafts.append(draft)
            else:
                what = kind.replace("+", " + ") if template_name is None else "strength"
                self.a.plan_reasons.append(self.a.r("session_dropped", what=what))
        self.balance(drafts)
        return drafts

    def draft(self, kind: SessionKind, template_name: str | None) -> Draft | None:
        a = self.a
        r = a.r
        warm = self.warmup_minutes()
        avail = self.minutes - warm
        cardio: list[CardioBlock] = []
        if kind in ("easy", "intervals", "long"):
            item = self.cardio_item(kind, "session", avail)
            if item is None:
                return None
            label = item.record.name.lower()
            names = {
                "easy": f"Easy {label}",
                "intervals": f"Intervals: {label}",
                "long": f"Long {label}",
            }
            return Draft(kind, None, names[kind], "cardio", warm, [item], [])
        if kind == "easy+strength":
            comb = self.rules.timing.combined
            cardio_min = max(comb.min_cardio_minutes, comb.cardio_fraction * avail)
            cardio_min = min(cardio_min, avail - comb.min_strength_minutes)
            item = self.cardio_item("easy", "block", cardio_min)
            if item is not None:
                cardio.append(item)
        if kind == "strength+finisher":
            fin = self.rules.timing.finisher
            if self.minutes >= fin.min_session_minutes:
                item = self.cardio_item("easy", "finisher", min(fin.minutes, fin.fraction * avail))
                if item is not None:
                    cardio.append(item)
        assert template_name is not None
        template = self.rules.templates[template_name]
        name = template.name
        if kind == "easy+strength" and cardio:
            name = f"Easy {cardio[0].record.name.lower()} + {template.name[0].lower()}{template.name[1:]}"
        draft = Draft(kind, template_name, name, template.focus, warm, cardio, [])
        used: set[str] = set()
        for index, slot in enumerate(self.template_slots(template)):
            key = f"{template_name}:{index}"
            if key not in self.choices:
                avoid = self.week_mains.get(slot.pattern, set()) if slot.role == "main" else set()
                self.choices[key] = self.catalog.choose(slot, key, used, avoid)
                choice = self.choices[key]
                if choice is not None and slot.role == "main":
                    self.week_mains.setdefault(slot.pattern, set()).add(choice.pool[0].slug)
            choice = self.choices[key]
            if choice is None:
                draft.notes.append(r("slot_dropped", pattern=slot.pattern))
                continue
            index_in_pool = self.free_index(choice, used)
            if index_in_pool is None:
                draft.notes.append(r("slot_dropped", pattern=slot.pattern))
                continue
            lift = Lift(slot, key, choice, index_in_pool, self.set_range.start)
            used.add(lift.record.slug)
            draft.lifts.append(lift)
        self.fit(draft)
        if not draft.lifts and not draft.cardio:
            # Nothing permitted for this template: easy cardio keeps the training day.
            instead = self.draft("easy", None)
            if instead is not None:
                instead.notes.append(r("session_dropped", what=template.focus.replace("_", " ")))
            return instead
        return draft

    def fit(self, draft: Draft) -> None:
        """Trim a session to the session length: drop the lowest-priority slots (keeping two),
        then sets below the usual minimum, then slots down to one."""
        a = self.a
        dropped: list[str] = []
        while self.total(draft) > self.minutes + EPS and draft.lifts:
            if len(draft.lifts) > 2:
                # The lowest-priority slot goes first, unless it holds something the athlete likes.
                liked = [self.catalog.preferred(x.record) is not None for x in draft.lifts]
                at = max((i for i, keep in enumerate(liked) if not keep), default=len(liked) - 1)
                dropped.append(draft.lifts.pop(at).record.name)
                continue
            heavy = max(draft.lifts, key=lambda lift: (lift.sets, -ROLE_ORDER[lift.role]))
            if heavy.sets > 1:
                heavy.sets -= 1
                heavy.flags.add("short")
                continue
            dropped.append(draft.lifts.pop().record.name)
        if dropped:
            draft.notes.append(
                a.r("time_trimmed", what=list(reversed(dropped)), minutes=a.inputs.session_minutes)
            )

    # cardio ---------------------------------------------------------------------------------------

    def cardio_item(self, kind: CardioKind, role: str, minutes: float) -> CardioBlock | None:
        """A cardio block of ``kind`` sized to at most ``minutes``."""
        a = self.a
        found = self.catalog.cardio(kind)
        if found is None:
            return None
        record, reasons = found
        cardio = self.rules.cardio
        repeats = 0
        if kind == "intervals":
            rule = cardio.intervals[a.level]
            each = rule.work_s + rule.rest_s
            repeats = min(rule.repeats, int(minutes * 60 // each))
            if repeats < 1:
                return self.cardio_item("easy", role, minutes)
            target = repeats * each
        elif kind == "easy" and role == "session":
            target = int(min(minutes, cardio.easy.max_minutes[a.level])) * 60
        else:
            target = int(minutes) * 60
        if target < 60:
            return None
        start = target
        if kind != "intervals":
            start = max(60, int(target * self.rules.progression.cardio_start_fraction) // 60 * 60)
        return CardioBlock(kind, role, record, tuple(reasons), target, start, repeats)
