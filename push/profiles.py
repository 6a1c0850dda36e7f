"""Subscriber profiles: who wants to hear of new policies, where they are, and how to reach them.

`SubscriberProfile` is what a client sends (`PUT /v1/subscribers/{id}`); validation turns every
problem into a message that says what to change. Qualification tags and the industry are
normalised to the canonical terms of `push.vocabulary`, so matching compares like with like.
The delivery secret is a `SecretStr`: it never shows in a repr, a log line or a list response.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date
from typing import Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from push.errors import InvalidProfile
from push.industries import industry_code
from push.regions import parse_region
from push.sizing import SCALES, possible_scales, standard_for
from push.subjects import FORM_NAMES, ORGANIZATION_FORMS
from push.vocabulary import CITIZEN, INDUSTRIES, QUALIFICATIONS, normalise

ORG_FORMS = tuple(f for f in FORM_NAMES if f != "person")
OWNERSHIPS = ("state", "private", "foreign", "collective")
GENDERS = ("female", "male")
EMPLOYMENTS = ("employed", "unemployed", "self_employed", "retired", "student")

SUBSCRIBER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")
MIN_SECRET_BYTES = 16


class WebhookChannel(BaseModel):
    """`{"type": "webhook", "url": ..., "secret": ...}`; the secret signs every message (Standard Webhooks)."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["webhook"] = "webhook"
    url: str = Field(max_length=2000)
    secret: SecretStr

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        try:
            url = httpx.URL(value.strip())
        except httpx.InvalidURL as error:
            raise ValueError(f"回调地址不是合法的 URL：{error}") from error
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError("回调地址须为 http:// 或 https:// 开头的完整地址，例如 https://example.gov.cn/hook")
        return str(url)

    @field_validator("secret")
    @classmethod
    def _strong_secret(cls, value: SecretStr) -> SecretStr:
        signing_key(value.get_secret_value())
        return value


def signing_key(secret: str) -> bytes:
    """The HMAC key: `whsec_<base64>` decodes (Standard Webhooks), anything else is used as UTF-8."""
    if secret.startswith("whsec_"):
        try:
            key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except binascii.Error as error:
            raise ValueError("secret 以 whsec_ 开头时，其后须为 base64") from error
    else:
        key = secret.encode("utf-8")
    if len(key) < MIN_SECRET_BYTES:
        raise ValueError(f"secret 太短：至少 {MIN_SECRET_BYTES} 字节，建议 whsec_ 加 32 字节随机数的 base64")
    return key


class SubscriberProfile(BaseModel):
    """An enterprise or a citizen, with its place, qualifications and delivery channel."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["enterprise", "citizen", "organization"]
    name: str = Field(min_length=1, max_length=100)
    region: str = Field(min_length=2, max_length=100, description="例如 浙江省宁波市奉化区")
    industry: str | None = Field(default=None, max_length=50,
                                 description="行业名称或 GB/T 4754 代码，如 汽车零部件制造、C36")
    scale: Literal["micro", "small", "medium", "large"] | None = None
    org_form: Literal["company", "partnership", "sole_proprietorship", "individual_business", "cooperative",
                      "social_org", "public_body"] | None = None
    employees: int | None = Field(default=None, ge=0, le=10_000_000, description="从业人员（人）")
    revenue: float | None = Field(default=None, ge=0, description="上年度营业收入（万元）")
    assets: float | None = Field(default=None, ge=0, description="资产总额（万元）")
    ownership: Literal["state", "private", "foreign", "collective"] | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    gender: Literal["female", "male"] | None = None
    employment: Literal["employed", "unemployed", "self_employed", "retired", "student"] | None = None
    tags: list[str] = Field(default_factory=list, max_length=30, description="资质与身份，如 高新技术企业、高校毕业生")
    established: date | None = None
    description: str = Field(default="", max_length=2000)
    interests: str = Field(default="", max_length=1000)
    channel: WebhookChannel

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        region = parse_region(value)
        if region is None or region.is_national:
            raise ValueError("无法识别的地区：请写到省、市或区县，例如 浙江省宁波市奉化区")
        return region.name

    @field_validator("industry")
    @classmethod
    def _industry(cls, value: str | None) -> str | None:
        if value and industry_code(value) is None and normalise(value, INDUSTRIES) is None:
            raise ValueError(f"无法识别的行业：{value}；请写国民经济行业分类（GB/T 4754）的门类、大类名称或代码，"
                             "例如 制造业、汽车制造业、C36、软件和信息技术服务业")
        return value or None

    @property
    def industry_code(self) -> str | None:
        return industry_code(self.industry) or industry_code(normalise(self.industry or "", INDUSTRIES))

    @field_validator("tags")
    @classmethod
    def _tags(cls, values: list[str]) -> list[str]:
        if any(not v.strip() or len(v) > 30 for v in values):
            raise ValueError("每个标签须为 1 到 30 个字")
        return list(dict.fromkeys(normalise(v, QUALIFICATIONS) or v.strip() for v in values))

    @model_validator(mode="after")
    def _scale_fits_kind(self) -> SubscriberProfile:
        if self.kind == CITIZEN and any(v is not None for v in (self.scale, self.org_form, self.employees,
                                                                  self.revenue, self.assets, self.ownership)):
            raise ValueError("个人订阅者不填企业字段（scale、org_form、employees、revenue、assets、ownership 须为空）")
        if self.kind != CITIZEN and any(v is not None for v in (self.birth_year, self.gender, self.employment)):
            raise ValueError("企业或机构不填个人字段（birth_year、gender、employment 须为空）")
        if self.org_form and (self.org_form in ORGANIZATION_FORMS) != (self.kind == "organization"):
            raise ValueError(f"org_form {self.org_form} 与 kind {self.kind} 不符："
                             "社会组织、机关事业单位用 kind=organization，"
                             "公司、合伙企业、个人独资企业、个体工商户、合作社用 kind=enterprise")
        if self.established and self.established > date.today():
            raise ValueError("成立日期不能晚于今天")
        if self.birth_year and self.birth_year > date.today().year:
            raise ValueError("birth_year 不能晚于今年")
        self._scale_fits_figures()
        return self

    def _scale_fits_figures(self) -> None:
        """A declared scale must be one the figures allow under the 中小企业划型标准 of the industry."""
        if self.scale is None or (self.employees is None and self.revenue is None and self.assets is None):
            return
        code = self.industry_code
        allowed = possible_scales(code or "other", self.employees, self.revenue, self.assets)
        ceiling = standard_for(code).ceiling.get("employees")
        if self.scale in ("micro", "small") and ceiling and self.employees is not None and self.employees >= ceiling:
            allowed = tuple(s for s in allowed if s not in ("micro", "small"))
        if self.scale not in allowed:
            names = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
            raise ValueError(
                f"scale 为{names[self.scale]}，与 employees/revenue/assets 不符：按{standard_for(code).name}的划型标准"
                f"（工信部联企业〔2011〕300号）只能是 {'、'.join(names[s] for s in allowed) or '无'}；请更正规模或数字")

    @property
    def scales(self) -> tuple[str, ...]:
        """The scales this profile can be: the declared one, else what its figures allow."""
        if self.kind == CITIZEN:
            return ()
        if self.scale:
            return (self.scale,)
        if self.industry_code is None and self.employees is None and self.revenue is None:
            return SCALES
        return possible_scales(self.industry_code or "other", self.employees, self.revenue, self.assets)

    @property
    def qualifications(self) -> list[str]:
        return [t for t in self.tags if t in QUALIFICATIONS]

    def public_dict(self) -> dict:
        """The profile without its delivery channel, for list responses."""
        return self.model_dump(mode="json", exclude={"channel"})


def validate_profile(data: dict) -> SubscriberProfile:
    """Validate a merged profile (PATCH), turning pydantic's errors into one `InvalidProfile`."""
    try:
        return SubscriberProfile.model_validate(data)
    except ValidationError as error:
        raise InvalidProfile(describe(error)) from None


def validate_subscriber_id(subscriber_id: str) -> str:
    if not SUBSCRIBER_ID.match(subscriber_id):
        raise InvalidProfile("id 须为 1 到 100 个字母、数字或 . _ : -，且以字母或数字开头")
    return subscriber_id


def describe(error: ValidationError) -> str:
    return "；".join(
        f"{'.'.join(str(p) for p in e['loc']) or '资料'}: {e['msg'].removeprefix('Value error, ')}"
        for e in error.errors()
    )


def profile_text(profile: SubscriberProfile) -> str:
    """What the embedding model reads of a profile (the query side of the match).

    A citizen's name is left out: it says nothing about which policies fit, and it is personal data.
    """
    from push.vocabulary import KIND_NAMES, SCALE_NAMES

    parts = [KIND_NAMES.get(profile.kind, "机构")]
    if profile.kind != CITIZEN:
        parts.append(profile.name)
    parts += [f"地区：{profile.region}", f"行业：{profile.industry}" if profile.industry else ""]
    parts += [f"规模：{SCALE_NAMES[profile.scale]}企业" if profile.scale else ""]
    parts += [f"身份与资质：{'、'.join(profile.tags)}" if profile.tags else "", profile.description, profile.interests]
    return "。".join(p for p in parts if p)
