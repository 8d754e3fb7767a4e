"""Demo items of water, city management and the environment (水利局, 城市管理综合行政执法局,
生态环境分局); the environmental item has two guide versions."""

from __future__ import annotations

from dataclasses import replace

from ..organisation import COUNTY
from ..specs import V1_FROM, V2_FROM, XKF_42, Guide, Item, Law, Material, Step, item_code

ITEMS: list[Item] = [
    # ---- 水利局 ----------------------------------------------------------------------------------
    Item(
        "water-abstraction", item_code("slj", 1), "取水许可", "promised", "slj", "0123-5210401",
        steps=(Step("accept", "slj", 1), Step("review", "slj", 8), Step("inspection", "slj", 5),
               Step("decide", "slj", 4), Step("complete", "slj", 2)),
        guides=(Guide(
            1, V1_FROM, statutory=45, promised=20,
            conditions=("利用取水工程或者设施直接从江河、湖泊或者地下取用水资源；符合水资源综合规划、水功能区划和"
                        "区域取水许可总量控制要求；建设项目需要取水的，已编制建设项目水资源论证报告书（表）。"
                        "家庭生活和零星散养、圈养畜禽饮用等少量取水的除外。"),
            process_note="审批期限不包括举行听证和征求有关部门意见所需的时间。",
            laws=(
                Law("中华人民共和国水法", "第四十八条",
                    "直接从江河、湖泊或者地下取用水资源的单位和个人，应当按照国家取水许可制度和水资源有偿使用制度"
                    "的规定，向水行政主管部门或者流域管理机构申请领取取水许可证，并缴纳水资源费，取得取水权。"
                    "但是，家庭生活和零星散养、圈养畜禽饮用等少量取水的除外。"),
                Law("取水许可和水资源费征收管理条例", "第十九条",
                    "审批机关应当自受理取水申请之日起45个工作日内决定批准或者不批准。决定批准的，"
                    "应当同时签发取水申请批准文件。"),
            ),
            materials=(
                Material("取水许可申请书", "original"),
                Material("与第三者利害关系的相关说明", "original"),
                Material("建设项目水资源论证报告书（表）", "original"),
                Material("属于备案项目的，有关备案材料", "copy", required=False),
                Material("申请人营业执照或者身份证明", "copy"),
            ),
            fees="审批不收费；取用水资源依法缴纳水资源税",
        ),),
    ),
    Item(
        "soil-conservation", item_code("slj", 2), "生产建设项目水土保持方案审批", "promised", "slj", "0123-5210402",
        steps=(Step("accept", "slj", 1), Step("review", "slj", 5), Step("decide", "slj", 2),
               Step("complete", "slj", 1)),
        guides=(Guide(
            1, V1_FROM, statutory=20, promised=10,
            conditions=("在山区、丘陵区、风沙区以及水土保持规划确定的容易发生水土流失的其他区域开办可能造成水土流失的"
                        "生产建设项目；水土保持方案由生产建设单位编制或者委托具备相应技术条件的机构编制。"),
            process_note="技术评审（专家评审）时间不计入办理时限。",
            laws=(
                Law("中华人民共和国水土保持法", "第二十五条",
                    "在山区、丘陵区、风沙区以及水土保持规划确定的容易发生水土流失的其他区域开办可能造成水土流失的"
                    "生产建设项目，生产建设单位应当编制水土保持方案，报县级以上人民政府水行政主管部门审批，"
                    "并按照经批准的水土保持方案，采取水土流失预防和治理措施。没有能力编制水土保持方案的，"
                    "应当委托具备相应技术条件的机构编制。"),
                XKF_42,
            ),
            materials=(
                Material("生产建设项目水土保持方案审批申请", "original"),
                Material("水土保持方案报告书（报告表）", "original", copies=2),
                Material("项目立项（审批、核准、备案）文件", "copy"),
                Material("申请人营业执照", "copy"),
            ),
            fees="审批不收费；依法缴纳水土保持补偿费",
        ),),
    ),
    # ---- 城市管理综合行政执法局 ------------------------------------------------------------------------
    Item(
        "construction-waste", item_code("cgj", 1), "城市建筑垃圾处置核准", "promised", "cgj", "0123-5210601",
        steps=(Step("accept", "cgj", 1), Step("review", "cgj", 1), Step("inspection", "cgj", 1),
               Step("decide", "cgj", 1), Step("complete", "cgj", 1)),
        guides=(Guide(
            1, V1_FROM, statutory=20, promised=5,
            conditions=("有建筑垃圾分类处置方案和建筑垃圾的消纳场所；运输车辆具备全密闭运输机械装置或者密闭苫盖装置，"
                        "安装行驶及装卸记录仪；有健全的运输车辆运营、安全、质量、保养、行政管理制度。"),
            process_note="核准文件载明运输路线、时间和消纳场所。",
            laws=(
                Law("国务院对确需保留的行政审批项目设定行政许可的决定（国务院令第412号）", "附件第101项",
                    "城市建筑垃圾处置核准；实施机关：城市人民政府市容环境卫生行政主管部门。"),
                Law("城市建筑垃圾管理规定（建设部令第139号）", "第七条",
                    "处置建筑垃圾的单位，应当向城市人民政府市容环境卫生主管部门提出申请，获得城市建筑垃圾处置核准后，"
                    "方可处置。城市人民政府市容环境卫生主管部门应当在接到申请后的20日内作出是否核准的决定。"
                    "予以核准的，颁发核准文件；不予核准的，应当告知申请人，并说明理由。"),
            ),
            materials=(
                Material("城市建筑垃圾处置核准申请表", "original"),
                Material("建筑垃圾处置方案（含运输路线和消纳场所）", "original"),
                Material("与消纳场所签订的消纳协议", "copy"),
                Material("运输车辆清单及行驶证", "copy"),
                Material("申请人营业执照", "copy"),
            ),
        ),),
    ),
    Item(
        "outdoor-advertising", item_code("cgj", 2), "户外广告设施设置审批", "promised", "cgj", "0123-5210602",
        # A denial is delivered too (不予行政许可决定书, art. 38); a grant's certificate comes before.
        steps=(Step("accept", "cgj", 1), Step("review", "cgj", 2), Step("inspection", "cgj", 1),
               Step("decide", "cgj", 1), Step("certify", "cgj", 0), Step("deliver", "cgj", 0)),
        certificate=("户外广告设施设置许可证", "临城管广字〔{year}〕{seq:04d}号"),
        guides=(Guide(
            1, V1_FROM, statutory=20, promised=5,
            conditions=("设置位置符合本县户外广告设施设置专项规划，不在禁设区域；设施设计符合城市容貌标准，"
                        "结构安全；已取得设置场地的使用权。"),
            process_note="准予许可的制作许可证；许可决定书（连同许可证）当场送达或者通过寄递、电子方式送达后办结。",
            laws=(
                Law("城市市容和环境卫生管理条例", "第十一条",
                    "在城市中设置户外广告、标语牌、画廊、橱窗等，应当内容健康、外型美观，并定期维修、油饰或者拆除。"
                    "大型户外广告的设置必须征得城市人民政府市容环境卫生行政主管部门同意后，"
                    "按照有关规定办理审批手续。"),
                XKF_42,
            ),
            materials=(
                Material("户外广告设施设置申请表", "original"),
                Material("设置场地使用权证明或者与产权人签订的协议", "copy"),
                Material("设施设计效果图、结构图及安装位置图", "original"),
                Material("结构安全性评估报告", "original", required=False, note="大型户外广告设施提供"),
                Material("申请人营业执照", "copy"),
            ),
        ),),
    ),
    Item(
        "road-occupation", item_code("cgj", 3), "临时占用城市道路审批", "joint", "cgj", "0123-5210603",
        steps=(Step("accept", "cgj", 1), Step("joint_review", "cgj", 2), Step("joint_review", "jgdd", 2),
               Step("decide", "cgj", 1), Step("complete", "cgj", 1)),
        guides=(Guide(
            1, V1_FROM, statutory=20, promised=5,
            conditions=("因特殊情况确需临时占用城市道路；占用位置、面积、期限符合城市道路管理和交通安全要求；"
                        "有交通组织和安全防护方案。由城市道路主管部门与公安交通管理部门并联审查、一次办结。"),
            process_note="城市管理部门与公安交通管理部门并联审查（联办件），申请人只需提交一次材料。",
            laws=(
                Law("城市道路管理条例", "第三十一条",
                    "因特殊情况需要临时占用城市道路的，须经市政工程行政主管部门和公安交通管理部门批准，"
                    "方可按照规定占用。经批准临时占用城市道路的，不得损坏城市道路；占用期满后，应当及时清理占用现场，"
                    "恢复城市道路原状；损坏城市道路的，应当修复或者给予赔偿。"),
                Law("城市道路管理条例", "第三十七条",
                    "占用或者挖掘由市政工程行政主管部门管理的城市道路的，应当向市政工程行政主管部门交纳城市道路"
                    "占用费或者城市道路挖掘修复费。"),
                XKF_42,
            ),
            materials=(
                Material("临时占用城市道路申请表", "original"),
                Material("占用位置平面示意图（标明占用面积和期限）", "original"),
                Material("交通组织和安全防护方案", "original"),
                Material("申请人营业执照或者身份证明", "copy"),
                Material("施工许可或者其他相关批准文件", "copy", required=False, note="因工程建设占用的提供"),
            ),
            fees="按省核定的城市道路占用费标准收取（《城市道路管理条例》第三十七条）",
        ),),
    ),
]

# ---- 生态环境分局: the item whose guide has two versions ------------------------------------------------
_EIA_V1 = Guide(
    1, V1_FROM, statutory=30, promised=15,
    conditions=("建设项目依照《建设项目环境影响评价分类管理名录》应当编制环境影响报告表；符合生态环境分区管控要求和"
                "相关规划；采取的污染防治和生态保护措施能够确保污染物排放达到国家和地方标准。"),
    process_note="技术评估（专家评审）和审批前公示时间不计入办理时限。",
    laws=(
        Law("中华人民共和国环境影响评价法", "第二十二条",
            "建设项目的环境影响报告书、报告表，由建设单位按照国务院的规定报有审批权的生态环境主管部门审批。"
            "审批部门应当自收到环境影响报告书之日起六十日内，收到环境影响报告表之日起三十日内，分别作出审批决定"
            "并书面通知建设单位。审核、审批建设项目环境影响报告书、报告表以及备案环境影响登记表，"
            "不得收取任何费用。"),
    ),
    materials=(
        Material("建设项目环境影响报告表审批申请书", "original"),
        Material("建设项目环境影响报告表（全本）", "original", copies=2),
        Material("删除涉及国家秘密、商业秘密等内容的报告表公开版本及说明", "electronic"),
        Material("项目立项（审批、核准、备案）文件", "copy"),
        Material("申请人营业执照", "copy"),
    ),
    fees="不收费（《环境影响评价法》第二十二条：审批不得收取任何费用）",
)
ITEMS.append(Item(
    "eia-report-form", item_code("sthjj", 1), "建设项目环境影响报告表审批", "promised", "sthjj", "0123-5210701",
    steps=(Step("accept", "sthjj", 1), Step("review", "sthjj", 5), Step("decide", "sthjj", 2),
           Step("complete", "sthjj", 1)),
    guides=(
        _EIA_V1,
        replace(_EIA_V1, version=2, effective_from=V2_FROM, promised=10,
                process_note=(_EIA_V1.process_note
                              + "自 {v2_date}起，按照《" + COUNTY + "进一步压减"
                              "政务服务事项办理时限实施方案》，承诺时限由 15 个工作日压减为 10 个工作日。")),
    ),
))

