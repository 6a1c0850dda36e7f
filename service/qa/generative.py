"""Optional generative answers from an OpenAI-compatible chat-completions endpoint.

Off unless `qa.llm_base_url` is set; then the question goes out with the retrieved passages, numbered,
and the instruction to answer only from them with markers [n]. The reply is checked before use: it
must carry at least one marker and every marker must name a passage that was given. Otherwise, or
when the endpoint fails, `GenerationRejected` is raised and the caller keeps the extractive answer.
Markers are renumbered so that `citations` holds exactly the passages the reply cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import httpx

from service.qa.errors import GenerationRejected
from service.qa.models import Citation

_MARKER = re.compile(r"\[(\d{1,2})\]")
INSTRUCTIONS = (
    "你是政府政策咨询助手。只能依据用户给出的编号资料回答，不得使用资料以外的知识，不得编造。"
    "用简洁的中文回答，每一句引用资料的话后面用方括号标注资料编号，如[1]。"
    "如果资料不足以回答，只回答：资料中没有相关规定。"
)


class GenerativeAnswerer:
    def __init__(self, base_url: str, model: str, api_key: str | None = None, *, timeout: float = 20.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.model = model
        self.client = httpx.Client(base_url=base_url.rstrip("/") + "/", headers=headers, timeout=timeout,
                                   transport=transport)

    def answer(self, question: str, passages: Sequence[Citation]) -> tuple[str, list[Citation]]:
        """The checked reply and the passages it cites, renumbered from 1."""
        reply = self._complete(question, passages)
        return renumber(reply, passages)

    def _complete(self, question: str, passages: Sequence[Citation]) -> str:
        sources = "\n\n".join(f"[{p.n}]《{p.title}》{p.section}：{p.text}" for p in passages)
        body = {"model": self.model, "temperature": 0, "messages": [
            {"role": "system", "content": INSTRUCTIONS},
            {"role": "user", "content": f"资料：\n{sources}\n\n问题：{question}"},
        ]}
        try:
            response = self.client.post("chat/completions", json=body)
            response.raise_for_status()
            return str(response.json()["choices"][0]["message"]["content"]).strip()
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
            raise GenerationRejected(f"LLM 调用失败：{error}") from error

    def close(self) -> None:
        self.client.close()


def renumber(reply: str, passages: Sequence[Citation]) -> tuple[str, list[Citation]]:
    """Check every marker against the given passages and number the cited ones 1, 2, ... in order."""
    given = {p.n: p for p in passages}
    cited = [int(m) for m in _MARKER.findall(reply)]
    if not cited:
        raise GenerationRejected("回答没有标注出处")
    unknown = sorted({n for n in cited if n not in given})
    if unknown:
        raise GenerationRejected(f"回答引用了不存在的资料 {unknown}")
    order = list(dict.fromkeys(cited))
    new_number = {old: new for new, old in enumerate(order, 1)}
    text = _MARKER.sub(lambda m: f"[{new_number[int(m.group(1))]}]", reply)
    return text, [replace(given[old], n=new) for old, new in new_number.items()]
