"""What people read: status tables, batch summaries and quarantine reasons (Chinese, machine codes kept)."""
from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

from intake.service.schema import STATUSES

STATUS_LABELS = {
    "done": "已完成", "processing": "处理中", "pending": "待处理", "failed": "失败",
    "duplicate": "重复", "quarantined": "已隔离",
}

# Reason codes of a quarantined input: (Chinese reason, English reason, Chinese advice, English advice).
REASONS = {
    "processing_failed": ("处理失败", "processing failed",
                          "请检查文件是否完整、未加密、格式正确，修正后重新放入受理文件夹。",
                          "Check that the files are complete, not encrypted and in a supported format, "
                          "then drop the dossier into the intake folder again."),
    "no_readable_page": ("没有可读取的页面", "no page could be read",
                         "文件可能已损坏、为空或格式不受支持。请重新扫描后放入受理文件夹。",
                         "The files may be corrupt, empty or of an unsupported type. Rescan the dossier and "
                         "drop it into the intake folder again."),
    "duplicate": ("重复提交", "duplicate",
                  "内容与已受理的档案完全相同，未再次处理，无需操作。如需更新，请修改后重新放入。",
                  "The content is identical to a dossier already processed, so it was not processed again. "
                  "Nothing to do; to update the dossier, drop the changed version."),
    "input_error": ("无法读取输入", "the input could not be read",
                    "请检查文件权限和共享文件夹连接后重新放入。",
                    "Check file permissions and the share's connection, then drop the dossier again."),
}


def when(epoch: float | None) -> str:
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M:%S") if epoch else "-"


def reason_text(dossier: str, code: str, detail: str) -> str:
    """The `<name>.reason.txt` written beside a quarantined input."""
    zh, en, advice_zh, advice_en = REASONS.get(code, REASONS["processing_failed"])
    now = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"档案：{dossier}\n时间：{now}\n原因：{zh}（{code}）\n详情：{detail}\n处理建议：{advice_zh}\n\n"
        f"Dossier: {dossier}\nTime: {now}\nReason: {en} ({code})\nDetail: {detail}\nWhat to do: {advice_en}\n"
    )


def duplicate_detail(of: str | None, version: int | None) -> str:
    return f"与档案 {of}（第 {version} 版）内容完全相同 / identical to {of} version {version}"


def format_status(counts: dict[str, int], rows: list[dict], outbox: tuple[int, int], url: str) -> str:
    lines = [f"状态库 state: {url}"]
    for status in STATUSES:
        lines.append(f"  {_pad(STATUS_LABELS[status], 7)} {status:<12} {counts.get(status, 0):>6}")
    waiting, sent = outbox
    lines.append(f"  推送队列 outbox: 待送达 waiting {waiting}, 已送达 delivered {sent}")
    if rows:
        lines.append("")
        lines.append(f"{_pad('状态', 7)} {'status':<12} {_pad('档案 dossier', 24)} 版本 页数 尝试 更新时间            说明")
    for row in rows:
        lines.append(
            f"{_pad(STATUS_LABELS[row['status']], 7)} {row['status']:<12} {_pad(row['dossier_id'], 24)} "
            f"{_v(row['version']):>4} {row['pages'] or 0:>4} {row['attempts']:>4} {when(row['updated_at'])} {_note(row)}"
        )
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    """Left-align in terminal columns: a Chinese character takes two."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def _v(version: int | None) -> str:
    return f"v{version}" if version else "-"


def _note(row: dict) -> str:
    if row["status"] == "duplicate":
        return "重复：" + duplicate_detail(row["duplicate_of"], row["duplicate_of_version"])
    parts = []
    if row["replaces_version"]:
        parts.append(f"替代 v{row['replaces_version']}（replaces v{row['replaces_version']}）")
    if row["error"]:
        parts.append(f"原因：{row['error']}")
    if row["archived_to"]:
        parts.append(f"输入已移至 {Path(row['archived_to'])}")
    elif row["status"] == "processing" and row["owner"]:
        parts.append(f"由 {row['owner']} 处理")
    return "；".join(parts)


def format_outbox(rows: list[dict], url: str | None) -> str:
    waiting = [r for r in rows if r["delivered_at"] is None]
    lines = [f"推送地址 feed: {url or '（未配置 not configured：记录在队列中等待）'}",
             f"推送队列 outbox：共 {len(rows)} 条，待送达 waiting {len(waiting)}，已送达 delivered {len(rows) - len(waiting)}"]
    for row in rows:
        state = f"已送达 delivered {when(row['delivered_at'])}" if row["delivered_at"] else (
            f"待送达 waiting, 下次 next {when(row['next_attempt_at'])}" + (
                f", 错误 error: {row['last_error']}" if row["last_error"] else ""))
        lines.append(f"  {row['idempotency_key']:<30} 尝试 attempts {row['attempts']:>3}  {state}")
    return "\n".join(lines)
