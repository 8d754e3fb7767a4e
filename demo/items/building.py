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
]
