import Foundation
import Records

/// Hotspot lists and maps from one stored score snapshot: the grid and shop lists with the
/// contract's columns (CONTRACT.md §2) plus `level`, the community and subdistrict roll-ups,
/// the GeoJSON layer and the SVG map. Pure: it formats what it is given.
public struct HotspotReport: Sendable {
  /// The snapshot: grid and shop scores at one as-of date.
  public var scores: [RiskScore]
  /// Grids, boundaries and shops (the lists name what they need).
  public var district: District
  public var asOf: Day
  /// Which model and data the scores came from, when known (shown on maps and in GeoJSON).
  public var run: ScoreRun?
  public var language: ReportLanguage
  /// Each shop's latest inspection on or before `asOf` (the shop list's `last_inspected`).
  public var lastInspected: [String: Day]

  /// `lastInspected` nil: from the district's inspections (a store reads it from an index:
  /// `Store.lastInspections`).
  public init(
    scores: [RiskScore], district: District, asOf: Day, run: ScoreRun? = nil, language: ReportLanguage = .zh,
    lastInspected: [String: Day]? = nil
  ) {
    self.scores = scores
    self.district = district
    self.asOf = asOf
    self.run = run
    self.language = language
    self.lastInspected = lastInspected ?? HotspotReport.lastInspections(district.inspections, asOf: asOf)
  }

  /// Digits shown for scores and Gi* z in lists.
  static let scoreDigits = 4
  static let zDigits = 2

  /// The list at `level`, best-ranked first, at most `top` rows (all when nil).
  public func table(level: HotspotLevel, top: Int? = nil) -> ReportTable {
    switch level {
    case .grid: gridTable(top: top)
    case .shop: shopTable(top: top)
    case .community: areaTable(.community, top: top)
    case .subdistrict: areaTable(.subdistrict, top: top)
    }
  }

  /// Grid scores by rank.
  public var gridScores: [RiskScore] { sorted(.grid) }
  /// Shop scores by rank.
  public var shopScores: [RiskScore] { sorted(.shop) }

  /// The scores of `entity` by rank, then id. Scores a snapshot gives are in that order already
  /// (a store reads them by rank): they are checked, not sorted again.
  /// - Complexity: O(n) when in order, else O(n log n).
  private func sorted(_ entity: RiskScore.Entity) -> [RiskScore] {
    let picked = scores.filter { $0.entity == entity }
    // Equal keys stay as they are, as the (stable) sort leaves them.
    let inOrder = picked.indices.dropFirst().allSatisfy { k in
      picked[k - 1].rank != picked[k].rank
        ? picked[k - 1].rank < picked[k].rank : picked[k - 1].id <= picked[k].id
    }
    return inOrder ? picked : picked.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
  }

  /// `rank, grid_id, name, subdistrict_id, score, gi_z, trend, reasons, level`.
  func gridTable(top: Int?) -> ReportTable {
    let grids = Dictionary(district.grids.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let l = language
    var table = ReportTable(columns: [
      .init("rank", title: l.pick(zh: "排名", en: "rank")),
      .init("grid_id", title: l.pick(zh: "网格", en: "grid")),
      .init("name", title: l.pick(zh: "名称", en: "name")),
      .init("subdistrict_id", title: l.pick(zh: "街道", en: "subdistrict")),
      .init("score", title: l.pick(zh: "风险分", en: "score")),
      .init("gi_z", title: "Gi* z"),
      .init("trend", title: l.pick(zh: "趋势", en: "trend")),
      .init("reasons", title: l.pick(zh: "主要原因", en: "reasons")),
      .init("level", title: l.pick(zh: "等级", en: "level")),
    ])
    for score in gridScores.prefix(top ?? Int.max) {
      let grid = grids[score.id]
      table.append([
        .integer(score.rank), .text(score.id), .text(grid?.name), .text(grid?.subdistrictID),
        .number(score.score, digits: Self.scoreDigits), .decimal(score.giZ, digits: Self.zDigits),
        .text(l.trend(score.trend)), .list(score.reasons.map(l.text)), .text(l.level(score.level)),
      ])
    }
    return table
  }

  /// `rank, shop_id, name, street_id, grid_id, score, last_inspected, reasons, level`.
  func shopTable(top: Int?) -> ReportTable {
    let shops = Dictionary(district.shops.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let l = language
    var table = ReportTable(columns: [
      .init("rank", title: l.pick(zh: "排名", en: "rank")),
      .init("shop_id", title: l.pick(zh: "商铺", en: "shop")),
      .init("name", title: l.pick(zh: "名称", en: "name")),
      .init("street_id", title: l.pick(zh: "街路", en: "street")),
      .init("grid_id", title: l.pick(zh: "网格", en: "grid")),
      .init("score", title: l.pick(zh: "风险分", en: "score")),
      .init("last_inspected", title: l.pick(zh: "上次检查", en: "last inspected")),
      .init("reasons", title: l.pick(zh: "主要原因", en: "reasons")),
      .init("level", title: l.pick(zh: "等级", en: "level")),
    ])
    for score in shopScores.prefix(top ?? Int.max) {
      let shop = shops[score.id]
      table.append([
        .integer(score.rank), .text(score.id), .text(shop?.name), .text(shop?.streetID), .text(shop?.gridID),
        .number(score.score, digits: Self.scoreDigits), .text(lastInspected[score.id]?.iso),
        .list(score.reasons.map(l.text)), .text(l.level(score.level)),
      ])
    }
    return table
  }

  /// The day of each shop's latest inspection on or before `asOf`.
  static func lastInspections(_ inspections: [Inspection], asOf: Day) -> [String: Day] {
    var last: [String: Day] = [:]
    for inspection in inspections {
      let day = Day(inspection.inspectedAt, in: .district)
      guard day <= asOf else { continue }
      if let seen = last[inspection.shopID], seen >= day { continue }
      last[inspection.shopID] = day
    }
    return last
  }

  /// How many scored grids hold each level.
  public func levelCounts(_ entity: RiskScore.Entity = .grid) -> [RiskLevel: Int] {
    var counts = Dictionary(uniqueKeysWithValues: RiskLevel.allCases.map { ($0, 0) })
    for score in scores where score.entity == entity { counts[score.level, default: 0] += 1 }
    return counts
  }
}
