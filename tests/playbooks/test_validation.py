"""A playbook with an error is refused whole, with file, step id and field named; overrides by id."""
from __future__ import annotations

import pytest

from seeds.errors import SeedError
from seeds.playbook import load_all, load_file

GOOD = '''
[playbook]
name = "postpartum"
kinds = ["postpartum"]

[[steps]]
id = "after_discharge_d3"
anchor = "discharge"
offset = "3 days after"
channel = "phone"
role = "customer_service"
kind = "callback"
why = "§4.8.2"
title = { zh = "回访", en = "Callback" }
script = { zh = "{salutation}您好", en = "Hello {salutation}" }
'''


def write(tmp_path, text, name="postpartum.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path, old, new) -> str:
    with pytest.raises(SeedError) as exc:
        load_file(write(tmp_path, GOOD.replace(old, new, 1)))
    return str(exc.value)


def test_the_good_file_loads(tmp_path):
    step = load_file(write(tmp_path, GOOD)).step("after_discharge_d3")
    assert step.offset.amount == 3 and step.window.name == "morning"


def test_unknown_anchor_names_file_step_and_field(tmp_path):
    assert refused(tmp_path, 'anchor = "discharge"', 'anchor = "dischage"').startswith(
        "postpartum.toml, step after_discharge_d3: unknown anchor 'dischage'")


@pytest.mark.parametrize("old,new,words", [
    ('offset = "3 days after"', 'offset = "3 dayz after"', "offset '3 dayz after'"),
    ('offset = "3 days after"', 'offset = "2 hours after"', "needs a timed anchor"),
    ('channel = "phone"', 'channel = "fax"', "unknown channel 'fax'"),
    ('role = "customer_service"', 'role = "janitor"', "unknown role 'janitor'"),
    ('kind = "callback"', 'kind = "call"', "unknown kind 'call'"),
    ('Hello {salutation}', 'Hello {nmae}', "script.en: unknown placeholder {nmae}"),
    ('title = { zh = "回访", en = "Callback" }', 'title = { zh = "回访" }', "title needs zh and en"),
    ('why = "§4.8.2"', 'why = ""', "why must say which manual rule"),
    ('kind = "callback"', 'kind = "callback"\nwindow = "25:00-26:00"', "window '25:00-26:00'"),
    ('kind = "callback"', 'kind = "callback"\nrepeat = { every = "1 week" }', "repeat needs until or count"),
    ('kind = "callback"', 'kind = "callback"\nrepeat = { every = "1 week", until = "dischrge" }',
     "repeat.until: unknown date 'dischrge'"),
    ('kind = "callback"', 'kind = "callback"\nconditions = ["when_happy"]', "unknown condition 'when_happy'"),
    ('kind = "callback"', 'kind = "callback"\noutcome = { max_attempts = 0 }', "outcome.max_attempts"),
    ('kind = "callback"', 'kind = "callback"\nonly_for = { case_category = ["vip"] }',
     "only_for.case_category: unknown value 'vip'"),
    ('kind = "callback"', 'kind = "callback"\ncolour = "red"', "unknown field 'colour'"),
])
def test_each_bad_field_is_named(tmp_path, old, new, words):
    message = refused(tmp_path, old, new)
    assert message.startswith("postpartum.toml, step after_discharge_d3: ") and words in message


def test_a_festival_step_needs_known_festivals(tmp_path):
    text = GOOD.replace('anchor = "discharge"', 'anchor = "festival"\nfestivals = ["halloween"]').replace(
        'offset = "3 days after"', 'offset = "same day"')
    with pytest.raises(SeedError, match="unknown festival 'halloween'"):
        load_file(write(tmp_path, text))


def test_a_duplicate_id_refuses_the_whole_playbook(tmp_path):
    twice = GOOD + GOOD[GOOD.index("[[steps]]"):]
    with pytest.raises(SeedError, match="step after_discharge_d3: id used twice"):
        load_file(write(tmp_path, twice))


def test_why_is_a_zh_en_table_or_one_text_for_both(tmp_path):
    table = load_file(write(tmp_path, GOOD.replace(
        'why = "§4.8.2"', 'why = { zh = " §4.8.2 出所3天内回访 ", en = "§4.8.2 callback within 3 days" }')))
    assert table.step("after_discharge_d3").why == {"zh": "§4.8.2 出所3天内回访", "en": "§4.8.2 callback within 3 days"}
    plain = load_file(write(tmp_path, GOOD)).step("after_discharge_d3")  # an older center file: one text
    assert plain.why == {"zh": "§4.8.2", "en": "§4.8.2"}


@pytest.mark.parametrize("new,words", [
    ('why = { zh = "§4.8.2 出所3天内回访" }', "why needs zh and en: why.en is missing"),
    ('why = { en = "§4.8.2 callback" }', "why needs zh and en: why.zh is missing"),
    ('why = { zh = "", en = "§4.8.2 callback" }', "why.zh must be non-empty text"),
    ('why = { zh = "§4.8.2 回访", en = 3 }', "why.en must be non-empty text"),
    ('why = { zh = "§4.8.2 回访", en = "§4.8.2", fr = "§4.8.2" }', "why: unknown language 'fr'"),
    ('why = 482', "why must say which manual rule"),
])
def test_a_bad_why_table_names_file_step_and_field(tmp_path, new, words):
    message = refused(tmp_path, 'why = "§4.8.2"', new)
    assert message.startswith("postpartum.toml, step after_discharge_d3: ") and words in message


def test_a_bad_why_in_an_override_file_names_that_file(tmp_path):
    override = write(tmp_path, '''
[[steps]]
playbook = "postpartum"
id = "visit_day2"
why = { en = "center rule" }
''', "center.toml")
    with pytest.raises(SeedError) as exc:
        load_all(override)
    assert str(exc.value).startswith("center.toml, step visit_day2: why needs zh and en: why.zh is missing")


def test_every_shipped_step_says_why_in_chinese_and_english():
    """The four seed playbooks: every why is a {zh, en} pair, the zh in Chinese, both citing the same rule."""
    import re
    import tomllib

    from seeds.playbook import PLAYBOOK_DIR

    han, seen = re.compile(r"[\u4e00-\u9fff]"), 0
    for name in ("postpartum", "aesthetics", "wellness", "vip"):
        with (PLAYBOOK_DIR / f"{name}.toml").open("rb") as fh:
            raw = tomllib.load(fh)
        for step in raw["steps"]:
            why = step["why"]
            assert isinstance(why, dict) and set(why) == {"zh", "en"}, f"{name}.toml, step {step['id']}: why"
            assert han.search(why["zh"]), f"{name}.toml, step {step['id']}: why.zh is not Chinese: {why['zh']}"
            assert why["zh"].split()[0] == why["en"].split()[0], f"{name}.toml, step {step['id']}: rule differs"
            seen += 1
    assert seen == sum(len(book.steps) for book in load_all().values()) >= 78


def test_shipped_playbooks_all_load_with_zh_and_en_scripts():
    books = load_all()
    assert {"postpartum", "aesthetics", "wellness", "vip"} <= set(books)
    for book in books.values():
        for step in book.steps:
            assert step.script["zh"] and step.script["en"] and step.why


def test_an_override_file_replaces_fields_adds_steps_and_disables_by_id(tmp_path):
    override = write(tmp_path, '''
[[steps]]
playbook = "postpartum"
id = "visit_day2"
window = "10:00-11:00"

[[steps]]
playbook = "postpartum"
id = "visit_day8"
anchor = "admission"
offset = "7 days after"
channel = "in_person"
role = "nurse"
kind = "visit"
why = "center rule: day 8"
title = { zh = "第8天探访", en = "Day 8 visit" }
script = { zh = "{salutation}早上好", en = "Good morning {salutation}" }

[[steps]]
playbook = "postpartum"
id = "visit_day7"
disable = true
''', "center.toml")
    book = load_all(override)["postpartum"]
    assert book.step("visit_day2").window.start == (10, 0)
    assert book.step("visit_day2").script["zh"].startswith("{salutation}")  # untouched fields kept
    assert book.step("visit_day8").offset.amount == 7 and book.step("visit_day7") is None


def test_a_bad_override_names_the_override_file(tmp_path):
    override = write(tmp_path, '[[steps]]\nplaybook = "postpartum"\nid = "visit_day2"\nanchor = "admision"\n',
                     "center.toml")
    with pytest.raises(SeedError, match=r"^center.toml, step visit_day2: unknown anchor 'admision'"):
        load_all(override)


@pytest.mark.parametrize("old,new,words", [
    ('offset = "3 days after"', 'offset = "999999999 days after"', "offset '999999999 days after' is more than 3 years"),
    ('offset = "3 days after"', 'offset = "40 months before"', "offset '40 months before' is more than 3 years"),
    ('offset = "3 days after"', 'offset = "160 weeks after"', "is more than 3 years"),
    ('kind = "callback"', 'kind = "callback"\nrepeat = { every = "1200 days", count = 3 }',
     "repeat.every '1200 days' is more than 3 years"),
    ('kind = "callback"', 'kind = "callback"\nbetween = ["signing", "discharge + 99999 months"]',
     "between[2] 'discharge + 99999 months' is more than 3 years"),
    ('kind = "callback"', 'kind = "callback"\noutcome = { retry_after = "99999999 hours" }',
     "outcome.retry_after '99999999 hours' is more than 3 years"),
])
def test_an_offset_beyond_a_few_years_is_refused_at_load(tmp_path, old, new, words):
    """'999999999 days after' used to load and then stop `carefloor due` (date arithmetic overflows)."""
    message = refused(tmp_path, old, new)
    assert message.startswith("postpartum.toml, step after_discharge_d3: ") and words in message


@pytest.mark.parametrize("old,new,field", [
    ('Hello {salutation}', 'Hello {salutation:d}', "script.en"),
    ('{salutation}您好', '{salutation!x}您好', "script.zh"),
    ('Hello {salutation}', 'Hello {salutation:%Y}', "script.en"),
    ('en = "Callback"', 'en = "Call {name:>{day}.3f}"', "title.en"),
])
def test_a_script_that_does_not_render_for_a_guest_is_refused_at_load(tmp_path, old, new, field):
    """Every step's texts are filled in for a sample guest at load: '{salutation:d}' used to load
    and then crash the app when a nurse signed in."""
    message = refused(tmp_path, old, new)
    assert message.startswith(f"postpartum.toml, step after_discharge_d3: {field}: does not render for a guest")


def test_a_format_that_renders_is_accepted(tmp_path):
    step = load_file(write(tmp_path, GOOD.replace('Hello {salutation}', 'Hello {salutation:>4}!'))).step(
        "after_discharge_d3")
    assert step.script["en"] == "Hello {salutation:>4}!"


def test_a_bad_script_in_a_center_override_names_that_file(tmp_path):
    override = write(tmp_path, '''
[[steps]]
playbook = "postpartum"
id = "visit_day2"
offset = "999999999 days after"
''', "center.toml")
    with pytest.raises(SeedError, match=r"^center.toml, step visit_day2: offset '999999999 days after' is more"):
        load_all(override)
    override.write_text('[[steps]]\nplaybook = "postpartum"\nid = "visit_day2"\n'
                        'script = { zh = "{salutation:d}早", en = "Morning" }\n', encoding="utf-8")
    with pytest.raises(SeedError, match=r"^center.toml, step visit_day2: script.zh: does not render"):
        load_all(override)
