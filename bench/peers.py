"""The same 12-step linear machine, one guard per step, in the peer libraries and as a plain dict.

Each peer is a :class:`~bench.guarded.Candidate`, or ``None`` when its library is not installed.
States are ``s0`` … ``s12``; one event, ``go``, moves a machine one state on when its guard
(which always says yes) allows it.
"""

from __future__ import annotations

import functools
import itertools
import operator
from typing import Any

from bench.guarded import STEPS, Candidate
from bench.timing import version

STATES = tuple(f"s{i}" for i in range(STEPS + 1))
MOVES = tuple(itertools.pairwise(STATES))
FINAL = STATES[-1]


def _yes(*_args: object) -> bool:
    """The guard of every step."""
    return True


def plain_dict() -> Candidate:
    """A dict from each state to the next, and a guard function called before each move."""

    def build() -> dict[str, str]:
        return dict(MOVES)

    def run(table: dict[str, str]) -> str:
        state = STATES[0]
        for _ in range(STEPS):
            if _yes(state):
                state = table[state]
        return state

    return Candidate("plain dict + guard function", None, build, run, str, FINAL)


def python_statemachine() -> Candidate | None:
    """python-statemachine: the machine is a class; building it defines the class and makes an
    instance (the guard is the method ``ok``, named in each transition's ``cond``)."""
    try:
        from statemachine import State, StateMachine
    except ImportError:
        return None

    def build() -> Any:
        states = {name: State(initial=name == STATES[0], final=name == FINAL) for name in STATES}
        moves = (states[a].to(states[b], cond="ok") for a, b in MOVES)
        go = functools.reduce(operator.or_, moves)
        return type("Linear", (StateMachine,), {**states, "go": go, "ok": _yes})()

    def run(machine: Any) -> Any:
        for _ in range(STEPS):
            machine.go()
        return machine

    def state(machine: Any) -> str:
        current = getattr(machine, "configuration", None) or [machine.current_state]
        return ",".join(s.id for s in current)

    return Candidate(
        "python-statemachine", version("python-statemachine"), build, run, state, FINAL
    )


class _Model:
    """The object a ``transitions`` machine drives (it gets ``state`` and ``go``)."""

    def ok(self) -> bool:
        return True


def transitions() -> Candidate | None:
    """transitions: building makes a ``Machine`` over a fresh model; ``conditions`` is the guard."""
    try:
        from transitions import Machine
    except ImportError:
        return None
    moves = [{"trigger": "go", "source": a, "dest": b, "conditions": "ok"} for a, b in MOVES]

    def build() -> Any:
        model = _Model()
        Machine(
            model=model,
            states=list(STATES),
            transitions=moves,
            initial=STATES[0],
            auto_transitions=False,
        )
        return model

    def run(model: Any) -> Any:
        for _ in range(STEPS):
            model.go()
        return model

    return Candidate(
        "transitions", version("transitions"), build, run, lambda m: str(m.state), FINAL
    )
