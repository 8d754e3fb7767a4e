"""Demo items of the market regulation and health departments (市场监督管理局, 卫生健康局)."""

from __future__ import annotations

from ..specs import PROXY, V1_FROM, XKF_42, Guide, Item, Law, Material, Step, item_code

ITEMS: list[Item] = [
    # ---- 市场监督管理局 --------------------------------------------------------------------------
    Item(
        "food-business", item_code("scjgj", 1), "食品经营许可", "promised", "scjgj", "0123-5210101",
        steps=(Step("accept", "scjgj", 1), Step("review", "scjgj", 1), Step("inspection", "scjgj", 2),
               Step("decide", "scjgj", 1), Step("certify", "scjgj", 0), Step("deliver", "scjgj", 0),
               Step("complete", "scjgj", 0)),
        certificate=("食品经营许可证", "临市监食经字〔{year}〕第{seq:05d}号"),
        guides=(Guide(
            1, V1_FROM, statutory=10, promised=5,
            conditions=("（一）具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所，"
                        "并与有毒、有害场所以及其他污染源保持规定的距离；（二）具有与经营的食品品种、数量相适应的"
                        "经营设备或者设施；（三）有专职或者兼职的食品安全管理人员和保证食品安全的规章制度；"
                        "（四）具有合理的设备布局和工艺流程，防止交叉污染；（五）法律、法规规定的其他条件。"
                        "仅销售预包装食品的，办理备案，无需许可。"),
            process_note="需要对申请材料的实质内容进行核实的，进行现场核查。",
            laws=(
                Law("中华人民共和国食品安全法", "第三十五条",
                    "国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。"
                    "但是，销售食用农产品和仅销售预包装食品的，不需要取得许可。仅销售预包装食品的，"
                    "应当报所在地县级以上地方人民政府食品安全监督管理部门备案。"),
                Law("食品经营许可和备案管理办法（国家市场监督管理总局令第78号）", "",
                    "摘要：县级以上地方市场监督管理部门应当自受理申请之日起十个工作日内作出是否准予行政许可的决定；"
                    "因特殊原因需要延长的，经本部门负责人批准可以延长五个工作日，并将延长理由告知申请人。"),
            ),
            materials=(
                Material("食品经营许可申请书", "original"),
                Material("营业执照或者其他主体资格证明文件", "copy"),
                Material("与食品经营相适应的主要设备设施、经营布局、操作流程等文件", "original"),
                Material("食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录",
                         "original"),
                PROXY,
            ),
        ),),
    ),
    Item(
        "sole-trader", item_code("scjgj", 2), "个体工商户设立登记", "immediate", "scjgj", "0123-5210102",
        steps=(Step("accept", "scjgj", 0),),
        guides=(Guide(
            1, V1_FROM, statutory=3, promised=0,
            conditions=("有经营能力的公民；有固定的经营场所（电子商务平台内经营者可以网络经营场所登记）；"
                        "经营范围不属于法律、行政法规禁止的项目，属于登记前须经批准的许可项目的已取得批准文件。"),
            process_note="材料齐全、符合法定形式的当场登记，核发营业执照（电子营业执照同步发放）。",
            laws=(
                Law("中华人民共和国市场主体登记管理条例", "第三条",
                    "市场主体应当依照本条例办理登记。未经登记，不得以市场主体名义从事经营活动。"
                    "法律、行政法规规定无需办理登记的除外。"),
                Law("中华人民共和国市场主体登记管理条例", "第十九条",
                    "登记机关应当对申请材料进行形式审查。对申请材料齐全、符合法定形式的予以确认并当场登记。"
                    "不能当场登记的，应当在3个工作日内予以登记；情形复杂的，经登记机关负责人批准，"
                    "可以再延长3个工作日。"),
            ),
            materials=(
                Material("个体工商户登记（备案）申请书", "original"),
                Material("经营者身份证明", "copy"),
                Material("经营场所使用证明（产权证明或者租赁协议）", "copy"),
                PROXY,
            ),
        ),),
    ),
    Item(
        "special-equipment", item_code("scjgj", 3), "特种设备使用登记", "immediate", "scjgj", "0123-5210103",
        steps=(Step("accept", "scjgj", 0),),
        guides=(Guide(
            1, V1_FROM, statutory=15, promised=0,
            conditions=("特种设备由取得相应许可的单位设计、制造、安装、改造、修理，按规定经监督检验合格；"
                        "使用单位在特种设备投入使用前或者投入使用后三十日内申请。"),
            process_note="材料齐全的当场审核、发放《特种设备使用登记证》。",
            laws=(
                Law("中华人民共和国特种设备安全法", "第三十三条",
                    "特种设备使用单位应当在特种设备投入使用前或者投入使用后三十日内，向负责特种设备安全监督管理的"
                    "部门办理使用登记，取得使用登记证书。登记标志应当置于该特种设备的显著位置。"),
                Law("特种设备使用管理规则（TSG 08—2017）", "",
                    "摘要：登记机关自受理申请之日起十五个工作日内完成审核发证，或者书面告知不予登记的理由。"),
            ),
            materials=(
                Material("特种设备使用登记表", "original", copies=2),
                Material("使用单位统一社会信用代码证明或者个人身份证明", "copy"),
                Material("特种设备产品合格证（含产品数据表）", "copy"),
                Material("特种设备监督检验证明（安全技术规范要求使用前首次检验的，提供首次检验报告）", "copy"),
            ),
        ),),
    ),
    Item(
        "pharmacy", item_code("scjgj", 4), "药品零售企业经营许可", "promised", "scjgj", "0123-5210104",
        steps=(Step("accept", "scjgj", 1), Step("review", "scjgj", 3), Step("inspection", "scjgj", 5),
               Step("decide", "scjgj", 2), Step("complete", "scjgj", 1)),
        guides=(Guide(
            1, V1_FROM, statutory=20, promised=15,
            conditions=("（一）有依法经过资格认定的药师或者其他药学技术人员；（二）有与所经营药品相适应的营业场所、"
                        "设备、仓储设施和卫生环境；（三）有与所经营药品相适应的质量管理机构或者人员；"
                        "（四）有保证药品质量的规章制度，并符合药品经营质量管理规范要求。"
                        "从事药品批发活动的，向省级药品监督管理部门申请。"),
            process_note="技术审查和现场检查按药品经营质量管理规范现场检查指导原则进行。",
            laws=(
                Law("中华人民共和国药品管理法", "第五十一条",
                    "从事药品批发活动，应当经所在地省、自治区、直辖市人民政府药品监督管理部门批准，"
                    "取得药品经营许可证。从事药品零售活动，应当经所在地县级以上地方人民政府药品监督管理部门批准，"
                    "取得药品经营许可证。无药品经营许可证的，不得经营药品。"),
                XKF_42,
            ),
            materials=(
                Material("药品经营许可证申请表", "original"),
                Material("营业执照", "copy"),
                Material("执业药师注册证或者其他药学技术人员资格证明", "copy"),
                Material("经营场所、仓库的产权或者使用权证明及平面布局图", "copy"),
                Material("质量管理制度文件目录及主要设施设备目录", "original"),
                PROXY,
            ),
        ),),
    ),
    # ---- 卫生健康局 --------------------------------------------------------------------------------
    Item(
        "public-venue-hygiene", item_code("wsjkj", 1), "公共场所卫生许可", "promised", "wsjkj", "0123-5210201",
        steps=(Step("accept", "wsjkj", 1), Step("review", "wsjkj", 1), Step("inspection", "wsjkj", 2),
               Step("decide", "wsjkj", 1), Step("complete", "wsjkj", 0)),
        guides=(Guide(
            1, V1_FROM, statutory=20, promised=5,
            conditions=("经营场所属于本省公布的公共场所卫生监督范围（宾馆、旅店、公共浴室、理发店、美容店等）；"
                        "选址、设计、装修符合卫生标准和规范；配备必要的卫生设施；建立卫生管理制度并配备专（兼）职"
                        "卫生管理人员；直接为顾客服务的从业人员持有效健康合格证明。"),
            process_note="对申报资料进行审查，对现场进行审核；卫生许可证有效期四年，每两年复核一次。",
            laws=(
                Law("公共场所卫生管理条例", "第四条",
                    "国家对公共场所实行“卫生许可证”制度。“卫生许可证”由县以上卫生行政部门签发。"),
                Law("公共场所卫生管理条例", "第八条",
                    "除公园、体育场（馆）、公共交通工具外的公共场所，经营单位应当及时向卫生行政部门申请办理"
                    "“卫生许可证”。“卫生许可证”两年复核一次。"),
                Law("公共场所卫生管理条例实施细则", "",
                    "摘要：县级以上地方人民政府卫生行政部门应当自受理公共场所卫生许可申请之日起20日内，"
                    "对申报资料进行审查，对现场进行审核，符合规定要求的，作出准予公共场所卫生许可的决定。"),
            ),
            materials=(
                Material("公共场所卫生许可申请表", "original"),
                Material("法定代表人或者负责人身份证明", "copy"),
                Material("公共场所地址方位示意图、平面图和卫生设施平面布局图", "original"),
                Material("公共场所卫生检测或者评价报告", "original"),
                Material("公共场所卫生管理制度", "original"),
                Material("从业人员健康合格证明", "copy"),
            ),
        ),),
    ),
    Item(
        "medical-practice", item_code("wsjkj", 2), "医疗机构执业登记", "promised", "wsjkj", "0123-5210202",
        steps=(Step("accept", "wsjkj", 1), Step("review", "wsjkj", 5), Step("inspection", "wsjkj", 8),
               Step("decide", "wsjkj", 3), Step("complete", "wsjkj", 1)),
        guides=(Guide(
            1, V1_FROM, statutory=45, promised=20,
            conditions=("按照规定应当办理设置医疗机构批准书的，已取得设置医疗机构批准书；符合医疗机构基本标准；"
                        "有适合的名称、组织机构和场所；有与其开展的业务相适应的经费、设施、设备和专业卫生技术人员；"
                        "有相应的规章制度；能够独立承担民事责任。诊所实行备案管理，不适用本事项。"),
            process_note="现场审核包括对执业人员消毒、隔离和无菌操作等基本知识和技能的抽查考核。",
            laws=(
                Law("医疗机构管理条例", "第十四条",
                    "医疗机构执业，必须进行登记，领取《医疗机构执业许可证》；诊所按照国务院卫生行政部门的规定"
                    "向所在地的县级人民政府卫生行政部门备案后，可以执业。"),
                Law("医疗机构管理条例", "第十八条",
                    "县级以上地方人民政府卫生行政部门自受理执业登记申请之日起45日内，根据本条例和医疗机构基本标准"
                    "进行审核。审核合格的，予以登记，发给《医疗机构执业许可证》；审核不合格的，"
                    "将审核结果以书面形式通知申请人。"),
            ),
            materials=(
                Material("医疗机构申请执业登记注册书", "original"),
                Material("设置医疗机构批准书", "copy", required=False, note="按规定须办理设置审批的提供"),
                Material("医疗机构用房产权证明或者使用证明", "copy"),
                Material("医疗机构建筑设计平面图", "original"),
                Material("医疗机构规章制度", "original"),
                Material("医疗机构法定代表人、主要负责人及卫生技术人员资格证书、执业证书", "copy"),
            ),
        ),),
    ),
]
