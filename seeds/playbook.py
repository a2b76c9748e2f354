"""Load and validate playbooks (seeds/playbooks/*.toml) plus a center's override file.

A playbook with any error is refused whole; the message names file, step id and field:
    postpartum.toml, step after_discharge_d3: unknown anchor 'dischage'
"""
from __future__ import annotations

import tomllib
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from seeds import playbook_parse as parse
from seeds.errors import SeedError
from seeds.festivals import FESTIVALS
from seeds.playbook_schema import (
    ANCHORS, ASSIGN, CHANNELS, CONDITIONS, INSTANT_ANCHORS, KINDS, ONLY_FOR, Outcome, Playbook, Repeat, Step,
)
from seeds.roles import load_roles

PLAYBOOK_DIR = Path(__file__).with_name("playbooks")
GUEST_KINDS = ("postpartum", "aesthetics", "wellness")
STEP_KEYS = frozenset({
    "id", "anchor", "offset", "repeat", "window", "channel", "role", "kind", "title", "script", "checklist",
    "conditions", "outcome", "why", "only_for", "between", "festivals", "after_step", "offset_by_outcome",
    "until", "assign", "playbook", "disable",
})


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise SeedError(f"{path}: playbook file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise SeedError(f"{path.name}: not valid TOML: {exc}") from None


@lru_cache(maxsize=8)
def load_all(override: Path | str | None = None, folder: Path = PLAYBOOK_DIR) -> dict[str, Playbook]:
    """Every playbook in `folder` by name, with the override file's steps merged in by id."""
    raws = {}
    for path in sorted(Path(folder).glob("*.toml")):
        data = _read(path)
        name = data.get("playbook", {}).get("name") or path.stem
        raws[name] = (path.name, data)
    if override:
        _merge_override(raws, Path(override))
    return {name: build(data, source) for name, (source, data) in raws.items()}


def load_file(path: Path | str) -> Playbook:
    """One playbook file, validated."""
    path = Path(path)
    return build(_read(path), path.name)


def _merge_override(raws: dict, path: Path) -> None:
    """Override file: [[steps]] with playbook = NAME and id; same id replaces fields, new id adds a step."""
    data = _read(path)
    for index, raw in enumerate(data.get("steps", [])):
        name, step_id = raw.get("playbook"), raw.get("id")
        if name not in raws:
            raise SeedError(f"{path.name}, step {step_id or index + 1}: unknown playbook {name!r} "
                            f"(known: {', '.join(sorted(raws))})")
        source, book = raws[name]
        steps = book.setdefault("steps", [])
        current = next((s for s in steps if s.get("id") == step_id), None)
        if raw.get("disable"):
            book["steps"] = [s for s in steps if s.get("id") != step_id]
            continue
        if current is None:
            steps.append({**raw, "_source": path.name})
        else:
            current.update(raw)
            current["_source"] = path.name


def build(data: dict, source: str) -> Playbook:
    """Validate one playbook's data (as read from TOML) into a Playbook."""
    head = data.get("playbook", {})
    name = head.get("name") or Path(source).stem
    kinds = tuple(head.get("kinds", []))
    bad = [k for k in kinds if k not in GUEST_KINDS]
    if bad:
        raise SeedError(f"{source}: playbook.kinds: unknown guest kind {bad[0]!r}")
    windows = dict(parse.DEFAULT_WINDOWS)
    for wname, spec in data.get("windows", {}).items():
        try:
            windows[wname] = _named(spec, wname)
        except parse.FieldError as exc:
            raise SeedError(f"{source}, windows.{wname}: {exc}") from None
    defaults = data.get("defaults", {})
    by_channel = _channel_defaults(data.get("defaults_by_channel", {}), source)
    steps, seen = [], set()
    for index, raw in enumerate(data.get("steps", [])):
        own = {k: v for k, v in raw.items() if k != "_source"}
        channel = own.get("channel", defaults.get("channel"))
        merged = {**defaults, **by_channel.get(channel, {}), **own}
        where = raw.get("_source", source)
        step = _step(merged, name, windows, where, index)
        if step.id in seen:
            raise SeedError(f"{where}, step {step.id}: id used twice")
        seen.add(step.id)
        steps.append(step)
    _check_after_steps(steps, source)
    return Playbook(name, kinds, bool(head.get("vip_only", False)), tuple(steps), windows, source)


def _channel_defaults(table: dict, source: str) -> dict[str, dict]:
    """[defaults_by_channel.in_person] etc.: step fields for every step of that channel (a step's own win)."""
    for channel, fields in table.items():
        if channel not in CHANNELS:
            raise SeedError(f"{source}, defaults_by_channel: unknown channel {channel!r} (one of: {', '.join(CHANNELS)})")
        if not isinstance(fields, dict):
            raise SeedError(f"{source}, defaults_by_channel.{channel}: a table of step fields")
    return table


def _named(spec, wname):
    parsed = parse.window(spec, parse.DEFAULT_WINDOWS)
    if parsed is None:
        raise parse.FieldError("a named window cannot be 'exact'")
    return replace(parsed, name=wname)


def _check_after_steps(steps: list[Step], source: str) -> None:
    ids = {s.id: s for s in steps}
    for step in steps:
        if step.anchor != "after_step":
            continue
        target = ids.get(step.after_step)
        if target is None or target.anchor == "after_step":
            raise SeedError(f"{step.source or source}, step {step.id}: after_step {step.after_step!r} "
                            f"is not a step of this playbook")


def _step(raw: dict, playbook: str, windows: dict, source: str, index: int) -> Step:
    step_id = raw.get("id") or f"#{index + 1}"
    try:
        return _parse_step(raw, step_id, playbook, windows, source)
    except parse.FieldError as exc:
        raise SeedError(f"{source}, step {step_id}: {exc}") from None


def _choice(raw: dict, key: str, allowed, default=None):
    value = raw.get(key, default)
    if value not in allowed:
        shown = ", ".join(str(a) for a in allowed if a != "")
        raise parse.FieldError(f"unknown {key} {value!r} (one of: {shown})")
    return value


def _parse_step(raw: dict, step_id: str, playbook: str, windows: dict, source: str) -> Step:
    unknown = set(raw) - STEP_KEYS - {"_source"}
    if unknown:
        raise parse.FieldError(f"unknown field {sorted(unknown)[0]!r}")
    if not isinstance(raw.get("id"), str) or not raw["id"].replace("_", "").isalnum():
        raise parse.FieldError("id must be letters, digits and _")
    anchor = _choice(raw, "anchor", ANCHORS)
    off = parse.offset(raw.get("offset", "same day"))
    if off.is_clock and anchor not in INSTANT_ANCHORS:
        raise parse.FieldError(f"offset in {off.unit} needs a timed anchor ({', '.join(sorted(INSTANT_ANCHORS))})")
    roles = load_roles()
    role = _choice(raw, "role", tuple(roles))
    kind = _choice(raw, "kind", KINDS)
    channel = _choice(raw, "channel", CHANNELS)
    win = parse.window(raw.get("window", "exact" if anchor in INSTANT_ANCHORS else "morning"), windows)
    if win is None and anchor not in INSTANT_ANCHORS:
        raise parse.FieldError(f"window 'exact' needs a timed anchor ({', '.join(sorted(INSTANT_ANCHORS))})")
    extra = ("festival",) if anchor == "festival" else ()
    allowed = tuple(p for p in parse.PLACEHOLDERS if p != "festival") + extra
    title = parse.bilingual(raw.get("title"), "title", allowed)
    script = parse.bilingual(raw.get("script"), "script", allowed)
    checklist = tuple(parse.bilingual(item, f"checklist[{i + 1}]", allowed)
                      for i, item in enumerate(raw.get("checklist", [])))
    why = _why(raw.get("why", ""))
    return Step(
        id=step_id, playbook=playbook, anchor=anchor, offset=off, channel=channel, role=role, kind=kind,
        title=title, script=script, why=why, window=win, repeat=_repeat(raw.get("repeat")),
        checklist=checklist, conditions=_conditions(raw.get("conditions", [])),
        outcome=_outcome(raw.get("outcome", {}), roles, windows), only_for=_only_for(raw.get("only_for", {})),
        between=_between(raw.get("between")), festivals=_festivals(raw, anchor),
        after_step=_after(raw, anchor), offset_by_outcome=_by_outcome(raw, anchor),
        clamp=parse.bound(raw["until"], "until") if "until" in raw else None,
        assign=_choice(raw, "assign", ASSIGN, ""), source=source,
    )


def _why(value) -> dict[str, str]:
    """The manual rule behind the step: { zh = "...", en = "..." }, or one text for both (older files)."""
    if isinstance(value, str) and value.strip():
        return {"zh": value.strip(), "en": value.strip()}
    if not isinstance(value, dict):
        raise parse.FieldError("why must say which manual rule this step follows "
                               "(e.g. why = { zh = \"§4.6.3 第2天\", en = \"§4.6.3 day 2\" })")
    unknown = sorted(set(value) - {"zh", "en"})
    if unknown:
        raise parse.FieldError(f"why: unknown language {unknown[0]!r} (zh and en)")
    for lang in ("zh", "en"):
        if lang not in value:
            raise parse.FieldError(f"why needs zh and en: why.{lang} is missing")
        if not isinstance(value[lang], str) or not value[lang].strip():
            raise parse.FieldError(f"why.{lang} must be non-empty text")
    return {"zh": value["zh"].strip(), "en": value["en"].strip()}


def _repeat(raw) -> Repeat | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise parse.FieldError("repeat must be a table like { every = \"1 month\", until = \"due_date\" }")
    unknown = set(raw) - {"every", "days_of_month", "from", "until", "count"}
    if unknown:
        raise parse.FieldError(f"repeat: unknown field {sorted(unknown)[0]!r}")
    every = parse.duration(raw["every"], "repeat.every") if "every" in raw else None
    days = tuple(raw.get("days_of_month", ()))
    if (every is None) == (not days):
        raise parse.FieldError("repeat needs exactly one of every or days_of_month")
    if any(not isinstance(d, int) or not 1 <= d <= 28 for d in days):
        raise parse.FieldError("repeat.days_of_month must be days 1..28")
    count = raw.get("count")
    if count is not None and (not isinstance(count, int) or not 1 <= count <= 200):
        raise parse.FieldError("repeat.count must be 1..200")
    if count is None and "until" not in raw:
        raise parse.FieldError("repeat needs until or count, or it never ends")
    start = parse.bound(raw["from"], "repeat.from") if "from" in raw else None
    until = parse.bound(raw["until"], "repeat.until") if "until" in raw else None
    return Repeat(every, days, start, until, count)


def _conditions(raw) -> frozenset[str]:
    bad = [c for c in raw if c not in CONDITIONS]
    if bad:
        raise parse.FieldError(f"unknown condition {bad[0]!r} (one of: {', '.join(CONDITIONS)})")
    return frozenset(raw)


def _outcome(raw: dict, roles, windows: dict) -> Outcome:
    unknown = set(raw) - {"retry_after", "max_attempts", "escalate_to", "within", "apart"}
    if unknown:
        raise parse.FieldError(f"outcome: unknown field {sorted(unknown)[0]!r}")
    retry = parse.duration(raw.get("retry_after", "2 hours"), "outcome.retry_after")
    attempts = raw.get("max_attempts", 3)
    if not isinstance(attempts, int) or not 1 <= attempts <= 20:
        raise parse.FieldError("outcome.max_attempts must be 1..20")
    escalate = raw.get("escalate_to", "supervisor")
    if escalate not in roles:
        raise parse.FieldError(f"outcome.escalate_to: unknown role {escalate!r}")
    within = None
    if "within" in raw:
        within = parse.window(raw["within"], windows)
        if within is None:
            raise parse.FieldError("outcome.within names hours ('day', '09:00-20:00'), not 'exact'")
        if not retry.is_clock:
            raise parse.FieldError("outcome.within needs retry_after in minutes or hours (a retry the same day)")
    apart = parse.duration(raw.get("apart", "10 minutes"), "outcome.apart")
    if not apart.is_clock or (retry.is_clock and _minutes(apart) > _minutes(retry)):
        raise parse.FieldError("outcome.apart is minutes or hours, no longer than retry_after (e.g. '10 minutes')")
    return Outcome(retry, attempts, escalate, within, apart)


def _minutes(offset) -> int:
    return offset.amount * (60 if offset.unit == "hours" else 1)


def _only_for(raw: dict) -> dict[str, tuple]:
    out = {}
    for key, values in raw.items():
        if key not in ONLY_FOR:
            raise parse.FieldError(f"only_for: unknown key {key!r} (one of: {', '.join(ONLY_FOR)})")
        values = tuple(values) if isinstance(values, list) else (values,)
        bad = [v for v in values if v not in ONLY_FOR[key]]
        if bad:
            raise parse.FieldError(f"only_for.{key}: unknown value {bad[0]!r}")
        out[key] = values
    return out


def _between(raw):
    if raw is None:
        return (None, None)
    if not isinstance(raw, list) or len(raw) != 2:
        raise parse.FieldError("between must be [from, until], e.g. [\"signing\", \"discharge + 6 months\"]")
    return (parse.bound(raw[0], "between[1]"), parse.bound(raw[1], "between[2]"))


def _festivals(raw: dict, anchor: str) -> tuple[str, ...]:
    values = tuple(raw.get("festivals", ()))
    if anchor == "festival" and not values:
        raise parse.FieldError("a festival step needs festivals = [...]")
    bad = [f for f in values if f not in FESTIVALS]
    if bad:
        raise parse.FieldError(f"festivals: unknown festival {bad[0]!r} (one of: {', '.join(FESTIVALS)})")
    return values


def _after(raw: dict, anchor: str) -> str:
    value = raw.get("after_step", "")
    if anchor == "after_step" and not value:
        raise parse.FieldError("anchor after_step needs after_step = \"<step id>\"")
    return value


def _by_outcome(raw: dict, anchor: str) -> dict:
    table = raw.get("offset_by_outcome", {})
    return {outcome: parse.offset(text) for outcome, text in table.items()}


def step_of(books: dict[str, Playbook], playbook: str, step_id: str) -> Step | None:
    """The step a task came from, or None if the playbook no longer has it."""
    book = books.get(playbook)
    return book.step(step_id) if book else None
