"""Store refusals reach a nurse in her language: literal templates, each translated.

An AST scan of store/**/*.py finds every construction of a StoreError subclass (`Invalid(...)`,
`Conflict(...)`, `super().__init__(...)` inside one) and checks its message template is a string
literal, never an f-string, `%`, `+` or `.format`; the values go in keyword params. A template that
arrives as a parameter of a helper (outcomes._required(text, field, why)) is followed to the
helper's callers, which must pass a literal. Every template, and every phrase passed to
need_text() / require() as a param, must be in tui/locales/store_messages.toml with the same
{placeholders} in zh and en.
"""
from __future__ import annotations

import ast
import string
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tui import i18n, store_messages

ROOT = Path(__file__).resolve().parents[1]
BASE = "StoreError"
# Where the template is among the positional args; None: the class builds its own message.
# A new error class with its own __init__ must be added here (test_every_custom_init_is_declared).
TEMPLATE_ARG = {"Invalid": 1, "LoginFailed": 1, "PermissionDenied": 2, "UnpaidBalance": None, "TaskTaken": None}
TEMPLATE_KW = {"Invalid": "reason_template"}
# Phrases the store passes as params and the UI translates: function -> positional index.
TERM_ARG = {"need_text": 2, "require": 1, "PermissionDenied": 0}
TERM_UNDERSCORES = {"require", "PermissionDenied"}  # PermissionDenied shows "health_notes" as "health notes"
DEFAULT_TEMPLATES = ("{who} may not {action}",)  # PermissionDenied's, in store/errors.py


@dataclass
class Scan:
    templates: dict[str, list[str]] = field(default_factory=dict)   # template -> ["file:line"]
    terms: dict[str, list[str]] = field(default_factory=dict)
    bad: list[str] = field(default_factory=list)
    custom_inits: set[str] = field(default_factory=set)


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _error_classes(trees: dict[str, ast.Module]) -> dict[str, str]:
    """Every StoreError subclass defined in store/ -> its (first) base's name."""
    found: dict[str, str] = {}
    classes = [n for tree in trees.values() for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    changed = True
    while changed:
        changed = False
        for cls in classes:
            bases = [_name(b) for b in cls.bases]
            hit = next((b for b in bases if b == BASE or b in found), None)
            if hit and cls.name not in found:
                found[cls.name], changed = hit, True
    return found


def _template_index(cls: str, classes: dict[str, str]) -> int | None:
    while cls not in TEMPLATE_ARG and cls in classes:
        cls = classes[cls]
    return TEMPLATE_ARG.get(cls, 0)


def _template_node(call: ast.Call, index: int, cls: str) -> ast.expr | None:
    if len(call.args) > index:
        return call.args[index]
    kw = TEMPLATE_KW.get(cls)
    return next((k.value for k in call.keywords if k.arg == kw), None)


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _add(table: dict[str, list[str]], text: str, where: str) -> None:
    table.setdefault(text, []).append(where)


def scan(sources: dict[str, str]) -> Scan:
    """Scan {path: source}; a separate function so a test can feed it a bad line."""
    trees = {path: ast.parse(text, filename=path) for path, text in sources.items()}
    classes = _error_classes(trees)
    out = Scan()
    forwarders: dict[str, int] = {}
    for path, tree in trees.items():
        _scan_tree(path, tree, classes, out, forwarders)
    for path, tree in trees.items():
        _scan_callers(path, tree, {**forwarders, **TERM_ARG}, set(forwarders), out)
    return out


def _scan_tree(path: str, tree: ast.Module, classes: dict[str, str], out: Scan, forwarders: dict[str, int]) -> None:
    for cls_node in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name in classes):
        if any(isinstance(f, ast.FunctionDef) and f.name == "__init__" for f in cls_node.body):
            out.custom_inits.add(cls_node.name)
    for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))] + [tree]:
        params = [a.arg for a in func.args.posonlyargs + func.args.args] if isinstance(func, ast.FunctionDef) else []
        owner = _owner_class(tree, func)
        if owner in classes or (owner == BASE and path.endswith("errors.py")):
            params = [] if func.name != "__init__" else params  # an error class's own __init__ passes its
            # template parameter on: TEMPLATE_ARG covers its callers
        for call in _direct_calls(func):
            name = _name(call.func)
            if name in classes:
                cls = name
            elif name == "__init__" and owner in classes and isinstance(call.func.value, ast.Call):
                cls = classes[owner]  # super().__init__(...) takes the base's arguments
            else:
                continue
            index = _template_index(cls, classes)
            if index is None:
                continue
            node = _template_node(call, index, cls)
            where = f"{path}:{call.lineno}"
            if node is None:
                continue  # the class's default template (PermissionDenied)
            text = _literal(node)
            if text is not None:
                _add(out.templates, text, where)
            elif isinstance(node, ast.Name) and node.id in params and func.name == "__init__":
                continue
            elif isinstance(node, ast.Name) and node.id in params and isinstance(func, ast.FunctionDef):
                forwarders[func.name] = params.index(node.id)
            else:
                out.bad.append(f"{where}: {ast.unparse(node)[:70]}")


def _owner_class(tree: ast.Module, func) -> str | None:
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        if func in cls.body:
            return cls.name
    return None


def _direct_calls(scope):
    """Calls in `scope` that are not inside a nested function or class (those are scanned on their own)."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Call):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _scan_callers(path: str, tree: ast.Module, positions: dict[str, int], templates: set[str], out: Scan) -> None:
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = _name(call.func)
        if name not in positions or len(call.args) <= positions[name]:
            continue
        node = call.args[positions[name]]
        where = f"{path}:{call.lineno}"
        text = _literal(node)
        if text is not None and name not in templates:
            _add(out.terms, text.replace("_", " ") if name in TERM_UNDERSCORES else text, where)
        elif text is not None:
            _add(out.templates, text, where)
        elif name in templates:
            out.bad.append(f"{where}: {name}(...) passes {ast.unparse(node)[:60]} as a message")


def store_sources() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted((ROOT / "store").rglob("*.py"))}


@pytest.fixture(scope="module")
def found() -> Scan:
    return scan(store_sources())


def _names(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_the_scan_sees_the_store(found):
    assert len(found.templates) > 100
    assert "enter {what}" in found.templates and "give a score from 1 to 5" in found.templates
    assert "say what the issue is" in found.templates  # via outcomes._required
    assert "the hospital" in found.terms and "health notes" in found.terms


def test_every_template_is_a_literal(found):
    assert found.bad == [], "build messages as a literal template + keyword params:\n" + "\n".join(found.bad)


@pytest.mark.parametrize("line", [
    'raise Invalid("x", f"bad {y}")',
    'raise Conflict("room %s" % room)',
    'raise NotFound("no {id}".format(id=1))',
    'raise Invalid("x", "bad " + y)',
    'raise Invalid("x", reason_template=f"bad {y}")',
    'raise TaskGone(f"task {y}")',
])
def test_the_scan_catches_a_built_message(line):
    source = f"class TaskGone(NotFound):\n    pass\n\n\ndef f(y, room):\n    {line}\n"
    assert scan({"store/errors.py": ERRORS, "store/x.py": source}).bad


def test_a_helper_passing_its_parameter_is_followed_to_its_callers():
    source = ('def need(field, why):\n    raise Invalid(field, why)\n\n\n'
              'def g(y):\n    need("a", "enter a")\n    need("b", f"enter {y}")\n')
    result = scan({"store/errors.py": ERRORS, "store/x.py": source})
    assert "enter a" in result.templates and len(result.bad) == 1


def test_every_custom_init_is_declared(found):
    assert found.custom_inits <= set(TEMPLATE_ARG), "add the class to TEMPLATE_ARG"


def test_every_template_and_term_is_translated(found):
    zh = store_messages.tables()
    missing = sorted(t for t in [*found.templates, *DEFAULT_TEMPLATES] if t not in zh.messages)
    missing += sorted(t for t in found.terms if t not in zh.terms)
    assert missing == [], "add to tui/locales/store_messages.toml:\n" + "\n".join(
        f"  {t!r}  ({(found.templates.get(t) or found.terms.get(t))[0]})" for t in missing)


def test_placeholders_match_in_both_languages(found):
    zh = store_messages.tables().messages
    bad = [t for t in found.templates if t in zh and _names(t) != _names(zh[t])]
    assert bad == []


def test_catalog_is_part_of_the_i18n_catalog():
    keys = [k for k in i18n.catalog() if k.startswith("store_messages.")]
    assert len(keys) > 100


ERRORS = (ROOT / "store" / "errors.py").read_text(encoding="utf-8")


# -- tui/store_messages.py: the lookup itself ------------------------------------------------

@pytest.fixture
def zh():
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


def test_message_in_zh_translates_template_and_known_words(zh):
    from store.errors import Conflict

    exc = Conflict("contract {contract_no} is already {status}", contract_no="HT-1", status="admitted")
    assert str(exc) == "contract HT-1 is already admitted"
    assert exc.template == "contract {contract_no} is already {status}" and exc.params["contract_no"] == "HT-1"
    assert store_messages.message(exc) == "合同 HT-1 已是“在住”状态"


def test_invalid_reason_and_message(zh):
    from store.errors import Invalid

    exc = Invalid("phone", "{phone!r} is not a phone number: digits only, e.g. 13800138000", phone="12ab")
    assert exc.reason == "'12ab' is not a phone number: digits only, e.g. 13800138000"
    assert str(exc) == "phone: " + exc.reason and exc.field == "phone"
    assert store_messages.reason(exc).startswith("“12ab”不是电话号码")
    assert store_messages.message(exc).startswith("电话:“12ab”")
    i18n.set_language("en")
    assert store_messages.reason(exc) == exc.reason and store_messages.message(exc) == str(exc)


def test_a_param_known_in_both_languages_uses_each(zh):
    from store.errors import Invalid

    exc = Invalid("checklist", "not done yet: {items}", items={"en": "room card", "zh": "房卡"})
    assert exc.reason == "not done yet: room card"
    assert store_messages.reason(exc) == "还有未完成的项目:房卡"


def test_need_text_phrase_and_permission_are_translated(zh):
    from store.errors import Invalid, PermissionDenied

    assert store_messages.reason(Invalid("hospital", "enter {what}", what="the hospital")) == "请填写医院"
    denied = PermissionDenied("audit_view", "李护士")
    assert str(denied) == "李护士 may not audit view" and denied.permission == "audit_view"
    assert store_messages.message(denied) == "李护士 没有权限查看审计记录"


def test_unknown_template_falls_back_to_english(zh):
    from store.errors import Conflict, Invalid, StoreError

    assert store_messages.message(StoreError("something {x} new", x=1)) == "something 1 new"
    assert store_messages.message(ValueError("plain")) == "plain"
    try:
        try:
            raise Conflict("room {number} is {status}: choose a vacant room", number="603", status="occupied")
        except Conflict as exc:
            raise Invalid("room", str(exc)) from exc  # as a screen may re-raise it under a field
    except Invalid as wrapped:
        assert store_messages.reason(wrapped) == "603 房当前有人入住,请选择空房"
