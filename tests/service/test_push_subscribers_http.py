"""`/v1/subscribers`: create or replace, read, change, delete; 422 messages; no secrets in responses or logs."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from tests.push.conftest import SECRET

URL = "https://hook.example.gov.cn/zhengce"


def body(**fields: object) -> dict:
    values: dict[str, object] = {
        "kind": "enterprise", "name": "宁波奉化甬兴机械有限公司", "region": "浙江省宁波市奉化区", "industry": "制造业",
        "scale": "small", "tags": ["小微企业", "高企"], "established": "2019-04-01", "description": "汽车零部件",
        "interests": "技术改造补助", "channel": {"type": "webhook", "url": URL, "secret": SECRET},
    }
    values.update(fields)
    return values


def test_put_creates_then_replaces(client: TestClient, admin: dict[str, str]) -> None:
    created = client.put("/v1/subscribers/ent-1", json=body(), headers=admin)
    assert created.status_code == 201
    assert created.json()["tags"] == ["小微企业", "高新技术企业"]
    assert created.json()["channel"] == {"type": "webhook", "url": URL, "secret_set": True}
    replaced = client.put("/v1/subscribers/ent-1", json=body(name="甬兴机械（更名）"), headers=admin)
    assert replaced.status_code == 200 and replaced.json()["name"] == "甬兴机械（更名）"
    assert client.get("/v1/subscribers/ent-1", headers=admin).json()["name"] == "甬兴机械（更名）"


def test_list_carries_no_contact_data(client: TestClient, admin: dict[str, str]) -> None:
    client.put("/v1/subscribers/ent-1", json=body(), headers=admin)
    listed = client.get("/v1/subscribers", headers=admin)
    assert listed.json()["total"] == 1 and listed.json()["items"][0]["channel"] is None
    assert URL not in listed.text and SECRET not in listed.text


def test_patch_merges_and_validates_the_whole_profile(client: TestClient, admin: dict[str, str]) -> None:
    client.put("/v1/subscribers/ent-1", json=body(), headers=admin)
    changed = client.patch("/v1/subscribers/ent-1", json={"scale": "medium", "channel": {"type": "webhook",
                                                                                         "url": URL + "/v2"}},
                           headers=admin)
    assert changed.status_code == 200 and changed.json()["scale"] == "medium"
    assert changed.json()["channel"]["url"] == URL + "/v2"
    bad = client.patch("/v1/subscribers/ent-1", json={"kind": "citizen"}, headers=admin)
    assert bad.status_code == 422 and "个人订阅者不填企业字段（scale" in bad.json()["error"]["message"]


@pytest.mark.parametrize(("fields", "fragment"), [
    ({"scale": "huge"}, "scale"),
    ({"channel": {"type": "webhook", "url": "ftp://x.example/hook", "secret": SECRET}}, "http:// 或 https://"),
    ({"channel": {"type": "webhook", "url": URL}}, "channel.secret"),
    ({"region": "火星基地"}, "无法识别的地区"),
    ({"scale": "micro", "employees": 5000}, "scale 为微型，与 employees/revenue/assets 不符"),
    ({"industry": "星际贸易代理"}, "无法识别的行业：星际贸易代理"),
    ({"employees": -5}, "employees"),
    ({"revenue": -100}, "revenue"),
    ({"assets": -1}, "assets"),
])
def test_invalid_profiles_get_422_with_a_message(client: TestClient, admin: dict[str, str], fields: dict,
                                                 fragment: str) -> None:
    response = client.put("/v1/subscribers/ent-1", json=body(**fields), headers=admin)
    assert response.status_code == 422
    assert fragment in response.json()["error"]["message"]
    assert client.get("/v1/subscribers/ent-1", headers=admin).status_code == 404


def test_figures_and_citizen_attributes_round_trip(client: TestClient, admin: dict[str, str]) -> None:
    stored = client.put("/v1/subscribers/ent-2", json=body(scale=None, industry="汽车零部件制造", employees=60,
                                                          revenue=5200, ownership="private", org_form="company"),
                        headers=admin).json()
    assert (stored["employees"], stored["revenue"], stored["ownership"], stored["org_form"]) == (
        60, 5200, "private", "company")
    citizen = body(kind="citizen", name="陈同学", scale=None, industry=None, tags=["高校毕业生"], established=None,
                   birth_year=2002, gender="female", employment="employed")
    got = client.put("/v1/subscribers/c-1", json=citizen, headers=admin).json()
    assert (got["birth_year"], got["gender"], got["employment"]) == (2002, "female", "employed")


def test_bad_ids_and_missing_subscribers(client: TestClient, admin: dict[str, str]) -> None:
    assert client.put("/v1/subscribers/-bad", json=body(), headers=admin).status_code == 422
    missing = client.get("/v1/subscribers/nobody", headers=admin)
    assert missing.status_code == 404 and "nobody" in missing.json()["error"]["message"]


def test_delete_erases_the_profile(client: TestClient, admin: dict[str, str]) -> None:
    client.put("/v1/subscribers/ent-1", json=body(), headers=admin)
    assert client.delete("/v1/subscribers/ent-1", headers=admin).status_code == 204
    assert client.get("/v1/subscribers/ent-1", headers=admin).status_code == 404
    assert client.delete("/v1/subscribers/ent-1", headers=admin).status_code == 404


def test_subscribers_need_the_admin_token(client: TestClient) -> None:
    assert client.get("/v1/subscribers").status_code == 401
    assert client.put("/v1/subscribers/x", json=body()).status_code == 401


def test_secrets_and_addresses_never_reach_the_logs(client: TestClient, admin: dict[str, str],
                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client.put("/v1/subscribers/ent-1", json=body(), headers=admin)
    client.put("/v1/subscribers/ent-1", json=body(scale="huge"), headers=admin)
    client.patch("/v1/subscribers/ent-1", json={"industry": "软件"}, headers=admin)
    client.post("/v1/push/run", headers=admin)
    assert caplog.records
    assert SECRET not in caplog.text and "hook.example.gov.cn" not in caplog.text
