import Foundation
import Records
import Reports

/// The Markdown summary of a nightly run: what arrived, what the lists say, and what changed since
/// the previous night. Everything in it follows from the store and the as-of day (no clock time),
/// so a rerun of the same night writes the same bytes.
struct NightlySummary {
  struct Input {
    var file: String
    var sha256: String
    var status: String
    var read: Int?
    var accepted: Int?
    var updated: Int?
    var duplicate: Int?
    var rejected: Int?
  }

  var asOf: Day
  var run: ScoreRun
  var district: District
  /// The shops as a roster: where each is, its name and street (the district holds none as records).
  var roster: ShopRoster
  /// The inspections whose open hazards are past their deadline (`Store.overdueInspections`).
  var overdue: [Inspection]
  var scores: [RiskScore]
  var previous: (run: ScoreRun, scores: [RiskScore])?
  var inputs: [Input]
  var outputs: [(file: String, sha256: String)]
  /// How many of the top grids and shops "new in the top list" looks at.
  var topGrids = 20
  var topShops = NightlySummary.topShops
  /// The default number of top shops compared (the nightly job reads only these of the night before).
  static let topShops = 50

  func markdown() -> String {
    var out = "# 研判夜间运行 Nightly run · 截至 \(asOf.iso)\n\n"
    out += "模型 model `\(run.modelVersion)` · 数据指纹 data `\(run.dataFingerprint)`"
    if let previous {
      out += " · 上次 previous \(previous.run.asOf.iso) (`\(previous.run.modelVersion)`)"
    }
    out += "\n\n## 输入 Inputs\n\n"
    if inputs.isEmpty {
      out += "收件箱无新文件 (no new files in the inbox).\n"
    } else {
      var t = ReportTable(columns: [
        .init("file"), .init("status"), .init("read"), .init("accepted"), .init("updated"),
        .init("duplicate"),
        .init("rejected"),
      ])
      for i in inputs {
        t.append([
          .text(i.file), .text(i.status), int(i.read), int(i.accepted), int(i.updated), int(i.duplicate),
          int(i.rejected),
        ])
      }
      out += t.markdown()
    }
    let report = HotspotReport(scores: scores, district: district, asOf: asOf, run: run, language: .zh)
    out += "\n## 风险等级 Levels by subdistrict\n\n" + report.levelsBySubdistrict(shops: roster).markdown()
    out += "\n## 新进入前\(topGrids)名的网格 New in the top \(topGrids) grids\n\n" + newEntries(.grid, top: topGrids)
    out += "\n## 新进入前\(topShops)名的商铺 New in the top \(topShops) shops\n\n" + newEntries(.shop, top: topShops)
    out += "\n## 风险上升最多的网格 Biggest risers (grids)\n\n" + risers()
    out += "\n## 逾期未整改隐患 Overdue hazards\n\n" + overdueHazards()
    out += "\n## 输出 Outputs\n\n"
    var t = ReportTable(columns: [.init("file"), .init("sha256")])
    for o in outputs { t.append([.text(o.file), .text(o.sha256)]) }
    out += t.markdown()
    return out
  }

  private func int(_ v: Int?) -> Cell { v.map { .integer($0) } ?? .empty }

  /// The places in `scores` of the scores of kind `entity` ranked `top` or better (every one when
  /// nil), in their order. Read in place: a night's scores hold a million shops, and no score is
  /// copied to look at its kind and rank.
  static func places(of entity: RiskScore.Entity, in scores: [RiskScore], top: Int? = nil) -> [Int] {
    let top = top ?? Int.max
    var places: [Int] = []
    for k in scores.indices where scores[k].entity == entity && scores[k].rank <= top { places.append(k) }
    return places
  }

  /// Entities in tonight's top `top` that were not in the previous night's.
  func newEntries(_ entity: RiskScore.Entity, top: Int) -> String {
    let tonight = Self.places(of: entity, in: scores, top: top).map { scores[$0] }.sorted {
      $0.rank < $1.rank
    }
    guard let previous else { return "无上次评分可比较 (no previous night to compare with).\n" }
    let before = Set(Self.places(of: entity, in: previous.scores, top: top).map { previous.scores[$0].id })
    let new = tonight.filter { !before.contains($0.id) }
    guard !new.isEmpty else { return "无 (none).\n" }
    var t = ReportTable(columns: [
      .init("rank"), .init("id"), .init("level"), .init("score"), .init("reasons"),
    ])
    for s in new {
      t.append([
        .integer(s.rank), .text(s.id), .text(s.level.label), .number(s.score, digits: 4),
        .list(s.reasons.map(\.zh)),
      ])
    }
    return t.markdown()
  }

  /// The ten grids whose rank rose most since the previous night (most places first, then the
  /// better rank now; the grids by place in `scores` until then).
  func risers() -> String {
    guard let previous else { return "无上次评分可比较 (no previous night to compare with).\n" }
    let before = Dictionary(
      uniqueKeysWithValues: Self.places(of: .grid, in: previous.scores).map {
        (previous.scores[$0].id, previous.scores[$0].rank)
      })
    // Each riser as its place in `scores` and how many places it rose.
    let moves = Self.places(of: .grid, in: scores).compactMap { k -> (Int, Int)? in
      guard let old = before[scores[k].id], old > scores[k].rank else { return nil }
      return (k, old - scores[k].rank)
    }.sorted { ($0.1, -scores[$0.0].rank) > ($1.1, -scores[$1.0].rank) }.prefix(10)
    guard !moves.isEmpty else { return "无 (none).\n" }
    var t = ReportTable(columns: [
      .init("grid_id"), .init("rank"), .init("was"), .init("up"), .init("level"), .init("reasons"),
    ])
    for (k, up) in moves {
      let s = scores[k]
      t.append([
        .text(s.id), .integer(s.rank), .integer(s.rank + up), .integer(up), .text(s.level.label),
        .list(s.reasons.map(\.zh)),
      ])
    }
    return t.markdown()
  }

  /// Hazards found and not rectified whose deadline has passed, most overdue first.
  func overdueHazards() -> String {
    let overdue = self.overdue.compactMap { i -> (Inspection, Int)? in
      guard i.openHazards > 0, i.rectifiedAt == nil, let due = i.rectifyDue else { return nil }
      let days = Day(due, in: .district).distance(to: asOf)
      return days > 0 ? (i, days) : nil
    }.sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) }
    guard !overdue.isEmpty else { return "无 (none).\n" }
    // Names and streets of the shops shown only (one pass, no table of every shop).
    let shown = Set(overdue.prefix(30).map(\.0.shopID))
    var names: [String: (String, String)] = [:]
    for i in 0..<roster.count where shown.contains(roster.ids[i]) && names[roster.ids[i]] == nil {
      names[roster.ids[i]] = (roster.names[i], roster.streetID(at: i))
    }
    var t = ReportTable(columns: [
      .init("shop_id"), .init("name"), .init("street_id"), .init("inspection_id"), .init("open_hazards"),
      .init("due"), .init("days_overdue"),
    ])
    for (i, days) in overdue.prefix(30) {
      t.append([
        .text(i.shopID), .text(names[i.shopID]?.0), .text(names[i.shopID]?.1), .text(i.id),
        .integer(i.openHazards), .text(i.rectifyDue.map { Day($0, in: .district).iso }), .integer(days),
      ])
    }
    var text = "共 \(overdue.count) 条检查记录的隐患逾期未整改 (\(overdue.count) inspections with overdue hazards)"
    text += overdue.count > 30 ? "，列出逾期最久的 30 条 (30 most overdue shown).\n\n" : ".\n\n"
    return text + t.markdown()
  }
}
