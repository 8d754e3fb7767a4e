"""Personal names inside free text, recognised by context (the cue-word method, DESIGN §3).

A person field is masked because we know it holds a name; inside other text (a company's name, a
reason, a guide's conditions) we only know a name when the text says so. A Chinese name is taken
to be a known surname followed by one or two Han characters, and it is recognised only

- right after a cue word that introduces a person (CUE_WORDS: 经办人, 联系人, 法定代表人 …),
  optionally after a colon or one space, and only where the name visibly ends: at a character
  that is not Han (punctuation, a digit, a space, a tag, the end) or at a word that follows names
  (FOLLOWERS: 电话, 先生, 身份证 …); or
- right before 先生, 女士 or 同志, where the text before it starts the name (a non-Han character
  or a word such as 致, 请, 感谢 in front of it).

Requiring the end keeps the method conservative: prose after a cue word (申请人应当…, 负责人批准…,
申请人：临河县清泉食品有限公司) runs on in Han characters and is left alone. What it cannot see:
a name with no cue word (张三商行), a surname not in the list, and a single-character name after
a cue (联系人李) are not recognised. A word that starts with a surname and stands alone after a
cue (申请人许可证：) would be taken for a name; NOT_NAMES lists the ones met in administrative text.
docs/disclosure.md §2.1 has the measured false-positive figures.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from dataclasses import dataclass

# Single surnames: first the hundred of the "百家姓" ranking published with 公安部户政管理研究中心
# 《二〇二〇年全国姓名报告》 (about 86 % of registered residents; compiled from that ranking, its order not
# relied on), then 85 others in common use.
# A few frequent surnames are left out on purpose because they begin many words of
# administrative text (安 单 包 房 管 路 成 全 时 车 申 符 解 农 华 代 应 经 和 从): after a cue word
# they would mostly be words, not people.
SURNAMES = frozenset("""
王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢
姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向
常汤康易乔赖文施洪牛樊葛邢齐庞颜倪温俞章鲁伍尤毕聂焦柳甘祝宁尚舒阮柯纪梅童凌季裴霍涂苗谷盛曲翁冉骆蓝
游辛靳柴蒙鲍喻祁蒲滕屈饶牟艾卓蔺褚晏岳殷詹左穆萧查邬傅沙麦迟戚鞠简邝丛
""".replace("\n", ""))

# Two-character surnames from 百家姓 and current use (the report names 欧阳, 上官, 皇甫, 令狐, 诸葛,
# 司徒, 司马, 申屠, 夏侯, 贺兰, 完颜, 慕容, 尉迟, 长孙 as the common ones); kept whole when masking.
COMPOUND_SURNAMES = frozenset("""
欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 澹台 公冶 宗政 濮阳 淳于
单于 太叔 申屠 轩辕 钟离 闾丘 东郭 南宫 西门 呼延 万俟 赫连 百里 东里 拓跋 独孤 南门 羊舌 微生
公羊 梁丘 左丘 谷梁 第五 鲜于 司空 司寇 亓官 仲孙 巫马 公良 乐正 壤驷 公西 漆雕 颛孙 子车 贺兰 完颜
""".split())

# Longest first: the regex takes the first that matches, and 法人代表张三 must not read as 法人 + 代表张.
CUE_WORDS = (
    "法定代表人", "委托代理人", "法人代表", "经办人", "联系人", "负责人", "代理人", "申请人", "委托人", "受托人",
    "监护人", "当事人", "收件人", "签收人", "投诉人", "举报人", "来信人", "反映人", "咨询人", "求助人", "建议人",
    "持证人", "产权人", "法人", "户主", "业主", "姓名",
)
TITLES = ("先生", "女士", "同志")
# Words that follow a name and show where it ends: 联系人张三电话…, 经办人王五身份证….
FOLLOWERS = ("先生", "女士", "同志", "电话", "手机", "联系", "身份证", "证件", "住址", "签字", "签名", "本人", "等",
             "和", "及", "与")
# Words that begin with a surname and can stand alone after a cue word.
NOT_NAMES = (
    "许可", "任职", "任命", "任免", "董事", "金额", "方式", "方面", "方法", "方案", "文件", "文书", "文本", "文号",
    "程序", "万元", "周岁", "周年", "高校", "常住", "常驻", "严格", "余额", "林地", "林木", "林权", "马上", "钱款",
)
# Characters that may stand right before a name followed by a title: 致王小明先生, 请李娜女士, 感谢….
LEAD_INS = frozenset("致请给向对和与及由为被同将把叫让问找谢是的在于称位名、")

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_CHAR = re.compile(f"[{HAN}]")
# A masked name (张*, 欧阳*东, 阿***·**提) must not be read again as a shorter unmasked one.
_NOT_AN_END = set("*＊·•")
_CUE = re.compile("(?:" + "|".join(CUE_WORDS) + ")[:：]?[ \u3000]?")
_TITLE = re.compile("|".join(TITLES))
_MASKED_NAME = re.compile(f"[{HAN}]{{1,2}}[*＊]+[{HAN}]?")
_DOTTED = re.compile(f"[{HAN}]{{1,10}}(?:[·•][{HAN}]{{1,10}})+")


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    name: str
    context: str  # the cue or title with the name, for the scan's report

    def __str__(self) -> str:
        return self.context


# Names in a list after one cue word (经办人张三、李四和王五): each is read as if after the cue.
LIST_SEPARATORS = ("、", "，", ",", "/", "／", "和", "及", "与")


@functools.cache
def _simplified_table() -> dict[int, str]:
    """Traditional → simplified, character for character (OpenCC's TSCharacters, first reading),
    so that a text in traditional characters (經辦人張三) is read with the same words and keeps
    every character's position."""
    dictionary = importlib.resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    table = {}
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        traditional, _, readings = line.partition("\t")
        first = readings.split(" ")[0]
        if len(traditional) == 1 and len(first) == 1 and traditional != first:
            table[ord(traditional)] = first
    return table


def simplified(text: str) -> str:
    """`text` with traditional characters read as simplified; the same length, position by position."""
    return text.translate(_simplified_table())


def is_han(ch: str) -> bool:
    return bool(ch) and _HAN_CHAR.fullmatch(ch) is not None


def _ends_here(text: str, at: int) -> bool:
    if at >= len(text):
        return True
    if text[at] in _NOT_AN_END:
        return False
    return not is_han(text[at]) or text.startswith(FOLLOWERS, at)


def _surname_ends(text: str, at: int) -> list[int]:
    """Where a surname starting at `at` may end: a compound one first (欧阳晓东), then a single one
    (欧阳 alone is read as 欧 + 阳, as mask_name reads it)."""
    ends = [at + 2] if text[at:at + 2] in COMPOUND_SURNAMES else []
    return ends + ([at + 1] if text[at:at + 1] in SURNAMES else [])


def name_after_cue(text: str, at: int) -> int | None:
    """Where a name starting at `at` ends, if one is recognisable there; None otherwise."""
    dotted = _DOTTED.match(text, at)
    if dotted and _ends_here(text, dotted.end()):
        return dotted.end()
    for surname_end in _surname_ends(text, at):
        for given in (2, 1):  # the longer reading first: 王小明 before 王小
            end = surname_end + given
            if end > len(text) or not all(is_han(ch) for ch in text[surname_end:end]):
                continue
            if not _ends_here(text, end):
                continue
            if text[at:end].startswith(NOT_NAMES):
                return None
            return end
    return None


def _valid_name(candidate: str) -> bool:
    """Surname + 1 or 2 given characters, all Han."""
    if not all(is_han(ch) for ch in candidate):
        return False
    for keep in (2, 1):
        surname, given = candidate[:keep], candidate[keep:]
        if (surname in COMPOUND_SURNAMES if keep == 2 else surname in SURNAMES) and 1 <= len(given) <= 2:
            return True
    return False


def name_before_title(text: str, title_at: int) -> int | None:
    """Where the name ending at `title_at` (right before 先生/女士/同志) starts, or None. The text
    before the name must end there: a non-Han character or a lead-in (请, 致 …). Of two readings
    (向张三先生: 向张三 or 张三), the one starting after a lead-in character wins."""
    found = None
    for length in (4, 3, 2):
        start = title_at - length
        candidate = text[start:title_at] if start >= 0 else ""
        # 马先生 before another 先生 is a title, not a given name: reading it as one would mask the
        # title on a second pass (张*马先生先生 → 张*马*生先生), so masking would not be idempotent.
        if start < 0 or any(title in candidate for title in TITLES) or not _valid_name(candidate):
            continue
        before = text[start - 1] if start else ""
        if before and is_han(before) and before not in LEAD_INS:
            continue
        if found is None or text[found] in LEAD_INS:
            found = start
    return found


def _names_after_cue(reading: str, at: int) -> list[tuple[int, int]]:
    """The name right after a cue and any listed after it (张三、李四和王五), as (start, end)."""
    spans: list[tuple[int, int]] = []
    while at < len(reading):
        end = name_after_cue(reading, at)
        if end is None:
            masked = _MASKED_NAME.match(reading, at)  # 张*、李四: the list goes on past a masked name
            if masked is None:
                break
            end = masked.end()
        else:
            spans.append((at, end))
        if not reading.startswith(LIST_SEPARATORS, end):
            break
        at = end + 1
    return spans


def find_names(text: str) -> list[NameMatch]:
    """Every personal name recognisable by context in `text`, left to right, not overlapping.
    Traditional characters are read as simplified; the matches quote `text` as written."""
    if not text:
        return []
    reading = simplified(text)
    found: list[NameMatch] = []
    for cue in _CUE.finditer(reading):
        found += [NameMatch(start, end, text[start:end], text[cue.start():end])
                  for start, end in _names_after_cue(reading, cue.end())]
    taken = [(m.start, m.end) for m in found]
    for title in _TITLE.finditer(reading):
        start = name_before_title(reading, title.start())
        if start is None or any(s < title.start() and start < e for s, e in taken):
            continue
        found.append(NameMatch(start, title.start(), text[start:title.start()], text[start:title.end()]))
    return sorted(found, key=lambda m: m.start)
