"""The Chinese text catalogue of the verification report, keyed by stable codes.

Codes go down, Chinese goes up: the verifier modules (``engine/pdf/verify/``) decide *what* happened and
name it by a code plus parameters; the sentence a person reads comes from here and nowhere else. A code
is ``<area>.<what>`` and never changes once a report carries its text; a template uses ``str.format``
fields (``{role}``, ``{at}``) and may use a format spec (``{na:%Y-%m-%d}``).

Used by the verifier (reasons of items, problems and revisions), the PDF report and the JSON report
(which carry those reasons). English technical detail never comes from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Final

from eseal.engine.beijing import BEIJING as BEIJING  # re-exported: the report's time zone
from eseal.engine.beijing import LABEL as BEIJING_LABEL
from eseal.engine.beijing import beijing_text

_TEXTS: dict[str, str] = {
    # --- ByteRange structure (codes of verify.byte_range.ByteRangeProblem)
    "byte_range.not_integers": "字节范围不是整数数组",
    "byte_range.wrong_length": "字节范围不是4个数",
    "byte_range.negative": "字节范围含负数",
    "byte_range.not_from_start": "字节范围不是从文件开头（偏移0）开始",
    "byte_range.overlap": "字节范围的两段重叠或顺序颠倒",
    "byte_range.beyond_eof": "字节范围超出文件末尾",
    "byte_range.gap_not_hex_string": "两段之间未签名的部分不是单个十六进制字符串",
    "byte_range.gap_not_hex": "两段之间未签名的部分不是有效的十六进制数据",
    "byte_range.gap_not_contents": "两段之间未签名的部分不是本签名的 /Contents（字节范围指向了别处）",
    "byte_range.revision_end_mismatch": "字节范围的结尾与所签文档修订的结尾不一致",
    # --- coverage (原文杂凑 reason)
    "coverage.level.NONE": "签名后文档未被修改",
    "coverage.level.LTA_UPDATES": "签名后仅追加了验证数据或文档时间戳",
    "coverage.level.FORM_FILLING": "签名后仅追加了签章或填写了表单",
    "coverage.level.ANNOTATIONS": "签名后追加了注释",
    "coverage.level.OTHER": "签名后文档被非许可地修改",
    "coverage.byte_range_invalid": "签名字节范围(ByteRange)异常：{problems}",
    "coverage.revision_not_covered": "签名未完整覆盖其所在的文档修订",
    "coverage.whole_file": "签名覆盖整个文件（/Contents 除外）",
    "coverage.later_revisions": "签名覆盖其所在修订；其后还有 {count} 次增量修订：{level}",
    "coverage.trailing_bytes": ("签名覆盖文档的最后一次修订；但文件末尾另有 {count} 字节未签名的附加数据"
                                "（不是PDF增量更新，不改变文档内容）"),
    "coverage.revision_detail": "修订{index}：{message}",
    "coverage.disallowed": "签名后文档被非许可地修改（{details}）",
    # --- document hash (原文杂凑)
    "hash.mismatch": "原文{alg}杂凑值与签名中的杂凑值不一致，签名范围内的内容已被篡改",
    "hash.not_computed": "无法计算原文杂凑",
    "hash.ok_but": "{alg}杂凑值一致，但{coverage}",
    "hash.ok": "{alg}杂凑值一致；{coverage}",
    "hash.problem.gm": "签名范围内的文档内容与签章时不一致（SM3杂凑不符）",
    "hash.problem.cms": "签名范围内的文档内容与签名时不一致",
    # --- platform seal lifecycle (印章有效性)
    "lifecycle.hook_failed": "印章状态查询失败，无法确认签章时印章是否有效",
    "lifecycle.active": "平台记录显示签章时印章处于正常状态",
    "lifecycle.unknown": "平台无此印章的记录",
    "lifecycle.state.suspended": "已停用",
    "lifecycle.state.revoked": "已注销",
    "lifecycle.state.expired": "已过期",
    "lifecycle.not_active": "平台记录显示签章时印章{state}",
    "lifecycle.not_active_reason": "平台记录显示签章时印章{state}（{reason}）",
    "lifecycle.not_connected": "签名声明印章标识 {es_id}，但未接入平台印章状态查询",
    # --- signer certificate and signing time (shared by GM and PAdES)
    "cert.role.signer": "签章者证书",
    "cert.no_anchors": "未配置信任锚，无法确认{role}的证书链",
    "cert.no_chain": "{role}不能链接到受信任的根证书",
    "cert.chain_bad_signature": "{role}链中证书签名验证失败",
    "cert.chain_constraints": "{role}链不满足约束（签发者不是合法的CA或含不支持的关键扩展）",
    "cert.ca_out_of_window": "证书链中的CA证书在签章时间不在有效期内",
    "cert.key_usage": "{role}的密钥用途不允许数字签名",
    "cert.valid": "{role}链接到受信任的根证书，签章时有效",
    "cert.valid.revocation_unchecked": "；未找到签发者的吊销列表，未检查吊销状态",
    "cert.valid.not_revoked": "，未被吊销",
    "time.source.proven": "时间戳证明的",
    "time.source.claimed": "签章者声明的",
    "time.missing": "签名中没有签章时间",
    "time.after_not_after": "{source}签章时间 {at} 晚于证书有效期截止 {not_after}",
    "time.before_not_before": "{source}签章时间 {at} 早于证书生效时间 {not_before}",
    "time.after_revocation": "证书已于 {revoked_at} 吊销，早于{source}签章时间 {at}",
    "time.revoked_no_poe": "证书已于 {revoked_at} 吊销；签章时间 {at} 仅为签章者声明，无时间戳证明签章发生在吊销之前",
    "time.expired_no_poe": "证书已于 {not_after} 过期；签章时间 {at} 仅为签章者声明，无时间戳证明签章发生在有效期内",
    "time.within": "{source}签章时间 {at} 在证书有效期内",
    "time.within.revoked_later": "（证书于签章后 {revoked_at} 被吊销，不影响本次签章）",
    "time.within.expired_later": "（证书已于 {not_after} 过期，时间戳证明签章时证书有效）",
    # --- PKI validation statuses (eseal.engine.pki ValidationReason values)
    "pki.REVOKED": "证书已被吊销",
    "pki.EXPIRED": "证书已过期",
    "pki.NOT_YET_VALID": "证书尚未生效",
    "pki.NO_CHAIN": "证书不能链接到受信任的根证书",
    "pki.BAD_SIGNATURE": "证书链中的证书签名验证失败",
    "pki.INVALID_CA": "证书链中的签发者不是合法的CA",
    "pki.UNSUPPORTED_CRITICAL_EXTENSION": "证书含不支持的关键扩展",
    "pki.WRONG_USAGE": "证书的密钥用途不符",
    "pki.REVOCATION_UNKNOWN": "无法确认证书的吊销状态",
    "pki.other": "证书链验证失败",
    # --- GB/T 38540 (GM) signatures
    "gm.seal_type.1": "法定名称章",
    "gm.seal_type.2": "财务专用章",
    "gm.seal_type.3": "发票专用章",
    "gm.seal_type.4": "合同专用章",
    "gm.seal_type.5": "法定代表人名章",
    "gm.seal_type.99": "其他类型印章",
    "gm.maker.no_anchors": "未配置信任锚，无法确认证书链",
    "gm.maker.chain_ok": "证书链可信，{revocation}",
    "gm.maker.revocation_unchecked": "未检查吊销状态",
    "gm.maker.not_revoked": "未被吊销",
    "gm.maker.no_chain": "证书不能链接到受信任的根证书",
    "gm.maker.invalid": "证书无效：{status}",
    "gm.holder.unreadable": "电子印章证书列表中含有无法解析的证书",
    "gm.holder.prefix": "电子印章证书列表中的证书“{name}”",
    "gm.holder.expired": "{prefix}在签章时已过期（有效期至 {not_after}）",
    "gm.holder.not_yet_valid": "{prefix}在签章时尚未生效（{not_before} 起有效）",
    "gm.holder.no_anchors": "未配置信任锚，无法确认{prefix}的证书链",
    "gm.holder.no_chain": "{prefix}不能链接到受信任的根证书",
    "gm.holder.invalid": "{prefix}在签章时无效：{status}",
    "gm.holder.invalid_generic": "电子印章证书列表中的证书在签章时无效",
    "gm.holder.unconfirmed": "未能确认电子印章证书列表中证书的有效性",
    "gm.tsa.revocation_unchecked": "（未检查时间戳服务机构证书的吊销状态）",
    "gm.tsa.valid": "时间戳有效，由“{name}”签发{unchecked}",
    "gm.tsa.unverifiable": "时间戳签名无法验证",
    "gm.tsa.untrusted": "时间戳签名有效，但时间戳服务机构“{name}”证书不可信",
    "gm.tsa.invalid": "时间戳服务机构“{name}”证书在时间戳时间无效：{status}",
    "gm.unparsable": "GB/T 38540签章数据格式错误，无法解析",
    "gm.property_byte_range": "propertyInfo 中的 ByteRange 与签名字典的 /ByteRange 不一致",
    "gm.property_foreign": "propertyInfo 不是本平台格式（外部厂商签章）",
    "gm.pages_beyond": "签章数据(propertyInfo)声明的签章页 {claimed} 超出文档页数（共 {page_count} 页）",
    "gm.pages_mismatch": "签章数据(propertyInfo)声明的签章页 {claimed} 与文档中印章外观所在页 {shown} 不一致",
    "gm.timestamp.absent": "签章未包含时间戳，签章时间仅为签章者声明",
    "gm.timestamp.imprint": "时间戳的消息印记与签章签名值不符",
    "gm.timestamp.difference": "时间戳时间与签章者声明的签章时间相差过大",
    "gm.timestamp.unreadable": "时间戳数据无法解析",
    "gm.timestamp.v1_target": "GM/T 0031-2014 格式的时间戳位于签章时间字段中，其覆盖对象未定义，未予验证",
    "gm.timestamp.hash_algorithm": "时间戳使用了不支持的消息印记杂凑算法",
    "gm.timestamp.tsa_unchecked": "时间戳的消息印记与时间一致，但未检查时间戳服务机构的签名和证书",
    "gm.timestamp.trust_unavailable": "无法读取时间戳服务机构的信任信息",
    "gm.timestamp.malformed": "时间戳无法验证（数据或证书格式错误）",
    "gm.timestamp.valid": "时间戳有效",
    "gm.timestamp.failed": "时间戳验证未通过",
    "gm.timestamp.unconfirmed": "未能确认时间戳的有效性",
    "gm.format.seal": "电子印章数据结构不符合规范",
    "gm.format.signature": "签章数据结构不符合规范",
    "gm.format.other": "数据结构不符合规范",
    "gm.format.invalid": "电子印章数据格式不符合规范：{reason}",
    "gm.format.ok": "符合 {standard} 格式（印章版本 {version}）",
    "gm.signature.maker_failed": "制章者对印章的签名值验证失败",
    "gm.signature.signer_failed": "签章者对签章数据的SM2签名值验证失败",
    "gm.signature.vendor_variant": "（厂商变体签名原文）",
    "gm.signature.ok": "印章签名值与签章签名值（SM2/SM3）均验证通过{variant}",
    "gm.signer.not_in_seal": "签章者证书不在电子印章的授权证书列表中",
    "gm.signer.in_seal": "；属于印章授权的签章者",
    "gm.maker_cert.out_of_window": "制章者证书在签章时不在有效期内",
    "gm.maker_cert.prefix": "制章者",
    "gm.maker_cert.unverifiable": "证书无法验证",
    "gm.maker_cert.trust_unknown": "证书的信任状态无法确认",
    "gm.maker_cert.valid": "制章者证书“{name}”签章时有效，",
    "gm.seal_validity.outside": "签章时间不在印章有效期（{window}）内",
    "gm.seal_validity.inside": "签章时印章在有效期（{window}）内",
    "gm.valid": "电子签章有效",
    # --- PAdES / CMS signatures
    "pades.unprocessable": "CMS签名数据无法处理：{error}",
    "pades.unknown_error": "未知错误",
    "pades.no_seal_data": "PAdES/CMS签名，不含GB/T 38540电子印章数据",
    "pades.no_seal": "不含电子印章",
    "pades.no_maker": "不含电子印章，无制章者证书",
    "pades.no_seal_pades": "PAdES签名不含电子印章",
    "pades.timestamp.absent": "签名未包含时间戳，签章时间仅为签章者声明",
    "pades.timestamp.failed": "时间戳签名或消息印记验证失败",
    "pades.timestamp.untrusted": "时间戳签名有效，但时间戳服务机构证书不可信",
    "pades.timestamp.valid": "时间戳有效，由“{name}”签发",
    "pades.signature.invalid": "签名值验证失败",
    "pades.signature.ok": "CMS签名值验证通过（{mechanism}）",
    "pades.signature.failed": "CMS签名值验证失败（{mechanism}）",
    "pades.unknown_algorithm": "未知算法",
    "pades.unknown_digest": "未知杂凑算法",
    "pades.valid": "签名有效",
    # --- time stamps (shared)
    "timestamp.no_poe": "时间戳无效，签章时间未被证明",
    # --- document time stamps
    "doc_ts.imprint": "文档时间戳的消息印记不一致",
    "doc_ts.invalid": "文档时间戳签名无效",
    "doc_ts.untrusted": "时间戳服务机构证书不可信",
    "doc_ts.no_seal": "文档时间戳，不含电子印章",
    "doc_ts.no_signer": "文档时间戳，无签章者",
    "doc_ts.is_time_proof": "文档时间戳本身即为时间证明",
    "doc_ts.no_maker": "文档时间戳，无制章者证书",
    "doc_ts.valid": "文档时间戳有效",
    "doc_ts.not_valid": "文档时间戳未通过验证",
    "doc_ts.no_signature_value": "文档时间戳，无签章签名值",
    # --- signatures that could not be checked
    "failure.removed": ("签名“{name}”在修订{revision}中签署，但在修订{removed_in}中被从表单中移除"
                        "（签名后文档被非许可地修改，页面上可能仍显示印章）"),
    "failure.removed_item": "签名已被移除，未能检查",
    "failure.unparsable_item": "签名数据无法解析，未能检查",
    "failure.unparsable": "签名数据无法解析",
    "failure.no_contents": "签名字典缺少有效的 /Contents",
    "failure.contents_not_gm": "/Contents 不是 SubFilter {sub_filter} 要求的GB/T 38540签章数据",
    "failure.contents_not_cms": "/Contents 不是 SubFilter {sub_filter} 要求的CMS签名数据",
    "failure.unsupported": "不支持的签名格式（SubFilter {sub_filter}）",
    # --- the document as a whole
    "document.no_signature": "文档中没有电子签章或数字签名",
    "document.summary": "共 {total} 个签名，{passed} 个验证通过",
    "document.summary.failed": "；{count} 个验证失败",
    "document.summary.indeterminate": "；{count} 个无法确定",
    # --- revisions (classes, pyHanko diff findings, page facts)
    "revision.initial": "原始文档",
    "revision.signature": "追加签章（许可的修改）",
    "revision.lta_update": "追加验证数据或文档时间戳（许可的修改）",
    "revision.form_filling": "表单填写或追加签章（许可的修改）",
    "revision.annotation": "追加注释",
    "revision.other": "非许可的修改",
    "revision.unsigned": "签章前的修订",
    "revision.changed_fields": "变更的表单域: {names}",
    "revision.unanalysable": "无法分析该修订的结构",
    "revision.pages_added": "新增 {count} 页",
    "revision.pages_removed": "删除 {count} 页",
    "revision.content_changed": "{pages}内容被改动",
    "revision.annotations_added": "{pages}新增注释/控件",
    "modification.fields_deleted": "签名后删除了表单域 {names}",
    "modification.fields_added": "签名后新增了未经许可的表单域 {names}",
    "modification.field_locked": "签名后修改了已锁定的表单域 {names}",
    "modification.signature_value": "签名域 {names} 的签名值被替换或损坏",
    "modification.field_type": "签名后篡改了表单域的类型",
    "modification.dss": "签名后追加的验证数据(DSS)结构异常",
    "modification.metadata": "签名后文档元数据被非许可地修改",
    "modification.freed": "签名后删除了文档中已有的对象",
    "modification.rewritten": "签名后改写了已签名的文档对象",
    "modification.other": "签名后文档对象被非许可地修改",
    # --- E3 #1-#3 (verify/field_changes.py, revision_kinds.py, trailing.py): what a later revision really does
    "revision.dss": "追加长期验证数据(DSS)（许可的修改）",
    "revision.metadata": "仅修改了文档元数据（许可的修改，不改变页面内容）",
    "revision.unreferenced": "追加了未被文档引用的对象（许可的修改，不改变显示内容）",
    "revision.no_change": "未改变文档内容的修订（许可的修改）",
    "revision.metadata_detail": "修改了{what}",
    "revision.metadata_also_unreferenced": "；另追加了 {count} 个未被文档引用的对象",
    "revision.unreferenced_detail": "{count} 个新对象未被文档引用",
    "revision.meta.info": "文档信息字典 /Info",
    "revision.meta.xmp": "XMP 元数据",
    "fields.need_appearances": ("签名后设置了 /NeedAppearances：阅读器将按表单值重新生成表单外观，"
                                "显示的内容可能与签章时所见不同"),
    "fields.label": "表单域“{name}”（{where}）",
    "fields.invisible": "页面上不可见",
    "fields.locked_by": "{label}已被签名域“{signers}”锁定",
    "fields.locked": "签名后修改了已锁定的表单域：{details}",
    "fields.fill_permitted": "表单填写（文档的认证签名 DocMDP P={p} 允许填写表单）：{fields}的值或外观被修改",
    "fields.changed": "签名后修改了{fields}的值或外观，{why}",
    "fields.why.p1": "文档的认证签名 DocMDP P=1 不允许任何修改",
    "fields.why.no_docmdp": "文档没有允许填写表单的认证签名（DocMDP）",
    "trailing.redefines": ("文件末尾另有 {count} 字节未签名的数据，不是PDF增量更新却重新定义了对象 {objects}："
                           "修复交叉引用表的阅读器会显示与签名时不同的内容"),
    "cert.revocation_unknown": "无法确认{role}的吊销状态（未找到签发者的CRL或OCSP响应）",
    "trailing.junk": "文件末尾另有 {count} 字节未签名的附加数据（不是PDF增量更新，不改变文档内容）",
}

#: code -> template (read-only). Tests walk it; callers use :func:`zh`.
TEXTS: Final[Mapping[str, str]] = MappingProxyType(_TEXTS)


def zh(code: str, /, **params: object) -> str:
    """The Chinese sentence for ``code`` with ``params`` filled in (KeyError for an unknown code)."""
    template = TEXTS[code]
    return template.format(**params) if params else template


#: a page list longer than this many entries (pages or ranges) is shortened to its head and tail
PAGE_LIST_LIMIT = 12


def bj(dt: datetime | None) -> str:
    """``2026-12-02 05:18:37`` in Beijing time, unlabelled (a naive time is taken as UTC); ``—`` for none."""
    return "—" if dt is None else beijing_text(dt)


def bj_time(dt: datetime | None) -> str:
    """``北京时间 2026-12-02 05:18:37`` (``—`` for none): how a person reads one instant."""
    return "—" if dt is None else f"{BEIJING_LABEL} {bj(dt)}"


def bj_range(start: datetime | None, end: datetime | None) -> str:
    """``北京时间 2026-12-01 05:18:33 至 2027-12-01 05:18:33``: a validity window, labelled once."""
    return f"{BEIJING_LABEL} {bj(start)} 至 {bj(end)}"


def pages_zh(pages: Iterable[int]) -> str:
    """``第 1–800 页`` / ``第 1、3、5–9 页``: page numbers as merged ranges, never one entry per page.

    A list that stays long after merging (a seal on every other page) keeps its first and last entries
    and says how many pages there are: ``第 1、3、5、…、797、799 页（共 400 页）``.
    """
    nums = sorted(set(pages))
    text = f"第 {page_ranges(nums)} 页"
    if "…" in text:
        text += f"（共 {len(nums)} 页）"
    return text


def page_ranges(pages: Iterable[int], limit: int = PAGE_LIST_LIMIT) -> str:
    """Sorted, de-duplicated page numbers as ``1、3、5–9``: a run of three or more pages is one range;
    more than ``limit`` entries become the first ``limit - 2``, ``…`` and the last two."""
    nums = sorted(set(pages))
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{nums[i]}–{nums[j]}")
        else:
            parts.extend(str(n) for n in nums[i:j + 1])
        i = j + 1
    if len(parts) > limit:
        parts = [*parts[: limit - 2], "…", *parts[-2:]]
    return "、".join(parts)
