/// One column of an input record kind: its canonical name, the header aliases the
/// contract lists, and whether a row may omit it.
public struct FieldSpec: Sendable, Hashable {
  public let name: String
  public let aliases: [String]
  public let required: Bool

  public init(_ name: String, _ aliases: [String] = [], required: Bool = false) {
    self.name = name
    self.aliases = aliases
    self.required = required
  }
}

extension RecordKind {
  /// The fields of this kind in canonical column order, with the aliases of CONTRACT.md §1.
  /// More aliases come from `models/aliases.yaml` at run time.
  ///
  /// Location fields (`grid_id`, `lon`, `lat`, `address`) of incidents and petitions are not
  /// marked required: a row needs one of them, which ingest checks per row.
  public var fields: [FieldSpec] {
    switch self {
    case .grids:
      [
        FieldSpec("grid_id", ["网格编号", "网格编码"], required: true),
        FieldSpec("name", ["网格名称"]),
        FieldSpec("subdistrict_id", ["街道", "街道(镇)", "所属街道"], required: true),
        FieldSpec("community_id", ["社区", "社区(村)", "所属社区"], required: true),
        FieldSpec("kind", ["网格类型"]),
        FieldSpec("households", ["户数"]),
        FieldSpec("population", ["人口", "常住人口"]),
        FieldSpec("lon", ["经度"]),
        FieldSpec("lat", ["纬度"]),
      ]
    case .gridAdjacency:
      [
        FieldSpec("grid_id", ["网格编号"], required: true),
        FieldSpec("neighbor_id", ["相邻网格", "相邻网格编号"], required: true),
      ]
    case .streets:
      [
        FieldSpec("street_id", ["街路编号"], required: true),
        FieldSpec("name", ["街路名称"], required: true),
        FieldSpec("subdistrict_id", ["所属街道"], required: true),
        FieldSpec("chief", ["街长"], required: true),
        FieldSpec("members", ["成员", "N员"]),
        FieldSpec("partner", ["商户自治组织"]),
        FieldSpec("daily_capacity", ["日巡查能力"]),
      ]
    case .shops:
      [
        FieldSpec("shop_id", ["商铺编号", "统一社会信用代码"], required: true),
        FieldSpec("name", ["商铺名称", "店名"], required: true),
        FieldSpec("street_id", ["街路编号", "所属街路"], required: true),
        FieldSpec("grid_id", ["网格编号", "所属网格"], required: true),
        FieldSpec("category", ["行业类别", "经营类别"], required: true),
        FieldSpec("flags", ["重点标签"]),
        FieldSpec("lon", ["经度"]),
        FieldSpec("lat", ["纬度"]),
        FieldSpec("opened_on", ["开业日期"]),
        FieldSpec("status", ["经营状态"]),
      ]
    case .incidents:
      [
        FieldSpec("incident_id", ["事件编号", "案件编号"], required: true),
        FieldSpec("occurred_at", ["发生时间", "登记时间"], required: true),
        FieldSpec("category", ["事件类别", "纠纷类型"], required: true),
        FieldSpec("severity", ["等级", "严重程度"]),
        FieldSpec("grid_id", ["网格编号"]),
        FieldSpec("lon", ["经度"]),
        FieldSpec("lat", ["纬度"]),
        FieldSpec("address", ["地址", "发生地址"]),
        FieldSpec("shop_id", ["商铺编号"]),
        FieldSpec("status", ["状态", "办理状态"]),
        FieldSpec("resolved_at", ["办结时间"]),
        FieldSpec("source", ["来源"]),
      ]
    case .petitions:
      [
        FieldSpec("petition_id", ["信访编号", "信访件编号"], required: true),
        FieldSpec("received_at", ["受理时间", "登记时间"], required: true),
        FieldSpec("channel", ["信访形式", "渠道"]),
        FieldSpec("category", ["信访事项", "问题类别"], required: true),
        FieldSpec("petitioner_id", ["身份证号", "联系电话"]),
        FieldSpec("petitioner_count", ["人数"]),
        FieldSpec("grid_id", ["网格编号"]),
        FieldSpec("lon", ["经度"]),
        FieldSpec("lat", ["纬度"]),
        FieldSpec("address", ["地址", "发生地址"]),
        FieldSpec("due_at", ["办理期限"]),
        FieldSpec("closed_at", ["办结时间"]),
        FieldSpec("satisfied", ["是否满意", "满意度"]),
        FieldSpec("accepted_at", ["受理告知时间", "告知时间"]),
      ]
    case .inspections:
      [
        FieldSpec("inspection_id", ["检查编号"], required: true),
        FieldSpec("inspected_at", ["检查时间", "检查日期"], required: true),
        FieldSpec("shop_id", ["商铺编号"], required: true),
        FieldSpec("inspector", ["检查人"]),
        FieldSpec("hazards_found", ["隐患数", "发现隐患"], required: true),
        FieldSpec("major_hazards", ["重大隐患"]),
        FieldSpec("hazards_rectified", ["已整改", "整改数"]),
        FieldSpec("rectify_due", ["整改期限"]),
        FieldSpec("rectified_at", ["整改完成时间"]),
        FieldSpec("result", ["检查结果"]),
      ]
    }
  }

  /// Canonical column names in order, as the generator writes them.
  public var columns: [String] { fields.map(\.name) }
}
