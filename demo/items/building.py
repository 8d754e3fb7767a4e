"""Demo items of construction and planning (住房和城乡建设局, 自然资源局): building permits, planning
permits with sign-off levels, a hearing and a notice period, and the joint completion acceptance."""

from __future__ import annotations

from ..specs import PROXY, V1_FROM, XKF_42, Guide, Item, Law, Material, Step, item_code

ITEMS: list[Item] = [
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
    Item(
        "joint-acceptance", item_code("zjj", 3), "建设工程竣工联合验收", "joint", "zjj", "0123-5210303",
        # A joint item across three departments: fire safety, planning and civil air defence check the
        # finished building at the same time (parallel joint reviews, joined before the decision).
        steps=(Step("accept", "zjj", 1), Step("joint_review", "zjj", 3), Step("joint_review", "zrzyj", 3),
               Step("joint_review", "rfb", 3), Step("decide", "zjj", 1), Step("complete", "zjj", 1)),
        guides=(Guide(
            1, V1_FROM, statutory=15, promised=7,
            conditions=("建设工程已按照审查合格的施工图设计文件和建设工程规划许可证的内容建成，完成设计和合同约定的"
                        "各项内容；建设单位已组织勘察、设计、施工、监理等单位完成竣工验收前的查验，消防查验合格；"
                        "结建防空地下室已按批准的设计建成；有完整的技术档案和施工管理资料。"),
            process_note=("由县住房和城乡建设局牵头，县住房和城乡建设局（消防验收、竣工验收备案）、县自然资源局"
                          "（规划条件核实）、县人民防空办公室（人防工程验收）同时现场验收，统一出具"
                          "《建设工程竣工联合验收意见书》；申请人一次申请、提交一套材料（联办件）。"),
            laws=(
                Law("中华人民共和国城乡规划法", "第四十五条",
                    "县级以上地方人民政府城乡规划主管部门按照国务院规定对建设工程是否符合规划条件予以核实。"
                    "未经核实或者经核实不符合规划条件的，建设单位不得组织竣工验收。建设单位应当在竣工验收后"
                    "六个月内向城乡规划主管部门报送有关竣工验收资料。"),
                Law("中华人民共和国消防法", "第十三条",
                    "国务院住房和城乡建设主管部门规定应当申请消防验收的建设工程竣工，建设单位应当向住房和城乡建设"
                    "主管部门申请消防验收。前款规定以外的其他建设工程，建设单位在验收后应当报住房和城乡建设主管部门"
                    "备案，住房和城乡建设主管部门应当进行抽查。依法应当进行消防验收的建设工程，未经消防验收或者"
                    "消防验收不合格的，禁止投入使用；其他建设工程经依法抽查不合格的，应当停止使用。"),
                Law("中华人民共和国人民防空法", "第二十二条",
                    "城市新建民用建筑，按照国家有关规定修建战时可用于防空的地下室。"),
                Law("建设工程消防设计审查验收管理暂行规定（住房和城乡建设部令第51号）", "",
                    "摘要：消防验收主管部门应当自受理消防验收申请之日起十五日内出具消防验收意见。"),
                Law("国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见（国办发〔2019〕11号）", "",
                    "摘要：实行规划、土地、消防、人防、档案等事项限时联合验收，统一竣工验收图纸和验收标准，"
                    "统一出具验收意见。"),
            ),
            materials=(
                Material("建设工程竣工联合验收申请表", "original"),
                Material("工程竣工验收报告（建设、勘察、设计、施工、监理单位签章）", "original"),
                Material("建设工程竣工规划核实测量成果报告", "original"),
                Material("建设工程消防验收申请表及消防查验报告", "original"),
                Material("人防工程竣工验收资料", "original", required=False, note="建有防空地下室的提供"),
                Material("建设工程规划许可证及附图", "copy"),
            ),
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
    Item(
        "land-use-planning", item_code("zrzyj", 3), "建设用地规划许可证核发", "promised", "zrzyj", "0123-5210503",
        # A 7-day 批前公示 before the decision (calendar days; a notice at /public/notices/), counted in
        # the promised limit; the step closes only after the period (workflows/publicity.py).
        steps=(Step("accept", "zrzyj", 1), Step("review", "zrzyj", 3),
               Step("publicity", "zrzyj", 7, day_kind="calendar"), Step("decide", "zrzyj", 2),
               Step("certify", "zrzyj", 1), Step("deliver", "zrzyj", 1)),
        certificate=("建设用地规划许可证", "地字第临{year}{seq:04d}号"),
        guides=(Guide(
            1, V1_FROM, statutory=20, promised=15,
            conditions=("在城市、镇规划区内以划拨方式提供国有土地使用权的建设项目，已经有关部门批准、核准或者备案；"
                        "建设用地的位置、面积和允许建设的范围符合控制性详细规划；已取得建设项目用地预审与选址意见书。"),
            process_note=("作出决定前，在项目现场和县人民政府门户网站批前公示 7 日（自然日；期满日为法定节假日的，"
                          "顺延至节假日后的第一个工作日），听取利害关系人的意见；公示期计入承诺办结时限。"
                          "公示期满无异议或者异议已依法处理的，作出决定。"),
            laws=(
                Law("中华人民共和国城乡规划法", "第三十七条",
                    "在城市、镇规划区内以划拨方式提供国有土地使用权的建设项目，经有关部门批准、核准、备案后，"
                    "建设单位应当向城市、县人民政府城乡规划主管部门提出建设用地规划许可申请，由城市、县人民政府"
                    "城乡规划主管部门依据控制性详细规划核定建设用地的位置、面积、允许建设的范围，核发建设用地"
                    "规划许可证。建设单位在取得建设用地规划许可证后，方可向县级以上地方人民政府土地主管部门申请用地，"
                    "经县级以上人民政府审批后，由土地主管部门划拨土地。"),
                Law("中华人民共和国行政许可法", "第三十六条",
                    "行政机关对行政许可申请进行审查时，发现行政许可事项直接关系他人重大利益的，应当告知该利害关系人。"
                    "申请人、利害关系人有权进行陈述和申辩。行政机关应当听取申请人、利害关系人的意见。"),
                XKF_42,
            ),
            materials=(
                Material("建设用地规划许可申请表", "original"),
                Material("建设项目批准、核准或者备案文件", "copy"),
                Material("建设项目用地预审与选址意见书", "copy"),
                Material("标明拟用地范围的地形图（1:500 或者 1:1000）", "original"),
                Material("申请人统一社会信用代码证明（营业执照或者事业单位法人证书）", "copy"),
                PROXY,
            ),
        ),),
    ),
]
