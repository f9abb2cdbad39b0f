"""One proposal a reply (misc19): a pain noted beside a change asked for ("knee's sore, swap
lunges for leg press") made two versions from the same plan, the injury's own (the region
spared) and the change asked for (made after the injury was noted, so the validator spared the
region in it too). Approving one left the other waiting on a plan that had moved on; the
earlier one is withdrawn so that one proposal does both."""

from __future__ import annotations

from fitcoach.assistant.offline.draft import ReplyDraft

WITHDRAWN = (
    "Plan version {earlier} (the injury's change alone) is withdrawn: version {last} spares "
    "your {region} and makes the change you asked for, so only it waits for your approval."
)


def one_proposal(turn: ReplyDraft, region: str) -> str | None:
    """Withdraw every version this reply proposed before its last one; the sentence that says
    so, or None when the reply proposed one version or none."""
    versions = [c.result.proposed_version for c in turn.calls if c.result.ok and c.result.proposed_version is not None]  # fmt: skip
    last = versions[-1] if versions else None
    earlier = [v for v in dict.fromkeys(versions) if v != last]
    if last is None or not earlier:
        return None
    for version in earlier:
        turn.call("reject_plan_change", {"version": version})
    turn.proposed = last
    said = ", ".join(str(v) for v in earlier)
    return WITHDRAWN.format(earlier=said, last=last, region=region.replace("_", " "))
