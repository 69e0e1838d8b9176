"""How long each step of an import took, for the run's notes ("Seconds to read and check: 12.3; …")."""

from __future__ import annotations

import re
import time

STEP = re.compile(r"Seconds to ([a-z ]+): ([\d.]+)")


class StepClock:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.laps: list[tuple[str, float]] = []

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps.append((step, now - self.start))
        self.start = now

    def note(self) -> str:
        return "; ".join(f"Seconds to {step}: {seconds:.1f}" for step, seconds in self.laps)


def step_seconds(notes: str) -> dict[str, float]:
    """The steps a run's notes timed (as `StepClock.note` writes them), with their seconds."""
    return {step: float(seconds) for step, seconds in STEP.findall(notes or "")}
