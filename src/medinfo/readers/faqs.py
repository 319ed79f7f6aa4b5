"""Question and answer pairs in the text of a FAQ section, in the forms collections use."""

from __future__ import annotations

import re

from medinfo.model import Faq

_LIST_MARK = re.compile(r"^\s*(?:[*+-]|\d+[.)])\s+")
_BOLD_LEAD_QA = re.compile(r"^(\*\*|__)(?P<inner>.+?)\1\s*:?\s*(?P<after>.*)$", re.S)
_Q_MARK = re.compile(r"^Q(?:uestion)?\s*\d*\s*[:.)-]\s*", re.I)
_A_MARK = re.compile(r"(?:\*\*|__)?\bA(?:nswer)?\s*[:.)-](?:\*\*|__)?\s*", re.I)


def _split_answer(text: str) -> tuple[str, str | None]:
    """Split "question A: answer" at the answer mark; None when there is no mark."""
    match = _A_MARK.search(text)
    if not match:
        return text, None
    return text[: match.start()], text[match.end() :]


def parse_faqs(text: str) -> list[Faq]:
    """Return the question/answer pairs of a FAQ section's Markdown.

    Forms met in real collections: "* **Q: question?** A: answer", the answer on
    the next line or paragraph, "**Q:** question **A:** answer", numbered items,
    and "**Question?** answer" without any Q/A marks.
    """
    faqs: list[Faq] = []
    pending: str | None = None
    for block in _faq_blocks(text):
        body = _LIST_MARK.sub("", block, count=1).strip()
        question: str | None = None
        answer: str | None = None
        lead = _BOLD_LEAD_QA.match(body)
        if lead:
            inner, after = lead["inner"].strip(), lead["after"].strip()
            marked = _Q_MARK.match(inner)
            if marked:
                inner = inner[marked.end() :].strip()
            if pending is not None and not marked and _A_MARK.match(body):
                faqs.append(Faq(pending, _A_MARK.sub("", body, count=1).strip()))
                pending = None
                continue
            if marked or inner.endswith("?"):
                if inner:
                    question = inner
                    answer = _A_MARK.sub("", after, count=1) if _A_MARK.match(after) else after
                else:
                    question, answer = _split_answer(after)
        elif _Q_MARK.match(body):
            question, answer = _split_answer(body[_Q_MARK.match(body).end() :])  # type: ignore[union-attr]
        elif pending is not None and _A_MARK.match(body):
            faqs.append(Faq(pending, _A_MARK.sub("", body, count=1).strip()))
            pending = None
            continue
        if question is None:
            if faqs and pending is None:
                faqs[-1].answer = f"{faqs[-1].answer}\n\n{block.strip()}".strip()
            continue
        if pending is not None:
            faqs.append(Faq(pending, ""))
        question = " ".join(question.replace("**", "").replace("__", "").split())
        if answer and answer.strip():
            faqs.append(Faq(question, answer.strip()))
            pending = None
        else:
            pending = question
    if pending is not None:
        faqs.append(Faq(pending, ""))
    return faqs


def _faq_blocks(text: str) -> list[str]:
    """Split FAQ Markdown into list items, paragraphs, and lines that start a question."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        starts = bool(
            re.match(r"^\s{0,3}(?:[*+-]|\d+[.)])\s+|^\s*(?:\*\*|__)?\s*[QA]\s*[:.]", line)
        )
        if not line.strip() or starts:
            if current:
                blocks.append("\n".join(current))
                current = []
            if not line.strip():
                continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks
