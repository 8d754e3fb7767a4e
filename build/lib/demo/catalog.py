"""The demo catalog: real county-level items with their real legal basis and statutory limits.

Limits are working days (工作日). Where the law that sets up an item names no time limit, the
default of the Administrative Licensing Law applies (行政许可法 art. 42: 20 days). Law texts are
quoted from the current versions; a text starting with "摘要：" summarises the provision instead.

Item codes follow the shape of national item codes: the implementing department's unified
social credit code, then 01 (行政许可), a 4-digit main item, a 3-digit sub-item and a 3-digit
handling item. The departments and their codes are fictitious (see `ids`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from backend.catalog.models import ProcessStep
from backend.catalog.process_config import StepSpec, process_config_errors
from backend.certificates import numbering

from .organisation import COUNTY, DEPT_BY_CODE

# Placeholders: the loader dates the guide versions around the moment it runs (guide_dates).
V1_FROM = date(1, 1, 1)
V2_FROM = date(1, 1, 2)
HOURS = "工作日 上午 9:00—12:00，下午 13:30—17:30（法定节假日除外；网上申报 24 小时受理）"
COMPLAINT_PHONE = "12345（政务服务便民热线）；0123-5210012（县政务服务中心监督投诉）"


@dataclass(frozen=True)
class Law:
    law: str
    article: str
    text: str


@dataclass(frozen=True)
class Material:
    name: str
    form: str = "copy"  # original | copy | electronic
    copies: int = 1
    required: bool = True
    note: str = ""


@dataclass(frozen=True)
class Step:
    step: str
    dept: str
    budget: int
    role: str = ""  # empty: ProcessStep.DEFAULT_ROLES


@dataclass(frozen=True)
class Guide:
    version: int
    effective_from: date
    statutory: int
    promised: int
    conditions: str
    process_note: str
    laws: tuple[Law, ...]
    materials: tuple[Material, ...]
    fees: str = "不收费"


@dataclass(frozen=True)
class Item:
    key: str  # stable handle for the demo cases
    code: str
    name: str
    kind: str  # immediate | promised | joint
    dept: str
    enquiry_phone: str
    steps: tuple[Step, ...]
    guides: tuple[Guide, ...]
    # (证照名称, 证书编号规则: backend/certificates/numbering.py) for items with a 制证 step.
    certificate: tuple[str, str] | None = None


def item_code(dept: str, main: int, sub: int = 1, handling: int = 0) -> str:
    return f"{DEPT_BY_CODE[dept].credit_code}01{main:04d}{sub:03d}{handling:03d}"


STEP_NAMES = {"accept": "受理", "review": "审查", "joint_review": "联合审查", "inspection": "现场核查",
              "decide": "决定", "complete": "办结送达", "hearing": "听证（不计入办理时限）"}
# With its own 送达 step, the last step only closes the case.
STEP_NAMES_DELIVERED = {**STEP_NAMES, "complete": "办结"}


def process_description(item: Item, guide: Guide) -> str:
    """The 办理流程 text of a guide, written from the configured steps and their budgets."""
    parts: list[str] = ["申请"]
    joint = [s for s in item.steps if s.step == "joint_review"]
    labels = STEP_NAMES_DELIVERED if any(s.step == "deliver" for s in item.steps) else STEP_NAMES
    for s in item.steps:
        if s.step == "joint_review":
            if s is joint[0]:
                names = "、".join(DEPT_BY_CODE[j.dept].name for j in joint)
                parts.append(f"联合审查（{names}并联审查，{max(j.budget for j in joint)}个工作日）")
            continue
        label = labels.get(s.step) or str(ProcessStep.Step(s.step).label)
        parts.append(f"{label}（当场办结）" if item.kind == "immediate" else f"{label}（{s.budget}个工作日）")
    flow = " → ".join(parts)
    if guide.promised:
        head = f"法定办结时限 {guide.statutory} 个工作日，承诺办结时限 {guide.promised} 个工作日"
    else:
        head = f"法定办结时限 {guide.statutory} 个工作日，材料齐全、符合法定形式的当场办结（即办件）"
    return f"{flow}。{head}。补正、听证、检验检测、专家评审、公示等特别程序所需时间不计入办理时限。{guide.process_note}"


def place(dept: str) -> str:
    return f"{COUNTY}政务服务中心一楼 {DEPT_BY_CODE[dept].window}（{COUNTY}城关镇人民大道88号）"


# -- laws used by several items ----------------------------------------------------------------
XKF_42 = Law("中华人民共和国行政许可法", "第四十二条",
             "除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。"
             "二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人。"
             "但是，法律、法规另有规定的，依照其规定。")
ID_PROOF = Material("申请人身份证明（自然人身份证或者营业执照等主体资格证明）", "copy")
PROXY = Material("授权委托书及受托人身份证明", "original", required=False, note="委托他人办理的提供")


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
    # ---- 住房和城乡建设局 ----------------------------------------------------------------------------
    Item(
        "construction-permit", item_code("zjj", 1), "建筑工程施工许可证核发", "promised", "zjj", "0123-5210301",
        steps=(Step("accept", "zjj", 1), Step("review", "zjj", 1), Step("decide", "zjj", 1),
               Step("complete", "zjj", 0)),
        guides=(Guide(
            1, V1_FROM, statutory=7, promised=3,
            conditions=("（一）已经办理该建筑工程用地批准手续；（二）依法应当办理建设工程规划许可证的，已经取得"
                        "建设工程规划许可证；（三）需要拆迁的，其拆迁进度符合施工要求；（四）已经确定建筑施工企业；"
                        "（五）有满足施工需要的资金安排、施工图纸及技术资料；（六）有保证工程质量和安全的具体措施。"
                        "工程投资额在30万元以下或者建筑面积在300平方米以下的建筑工程，可以不申请办理施工许可证。"),
            process_note="《建筑法》第八条规定自收到申请之日起七日内颁发施工许可证。",
            laws=(
                Law("中华人民共和国建筑法", "第七条",
                    "建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门"
                    "申请领取施工许可证；但是，国务院建设行政主管部门确定的限额以下的小型工程除外。"),
                Law("中华人民共和国建筑法", "第八条",
                    "申请领取施工许可证，应当具备下列条件：（一）已经办理该建筑工程用地批准手续；（二）依法应当"
                    "办理建设工程规划许可证的，已经取得建设工程规划许可证；（三）需要拆迁的，其拆迁进度符合施工要求；"
                    "（四）已经确定建筑施工企业；（五）有满足施工需要的资金安排、施工图纸及技术资料；（六）有保证"
                    "工程质量和安全的具体措施。建设行政主管部门应当自收到申请之日起七日内，对符合条件的申请颁发"
                    "施工许可证。"),
            ),
            materials=(
                Material("建筑工程施工许可证申请表", "original"),
                Material("建设用地批准手续（不动产权证书或者用地批准文件）", "copy"),
                Material("建设工程规划许可证", "copy"),
                Material("中标通知书或者直接发包的施工合同", "copy"),
                Material("施工图设计文件审查合格书", "copy"),
                Material("建设资金已经落实承诺书", "original"),
            ),
        ),),
    ),
    Item(
        "sewer-discharge", item_code("zjj", 2), "城镇污水排入排水管网许可", "promised", "zjj", "0123-5210302",
        steps=(Step("accept", "zjj", 1), Step("review", "zjj", 2), Step("inspection", "zjj", 3),
               Step("decide", "zjj", 1), Step("complete", "zjj", 1)),
        guides=(Guide(
            1, V1_FROM, statutory=20, promised=10,
            conditions=("从事工业、建筑、餐饮、医疗等活动的排水户向城镇排水设施排放污水；排水户内部排水设施符合"
                        "雨水、污水分流要求；按规定设置专用检测井和预处理设施；排放的污水水质符合国家和地方排放标准。"),
            process_note="重点审查影响城镇排水与污水处理设施安全运行的事项。",
            laws=(
                Law("城镇排水与污水处理条例", "第二十一条",
                    "从事工业、建筑、餐饮、医疗等活动的企业事业单位、个体工商户（以下称排水户）向城镇排水设施"
                    "排放污水的，应当向城镇排水主管部门申请领取污水排入排水管网许可证。城镇排水主管部门应当"
                    "按照国家有关标准，重点对影响城镇排水与污水处理设施安全运行的事项进行审查。"),
                XKF_42,
            ),
            materials=(
                Material("城镇污水排入排水管网许可申请表", "original"),
                Material("营业执照或者其他主体资格证明", "copy"),
                Material("排水户内部排水管网、专用检测井、污水排放口位置和口径的图纸及说明", "original"),
                Material("预处理设施的处理能力说明", "original", required=False, note="按规定需建设预处理设施的提供"),
                Material("排水水质、水量检测报告", "original"),
            ),
        ),),
    ),
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
    # ---- 自然资源局 ----------------------------------------------------------------------------------
    Item(
        "rural-planning", item_code("zrzyj", 1), "乡村建设规划许可证核发", "promised", "zrzyj", "0123-5210501",
        steps=(Step("accept", "zrzyj", 1), Step("review", "zrzyj", 4), Step("inspection", "zrzyj", 3),
               Step("decide", "zrzyj", 1), Step("complete", "zrzyj", 1)),
        guides=(Guide(
            1, V1_FROM, statutory=20, promised=10,
            conditions=("在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设或者农村村民住宅建设；"
                        "符合乡规划、村庄规划；不占用农用地，确需占用的已办理农用地转用审批手续。"
                        "由乡（镇）人民政府受理并报县自然资源局核发，可在各乡镇便民服务中心申请。"),
            process_note="申请经乡（镇）人民政府审查后报送；必要时进行现场踏勘。",
            laws=(
                Law("中华人民共和国城乡规划法", "第四十一条",
                    "在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设的，建设单位或者个人应当向乡、"
                    "镇人民政府提出申请，由乡、镇人民政府报城市、县人民政府城乡规划主管部门核发乡村建设规划许可证。"),
                XKF_42,
            ),
            materials=(
                Material("乡村建设规划许可申请表", "original"),
                Material("申请人身份证明或者营业执照", "copy"),
                Material("村民委员会意见", "original"),
                Material("建设用地位置图和建设工程设计方案（总平面图）", "original"),
                Material("乡（镇）人民政府审查意见", "original"),
            ),
        ),),
    ),
    Item(
        "building-planning", item_code("zrzyj", 2), "建设工程规划许可证核发", "promised", "zrzyj", "0123-5210502",
        # Three sign-off levels (承办, 审核, 审批) and a hearing for the neighbours (行政许可法 arts. 45, 47).
        steps=(Step("accept", "zrzyj", 1), Step("handle", "zrzyj", 2), Step("check", "zrzyj", 1),
               Step("hearing", "zrzyj", 5), Step("authorize", "zrzyj", 1), Step("decide", "zrzyj", 2),
               Step("certify", "zrzyj", 1), Step("deliver", "zrzyj", 1)),
        certificate=("建设工程规划许可证", "建字第临{year}{seq:04d}号"),
        guides=(Guide(
            1, V1_FROM, statutory=20, promised=10,
            conditions=("在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设；已取得建设用地的有关证明文件；"
                        "建设工程设计方案符合控制性详细规划和规划条件。"),
            process_note="经审定的建设工程设计方案总平面图依法予以公布；批前公示时间不计入办理时限。",
            laws=(
                Law("中华人民共和国城乡规划法", "第四十条",
                    "在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当向城市、"
                    "县人民政府城乡规划主管部门或者省、自治区、直辖市人民政府确定的镇人民政府申请办理建设工程"
                    "规划许可证。"),
                XKF_42,
            ),
            materials=(
                Material("建设工程规划许可申请表", "original"),
                Material("使用土地的有关证明文件", "copy"),
                Material("建设工程设计方案（总平面图、建筑单体平立剖面图）", "original"),
                Material("申请人营业执照", "copy"),
                PROXY,
            ),
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

ITEM_BY_KEY = {item.key: item for item in ITEMS}


def guide_dates(today: date) -> tuple[date, date]:
    """When the demo's guide versions took effect, laid out around `today`: the second version on the
    first of the month about four months back (cases filed under the first one are then recent), the
    first on 1 January of the year before that."""
    back = today - timedelta(days=120)
    v2 = date(back.year, back.month, 1)
    return date(v2.year - 1, 1, 1), v2


def dated(guide: Guide, today: date, effective: date | None = None) -> Guide:
    """`guide` with its placeholder date replaced: `effective` (the date already in the database, for
    a demo loaded before) or the one laid out around `today`. Its process note names that date."""
    v1, v2 = guide_dates(today)
    effective = effective or {V1_FROM: v1, V2_FROM: v2}.get(guide.effective_from, guide.effective_from)
    note = guide.process_note.replace("{v2_date}", f"{effective.year}年{effective.month}月{effective.day}日")
    return replace(guide, effective_from=effective, process_note=note)


def catalog_problems() -> list[str]:
    """Everything wrong with the data above; the loader refuses to write while this is non-empty."""
    problems: list[str] = []
    codes: set[str] = set()
    dept_ids = {code: i for i, code in enumerate(DEPT_BY_CODE, start=1)}
    for item in ITEMS:
        where = f"{item.name}（{item.key}）"
        if item.code in codes or len(item.code) > 40:
            problems.append(f"{where}: 事项编码重复或过长 {item.code}")
        codes.add(item.code)
        if item.kind not in ("immediate", "promised", "joint"):
            problems.append(f"{where}: 未知办件类型 {item.kind}")
        if item.kind == "immediate" and [s.step for s in item.steps] != ["accept"]:
            problems.append(f"{where}: 即办件只配置受理环节")
        if (item.certificate is not None) != any(s.step == "certify" for s in item.steps):
            problems.append(f"{where}: 有制证环节的事项须配置证书名称和编号规则（且只有这些事项）")
        elif item.certificate is not None:
            problems += [f"{where}: {e}" for e in numbering.pattern_errors(item.certificate[1])]
        unknown = {s.dept for s in item.steps} - set(DEPT_BY_CODE)
        if unknown or item.dept not in DEPT_BY_CODE:
            problems.append(f"{where}: 未知部门 {sorted(unknown | ({item.dept} - set(DEPT_BY_CODE)))}")
            continue
        specs = [StepSpec(s.step, dept_ids[s.dept], s.role or ProcessStep.DEFAULT_ROLES[s.step], s.budget)
                 for s in item.steps]
        versions = [g.version for g in item.guides]
        if versions != list(range(1, len(versions) + 1)):
            problems.append(f"{where}: 指南版本号应从 1 连续编号")
        for guide in item.guides:
            label = f"{where} v{guide.version}"
            problems += [f"{label}: {e}" for e in process_config_errors(
                kind=item.kind, steps=specs, promised_limit_days=guide.promised)]
            if guide.promised > guide.statutory:
                problems.append(f"{label}: 承诺时限超过法定时限")
            if (guide.promised == 0) != (item.kind == "immediate"):
                problems.append(f"{label}: 只有即办件的承诺时限为 0")
            if not 3 <= len(guide.materials) <= 6:
                problems.append(f"{label}: 申请材料应为 3—6 项")
            if not guide.laws or any(not law.text for law in guide.laws):
                problems.append(f"{label}: 缺少设定依据或条文内容")
    return problems

