"""Check the answerable question set against the imported corpus: every gold article exists, and each gold
article holds at least one of the question's evidence strings (punctuation and spaces ignored).

An answer that quotes a correct article can only be counted as holding the asked fact when that article's own
wording is among the evidence strings (劳动法 says "试用期最长不得超过六个月" where 劳动合同法 says
"试用期不得超过六个月"), so a gold article without one is a labelling error.

    python scripts/check_eval_labels.py eval/qa_answerable.jsonl D/corpora/china-law D/corpora/zcyclaw \
        --judgments eval/qa_judgments.jsonl

With `--judgments`, each passage judged relevant must exist and hold its own evidence string, and each judgment
must name a question of the set.

Questions on the sample documents (`sample:NNN`) are skipped: their passages are not articles. Exit status 1
when a problem is found; each is printed on its own line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ARTICLE = re.compile(r"^(第[一二三四五六七八九十百千零]+条(?:之[一二三四五六七八九十]+)?)[\s\u3000]")
_NOT_WORD = re.compile(r"[^\w\u4e00-\u9fff]+")


def articles(markdown: str) -> dict[str, str]:
    """Article label → its text (continuation lines included) of an imported law; headings end an article."""
    found: dict[str, str] = {}
    current = None
    for line in markdown.split("\n"):
        match = ARTICLE.match(line)
        if match:
            current = match.group(1)
            found[current] = line
        elif line.startswith("#"):
            current = None
        elif current and line.strip():
            found[current] += line
    return found


def problems(questions: list[dict], laws: dict[str, dict[str, str]]) -> list[str]:
    """One line per gold article that is missing or holds none of its question's evidence strings."""
    out = []
    for question in questions:
        wanted = [_NOT_WORD.sub("", e) for e in question["evidence"]]
        for gold in question["gold"]:
            if gold["doc"].startswith("sample:"):
                continue
            text = laws.get(gold["doc"], {}).get(gold["article"])
            if text is None:
                out.append(f"{question['query']}: {gold['doc']} {gold['article']} not in the corpus")
            elif not any(w in _NOT_WORD.sub("", text) for w in wanted):
                out.append(f"{question['query']}: {gold['doc']} {gold['article']} holds no evidence string")
    return out


def judgment_problems(judgments: list[dict], questions: list[dict], laws: dict[str, dict[str, str]]) -> list[str]:
    """One line per judgment of an unknown question, and per relevant article missing or without its evidence."""
    asked = {q["query"] for q in questions}
    out = []
    for j in judgments:
        if j["query"] not in asked:
            out.append(f"{j['query']}: judged, but not a question of the set")
        elif j["relevant"] and not j["doc"].startswith("sample:"):
            text = laws.get(j["doc"], {}).get(j["article"])
            if text is None:
                out.append(f"{j['query']}: judged {j['doc']} {j['article']} not in the corpus")
            elif _NOT_WORD.sub("", j["evidence"]) not in _NOT_WORD.sub("", text) or not j["evidence"]:
                out.append(f"{j['query']}: judged {j['doc']} {j['article']} does not hold its evidence")
    return out


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("corpora", type=Path, nargs="+", help="folders of imported laws (<doc id>.md)")
    parser.add_argument("--judgments", type=Path, help="assessor judgments (eval/qa_judgments.jsonl) to check too")
    args = parser.parse_args()
    questions = _lines(args.questions)
    laws = {path.stem: articles(path.read_text(encoding="utf-8")) for folder in args.corpora
            for path in folder.glob("*.md")}
    found = problems(questions, laws)
    if args.judgments:
        found += judgment_problems(_lines(args.judgments), questions, laws)
    print("\n".join(found) or f"{len(questions)} questions: every gold article holds an evidence string"
          + (", every passage judged relevant its own" if args.judgments else ""))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
