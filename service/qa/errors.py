"""Errors of the question-answering domain. Each builds its own message, in Chinese.

    QAError (base)
    ├── InvalidQuestion      the question is empty or longer than the configured limit
    ├── SessionNotFound      the session id is unknown or has expired
    ├── AnswerNotFound       feedback names an answer id that was never given
    ├── TicketNotFound       no hand-over ticket with that id
    ├── TicketClosed         the ticket was already answered, closed or merged
    ├── CannotMerge          a ticket merged into itself
    ├── FaqNotFound          no FAQ entry with that id
    └── InvalidSource        a staff answer cites a document or section that is not in the index

`GenerationRejected` is internal: the optional LLM answered badly and the extractive answer is used.
"""

from __future__ import annotations


class QAError(Exception):
    """Base of every error raised by `service.qa`."""


class InvalidQuestion(QAError):
    pass


class SessionNotFound(QAError):
    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(f"会话不存在或已过期：{session_id}。请不带 session_id 重新提问以开始新会话")


class AnswerNotFound(QAError):
    def __init__(self, answer_id: str) -> None:
        self.answer_id = answer_id
        super().__init__(f"回答不存在：{answer_id}")


class TicketNotFound(QAError):
    def __init__(self, ticket_id: int) -> None:
        self.ticket_id = ticket_id
        super().__init__(f"工单不存在：{ticket_id}")


class TicketClosed(QAError):
    def __init__(self, ticket_id: int, status: str) -> None:
        self.ticket_id = ticket_id
        super().__init__(f"工单 {ticket_id} 已处理（{status}），不能再次答复")


class CannotMerge(QAError):
    def __init__(self, ticket_id: int) -> None:
        self.ticket_id = ticket_id
        super().__init__(f"不能把工单 {ticket_id} 合并到它自己，请选择另一个待处理工单")


class FaqNotFound(QAError):
    def __init__(self, faq_id: int) -> None:
        self.faq_id = faq_id
        super().__init__(f"常见问题不存在：{faq_id}")


class InvalidSource(QAError):
    def __init__(self, doc_id: str, section: str | None = None) -> None:
        self.doc_id = doc_id
        self.section = section
        where = f"《{doc_id}》{section}" if section else doc_id
        super().__init__(f"引用的文档或条款不在知识库中：{where}")


class GenerationRejected(QAError):
    """The LLM reply was unusable (network error, no markers, or a marker with no passage)."""
