"""What a learner has done: per-resource statuses and saved plans, as plain values.

Progress belongs to the learner, not to one plan: statuses are kept per resource id and shared
by every saved plan. Ids that leave the catalog are kept, never dropped; a renamed resource
(its old id in ``aliases``) keeps its status through ``Progress.status_of``.

``parse_progress`` is the gate for data read from a progress file. It is written out by hand
rather than with pydantic so that ``pathfinder done`` starts fast; the file format is small.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Any, Literal

from pathfinder.errors import shorten
from pathfinder.models import LEVELS, Catalog

# 2: ``assessments`` (placement quizzes and quizzes on one resource). A file without any is
# still written as version 1, so that an older pathfinder keeps reading it.
SCHEMA_VERSION = 2
Status = Literal["todo", "reading", "done", "skipped"]
STATUSES: tuple[str, ...] = ("todo", "reading", "done", "skipped")
DEFAULT_PLAN = "default"


@dataclass(frozen=True)
class Entry:
    """One resource's status, when it last changed, and the learner's note."""

    status: Status
    changed: datetime
    note: str | None = None


@dataclass(frozen=True)
class SavedPlan:
    """The options a plan was made with, so that status, next and export need none of them.
    ``items`` are the plan's ids when it was saved, to tell what the catalog has changed."""

    goals: tuple[str, ...]
    created: datetime
    levels: tuple[str, ...] = ()
    known: tuple[str, ...] = ()
    catalogs: tuple[str, ...] = ()
    hours_per_week: float | None = None
    pace: float = 1.0
    items: tuple[str, ...] = ()
    include_optional: bool = False


@dataclass(frozen=True)
class QuizAnswer:
    """One answered check: its id (``<resource-id>#<n>``), the answer as given (the choice's
    text, the number, or ``?`` for "I don't know"), whether it was right, and when."""

    check: str
    answer: str
    correct: bool
    at: datetime


AssessmentKind = Literal["placement", "quiz"]


@dataclass(frozen=True)
class AssessmentRecord:
    """A finished quiz. ``placement`` (``pathfinder assess``): the goals and levels it was
    for, what it concluded known, the --level values it suggested, and its confidence.
    ``quiz`` (``pathfinder quiz``, ``done --quiz``): the one resource it was on. Recorded
    next to the learner's marks, never changing them."""

    kind: AssessmentKind
    at: datetime
    answers: tuple[QuizAnswer, ...]
    resource: str | None = None
    goals: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    known: tuple[str, ...] = ()
    suggested_levels: tuple[str, ...] = ()
    confidence: float | None = None

    @property
    def right(self) -> int:
        return sum(a.correct for a in self.answers)


def written_version(progress: Progress) -> int:
    """The schema version a file holding ``progress`` declares: 2 only when it has
    assessments, so that older pathfinders can still read every other file."""
    return 2 if progress.assessments else 1


@dataclass(frozen=True)
class Progress:
    """The whole progress file."""

    # the version this pathfinder reads and writes (a file on disk declares
    # ``written_version``: 1 unless it holds assessments)
    schema_version: int = SCHEMA_VERSION
    current_plan: str | None = None
    plans: dict[str, SavedPlan] = field(default_factory=dict)
    resources: dict[str, Entry] = field(default_factory=dict)
    assessments: tuple[AssessmentRecord, ...] = ()

    def status_of(self, resource_id: str, catalog: Catalog | None = None) -> Status:
        entry = self.entry_for(resource_id, catalog)
        return entry.status if entry else "todo"

    def entry_for(self, resource_id: str, catalog: Catalog | None = None) -> Entry | None:
        """The entry under the id or, when the catalog renamed it, under a former id."""
        entry = self.resources.get(resource_id)
        if entry is None and catalog is not None:
            resource = catalog.resources.get(resource_id)
            for alias in resource.aliases if resource else ():
                if alias in self.resources:
                    return self.resources[alias]
        return entry

    def statuses(self, catalog: Catalog) -> dict[str, Status]:
        """Status of every catalog resource that has one other than todo, by current id.
        Walks the learner's entries, not the catalog, which may be a hundred times larger."""
        out: dict[str, Status] = {}
        for rid, entry in self.resources.items():
            current = catalog.resolve(rid)
            if current is None or entry.status == "todo":
                continue
            if current != rid and current in self.resources:
                continue  # an entry under the current id wins over one under a former id
            out[current] = entry.status
        return out

    def unknown_ids(self, catalog: Catalog) -> list[str]:
        """Ids in the file that the catalog no longer has under any name (kept, reported)."""
        return sorted(rid for rid in self.resources if catalog.resolve(rid) is None)

    def current(self) -> SavedPlan | None:
        return self.plans.get(self.current_plan) if self.current_plan else None


def with_status(
    progress: Progress, ids: list[str], status: Status, now: datetime, catalog: Catalog
) -> Progress:
    """Set ``status`` on canonical ``ids``; an entry kept under a former id moves to the id."""
    resources = dict(progress.resources)
    for rid in ids:
        previous = _pop_entry(resources, rid, catalog)
        resources[rid] = Entry(status, now, previous.note if previous else None)
    return replace(progress, resources=resources)


def with_note(progress: Progress, rid: str, note: str, now: datetime, catalog: Catalog) -> Progress:
    resources = dict(progress.resources)
    previous = _pop_entry(resources, rid, catalog)
    resources[rid] = Entry(previous.status if previous else "todo", now, note or None)
    return replace(progress, resources=resources)


def with_plan(progress: Progress, name: str, saved: SavedPlan) -> Progress:
    return replace(progress, plans={**progress.plans, name: saved}, current_plan=name)


def with_assessment(progress: Progress, record: AssessmentRecord) -> Progress:
    return replace(progress, assessments=(*progress.assessments, record))


def _pop_entry(resources: dict[str, Entry], rid: str, catalog: Catalog) -> Entry | None:
    entry = resources.pop(rid, None)
    if entry is None:
        resource = catalog.resources.get(rid)
        for alias in resource.aliases if resource else ():
            entry = resources.pop(alias, None) or entry
    return entry


# -- the file format ------------------------------------------------------------------------

Path_ = tuple[Any, ...]


class ProgressDataError(Exception):
    """The data of a progress file does not have the documented shape."""

    def __init__(self, problems: list[tuple[Path_, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{'.'.join(map(str, p))}: {m}" for p, m in problems))


def to_data(progress: Progress) -> dict[str, Any]:
    """Plain data for YAML, in the documented shape (None values left out)."""
    plans = {}
    for name, saved in progress.plans.items():
        plan: dict[str, Any] = {
            "goals": list(saved.goals),
            "levels": list(saved.levels),
            "known": list(saved.known),
            "catalogs": list(saved.catalogs),
            "created": _iso(saved.created),
        }
        if saved.hours_per_week is not None:
            plan["hours_per_week"] = saved.hours_per_week
        plan["pace"] = saved.pace
        if saved.include_optional:
            plan["include_optional"] = True
        plan["items"] = list(saved.items)
        plans[name] = plan
    resources = {}
    for rid, entry in progress.resources.items():
        item: dict[str, Any] = {"status": entry.status, "changed": _iso(entry.changed)}
        if entry.note:
            item["note"] = entry.note
        resources[rid] = item
    data: dict[str, Any] = {"schema_version": written_version(progress)}
    if progress.current_plan is not None:
        data["current_plan"] = progress.current_plan
    data["plans"] = plans
    data["resources"] = resources
    if progress.assessments:
        data["assessments"] = [_assessment_data(a) for a in progress.assessments]
    return data


def _assessment_data(record: AssessmentRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": record.kind, "at": _iso(record.at)}
    if record.resource is not None:
        data["resource"] = record.resource
    if record.kind == "placement":
        data["goals"] = list(record.goals)
        data["levels"] = list(record.levels)
        data["known"] = list(record.known)
        data["suggested_levels"] = list(record.suggested_levels)
        if record.confidence is not None:
            data["confidence"] = round(record.confidence, 3)
    data["answers"] = [
        {"check": a.check, "answer": a.answer, "correct": a.correct, "at": _iso(a.at)}
        for a in record.answers
    ]
    return data


UNKNOWN_TIME = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_progress(data: Any, written: datetime = UNKNOWN_TIME) -> Progress:
    """Check ``data`` (from YAML) against the format and build a Progress; raise
    ProgressDataError listing every problem with its path in the file.

    ``written``: when the file was last written (its modification time). An entry added by
    hand without ``changed`` gets that time, the latest its status can have changed, rather
    than being refused: a missing timestamp is nothing a learner should have to invent."""
    problems: list[tuple[Path_, str]] = []
    checker = _Checker(problems, written)
    optional = ("current_plan", "plans", "resources", "assessments")
    top = checker.mapping(data, (), required=("schema_version",), optional=optional)
    progress = Progress()
    if top is not None:
        version = checker.integer(top.get("schema_version"), ("schema_version",))
        if version is not None and version < 1:
            checker.fail(("schema_version",), "must be 1 or more", version)
        current = checker.optional_text(top.get("current_plan"), ("current_plan",))
        plans = {}
        for name, raw in checker.table(top.get("plans", {}), ("plans",)).items():
            saved = checker.saved_plan(raw, ("plans", name))
            if saved is not None:
                plans[name] = saved
        resources = {}
        for rid, raw in checker.table(top.get("resources", {}), ("resources",)).items():
            entry = checker.entry(raw, ("resources", rid))
            if entry is not None:
                resources[rid] = entry
        if current is not None and current not in plans and not problems:
            choices = ", ".join(sorted(plans)) or "none"
            checker.fail(("current_plan",), f"names no saved plan (saved: {choices})", current)
        assessments = []
        raw_list = top.get("assessments") or []
        if not isinstance(raw_list, list):
            checker.fail(("assessments",), "must be a list", raw_list)
            raw_list = []
        for index, raw in enumerate(raw_list):
            record = checker.assessment(raw, ("assessments", index))
            if record is not None:
                assessments.append(record)
        progress = Progress(SCHEMA_VERSION, current, plans, resources, tuple(assessments))
    if problems:
        raise ProgressDataError(problems)
    return progress


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _as_written(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    return shorten(value)


def _yaml11_hint(value: Any) -> str:
    """For ``pace: 010`` or ``hours_per_week: 1:30``, which YAML 1.1 reads as numbers."""
    if not isinstance(value, str):
        return ""
    from pathfinder.catalog.yaml_reader import yaml11_number

    number = yaml11_number(value)
    if number is None:
        return ""
    return f", which YAML 1.1 reads as {number}; write the number in plain decimal"


@dataclass
class _Checker:
    problems: list[tuple[Path_, str]]
    written: datetime = UNKNOWN_TIME  # for an entry without ``changed``

    def fail(self, path: Path_, message: str, value: Any = None, hint: str = "") -> None:
        """Record a problem; ``value``, when given, is the offending value, named as the file
        has it (a date as 2026-01-01, not as Python writes it)."""
        self.problems.append(
            (path, message if value is None else f"{message} (got {_as_written(value)}{hint})")
        )

    def mapping(
        self, value: Any, path: Path_, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, "must be a mapping", value)
            return None
        for key in value:
            if key not in required and key not in optional:
                self.fail((*path, key), "unknown field")
        for key in required:
            if key not in value:
                self.fail((*path, key), "field required")
        return value

    def table(self, value: Any, path: Path_) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            self.fail(path, "must be a mapping of names", value)
            return {}
        return value

    def integer(self, value: Any, path: Path_) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, "must be a whole number", value)
            return None
        return value

    def number(self, value: Any, path: Path_, low: float, high: float) -> float | None:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not low <= value <= high  # also false for nan
        ):
            message = f"must be a number from {low:g} to {high:g}"
            self.fail(path, message, value, _yaml11_hint(value))
            return None
        return float(value)

    def optional_text(self, value: Any, path: Path_) -> str | None:
        if value is not None and not isinstance(value, str):
            self.fail(path, "must be text", value)
            return None
        return value

    def texts(self, value: Any, path: Path_, non_empty: bool = False) -> tuple[str, ...]:
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(path, "must be a list of text", value)
            return ()
        if non_empty and not value:
            self.fail(path, "must not be empty")
        return tuple(value)

    def moment(self, value: Any, path: Path_) -> datetime | None:
        if isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                pass
        self.fail(path, "must be a date and time like 2026-01-31T12:00:00Z", value)
        return None

    def saved_plan(self, raw: Any, path: Path_) -> SavedPlan | None:
        fields = (
            "levels",
            "known",
            "catalogs",
            "hours_per_week",
            "pace",
            "items",
            "include_optional",
        )
        data = self.mapping(raw, path, required=("goals", "created"), optional=fields)
        if data is None:
            return None
        created = self.moment(data.get("created"), (*path, "created"))
        hours = data.get("hours_per_week")
        if hours is not None:
            hours = self.number(hours, (*path, "hours_per_week"), 0.1, 168)  # as the options
        pace = self.number(data.get("pace", 1.0), (*path, "pace"), 0.1, 20)
        goals = self.texts(data.get("goals"), (*path, "goals"), non_empty=True)
        levels = self.texts(data.get("levels"), (*path, "levels"))
        known = self.texts(data.get("known"), (*path, "known"))
        catalogs = self.texts(data.get("catalogs"), (*path, "catalogs"))
        items = self.texts(data.get("items"), (*path, "items"))
        include_optional = data.get("include_optional", False)
        if not isinstance(include_optional, bool):
            self.fail((*path, "include_optional"), "must be true or false", include_optional)
            return None
        for index, level in enumerate(levels):
            if level.rpartition("=")[2].strip() not in LEVELS:
                expected = f"must be a level ({', '.join(LEVELS)}) or TOPIC=LEVEL"
                self.fail((*path, "levels", index), expected, level)
        for index, goal in enumerate(goals):
            if goal in known:
                self.fail((*path, "goals", index), f"{shorten(goal)} is both a goal and known")
        if created is None or pace is None:
            return None
        return SavedPlan(
            goals, created, levels, known, catalogs, hours, pace, items, include_optional
        )

    def entry(self, raw: Any, path: Path_) -> Entry | None:
        data = self.mapping(raw, path, required=("status",), optional=("changed", "note"))
        if data is None:
            return None
        status = data.get("status")
        if status not in STATUSES and "status" in data:  # a missing one is reported once
            self.fail((*path, "status"), f"must be one of {', '.join(STATUSES)}", status)
        changed: datetime | None = self.written
        if data.get("changed") is not None:  # left out (or left empty) by a hand edit
            changed = self.moment(data["changed"], (*path, "changed"))
        note = self.optional_text(data.get("note"), (*path, "note"))
        if status not in STATUSES or changed is None:
            return None
        return Entry(status, changed, note)  # type: ignore[arg-type]

    def assessment(self, raw: Any, path: Path_) -> AssessmentRecord | None:
        optional = (
            "resource", "goals", "levels", "known", "suggested_levels", "confidence", "answers"
        )  # fmt: skip
        data = self.mapping(raw, path, required=("kind", "at"), optional=optional)
        if data is None:
            return None
        kind = data.get("kind")
        if kind not in ("placement", "quiz"):
            self.fail((*path, "kind"), "must be placement or quiz", kind)
        at = self.moment(data.get("at"), (*path, "at"))
        resource = self.optional_text(data.get("resource"), (*path, "resource"))
        goals = self.texts(data.get("goals"), (*path, "goals"))
        levels = self.texts(data.get("levels"), (*path, "levels"))
        known = self.texts(data.get("known"), (*path, "known"))
        suggested = self.texts(data.get("suggested_levels"), (*path, "suggested_levels"))
        confidence = data.get("confidence")
        if confidence is not None:
            confidence = self.number(confidence, (*path, "confidence"), 0, 1)
        answers = []
        raw_answers = data.get("answers") or []
        if not isinstance(raw_answers, list):
            self.fail((*path, "answers"), "must be a list", raw_answers)
            raw_answers = []
        for index, item in enumerate(raw_answers):
            where = (*path, "answers", index)
            fields = self.mapping(item, where, required=("check", "answer", "correct", "at"),
                                  optional=())  # fmt: skip
            if fields is None:
                continue
            check = fields.get("check")
            answer = fields.get("answer")
            correct = fields.get("correct")
            moment = self.moment(fields.get("at"), (*where, "at"))
            if not isinstance(check, str):
                self.fail((*where, "check"), "must be text", check)
            if not isinstance(answer, str):
                self.fail((*where, "answer"), "must be text", answer)
            if not isinstance(correct, bool):
                self.fail((*where, "correct"), "must be true or false", correct)
            texts = isinstance(check, str) and isinstance(answer, str)
            if texts and isinstance(correct, bool) and moment is not None:
                answers.append(QuizAnswer(check, answer, correct, moment))
        if kind not in ("placement", "quiz") or at is None:
            return None
        return AssessmentRecord(
            kind, at, tuple(answers), resource, goals, levels, known, suggested, confidence
        )
