"""Subscribers (admin token): create or replace, read, change, delete, list; and what fits one best.

Responses never carry the delivery secret; list responses carry no delivery address either.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response
from pydantic import BaseModel

from push.errors import InvalidProfile
from push.profiles import SubscriberProfile
from push.subject_rights import SubjectRights
from push.subscribers import Subscriber
from service.deps import AdminCaller, AdminDep, ContainerDep, PushDep
from service.paging import Page
from service.privacy.subscribers import erase_subscriber
from service.security.api_audit import audited

router = APIRouter(prefix="/v1/subscribers", tags=["subscribers"], dependencies=[AdminDep])


class ChannelOut(BaseModel):
    type: str
    url: str
    secret_set: bool = True


class SubscriberOut(BaseModel):
    id: str
    kind: str
    name: str
    region: str
    industry: str | None
    scale: str | None
    tags: list[str]
    established: date | None
    org_form: str | None = None
    employees: int | None = None
    revenue: float | None = None
    assets: float | None = None
    ownership: str | None = None
    birth_year: int | None = None
    gender: str | None = None
    employment: str | None = None
    description: str
    interests: str
    active: bool
    created_at: datetime
    updated_at: datetime
    channel: ChannelOut | None = None

    @classmethod
    def of(cls, subscriber: Subscriber, *, with_channel: bool) -> SubscriberOut:
        profile = subscriber.profile
        channel = ChannelOut(type=profile.channel.type, url=profile.channel.url) if with_channel else None
        return cls(id=subscriber.id, **profile.public_dict(), active=subscriber.active,
                   created_at=subscriber.created_at, updated_at=subscriber.updated_at, channel=channel)


class SubscriberList(BaseModel):
    total: int
    items: list[SubscriberOut]


class RecommendationOut(BaseModel):
    doc_id: str
    title: str
    score: float
    selected: bool
    reasons: list[str]


class RecommendationList(BaseModel):
    subscriber_id: str
    recommendations: list[RecommendationOut]


@router.get("", response_model=SubscriberList)
def list_subscribers(push: PushDep, page: Page) -> SubscriberList:
    items, total = push.subscribers.list(page.offset, page.limit)
    return SubscriberList(total=total, items=[SubscriberOut.of(s, with_channel=False) for s in items])


@router.put("/{subscriber_id}", response_model=SubscriberOut)
def put_subscriber(subscriber_id: str, profile: SubscriberProfile, push: PushDep, response: Response) -> SubscriberOut:
    subscriber, created = push.subscribers.put(subscriber_id, profile)
    response.status_code = 201 if created else 200
    return SubscriberOut.of(subscriber, with_channel=True)


@router.get("/{subscriber_id}", response_model=SubscriberOut)
def get_subscriber(subscriber_id: str, push: PushDep) -> SubscriberOut:
    return SubscriberOut.of(push.subscribers.get(subscriber_id), with_channel=True)


@router.patch("/{subscriber_id}", response_model=SubscriberOut)
def patch_subscriber(subscriber_id: str, push: PushDep, changes: Annotated[dict[str, Any], Body()]) -> SubscriberOut:
    if "id" in changes:
        raise InvalidProfile("不能修改订阅者 id")
    return SubscriberOut.of(push.subscribers.patch(subscriber_id, changes), with_channel=True)


@router.delete("/{subscriber_id}", status_code=204)
def delete_subscriber(subscriber_id: str, container: ContainerDep, caller: AdminCaller, request: Request) -> None:
    """Erase the subscriber (PIPL): profile, address, payloads; statistics keep a pseudonym only."""
    pseudonym = erase_subscriber(container.engine, SubjectRights(container.engine, container.push.subscribers),
                                 subscriber_id)
    container.console.audit.record(caller.actor, "subscribers.erase", pseudonym)
    audited(request)


@router.get("/{subscriber_id}/export")
def export_subscriber(subscriber_id: str, container: ContainerDep, caller: AdminCaller) -> dict:
    """Everything kept about one subscriber (PIPL 查阅、复制): profile, messages with their policies and clicks."""
    data = SubjectRights(container.engine, container.push.subscribers).export(subscriber_id)
    container.console.audit.record(caller.actor, "subscribers.export", subscriber_id)
    return data


@router.get("/{subscriber_id}/recommendations", response_model=RecommendationList)
def recommendations(subscriber_id: str, push: PushDep,
                    limit: Annotated[int, Query(ge=1, le=100)] = 20) -> RecommendationList:
    found = push.recommendations(subscriber_id, limit)
    return RecommendationList(subscriber_id=subscriber_id,
                              recommendations=[RecommendationOut(**vars(r)) for r in found])
