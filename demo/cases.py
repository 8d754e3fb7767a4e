"""Demo cases in every state, replayed through workflows.services so processes and tasks are real.

Times are relative: a case is filed `filed_ago` working days before today (or, for the one case
filed under the first version of a guide, a number of working days before that version ended),
and each action happens `day` working days after filing at a given Asia/Shanghai time. Every
action lies strictly before today, so a replay never runs into the future."""

from __future__ import annotations

from dataclasses import dataclass

from .applicants import (
    ANJU,
    CHEN_XIAOYAN,
    CITY_INVEST,
    DONGSHAN,
    GAS,
    GRAVEL,
    HOSPITAL,
    HUATONG,
    KANGNING,
    LVYUAN,
    OUYANG,
    QINGQUAN,
    RENHE,
    RENJI,
    SCHOOL,
    SHANGGUAN,
    SHUNAN,
    SIMA,
    SUN_LI,
    THIRD_SCHOOL,
    TIANYI,
    WANG_JIANGUO,
    XINYUAN,
    XIUYING,
    YONGFENG,
    ZHANG_WEI,
    ZHAO_ZHIGANG,
    ZHOU_XIAOMEI,
    ZHUGE,
)


@dataclass(frozen=True)
class Certify:
    """What a 制证 act issues: the scope, and the validity in years from the day (None: 长期有效)."""

    scope: str
    years: int | None = None


@dataclass(frozen=True)
class Deliver:
    """What a 送达 act records; `day`: working days after filing on which the recipient signed. Window
    and post deliveries carry a signed receipt (the loader draws one as a PDF)."""

    method: str  # window | post | electronic
    recipient: str
    day: int
    tracking_number: str = ""
    confirmation: str = ""


@dataclass(frozen=True)
class Act:
    step: str  # a step type (catalog.step_types) | resubmit | suspend | extend; for publicity `day` is the
    # latest day: the loader acts on the first working day after the notice period, later acts move up
    decision: str  # accept | refuse | supplement | done | approve | deny | send_back ("" for resubmit);
    # suspend: the special procedure's code (backend.supervision.procedures); extend: working days
    by: str  # username
    day: int  # working days after the filing day
    at: str  # "HH:MM" Asia/Shanghai
    opinion: str = ""
    missing: tuple[str, ...] = ()
    dept: str = ""  # joint_review: which department's task
    certify: Certify | None = None  # certify: the certificate issued
    deliver: Deliver | None = None  # deliver: the delivery record


@dataclass(frozen=True)
class Scenario:
    item: str  # catalog key
    channel: str  # online | window
    by: str  # username of the filer
    applicant: dict
    filed_at: str  # "HH:MM"
    acts: tuple[Act, ...]
    expect: str  # status[:decision|:open step]
    filed_ago: int = 0  # working days before today
    before_v2: int = 0  # or: working days before the item's second guide version took effect

    @property
    def key(self) -> tuple[str, str, str]:
        a = self.applicant
        return (self.item, a["name"], a.get("id_number") or a.get("credit_code"))


# A 公示 act lies at least this many working days after the act that started the notice period.
NOTICE_OVER_BY = 8

ACCEPTED = "材料齐全，符合法定形式，予以受理。"
APPEAL = ("如不服本决定，可以自收到本决定之日起六十日内向临河县人民政府申请行政复议，"
          "或者自收到本决定之日起六个月内向临河县人民法院提起行政诉讼。")

SCENARIOS: list[Scenario] = [
    # ---- completed, approved ------------------------------------------------------------------
    Scenario("food-business", "online", "applicant2", QINGQUAN, "20:36",
             filed_ago=28, expect="completed:approved", acts=(
        Act("accept", "accept", "clerk", 1, "09:20", ACCEPTED),
        Act("review", "done", "scj_reviewer", 2, "10:30", "申请材料审查符合要求，需核实经营场所。"),
        Act("inspection", "done", "reviewer", 3, "15:00", "现场核查：加工、贮存场所布局合理，设备设施齐全，符合要求。"),
        Act("decide", "approve", "approver", 4, "10:00", "符合《中华人民共和国食品安全法》规定的条件，准予许可。"),
        Act("certify", "done", "clerk", 4, "14:00", "已制作《食品经营许可证》正、副本。", certify=Certify(
            "经营项目：预包装食品销售（含冷藏冷冻食品）、散装食品销售、热食类食品制售；"
            "经营场所：临河县城关镇人民大道168号", years=5)),
        Act("deliver", "done", "clerk", 6, "10:00", "《食品经营许可证》已通过邮政寄递送达，签收回执已归档。",
            deliver=Deliver("post", "李秀英", day=5, tracking_number="1151236654321")),
        Act("complete", "done", "clerk", 6, "10:30"),
    )),
    Scenario("sole-trader", "window", "clerk", OUYANG, "09:35", filed_ago=20, expect="completed:approved", acts=(
        Act("accept", "approve", "clerk", 0, "09:50", "材料齐全，当场登记，核发营业执照。"),
    )),
    Scenario("sole-trader", "window", "clerk_hexi", SIMA, "14:10", filed_ago=6, expect="completed:approved", acts=(
        Act("accept", "approve", "clerk_hexi", 0, "14:25", "河西镇便民服务中心当场登记，核发营业执照。"),
    )),
    Scenario("sole-trader", "window", "clerk", CHEN_XIAOYAN, "15:00", filed_ago=11, expect="completed:approved", acts=(
        Act("accept", "approve", "clerk", 0, "15:15", "当场登记，电子营业执照同步发放。"),
    )),
    Scenario("special-equipment", "window", "clerk", HUATONG, "10:05", filed_ago=15, expect="completed:approved", acts=(
        Act("accept", "approve", "clerk", 0, "10:30", "叉车 2 台，资料齐全，当场发放《特种设备使用登记证》。"),
    )),
    Scenario("public-venue-hygiene", "window", "clerk", SHANGGUAN, "11:00", filed_ago=12,
             expect="completed:approved", acts=(
        Act("accept", "accept", "clerk", 0, "11:20", ACCEPTED),
        Act("review", "done", "reviewer", 1, "09:30", "申报资料符合要求。"),
        Act("inspection", "done", "reviewer", 2, "15:00", "现场审核：美容店卫生设施齐全，布局符合卫生要求。"),
        Act("decide", "approve", "wjj_approver", 3, "10:10", "准予公共场所卫生许可。"),
        Act("complete", "done", "clerk", 3, "15:30", "卫生许可证已由申请人到窗口领取。"),
    )),
    Scenario("construction-permit", "window", "clerk", SCHOOL, "14:00",
             filed_ago=22, expect="completed:approved", acts=(
        Act("accept", "accept", "clerk", 0, "14:30", ACCEPTED),
        Act("review", "done", "reviewer", 1, "10:00", "符合《中华人民共和国建筑法》第八条规定的条件。"),
        Act("decide", "approve", "approver", 2, "09:30", "准予核发建筑工程施工许可证（教学综合楼）。"),
        Act("complete", "done", "clerk", 2, "15:00", "施工许可证已送达。"),
    )),
    Scenario("sewer-discharge", "online", "applicant2", QINGQUAN, "16:40",
             filed_ago=18, expect="completed:approved", acts=(
        Act("accept", "accept", "clerk", 1, "09:15", ACCEPTED),
        Act("review", "done", "reviewer", 2, "10:00", "排水设施图纸和说明符合要求。"),
        Act("inspection", "done", "reviewer", 4, "14:30", "现场核查：专用检测井和隔油预处理设施已建成。"),
        Act("decide", "approve", "approver", 5, "09:40", "准予许可，许可证有效期五年。"),
        Act("complete", "done", "clerk", 6, "10:00", "排水许可证已寄递送达。"),
    )),
    Scenario("rural-planning", "window", "clerk_hexi", ZHUGE, "10:00", filed_ago=25, expect="completed:approved", acts=(
        Act("accept", "accept", "clerk_hexi", 0, "10:30", "河西镇人民政府已出具审查意见，材料齐全，予以受理。"),
        Act("review", "done", "reviewer", 2, "15:00", "符合村庄规划。"),
        Act("inspection", "done", "reviewer", 4, "10:00", "现场踏勘：选址位于村庄规划建设用地范围内，未占用农用地。"),
        Act("decide", "approve", "approver", 6, "11:00", "准予核发乡村建设规划许可证。"),
        Act("complete", "done", "clerk_hexi", 7, "14:00", "许可证已由河西镇便民服务中心送达。"),
    )),
    Scenario("building-planning", "window", "clerk", ANJU, "09:40", filed_ago=29, expect="completed:approved", acts=(
        Act("accept", "supplement", "clerk", 0, "10:10", "申请材料不齐全，请一次性补齐下列材料后重新提交。",
            missing=("建设工程设计方案总平面图（加盖设计单位出图章）", "使用土地的有关证明文件（不动产权证书）")),
        Act("resubmit", "", "clerk", 2, "14:00", "申请人已到窗口补齐材料。"),
        Act("accept", "accept", "clerk", 2, "14:20", "补正材料齐全，予以受理。"),
        Act("handle", "recommend_approve", "reviewer", 3, "16:00", "设计方案符合控制性详细规划和规划条件，拟同意。"),
        Act("check", "recommend_approve", "reviewer", 4, "10:00", "同意承办意见。涉及相邻住户采光，告知听证权利。"),
        Act("hearing", "done", "reviewer", 9, "16:30", "听证会已举行，相邻住户意见已记录，日照分析满足要求。"),
        Act("authorize", "send_back", "approver", 10, "10:00", "请补充日照分析报告的审查意见后再报。"),
        Act("check", "recommend_approve", "reviewer", 11, "11:00", "已补充日照分析审查意见，符合规范。"),
        Act("authorize", "done", "approver", 12, "09:30", "同意。"),
        Act("decide", "approve", "approver", 13, "10:30", "准予核发建设工程规划许可证。"),
        Act("certify", "done", "clerk", 13, "15:00", "许可证及附图已制作。", certify=Certify(
            "建设项目：安居·河畔花园二期 3#、5# 住宅楼及地下车库；建设位置：临河县城关镇滨河路以北；"
            "建设规模：总建筑面积 28650 平方米（地上 21400 平方米）")),
        Act("deliver", "done", "clerk", 14, "09:30", "许可证已送达，总平面图已依法公布。",
            deliver=Deliver("window", "曹建华", day=14)),
    )),
    Scenario("construction-waste", "window", "clerk", SHUNAN, "10:00", filed_ago=9, expect="completed:approved", acts=(
        Act("accept", "accept", "clerk", 0, "10:20", ACCEPTED),
        Act("review", "done", "reviewer", 1, "09:30", "处置方案、消纳协议齐全。"),
        Act("inspection", "done", "reviewer", 1, "15:00", "现场核查：运输车辆均为全密闭车辆，已装卫星定位。"),
        Act("decide", "approve", "approver", 2, "10:00", "准予核准，核准文件载明运输路线和消纳场所。"),
        Act("complete", "done", "clerk", 2, "16:00", "核准文件已送达。"),
    )),
    Scenario("road-occupation", "window", "clerk", CITY_INVEST, "10:30",
             filed_ago=19, expect="completed:approved", acts=(
        Act("accept", "accept", "clerk", 0, "11:00", ACCEPTED),
        Act("joint_review", "done", "reviewer", 1, "10:00", "同意占用，占用期间设置围挡。", dept="cgj"),
        Act("joint_review", "done", "reviewer", 1, "15:00", "同意，须按交通组织方案设置警示标志。", dept="jgdd"),
        Act("decide", "approve", "approver", 2, "09:30", "准予临时占用，期限三十日。"),
        Act("complete", "done", "clerk", 3, "10:00", "批准文件已送达。"),
    )),
    Scenario("eia-report-form", "window", "clerk", LVYUAN, "09:30", before_v2=14, expect="completed:approved", acts=(
        Act("accept", "accept", "clerk", 0, "10:30", ACCEPTED),
        Act("review", "done", "reviewer", 4, "15:00", "技术评估意见已出具，报告表结论可信。"),
        Act("decide", "approve", "approver", 7, "10:00", "同意该项目环境影响报告表。"),
        Act("complete", "done", "clerk", 8, "09:00", "批复已送达。"),
    )),
    # A joint item across three departments: fire safety, planning and civil air defence, in parallel.
    Scenario("joint-acceptance", "window", "clerk", ANJU, "09:00", filed_ago=13, expect="completed:approved", acts=(
        Act("accept", "accept", "clerk", 0, "09:30", ACCEPTED),
        Act("joint_review", "done", "reviewer", 2, "11:00",
            "消防验收：消防设施检测合格，现场评定符合要求，消防验收合格。", dept="zjj"),
        Act("joint_review", "done", "reviewer", 2, "16:00",
            "规划条件核实：建筑位置、层数、高度和建筑面积与规划许可一致，核实合格。", dept="zrzyj"),
        Act("joint_review", "done", "reviewer", 3, "10:30",
            "人防工程验收：防空地下室 3200 平方米按批准的设计建成，防护设备安装合格。", dept="rfb"),
        Act("decide", "approve", "approver", 4, "10:00",
            "规划、消防、人防验收均合格，出具《建设工程竣工联合验收意见书》（安居·河畔花园一期）。"),
        Act("complete", "done", "clerk", 4, "15:30", "联合验收意见书已由建设单位到窗口领取。"),
    )),
    # A 7-day 批前公示, over: the notice act's `day` is the latest it may fall on; the loader does it on
    # the first working day after the period (which depends on the holidays in between) and moves the
    # acts after it up by as many working days.
    Scenario("land-use-planning", "window", "clerk", THIRD_SCHOOL, "09:30", filed_ago=16,
             expect="completed:approved", acts=(
        Act("accept", "accept", "clerk", 0, "10:00", ACCEPTED),
        Act("review", "done", "reviewer", 2, "16:00",
            "用地位置、面积符合城北片区控制性详细规划（CB-07 地块），拟予核发，进行批前公示。"),
        Act("publicity", "done", "reviewer", 10, "09:30", "批前公示期满，未收到异议。"),
        Act("decide", "approve", "approver", 11, "10:00", "准予核发建设用地规划许可证。"),
        Act("certify", "done", "clerk", 11, "15:00", "许可证及附图已制作。", certify=Certify(
            "用地项目：临河县第三中学新校区；用地位置：临河县城关镇北环路以南、育才路以东；"
            "用地面积：62400 平方米；用地性质：中小学用地")),
        Act("deliver", "done", "clerk", 12, "10:00", "许可证已由用地单位到窗口领取。",
            deliver=Deliver("window", "秦永红", day=12)),
    )),
    # ---- completed, denied ------------------------------------------------------------------------
    Scenario("outdoor-advertising", "window", "clerk", XINYUAN, "14:40", filed_ago=16, expect="completed:denied", acts=(
        Act("accept", "accept", "clerk", 0, "15:00", ACCEPTED),
        Act("review", "done", "reviewer", 1, "10:00", "拟设置位置需现场核实。"),
        Act("inspection", "done", "reviewer", 2, "10:30", "现场核实：设置点位于人民大道两侧户外广告禁设区域。"),
        Act("decide", "deny", "approver", 3, "09:30",
            "拟设置位置位于人民大道两侧户外广告禁设区域，不符合《临河县户外广告设施设置专项规划》，"
            "依据《城市市容和环境卫生管理条例》第十一条，决定不予许可。" + APPEAL),
        Act("deliver", "done", "clerk", 4, "10:00", "不予行政许可决定书已电子送达。", deliver=Deliver(
            "electronic", "宋丽娟", day=4,
            confirmation=("不予行政许可决定书已推送至申请人临河县政务服务网单位账户，"
                          "经办人于当日确认查收（回执号 DZ-CGJ-0417）。"))),
    )),
    # ---- refused ------------------------------------------------------------------------------------
    Scenario("pharmacy", "window", "clerk", KANGNING, "15:20", filed_ago=10, expect="refused", acts=(
        Act("accept", "refuse", "clerk", 0, "15:45",
            "申请事项为药品批发经营许可，依法由省药品监督管理局审批，不属于本机关职权范围，决定不予受理。"
            "请向省药品监督管理局提出申请。"),
    )),
    # ---- supplement requested -----------------------------------------------------------------
    Scenario("food-business", "online", "applicant2", XIUYING, "19:05",
             filed_ago=3, expect="supplement_requested", acts=(
        Act("accept", "supplement", "clerk", 1, "09:40", "申请材料不齐全，请一次性补齐下列材料后重新提交。",
            missing=("食品安全管理制度文本（含从业人员健康管理、进货查验记录制度）",
                     "经营场所平面布局图（标明操作间、设备位置和给排水）")),
    )),
    # ---- in progress ----------------------------------------------------------------------------
    Scenario("food-business", "window", "clerk", ZHANG_WEI, "10:15",
             filed_ago=4, expect="in_progress:inspection", acts=(
        Act("accept", "accept", "clerk", 0, "10:40", ACCEPTED),
        Act("review", "done", "scj_reviewer", 1, "14:20", "材料审查通过，安排现场核查。"),
    )),
    Scenario("pharmacy", "window", "clerk", RENJI, "09:30", filed_ago=2, expect="in_progress:review", acts=(
        Act("accept", "accept", "clerk", 0, "10:00", ACCEPTED),
    )),
    Scenario("public-venue-hygiene", "window", "clerk", ZHAO_ZHIGANG, "10:00", filed_ago=1,
             expect="in_progress:review", acts=(
        Act("accept", "accept", "clerk", 0, "10:30", ACCEPTED),
    )),
    Scenario("medical-practice", "window", "clerk", RENHE, "10:20", filed_ago=8, expect="in_progress:inspection", acts=(
        Act("accept", "accept", "clerk", 0, "11:00", ACCEPTED),
        Act("review", "done", "reviewer", 3, "16:00", "申请材料符合医疗机构基本标准，安排现场审核。"),
    )),
    Scenario("construction-permit", "window", "clerk", ANJU, "09:05", filed_ago=3, expect="in_progress:decide", acts=(
        Act("accept", "accept", "clerk", 0, "09:30", ACCEPTED),
        Act("review", "done", "reviewer", 1, "11:00", "符合《中华人民共和国建筑法》第八条规定的条件，建议准予许可。"),
    )),
    Scenario("water-abstraction", "online", "applicant2", QINGQUAN, "10:50", filed_ago=14,
             expect="in_progress:inspection", acts=(
        Act("accept", "accept", "clerk", 1, "09:30", ACCEPTED),
        Act("review", "done", "reviewer", 7, "16:00", "建设项目水资源论证报告书经专家审查通过。"),
    )),
    Scenario("rural-planning", "online", "applicant", WANG_JIANGUO, "19:30",
             filed_ago=5, expect="in_progress:review", acts=(
        Act("accept", "accept", "clerk", 1, "10:00", ACCEPTED),
    )),
    Scenario("road-occupation", "window", "clerk", GAS, "09:20", filed_ago=2, expect="in_progress:joint_review", acts=(
        Act("accept", "accept", "clerk", 0, "09:50", ACCEPTED),
        Act("joint_review", "done", "reviewer", 1, "10:00", "同意占用，占用期间设置围挡。", dept="cgj"),
    )),
    Scenario("eia-report-form", "online", "applicant2", QINGQUAN, "11:30",
             filed_ago=7, expect="in_progress:decide", acts=(
        Act("accept", "accept", "clerk", 1, "09:30", ACCEPTED),
        Act("review", "done", "reviewer", 5, "16:30", "技术评估意见已出具，建议批准。"),
    )),
    # Stopped for a hearing now (行政许可法 art. 47): the neighbours of a gas pressure station asked to be heard.
    Scenario("building-planning", "window", "clerk", GAS, "10:10", filed_ago=6, expect="in_progress:hearing", acts=(
        Act("accept", "accept", "clerk", 0, "10:40", ACCEPTED),
        Act("handle", "recommend_approve", "reviewer", 1, "15:00", "城东燃气调压站设计方案符合规划条件，拟同意。"),
        Act("check", "recommend_approve", "reviewer", 2, "10:30",
            "同意承办意见。调压站与相邻住宅的间距涉及相邻住户重大利益，已告知听证权利，相邻住户申请听证。"),
    )),
    # In its notice period now: the review ended on the last working day before today, so the seven
    # calendar days run past today whatever the holidays.
    Scenario("land-use-planning", "window", "clerk", CITY_INVEST, "09:40", filed_ago=4,
             expect="in_progress:publicity", acts=(
        Act("accept", "accept", "clerk", 0, "10:10", ACCEPTED),
        Act("review", "done", "reviewer", 3, "15:30",
            "城南安置小区（保障性住房）用地符合控制性详细规划，拟予核发；涉及相邻居民利益，进行批前公示。"),
    )),
    # Two of the three departments done; planning's check is open.
    Scenario("joint-acceptance", "window", "clerk", HOSPITAL, "14:00", filed_ago=3,
             expect="in_progress:joint_review", acts=(
        Act("accept", "accept", "clerk", 0, "14:30", ACCEPTED),
        Act("joint_review", "done", "reviewer", 1, "16:00",
            "消防验收：住院综合楼消防设施联动测试合格，消防验收合格。", dept="zjj"),
        Act("joint_review", "done", "reviewer", 2, "10:00",
            "人防工程验收：防空地下室按批准的设计建成，验收合格。", dept="rfb"),
    )),
    # ---- open cases whose clocks show every supervision state ----------------------------------
    # Promised 3 / statutory 7 working days, accepted 9 working days ago: red, and a statutory breach.
    Scenario("construction-permit", "window", "clerk", TIANYI, "09:10", filed_ago=10, expect="in_progress:decide",
             acts=(
        Act("accept", "accept", "clerk", 1, "09:40", ACCEPTED),
        Act("review", "done", "reviewer", 2, "15:30", "施工图审查合格，建议准予许可。"),
    )),
    # Promised 5, accepted 8 working days ago: red at the inspection step.
    Scenario("outdoor-advertising", "online", "applicant2", SUN_LI, "20:15", filed_ago=9,
             expect="in_progress:inspection", acts=(
        Act("accept", "accept", "clerk", 1, "09:15", ACCEPTED),
        Act("review", "done", "reviewer", 2, "11:20", "设置位置符合户外广告设施专项规划，需现场核实。"),
    )),
    # Promised 10, accepted 9 working days ago: at least 80 % used, yellow.
    Scenario("sewer-discharge", "window", "clerk", YONGFENG, "14:30", filed_ago=10, expect="in_progress:inspection",
             acts=(
        Act("accept", "accept", "clerk", 1, "09:50", ACCEPTED),
        Act("review", "done", "reviewer", 3, "10:40", "排水水质检测报告符合要求，安排现场核查。"),
    )),
    # Promised 20: stopped for expert review (行政许可法 art. 45), clocks suspended.
    Scenario("medical-practice", "online", "applicant2", ZHOU_XIAOMEI, "18:40", filed_ago=6,
             expect="in_progress:inspection", acts=(
        Act("accept", "accept", "clerk", 1, "09:05", ACCEPTED),
        Act("review", "done", "reviewer", 2, "15:10", "诊所设置符合区域卫生规划，需专家评审诊疗科目设置。"),
        Act("suspend", "expert_review", "reviewer", 3, "09:30", "诊疗科目设置专家评审"),
    )),
    # Promised 10, extended by 10 working days with the approver's sign-off (art. 42).
    Scenario("soil-conservation", "window", "clerk", DONGSHAN, "10:25", filed_ago=12, expect="in_progress:decide",
             acts=(
        Act("accept", "accept", "clerk", 1, "09:00", ACCEPTED),
        Act("review", "done", "reviewer", 4, "16:20", "水土保持方案需补充取土场防护措施技术论证。"),
        Act("extend", "10", "approver", 9, "10:00", "水土保持方案技术论证复杂，经批准延长十个工作日"),
    )),
    # ---- submitted, not yet accepted ------------------------------------------------------------
    Scenario("sole-trader", "online", "applicant", WANG_JIANGUO, "21:18", filed_ago=1, expect="submitted", acts=()),
    Scenario("soil-conservation", "window", "clerk", GRAVEL, "15:35", filed_ago=1, expect="submitted", acts=()),
]


def scenario_problems() -> list[str]:
    problems: list[str] = []
    seen: set[tuple] = set()
    for s in SCENARIOS:
        if s.key in seen:
            problems.append(f"重复的演示办件 {s.key}")
        seen.add(s.key)
        if (s.filed_ago > 0) == (s.before_v2 > 0):
            problems.append(f"{s.key}: 需且仅需指定 filed_ago 或 before_v2")
        last_day = max((a.day for a in s.acts), default=0)
        if s.filed_ago and last_day >= s.filed_ago:
            problems.append(f"{s.key}: 办理动作不能晚于昨天")
        if s.before_v2 and last_day >= s.before_v2:
            problems.append(f"{s.key}: 办理动作应在新版指南生效前完成")
        # Minutes since the filing day began; a task is claimed 5 minutes before it is completed.
        moments = [_minutes(0, s.filed_at)] + [_minutes(a.day, a.at) for a in s.acts]
        if any(b - a < 10 for a, b in zip(moments, moments[1:], strict=False)):
            problems.append(f"{s.key}: 办理动作应依次相隔至少 10 分钟")
        # A notice of 7 calendar days started on a working day ends by its 7th working day after (a
        # week of make-up days at most), so the 8th is always past it.
        for before, act in zip(s.acts, s.acts[1:], strict=False):
            if act.step == "publicity" and act.day < before.day + NOTICE_OVER_BY:
                problems.append(f"{s.key}: 公示办理日应排在前一动作后至少 {NOTICE_OVER_BY} 个工作日")
    return problems


def _minutes(day: int, hhmm: str) -> int:
    hours, minutes = map(int, hhmm.split(":"))
    return day * 24 * 60 + hours * 60 + minutes
