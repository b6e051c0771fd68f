"""Random edits of cases, of an issue's entries (added, removed, moved), of issues (fields,
files added, removed, renumbered, signed) and of images, registered with the others of
``tests/fuzz_edits.py`` (an edited issue whose sign-off no longer matches is a draft: a
state the builds must handle as well)."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from tests.fuzz_edits import NAMES, PLACES, UNITS, Project, _set_or_drop, edit

# -- cases -------------------------------------------------------------------------------


def _case(p: Project) -> CommentedMap:
    subject = p.rng.choice(PLACES) + p.phrase(1, 2) + p.rng.choice(("医院", "诊所", "药店"))
    case = CommentedMap()
    case["title"] = subject + "骗取医保基金案"
    case["subject"] = subject
    case["subject_type"] = p.rng.choice(("hospital", "clinic", "pharmacy", "individual", "other"))
    case["region"] = p.rng.choice(PLACES)
    case["methods"] = [p.phrase(2, 3) for _ in range(p.rng.randint(1, 3))]
    amounts = CommentedMap()
    for key in ("involved", "recovered", "fined"):
        if p.rng.random() < 0.8:
            amounts[key] = p.amount()
    case["amounts"] = amounts
    case["actions"] = ["追回违规医保基金"]
    case["body"] = p.markdown()
    return case


def _case_field(p: Project, case: Any) -> str:
    key = p.rng.choice(
        (
            "title",
            "subject",
            "subject_type",
            "region",
            "period",
            "methods",
            "amounts",
            "actions",
            "legal_basis",
        )
    )
    value: object
    if key in ("title", "subject"):
        value = p.phrase(2, 4) + ("骗取医保基金案" if key == "title" else "医院")
    elif key == "subject_type":
        value = p.rng.choice(("hospital", "clinic", "pharmacy", "individual", "other"))
    elif key == "region":
        value = p.rng.choice(PLACES)
    elif key == "period":
        start = p.rng.randint(2015, 2020)
        value = CommentedMap(
            [("from", f"{start}-{p.rng.randint(1, 12):02d}")]
            + ([("to", f"{start + 1}-{p.rng.randint(1, 12):02d}")] if p.rng.random() < 0.7 else [])
        )
        value.fa.set_flow_style()
    elif key == "amounts":
        amounts = case.get("amounts") or CommentedMap()
        which = p.rng.choice(("involved", "recovered", "fined"))
        said = _set_or_drop(p, amounts, which, p.amount())
        case["amounts"] = amounts
        return f"amounts {said}"
    elif key == "legal_basis":
        value = [f"《{p.phrase(2, 3)}条例》第{p.rng.randint(1, 99)}条"]
    else:
        value = [p.phrase(2, 3) for _ in range(p.rng.randint(1, 3))]
    if key in ("title", "subject", "subject_type"):  # required
        old = case.get(key)
        case[key] = value
        return f"{key}: {old!r} -> {value!r}"
    return _set_or_drop(p, case, key, value)


@edit(5)
def case_change(p: Project) -> str | None:
    found = p.pick_entry(("case_notice",))
    if found is None:
        return None
    path, document, index, entry = found
    cases = entry["cases"]
    roll = p.rng.random()
    if roll < 0.15:
        at = p.rng.randrange(len(cases) + 1)
        cases.insert(at, _case(p))
        said = f"case added at {at}"
    elif roll < 0.25 and len(cases) > 1:
        at = p.rng.randrange(len(cases))
        del cases[at]
        said = f"case {at} removed"
    elif roll < 0.32 and len(cases) > 1:
        i, j = p.rng.sample(range(len(cases)), 2)
        cases[i], cases[j] = cases[j], cases[i]
        said = f"cases {i} and {j} swapped"
    else:
        at = p.rng.randrange(len(cases))
        said = f"cases[{at}] " + _case_field(p, cases[at])
    p.save(path, document)
    return f"{p.rel(path)} entries[{index}] {said}"


# -- entries added, removed, moved ---------------------------------------------------------


def new_entry(p: Project, kind: str) -> CommentedMap:
    entry = CommentedMap()
    entry["kind"] = kind
    entry["title"] = p.phrase(3, 7)
    if kind == "case_notice":
        entry["issuer"] = p.rng.choice(UNITS)
        entry["intro"] = p.markdown()
        entry["cases"] = CommentedSeq([_case(p) for _ in range(p.rng.randint(1, 2))])
        return entry
    entry["source"] = p.rng.choice(UNITS)
    if kind == "news":
        entry["reporters"] = [p.rng.choice(NAMES)]
    if kind == "experience" and p.rng.random() < 0.5:
        entry["note"] = p.markdown()
    if kind == "policy" and p.rng.random() < 0.5:
        entry["doc_number"] = f"宁医保发〔2024〕{p.rng.randint(1, 99)}号"
    entry["body"] = p.markdown()
    return entry


@edit(3)
def entries_change(p: Project) -> str | None:
    path, document = p.pick_issue()
    entries = document["entries"]
    roll = p.rng.random()
    if roll < 0.4:
        kind = p.rng.choice(("work_update", "experience", "case_notice", "news", "policy"))
        at = p.rng.randrange(len(entries) + 1)
        entries.insert(at, new_entry(p, kind))
        said = f"{kind} entry added at {at}"
    elif roll < 0.7 and len(entries) > 1:
        at = p.rng.randrange(len(entries))
        del entries[at]
        said = f"entry {at} removed"
    elif len(entries) > 1:
        i, j = p.rng.sample(range(len(entries)), 2)
        entries[i], entries[j] = entries[j], entries[i]
        said = f"entries {i} and {j} swapped"
    else:
        return None
    p.save(path, document)
    return f"{p.rel(path)} {said}"


# -- issues ------------------------------------------------------------------------------


@edit(2)
def issue_theme(p: Project) -> str | None:
    path, document = p.pick_issue()
    said = _set_or_drop(p, document, "theme", p.phrase(3, 6))
    p.save(path, document)
    return f"{p.rel(path)} {said}"


@edit(2)
def issue_date(p: Project) -> str | None:
    path, document = p.pick_issue()
    old = str(document["date"])
    day = int(old[8:10])
    new_day = max(1, min(28, day + p.rng.choice((-2, -1, 1, 2))))
    document["date"] = old[:8] + f"{new_day:02d}"
    p.save(path, document)
    return f"{p.rel(path)} date {old} -> {document['date']}"


@edit(1)
def issue_order(p: Project) -> str | None:
    path, document = p.pick_issue()
    said = _set_or_drop(p, document, "order", p.rng.choice(("by_section", "as_written")))
    p.save(path, document)
    return f"{p.rel(path)} {said}"


@edit(1)
def issue_staff(p: Project) -> str | None:
    path, document = p.pick_issue()
    staff = CommentedMap([("主编", p.rng.choice(NAMES)), ("责任编辑", p.rng.choice(NAMES))])
    said = _set_or_drop(p, document, "staff", staff)
    p.save(path, document)
    return f"{p.rel(path)} {said}"


@edit(1)
def issue_distribution(p: Project) -> str | None:
    path, document = p.pick_issue()
    value = CommentedMap([("报", [p.rng.choice(UNITS)]), ("发", [p.rng.choice(PLACES) + "医保局"])])
    said = _set_or_drop(p, document, "distribution", value)
    p.save(path, document)
    return f"{p.rel(path)} {said}"


@edit(1)
def issue_print_run(p: Project) -> str | None:
    path, document = p.pick_issue()
    said = _set_or_drop(p, document, "print_run", p.rng.randint(50, 500))
    p.save(path, document)
    return f"{p.rel(path)} {said}"


@edit(1)
def issue_total(p: Project) -> str | None:
    path, document = p.pick_issue()
    if document.get("kind", "regular") != "regular":
        return None
    old = document.get("total")
    if old is not None and p.rng.random() < 0.5:
        del document["total"]
        said = f"removed total (was {old})"
    else:
        document["total"] = (old or 100) + p.rng.choice((1, 5, 20))
        said = f"total {old} -> {document['total']}"
    p.save(path, document)
    return f"{p.rel(path)} {said}"


@edit(2)
def issue_added(p: Project) -> str | None:
    """A copy of an issue as the next number of its year (or a supplement/special)."""
    path, document = p.pick_issue()
    document = copy.deepcopy(document)
    year = int(document["year"])
    kind = p.rng.choice(("regular", "regular", "supplement", "special"))
    prefix = {"regular": "", "supplement": "zengkan-", "special": "zhuankan-"}[kind]
    folder = p.root / "content" / "issues" / str(year)
    numbers = [
        int(f.stem.removeprefix(prefix))
        for f in folder.glob(f"{prefix}*.yaml")
        if f.stem.removeprefix(prefix).isdigit()
    ]
    number = max(numbers, default=0) + 1
    last = max(
        (str(p.load(f)["date"]) for f in folder.glob(f"{prefix}*.yaml")), default=f"{year}-01-01"
    )
    document["number"] = number
    document["kind"] = kind
    document["date"] = (
        last[:8] + f"{min(28, int(last[8:10]) + 1):02d}"
        if last[5:7] == "12"
        else (f"{year}-{int(last[5:7]) + 1:02d}-05")
    )
    document.pop("total", None)
    document.pop("signoff", None)
    if kind == "regular":
        del document["kind"]
    target = folder / f"{prefix}{number:02d}.yaml"
    p.save(target, document)
    return f"added {p.rel(target)} ({kind}, copy of {p.rel(path)}, date {document['date']})"


@edit(1)
def issue_removed(p: Project) -> str | None:
    files = p.issue_files()
    if len(files) < 2:
        return None
    path = p.rng.choice(files)
    path.unlink()
    return f"removed {p.rel(path)}"


@edit(1)
def issue_signed(p: Project) -> str | None:
    """Sign an issue (审核 and 签发) as ``ybbulletin sign`` does: it goes on a site built
    without drafts."""

    from ybbulletin.errors import YbError
    from ybbulletin.signoff import sign

    path = p.rng.choice(p.issue_files())
    slug = f"{path.parent.name}/{path.stem}"
    try:
        for role in ("审核", "签发"):
            sign(p.root, slug, role, p.rng.choice(NAMES), datetime.date(2025, 12, 1))
    except YbError:  # refused: the content has errors; the runner finds out
        return f"sign {slug} refused"
    return f"signed {slug}"


@edit(1)
def image_changed(p: Project) -> str | None:
    """An image file replaced by another picture (same name) or a new one added."""
    from PIL import Image

    path = p.rng.choice(p.issue_files())
    folder = path.parent / "images"
    folder.mkdir(exist_ok=True)
    existing = sorted(folder.glob("*.png"))
    if existing and p.rng.random() < 0.6:
        target = p.rng.choice(existing)
        said = "replaced"
    else:
        target = folder / f"{p.phrase(1, 2)}.png"
        said = "added"
    colour = tuple(p.rng.randrange(256) for _ in range(3))
    Image.new("RGB", (p.rng.randint(200, 900), p.rng.randint(150, 600)), colour).save(target)
    return f"image {said}: {p.rel(target)} colour {colour}"


@edit(1)
def comment_only(p: Project) -> str | None:
    """A comment or blank line added: nothing any output shows."""
    path = p.rng.choice([*p.issue_files(), p.root / "ybbulletin.yaml"])
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\n# {p.phrase()}\n")
    return f"{p.rel(path)}: a comment appended"


@edit(1)
def issue_renumbered(p: Project) -> str | None:
    """An issue given another free number of its year (its file renamed): every issue
    after it may change its 总第M期."""
    path, document = p.pick_issue()
    prefix = path.stem.rstrip("0123456789")
    taken = {int(f.stem.removeprefix(prefix)) for f in path.parent.glob(f"{prefix}[0-9]*.yaml")}
    free = [n for n in range(1, max(taken) + 3) if n not in taken]
    number = p.rng.choice(free)
    document["number"] = number
    document.pop("total", None)
    target = path.parent / f"{prefix}{number:02d}.yaml"
    p.save(target, document)
    path.unlink()
    return f"{p.rel(path)} renumbered: now {p.rel(target)}"
