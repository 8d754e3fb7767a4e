"""The demo county: its service centres, departments and users.

DESIGN §4 fixes seven users (password `tongban-demo`): applicant, applicant2, clerk, reviewer,
approver, supervisor, admin. clerk, reviewer and approver belong to every department, so between
them they can carry every demo item from acceptance to completion; the department-specific staff
below exist beside them to show how a real county splits the work."""

from __future__ import annotations

from dataclasses import dataclass, field

from .ids import credit_code

COUNTY = "临河县"
PASSWORD = "tongban-demo"
COUNTY_CENTRE = "lh-zwfw"


@dataclass(frozen=True)
class Centre:
    code: str
    name: str
    level: str
    address: str
    phone: str


@dataclass(frozen=True)
class Dept:
    code: str
    name: str
    credit_code: str  # used as the prefix of the department's item codes
    window: str  # where its items are handled at the county centre


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str  # 姓
    first_name: str  # 名
    roles: tuple[str, ...]
    departments: tuple[str, ...] = ()  # department codes; ALL means every demo department
    centre: str = ""
    mobile: str = ""
    is_superuser: bool = False
    is_staff: bool = False
    note: str = field(default="", compare=False)


ALL = ("*",)

CENTRES = [
    Centre(COUNTY_CENTRE, f"{COUNTY}政务服务中心", "county", f"{COUNTY}城关镇人民大道88号", "0123-5210000"),
    Centre("lh-cgz", f"{COUNTY}城关镇便民服务中心", "township", f"{COUNTY}城关镇解放路12号", "0123-5211001"),
    Centre("lh-hxz", f"{COUNTY}河西镇便民服务中心", "township", f"{COUNTY}河西镇河西大街36号", "0123-5212002"),
    Centre("lh-sqx", f"{COUNTY}石桥乡便民服务中心", "township", f"{COUNTY}石桥乡石桥村委会旁", "0123-5213003"),
]

# Government organs: credit codes 11 + area + organisation code (fictitious, checksums valid).
DEPARTMENTS = [
    Dept("scjgj", f"{COUNTY}市场监督管理局", credit_code("11", "01001001"), "1—3 号窗口"),
    Dept("wsjkj", f"{COUNTY}卫生健康局", credit_code("11", "01001002"), "5 号窗口"),
    Dept("zjj", f"{COUNTY}住房和城乡建设局", credit_code("11", "01001003"), "7 号窗口"),
    Dept("slj", f"{COUNTY}水利局", credit_code("11", "01001004"), "9 号窗口"),
    Dept("zrzyj", f"{COUNTY}自然资源局", credit_code("11", "01001005"), "11 号窗口"),
    Dept("cgj", f"{COUNTY}城市管理综合行政执法局", credit_code("11", "01001006"), "13 号窗口"),
    Dept("sthjj", "清川市生态环境局临河分局", credit_code("11", "01001007"), "15 号窗口"),
    Dept("jgdd", f"{COUNTY}公安局交通管理大队", credit_code("11", "01001008"), "17 号窗口"),
]
DEPT_BY_CODE = {d.code: d for d in DEPARTMENTS}

USERS = [
    # DESIGN §4 demo users.
    DemoUser("applicant", "王", "建国", ("applicant",), mobile="13805210101",
             note="个人申请人，网上申报"),
    DemoUser("applicant2", "李", "秀英", ("applicant",), mobile="13905210202",
             note="临河县清泉食品有限公司经办人，也经营秀英面馆"),
    DemoUser("clerk", "陈", "静", ("clerk",), ALL, COUNTY_CENTRE, "13705210303",
             note="县政务服务中心综合窗口，受理与办结所有事项"),
    DemoUser("reviewer", "刘", "强", ("reviewer",), ALL, mobile="13605210404",
             note="审查、现场核查、联合审查（各部门）"),
    DemoUser("approver", "赵", "卫东", ("approver",), ALL, mobile="13505210505",
             note="批准（各部门）"),
    DemoUser("supervisor", "孙", "立平", ("supervisor",), mobile="13305210606",
             note="县政务服务监督管理办公室，只读"),
    DemoUser("admin", "周", "敏", ("admin",), mobile="13205210707", is_superuser=True, is_staff=True,
             note="系统管理员"),
    # Department-specific staff beside them.
    DemoUser("clerk_hexi", "杨", "帆", ("clerk",), ("scjgj", "zrzyj"), "lh-hxz", "13705210808",
             note="河西镇便民服务中心窗口"),
    DemoUser("scj_reviewer", "吴", "磊", ("reviewer",), ("scjgj",), mobile="13605210909",
             note="市场监管局审查员"),
    DemoUser("wjj_approver", "郑", "红", ("approver",), ("wsjkj",), mobile="13505211010",
             note="卫生健康局分管领导"),
]
DESIGN_USERS = ("applicant", "applicant2", "clerk", "reviewer", "approver", "supervisor", "admin")
