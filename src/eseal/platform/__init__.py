"""Domain services on SQLAlchemy 2, one package per domain (each with its models, service functions that never
commit, typed views, and a public face with ``__all__``):

* ``core``      — grouped settings, the services container, db, clock, errors, security, pii, audit, rate limits;
* ``identity``  — SMS codes, face checks, willingness challenges, WeChat/Alipay quick login, real-name, providers;
* ``accounts``  — accounts, registration, login and lockout, sessions, password reset, profile, roles;
* ``seals``, ``storage``, ``documents``, ``signing``, ``grants``, ``integrations``, ``jobs`` — places for later issues.

``bootstrap.build_services`` wires them (the composition root); ``demo`` seeds the demo accounts. Order:
core < identity < accounts. Never imports ``eseal.web``.
"""

__all__: list[str] = []
