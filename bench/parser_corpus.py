"""`make bench-parser`: the resolution parser and the ask detection measured on real resolutions.

Each file in bench/corpus/ annotates one resolution text, written by reading that text: its
preambular and operative paragraph counts and its dated asks (operative paragraph, event or
deadline, the date or dates it must resolve to, whose session a deadline is). The texts
themselves are not in the repository: real ones are read from the folder named by
RESOLUTION_CORPUS (default ../shared/corpus/resolutions, beside the clone), the made-up ones
from tests/mandates/texts/. For each text the figures are: paragraphs exact, asks found out of
expected, and dates wrong (a found ask whose date differs from the annotation; worse than a
missing one, because a planner trusts it).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from planner.mandates.parser import parse_resolution
from planner.mandates.proposals import Suggestion, suggest

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "bench" / "corpus"
TEST_TEXTS = ROOT / "tests" / "mandates" / "texts"


def corpus_folder() -> Path:
    """Where the real resolutions are: RESOLUTION_CORPUS, relative to the repository root."""
    return (ROOT / os.environ.get("RESOLUTION_CORPUS", "../shared/corpus/resolutions")).resolve()


@dataclass
class Result:
    name: str
    paragraphs: tuple[int, int]  # (preambular, operative) found
    expected_paragraphs: tuple[int, int]
    found: int = 0
    expected: int = 0
    wrong: list[str] = field(default_factory=list)  # one line per wrong date
    missing: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.paragraphs == self.expected_paragraphs


def annotations() -> list[tuple[dict, Path]]:
    """(annotation, text path) for every annotation whose text is on this machine."""
    found = []
    for path in sorted(ANNOTATIONS.glob("*.toml")):
        note = tomllib.loads(path.read_text(encoding="utf-8"))
        folder = TEST_TEXTS if note["source"] == "tests" else corpus_folder()
        text = folder / note["text"]
        if text.is_file():
            found.append((note, text))
    return found


def measure(note: dict, text_path: Path) -> Result:
    paragraphs = parse_resolution(text_path.read_text(encoding="utf-8"))
    counts = (
        sum(1 for p in paragraphs if p.kind == "preambular"),
        sum(1 for p in paragraphs if p.kind == "operative"),
    )
    result = Result(text_path.stem, counts, (note["preambular"], note["operative"]))
    suggestions = suggest(paragraphs)
    for ask in note.get("asks", []):
        result.expected += 1
        candidates = [
            s
            for s in suggestions
            if s.paragraph == ask["paragraph"]
            and s.target == ask["kind"]
            and getattr(s, "paragraph_kind", "operative") == "operative"
        ]
        label = f"op{ask['paragraph']} {ask['kind']}: {ask['what']}"
        if not candidates:
            result.missing.append(label)
            continue
        result.found += 1
        # A deadline found twice with two dates is wrong once, even if one of them is right.
        agree = [_dates_agree(ask, s) for s in candidates]
        if not any(agree) or (ask["kind"] == "deadline" and not all(agree)):
            got = "; ".join(f"{s.title!r} {s.start}..{s.end} due {s.due} organ {s.organ}" for s in candidates)
            result.wrong.append(f"{label} -> {got}")
    return result


def _dates_agree(ask: dict, found: Suggestion) -> bool:
    """Every date the annotation gives is the one found; a deadline the text cannot date (another
    body's session) must come without a date; the organ of a session deadline must match."""
    if "start" in ask and (found.start, found.end) != (ask["start"], ask.get("end", ask["start"])):
        return False
    if "due" in ask and found.due != ask["due"]:
        return False
    if "start" not in ask and "due" not in ask and found.due is not None:
        return False
    return "organ" not in ask or (found.organ or "").endswith(ask["organ"])


def results() -> list[Result]:
    return [measure(note, path) for note, path in annotations()]


def run() -> list[tuple]:
    """Rows for `python -m bench`: one per text and one for the whole corpus."""
    rows = []
    all_results = results()
    for r in all_results:
        rows.append(
            (
                f"parser {r.name}",
                f"paragraphs {'exact' if r.exact else 'NOT exact'}, asks {r.found}/{r.expected}, "
                f"dates wrong {len(r.wrong)}",
                "exact, >= 90 %, 0",
                r.exact and r.found >= 0.9 * r.expected and not r.wrong,
                f"found {r.paragraphs[0]}+{r.paragraphs[1]}, "
                f"expected {r.expected_paragraphs[0]}+{r.expected_paragraphs[1]}",
            )
        )
    found, expected = sum(r.found for r in all_results), sum(r.expected for r in all_results)
    wrong = sum(len(r.wrong) for r in all_results)
    exact = sum(1 for r in all_results if r.exact)
    share = found / expected if expected else 1.0
    rows.append(
        (
            "parser corpus",
            f"{exact}/{len(all_results)} exact, asks {found}/{expected} ({share:.0%}), dates wrong {wrong}",
            "all, >= 90 %, 0",
            exact == len(all_results) and share >= 0.9 and wrong == 0,
            f"texts from {corpus_folder()} and tests/mandates/texts",
        )
    )
    return rows


def main() -> None:
    all_results = results()
    if not any(note["source"] == "shared" for note, _ in annotations()):
        print(f"(no real resolutions: {corpus_folder()} is missing; set RESOLUTION_CORPUS)")
    for r in all_results:
        print(
            f"{r.name:<28} paragraphs {'exact' if r.exact else 'NOT exact':<9} "
            f"({r.paragraphs[0]}+{r.paragraphs[1]} for {r.expected_paragraphs[0]}+{r.expected_paragraphs[1]})  "
            f"asks {r.found}/{r.expected}  dates wrong {len(r.wrong)}"
        )
        for line in r.missing:
            print(f"    missing: {line}")
        for line in r.wrong:
            print(f"    WRONG:   {line}")
    for name, figure, target, ok, _detail in run()[-1:]:
        print(f"{name}: {figure} (target {target}) {'ok' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
