"""A generated archive for the search tests: the demo plus a year of issues whose articles
mix sentences of the demo, with a few articles that alone carry a rare phrase (the needles).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

REGIONS = ["银川市", "石嘴山市", "吴忠市", "固原市", "中卫市", "贺兰县", "永宁县", "灵武市"]
TOPICS = [
    "推进医保服务下沉",
    "开展基金监管专项检查",
    "落实参保扩面任务",
    "优化经办服务流程",
    "推动集中带量采购落地",
    "加强定点医药机构管理",
    "做好医疗救助托底保障",
    "提升医保信息化水平",
]

# (issue number, article number, title, a sentence only this article has)
NEEDLES = [
    (3, 2, "银川市门诊慢特病待遇认定“一站式”办理", "门诊慢特病待遇认定实行线上申请、线下评审。"),
    (7, 4, "长期护理保险试点扩面提质", "长期护理保险试点覆盖失能老人一千二百余名。"),
    (12, 1, "DRG/DIP支付方式改革三年行动收官", "按疾病诊断相关分组付费覆盖全部统筹区。"),
    (15, 6, "异地就医直接结算“零跑腿”", "跨省异地就医直接结算定点医院达到三百家。"),
    (18, 3, "贺兰县查处一起冒名就医案件", "经查，当事人借用他人医保卡冒名就医十四次。"),
    (21, 5, "医保码全流程应用场景上线", "医保码实现挂号、就诊、购药、结算全流程扫码。"),
    (24, 8, "固原市开展“清风行动”专项整治", "清风行动聚焦虚假住院、串换药品等问题。"),
    (27, 2, "灵武市创新“医保＋商保”服务模式", "惠民保与基本医保实现一站式同步结算。"),
]


def _sentences(demo: Path) -> list[str]:
    text = "".join(
        p.read_text(encoding="utf-8") for p in sorted(demo.glob("content/issues/*/*.yaml"))
    )
    found = re.findall(r"[\u4e00-\u9fff][^。\n#*|]{12,80}。", text)
    return sorted(set(found))


def generate(root: Path, issues: int = 30, articles: int = 8) -> dict[str, str]:
    """Add ``issues`` issues of 2023 to the project at ``root``; returns needle title -> path."""
    rng = random.Random(14)
    sentences = _sentences(root)
    folder = root / "content/issues/2023"
    folder.mkdir(parents=True)
    planted = {(n, k): (title, line) for n, k, title, line in NEEDLES}
    paths = {}
    for number in range(1, issues + 1):
        day = 1 + number * 9
        date = f"2023-{(day - 1) // 28 + 1:02d}-{(day - 1) % 28 + 1:02d}"
        lines = ["year: 2023", f"number: {number}", f"date: {date}", "entries:"]
        for k in range(1, articles + 1):
            region = REGIONS[(number + k) % len(REGIONS)]
            title = f"{region}医保局{TOPICS[(number * 3 + k) % len(TOPICS)]}（第{number}-{k}号）"
            body = [rng.choice(sentences) for _ in range(6)]
            if (number, k) in planted:
                title, line = planted[(number, k)]
                body.insert(3, line)
                paths[title] = f"2023/{number:02d}/{k:02d}.html"
            lines.append("  - kind: work_update")
            lines.append(f"    title: {json.dumps(title, ensure_ascii=False)}")
            lines.append(f"    source: {region}医保局")
            lines.append("    body: |")
            lines += [f"      {sentence}\n" for sentence in body]
        (folder / f"{number:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths
