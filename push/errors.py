"""Errors of the push domain. Each builds its own message, in Chinese where staff or a user reads it.

    PushError (base)
    ├── SubscriberNotFound   no subscriber with that id
    ├── InvalidProfile       a subscriber profile fails validation (bad scale, URL, secret ...)
    ├── InvalidAudience      a staff correction of a policy's audience is not valid
    ├── CandidateNotFound    a decision names a subscriber the policy does not concern
    ├── RunInProgress        another process holds the run lease
    ├── DeliveryNotFound     no delivery with that id
    └── LinkNotFound         a tracking or unsubscribe token that does not exist
"""

from __future__ import annotations


class PushError(Exception):
    """Base of every error raised by `push`."""


class SubscriberNotFound(PushError):
    def __init__(self, subscriber_id: str) -> None:
        self.subscriber_id = subscriber_id
        super().__init__(f"找不到订阅者：{subscriber_id}")


class InvalidProfile(PushError):
    def __init__(self, problems: str) -> None:
        self.problems = problems
        super().__init__(f"订阅者资料有误：{problems}")


class InvalidAudience(PushError):
    def __init__(self, problems: str) -> None:
        self.problems = problems
        super().__init__(f"适用范围有误：{problems}")


class CandidateNotFound(PushError):
    def __init__(self, doc_id: str, subscriber_id: str) -> None:
        self.doc_id = doc_id
        self.subscriber_id = subscriber_id
        super().__init__(f"订阅者 {subscriber_id} 不是政策 {doc_id} 的推送候选")


class RunInProgress(PushError):
    def __init__(self, holder: str) -> None:
        self.holder = holder
        super().__init__(f"另一次推送正在进行（{holder}），请稍后再试")


class DeliveryNotFound(PushError):
    def __init__(self, delivery_id: str) -> None:
        self.delivery_id = delivery_id
        super().__init__(f"找不到投递记录：{delivery_id}")


class LinkNotFound(PushError):
    def __init__(self) -> None:
        super().__init__("链接无效或已过期")
