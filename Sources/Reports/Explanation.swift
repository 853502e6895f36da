import Foundation
import Records

/// Why a grid or shop scores as it does (`yanpan explain`): its score, rank and level, the
/// features that made the score (largest |contribution| first), the records behind them (ids and
/// dates of incidents, petitions and inspections in a window before the as-of date), its Gi* z
/// and its trend. Petitions are shown by id, date, subject, channel, count and status only: a
/// petitioner's identity, even its pseudonym, never appears.
public struct Explanation: Sendable {
  public var score: RiskScore
  /// How many grids (or shops) were scored: the rank is "k of n".
  public var peers: Int
  /// The grid itself, or the shop's grid.
  public var grid: Grid?
  public var shop: Shop?
  public var run: ScoreRun
  /// Records dated from `windowStart` through the as-of day are listed.
  public var windowStart: Day
  public var incidents: [Incident]
  public var petitions: [Petition]
  public var inspections: [Inspection]
  /// Shop names for inspection rows of a grid's shops.
  public var shopNames: [String: String]
  public var taxonomy: Taxonomy?
  public var language: ReportLanguage
  /// At most this many rows of each record kind are listed (newest first); counts are of all.
  public var recordsShown: Int

  public init(
    score: RiskScore, peers: Int, grid: Grid?, shop: Shop?, run: ScoreRun, windowStart: Day,
    incidents: [Incident], petitions: [Petition], inspections: [Inspection],
    shopNames: [String: String] = [:],
    taxonomy: Taxonomy? = nil, language: ReportLanguage = .zh, recordsShown: Int = 20
  ) {
    self.score = score
    self.peers = peers
    self.grid = grid
    self.shop = shop
    self.run = run
    self.windowStart = windowStart
    self.incidents = incidents.sorted { ($0.occurredAt, $0.id) > ($1.occurredAt, $1.id) }
    self.petitions = petitions.sorted { ($0.receivedAt, $0.id) > ($1.receivedAt, $1.id) }
    self.inspections = inspections.sorted { ($0.inspectedAt, $0.id) > ($1.inspectedAt, $1.id) }
    self.shopNames = shopNames
    self.taxonomy = taxonomy
    self.language = language
    self.recordsShown = recordsShown
  }

  /// Contributions, largest |contribution| first, with their share of Σ|contribution|.
  public var rankedContributions: [(contribution: Contribution, share: Double)] {
    let total = score.contributions.map { abs($0.contribution) }.reduce(0, +)
    return score.contributions
      .sorted { (abs($1.contribution), $0.feature) < (abs($0.contribution), $1.feature) }
      .map { ($0, total > 0 ? abs($0.contribution) / total : 0) }
  }

  /// The significance of a Gi* z-score against the standard normal, two-sided: |z| ≥ 2.576 is
  /// p < 0.01, ≥ 1.960 p < 0.05, ≥ 1.645 p < 0.10 (Getis & Ord 1992; Ord & Getis 1995).
  public static func significance(_ z: Double) -> Double? {
    let a = abs(z)
    if a >= 2.576 { return 0.01 }
    if a >= 1.960 { return 0.05 }
    if a >= 1.645 { return 0.10 }
    return nil
  }

  // MARK: - Tables

  public func contributionTable() -> ReportTable {
    let l = language
    var table = ReportTable(columns: [
      .init("feature", title: l.pick(zh: "特征", en: "feature")),
      .init("label", title: l.pick(zh: "含义", en: "meaning")),
      .init("value", title: l.pick(zh: "取值", en: "value")),
      .init("contribution", title: l.pick(zh: "贡献", en: "contribution")),
      .init("share", title: l.pick(zh: "占比", en: "share")),
    ])
    for (c, share) in rankedContributions {
      table.append([
        .text(c.feature), .text(FeatureLabel.describe(c.feature, l)), .number(c.value, digits: 3),
        .number(c.contribution, digits: 4), .text("\(Cell.fixed(share * 100, digits: 1))%"),
      ])
    }
    return table
  }

  public func incidentTable() -> ReportTable {
    let l = language
    var table = ReportTable(columns: [
      .init("incident_id", title: l.pick(zh: "事件编号", en: "incident")),
      .init("occurred_at", title: l.pick(zh: "发生日期", en: "date")),
      .init("category", title: l.pick(zh: "类别", en: "category")),
      .init("severity", title: l.pick(zh: "等级", en: "severity")),
      .init("status", title: l.pick(zh: "状态", en: "status")),
      .init("shop_id", title: l.pick(zh: "商铺", en: "shop")),
    ])
    for i in incidents.prefix(recordsShown) {
      table.append([
        .text(i.id), .text(day(i.occurredAt)), .text(category(i.category)), .integer(i.severity),
        .text(incidentStatus(i.status)), .text(i.shopID),
      ])
    }
    return table
  }

  /// Petitions without any trace of who petitioned.
  public func petitionTable() -> ReportTable {
    let l = language
    var table = ReportTable(columns: [
      .init("petition_id", title: l.pick(zh: "信访编号", en: "petition")),
      .init("received_at", title: l.pick(zh: "受理日期", en: "received")),
      .init("category", title: l.pick(zh: "事项", en: "subject")),
      .init("channel", title: l.pick(zh: "形式", en: "channel")),
      .init("petitioner_count", title: l.pick(zh: "人数", en: "people")),
      .init("status", title: l.pick(zh: "办理", en: "status")),
      .init("satisfied", title: l.pick(zh: "满意", en: "satisfied")),
    ])
    for p in petitions.prefix(recordsShown) {
      table.append([
        .text(p.id), .text(day(p.receivedAt)), .text(category(p.category)), .text(p.channel.map(channel)),
        .integer(p.petitionerCount), .text(petitionStatus(p)), .text(satisfaction(p.satisfied)),
      ])
    }
    return table
  }

  public func inspectionTable() -> ReportTable {
    let l = language
    var table = ReportTable(columns: [
      .init("inspection_id", title: l.pick(zh: "检查编号", en: "inspection")),
      .init("inspected_at", title: l.pick(zh: "检查日期", en: "date")),
      .init("shop_id", title: l.pick(zh: "商铺", en: "shop")),
      .init("shop_name", title: l.pick(zh: "店名", en: "name")),
      .init("hazards_found", title: l.pick(zh: "隐患", en: "hazards")),
      .init("major_hazards", title: l.pick(zh: "重大", en: "major")),
      .init("hazards_rectified", title: l.pick(zh: "已整改", en: "rectified")),
      .init("rectify_due", title: l.pick(zh: "整改期限", en: "due")),
      .init("result", title: l.pick(zh: "结果", en: "result")),
    ])
    for i in inspections.prefix(recordsShown) {
      table.append([
        .text(i.id), .text(day(i.inspectedAt)), .text(i.shopID), .text(shopNames[i.shopID] ?? shop?.name),
        .integer(i.hazardsFound), .integer(i.majorHazards), .integer(i.hazardsRectified),
        .text(i.rectifyDue.map(day)), .text(inspectionResult(i)),
      ])
    }
    return table
  }

  // MARK: - Whole forms

  /// The explanation for a terminal.
  public func text() -> String {
    let l = language
    var lines: [String] = []
    let name = (shop?.name ?? grid?.name).flatMap { $0.isEmpty ? nil : $0 }
    if score.entity == .grid {
      var place: [String] = []
      if let g = grid {
        place.append(l.pick(zh: "街道 \(g.subdistrictID)", en: "subdistrict \(g.subdistrictID)"))
        place.append(l.pick(zh: "社区 \(g.communityID)", en: "community \(g.communityID)"))
        if let h = g.households { place.append(l.pick(zh: "\(h) 户", en: "\(h) households")) }
      }
      lines.append(
        l.pick(zh: "网格 ", en: "Grid ") + score.id + (name.map { " \($0)" } ?? "")
          + (place.isEmpty
            ? "" : l.pick(zh: "（", en: " (") + place.joined(separator: " · ") + l.pick(zh: "）", en: ")")))
    } else {
      var place: [String] = []
      if let s = shop {
        place.append(l.pick(zh: "街路 \(s.streetID)", en: "street \(s.streetID)"))
        place.append(l.pick(zh: "网格 \(s.gridID)", en: "grid \(s.gridID)"))
        place.append(category(s.category))
      }
      lines.append(
        l.pick(zh: "商铺 ", en: "Shop ") + score.id + (name.map { " \($0)" } ?? "")
          + (place.isEmpty
            ? "" : l.pick(zh: "（", en: " (") + place.joined(separator: " · ") + l.pick(zh: "）", en: ")")))
    }
    lines.append(
      l.pick(
        zh: "截至 \(run.asOf.iso) · 模型 \(run.modelVersion)",
        en: "As of \(run.asOf.iso) · model \(run.modelVersion)"))
    lines.append(
      l.pick(
        zh:
          "风险分 \(Cell.fixed(score.score, digits: 4)) · 第 \(score.rank) 名 / 共 \(peers) · 等级 \(l.levelLong(score.level))",
        en:
          "Score \(Cell.fixed(score.score, digits: 4)) · rank \(score.rank) of \(peers) · level \(l.levelLong(score.level))"
      ))
    if let z = score.giZ, z.isFinite {
      let p = Explanation.significance(z)
      let reading: String
      if let p {
        reading =
          z > 0
          ? l.pick(
            zh: "显著高值聚集（p < \(Cell.fixed(p, digits: 2))）",
            en: "significant high-value cluster (p < \(Cell.fixed(p, digits: 2)))")
          : l.pick(
            zh: "显著低值聚集（p < \(Cell.fixed(p, digits: 2))）",
            en: "significant low-value cluster (p < \(Cell.fixed(p, digits: 2)))")
      } else {
        reading = l.pick(zh: "不显著", en: "not significant")
      }
      lines.append("Gi* z = \(Cell.fixed(z, digits: 2)) · \(reading)")
    }
    if let trend = l.trend(score.trend) { lines.append(l.pick(zh: "趋势：", en: "Trend: ") + trend) }
    if !score.reasons.isEmpty {
      lines.append("")
      lines.append(l.pick(zh: "主要原因：", en: "Reasons:"))
      for (i, reason) in score.reasons.enumerated() { lines.append("  \(i + 1). \(l.text(reason))") }
    }
    lines.append("")
    if score.contributions.isEmpty {
      lines.append(l.pick(zh: "（本次评分未保存特征贡献）", en: "(this snapshot kept no feature contributions)"))
    } else {
      lines.append(l.pick(zh: "特征贡献（按绝对值从大到小）：", en: "Feature contributions (largest first):"))
      lines.append(contributionTable().terminal())  // ends in a newline: a blank line follows
    }
    let window = l.pick(
      zh: "\(windowStart.iso) 至 \(run.asOf.iso)", en: "\(windowStart.iso) to \(run.asOf.iso)")
    lines.append(l.pick(zh: "相关记录（\(window)，最近的在前）：", en: "Records behind it (\(window), newest first):"))
    lines += section(l.pick(zh: "案事件", en: "Incidents"), count: incidents.count, table: incidentTable())
    if score.entity == .grid {
      lines += section(l.pick(zh: "信访", en: "Petitions"), count: petitions.count, table: petitionTable())
    }
    lines += section(
      score.entity == .grid
        ? l.pick(zh: "网格内商铺的安全检查", en: "Inspections of the grid's shops")
        : l.pick(zh: "安全检查", en: "Inspections"), count: inspections.count, table: inspectionTable())
    return lines.joined(separator: "\n") + "\n"
  }

  private func section(_ title: String, count: Int, table: ReportTable) -> [String] {
    let l = language
    guard count > 0 else { return ["", l.pick(zh: "\(title)：无", en: "\(title): none")] }
    var heading = l.pick(zh: "\(title) \(count) 条", en: "\(title): \(count)")
    if count > recordsShown {
      heading += l.pick(zh: "（列出最近 \(recordsShown) 条）", en: " (newest \(recordsShown) listed)")
    }
    var rendered = table.terminal()
    if rendered.hasSuffix("\n") { rendered.removeLast() }
    return ["", heading, rendered]
  }

  /// The explanation as JSON: the same facts, keys in a fixed order.
  public func json() -> JSONValue {
    let l = language
    func records(_ table: ReportTable, total: Int) -> JSONValue {
      .object([("total", .integer(total)), ("listed", table.json())])
    }
    var members: [(String, JSONValue)] = [
      ("entity", .string(score.entity.rawValue)), ("id", .string(score.id)),
      ("name", .optional(shop?.name ?? grid?.name)), ("as_of", .string(run.asOf.iso)),
      ("model_version", .string(run.modelVersion)),
      ("score", Cell.number(score.score, digits: 6).json), ("rank", .integer(score.rank)),
      ("of", .integer(peers)),
      ("level", .string(l.level(score.level))), ("gi_z", Cell.decimal(score.giZ, digits: 3).json),
      ("gi_p_below", .optional(score.giZ.flatMap(Explanation.significance))),
      ("trend", .optional(l.trend(score.trend))),
      ("reasons", .array(score.reasons.map { .string(l.text($0)) })),
    ]
    if score.entity == .grid {
      members += [
        ("subdistrict_id", .optional(grid?.subdistrictID)), ("community_id", .optional(grid?.communityID)),
      ]
    } else {
      members += [("street_id", .optional(shop?.streetID)), ("grid_id", .optional(shop?.gridID))]
    }
    members.append(("contributions", contributionTable().json()))
    var recordMembers: [(String, JSONValue)] = [
      ("from", .string(windowStart.iso)), ("through", .string(run.asOf.iso)),
      ("incidents", records(incidentTable(), total: incidents.count)),
    ]
    if score.entity == .grid {
      recordMembers.append(("petitions", records(petitionTable(), total: petitions.count)))
    }
    recordMembers.append(("inspections", records(inspectionTable(), total: inspections.count)))
    members.append(("records", .object(recordMembers)))
    return .object(members)
  }

  // MARK: - Words

  private func day(_ date: Date) -> String { Day(date, in: .district).iso }

  private func category(_ code: String) -> String {
    guard let c = taxonomy?.category(code: code) else { return code }
    return language.pick(zh: c.label, en: c.en)
  }

  private func incidentStatus(_ s: Incident.Status) -> String {
    guard language == .zh else { return s.rawValue }
    return switch s {
    case .open: "未结"
    case .resolved: "已办结"
    case .mediated: "调解成功"
    case .failed: "调解失败"
    case .escalated: "已上报"
    }
  }

  private func channel(_ c: Petition.Channel) -> String {
    guard language == .zh else { return c.rawValue }
    return switch c {
    case .visit: "来访"
    case .letter: "来信"
    case .online: "网上"
    case .hotline: "12345"
    }
  }

  private func satisfaction(_ s: Petition.Satisfaction) -> String {
    guard language == .zh else { return s.rawValue }
    return switch s {
    case .yes: "满意"
    case .no: "不满意"
    case .unknown: ""
    }
  }

  /// Closed (by the as-of day), overdue, or in progress.
  private func petitionStatus(_ p: Petition) -> String {
    let l = language
    if let closed = p.closedAt {
      let late = p.dueAt.map { closed > $0 } ?? false
      return late ? l.pick(zh: "超期办结", en: "closed late") : l.pick(zh: "已办结", en: "closed")
    }
    if let due = p.dueAt, Day(due, in: .district) < run.asOf { return l.pick(zh: "逾期未结", en: "overdue") }
    return l.pick(zh: "办理中", en: "open")
  }

  private func inspectionResult(_ i: Inspection) -> String {
    let l = language
    let open = i.openHazards > 0 && i.rectifiedAt == nil
    let overdue = open && (i.rectifyDue.map { Day($0, in: .district) < run.asOf } ?? false)
    var text =
      switch i.result {
      case .pass: l.pick(zh: "合格", en: "pass")
      case .hazard: l.pick(zh: "存在隐患", en: "hazard")
      case .suspended: l.pick(zh: "停业整顿", en: "suspended")
      }
    if overdue {
      text += l.pick(zh: "·逾期未整改", en: " · overdue")
    } else if open {
      text += l.pick(zh: "·待整改", en: " · open")
    }
    return text
  }
}
