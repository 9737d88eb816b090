"""THE table of an application's states and allowed moves (one place; services only ask it).

An application's state names the step it is waiting for. Enterprise and person go through their own ordered
flow; before submission (``willingness``) a step already passed may be done again (a form corrected, a
picture replaced) without moving back. ``cancelled`` (撤销申请) is allowed from any state before ``issuing``;
``failed`` (with a reason code) when issuance fails.
"""

from __future__ import annotations

from eseal.platform.core import PlatformError

FLOWS: dict[str, tuple[str, ...]] = {
    "enterprise": ("draft", "materials", "method", "willingness", "auth_legal_rep", "auth_handler", "issuing", "done"),
    "person": ("draft", "method", "materials", "willingness", "auth_self", "issuing", "done"),
}
EDITABLE = frozenset({"draft", "materials", "method", "willingness"})  # before submission
CANCELLABLE = EDITABLE | {"auth_legal_rep", "auth_handler", "auth_self"}
TERMINAL = frozenset({"done", "cancelled", "failed"})
UNFINISHED = CANCELLABLE  # what 认证记录 lists

# 认证记录: the current step in Chinese
STEP_LABELS: dict[str, str] = {
    "draft": "待填写申请信息", "materials": "待上传材料", "method": "待选择核验方式", "willingness": "待意愿认证",
    "auth_legal_rep": "等待法人认证", "auth_handler": "等待经办人认证", "auth_self": "等待本人认证",
    "issuing": "制章中", "done": "申领成功", "cancelled": "已撤销", "failed": "申领失败",
}


def next_state(kind: str, state: str) -> str:
    flow = FLOWS[kind]
    return flow[flow.index(state) + 1]


def require_step(kind: str, state: str, step: str) -> None:
    """Refuse ``step`` (a state name of the flow) unless the application has reached it and is still editable."""
    flow = FLOWS[kind]
    if state not in EDITABLE or step not in flow or flow.index(step) > flow.index(state):
        raise PlatformError("seal_application.wrong_state", "当前申请状态不能进行此操作", "state")


def advance(kind: str, state: str, done_step: str) -> str:
    """The state after ``done_step`` was completed: the next one if the application was waiting for it."""
    return next_state(kind, state) if state == done_step else state


def require_cancellable(state: str) -> None:
    if state not in CANCELLABLE:
        raise PlatformError("seal_application.not_cancellable", "该申请已无法撤销", "state")
