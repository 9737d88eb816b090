"""``eseal demo`` (what ``make run`` calls): upgrade the schema, seed the demo accounts idempotently,
print the URL and the credentials, then serve with the development providers."""

from __future__ import annotations

import argparse
import os
from typing import Any

from eseal.commands.bootstrap import settings_from_env
from eseal.commands.errors import CliError


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "demo", help="start a local demo server with seeded accounts (development providers)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="only seed and print the credentials")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from eseal.platform.bootstrap import build_services
    from eseal.platform.demo import DEMO, seed_demo

    settings = settings_from_env()
    if settings.is_production:
        raise CliError("eseal demo uses development providers and refuses ESEAL_ENV=production")
    url = f"http://{args.host}:{args.port}"
    if "ESEAL_PUBLIC_URL" not in os.environ:
        settings = settings.with_(public_url=url)
    services = build_services(settings)
    seed_demo(services)
    d = DEMO
    print(f"""
eseal 统一电子印章管理平台 — 演示环境 (development providers: SMS / 人脸 / 实名 / 微信·支付宝 are SIMULATED)
  URL:              {url}/
  API docs:         {url}/api/v1/docs
  SMS outbox (dev): {url}/dev/sms-outbox        备案 outbox (dev): {url}/dev/filing-outbox
  Data directory:   {settings.data_dir.resolve()}

  法人用户 (enterprise): 统一社会信用代码 {d.credit_code}   密码 {d.enterprise_password}
                         {d.enterprise_name}; 法定代表人 {d.legal_rep_name} (人脸识别: 模拟页面点「模拟通过」)
  法定代表人 (person):   身份证 {d.legal_rep_id_number} / 手机 {d.legal_rep_phone}   密码 {d.legal_rep_password}
  个人用户 (person):     身份证 {d.person_id_number} / 手机 {d.person_phone}   密码 {d.person_password}
  核验密码 (意愿认证, all demo accounts): {d.verification_password}
  已签发印章: 企业 企业法定名称章、合同专用章; 个人用户 个人方章 (用章核验方式: 短信, 验证码见 SMS outbox)
  业务文档: 企业与个人用户各有几份待签署的业务文档 (我的文档 → 业务文档)
""", flush=True)
    if args.no_serve:
        return 0
    import uvicorn

    from eseal.commands.serve import configure_logging

    configure_logging()

    from eseal.web.app import create_app

    uvicorn.run(create_app(services=services), host=args.host, port=args.port, log_level="info")
    return 0
