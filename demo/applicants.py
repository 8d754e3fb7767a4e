"""The demo's applicants: people and organisations of 临河县 with valid but fictitious identifiers
(`ids`: the area code 990121 belongs to no real place)."""

from __future__ import annotations

from .ids import company, person

WANG_JIANGUO = person("王建国", birth="19780315", seq="031", mobile="13805210101")  # the `applicant` user
ZHANG_WEI = person("张伟", birth="19900612", seq="011", mobile="13852101234")
OUYANG = person("欧阳晓东", birth="19850923", seq="057", mobile="13952102345")
SIMA = person("司马慧敏", birth="19920218", seq="024", mobile="15052103456")
SHANGGUAN = person("上官婉清", birth="19960705", seq="046", mobile="18652104567")
ZHUGE = person("诸葛明远", birth="19700111", seq="073", mobile="13752105678")
ZHAO_ZHIGANG = person("赵志刚", birth="19831130", seq="095", mobile="13652106789")
CHEN_XIAOYAN = person("陈晓燕", birth="19881008", seq="062", mobile="15852107890")

QINGQUAN = company("临河县清泉食品有限公司", org="MA01QQ01", contact="李秀英", mobile="13905210202")
XIUYING = company("临河县秀英面馆", kind="92", org="MA01XY02", contact="李秀英", mobile="13905210202")
HUATONG = company("临河县华通物流有限公司", org="MA01HT03", contact="黄海涛", mobile="13952108801")
KANGNING = company("临河县康宁大药房连锁有限公司", org="MA01KN04", contact="何美玲", mobile="13852108802")
RENJI = company("临河县仁济大药房有限公司", org="MA01RJ05", contact="马骏", mobile="13752108803")
RENHE = company("临河县仁和中医门诊部有限公司", org="MA01RH06", contact="韩雪梅", mobile="13652108804")
ANJU = company("临河县安居置业有限公司", org="MA01AJ07", contact="曹建华", mobile="13552108805")
SCHOOL = company("临河县第二实验小学", kind="12", org="40012345", contact="冯志远", mobile="13452108806")
GRAVEL = company("临河县石桥砂石有限公司", org="MA01XQ08", contact="邓国平", mobile="13352108807")
SHUNAN = company("临河县顺安渣土运输有限公司", org="MA01XA09", contact="许文斌", mobile="13252108808")
XINYUAN = company("临河县鑫源商贸有限公司", org="MA01XY10", contact="宋丽娟", mobile="15152108809")
GAS = company("临河县燃气有限公司", org="MA01RQ11", contact="谢志勇", mobile="15252108810")
CITY_INVEST = company("临河县城市建设投资有限公司", org="MA01CT12", contact="唐明亮", mobile="15352108811")
TIANYI = company("临河县天意建筑工程有限公司", org="MA01TY14", contact="罗志强", mobile="15652108813")
YONGFENG = company("临河县永丰纸业有限公司", org="MA01YF15", contact="白振华", mobile="15752108814")
DONGSHAN = company("临河县东山石料有限公司", org="MA01DH16", contact="潘国栋", mobile="15852108815")
SUN_LI = person("孙丽", birth="19930417", seq="082", mobile="13952109901")
ZHOU_XIAOMEI = person("周晓梅", birth="19870629", seq="068", mobile="18752109902")
LVYUAN = company("临河县绿源农产品加工有限公司", org="MA01LY13", contact="邹建平", mobile="15552108812")
THIRD_SCHOOL = company("临河县第三中学", kind="12", org="40012346", contact="秦永红", mobile="13452108817")
HOSPITAL = company("临河县人民医院", kind="12", org="40012347", contact="高建军", mobile="13452108816")
