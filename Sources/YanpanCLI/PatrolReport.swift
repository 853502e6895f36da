import Foundation
import Patrol
import Records
import Reports
import Scoring

/// A patrol plan as the tables people hold: the contract's columns first (CONTRACT.md §2:
/// `street_id, day, order, shop_id, name, score, last_inspected, reasons`), then `level`, `kind`
/// and `grid_id`; grid lists lead with `grid_id, post, covered_by`.
struct PatrolReport: Sendable {
  var plan: PatrolPlan
  var district: District
  var byGrid: Bool
  var language: ReportLanguage

  /// Digits shown for scores, as in the hotspot lists.
  static let scoreDigits = 4

  /// One table of every row, sorted by team, day and walking order.
  func table(rows: [PatrolRow]? = nil) -> ReportTable {
    var cells = Cells(report: self)
    return ReportTable(columns: columns, rows: (rows ?? sortedRows).map { cells.of($0) })
  }

  /// The CSV of `table(rows:)`, each row rendered as it is written (no table of a million rows
  /// held first). Without `rows`, the plan's rows are written from its visits (`csv(visits:)`).
  func csv(rows: [PatrolRow]? = nil, encoding: TextEncoding) throws -> Data {
    if rows == nil, plan.visitsAreSorted { return try csv(visits: plan.visits.indices, encoding: encoding) }
    let rows = rows ?? sortedRows
    let report = self
    return try ReportTable.csv(columns: columns, count: rows.count, encoding: encoding) { range in
      var cells = Cells(report: report)
      return rows[range].lazy.map { cells.of($0) }
    }
  }

  /// The CSV of the plan's visits `range` as rows, in their order: the same bytes as
  /// `csv(rows:encoding:)` gives for those rows, written from the plan's visits and columns
  /// (`PatrolCSV`), with no `PatrolRow` or `Cell` per row.
  func csv(visits range: Range<Int>, encoding: TextEncoding) throws -> Data {
    try csvWriter.csv(visits: range, encoding: encoding)
  }

  /// The writer of `csv(visits:encoding:)`, to be kept for the CSVs of many ranges of one plan
  /// (its repeated fields are rendered when it is made).
  var csvWriter: PatrolCSV {
    PatrolCSV(plan: plan, byGrid: byGrid, language: language, columns: columns.map(\.key))
  }

  /// The columns of `table(rows:)`.
  var columns: [ReportTable.Column] {
    let l = language
    var columns: [ReportTable.Column] = []
    if byGrid {
      columns += [
        .init("grid_id", title: l.pick(zh: "网格", en: "grid")),
        .init("post", title: l.pick(zh: "岗位", en: "post")),
        .init("covered_by", title: l.pick(zh: "代岗网格", en: "covered by")),
      ]
    }
    columns += [
      .init("street_id", title: l.pick(zh: "街路", en: "street")),
      .init("day", title: l.pick(zh: "日期", en: "day")),
      .init("order", title: l.pick(zh: "顺序", en: "order")),
      .init("shop_id", title: l.pick(zh: "商铺编号", en: "shop")),
      .init("name", title: l.pick(zh: "商铺名称", en: "name")),
      .init("score", title: l.pick(zh: "风险分", en: "score")),
      .init("last_inspected", title: l.pick(zh: "上次检查", en: "last inspected")),
      .init("reasons", title: l.pick(zh: "原因", en: "reasons")),
      .init("level", title: l.pick(zh: "等级", en: "level")),
      .init("kind", title: l.pick(zh: "类型", en: "kind")),
    ]
    if !byGrid { columns.append(.init("grid_id", title: l.pick(zh: "网格", en: "grid"))) }
    return columns
  }

  /// The cells of one row under `columns`.
  struct Cells {
    let report: PatrolReport
    /// A list names a few distinct days a million times: each is formatted once.
    private var isoOf: [Day: String] = [:]

    init(report: PatrolReport) { self.report = report }

    mutating func of(_ row: PatrolRow) -> [Cell] {
      let l = report.language
      var cells: [Cell] = []
      if report.byGrid {
        cells += [.text(row.gridID), .text(row.post?.rawValue), .text(row.coveredBy)]
      }
      cells += [
        .text(row.streetID), .text(iso(row.day)), .integer(row.order), .text(row.shopID), .text(row.name),
        row.score.map { .number($0, digits: PatrolReport.scoreDigits) } ?? .empty,
        .text(iso(row.lastInspected)),
        .list(row.reasons.map(l.text)), .text(row.level.map(l.level)),
        .text(l.pick(zh: row.kind.label, en: row.kind.rawValue)),
      ]
      if !report.byGrid { cells.append(.text(row.gridID)) }
      return cells
    }

    private mutating func iso(_ day: Day?) -> String? {
      guard let day else { return nil }
      if let text = isoOf[day] { return text }
      let text = day.iso
      isoOf[day] = text
      return text
    }
  }

  /// The table as people read it on screen and in Markdown: level and kind beside the score, the
  /// reasons last (uncut in a terminal). Files keep the contract's order.
  func screenTable(rows: [PatrolRow]? = nil) -> ReportTable {
    var table = table(rows: rows).moving("level", before: "score").moving("kind", before: "last_inspected")
    if !byGrid { table = table.moving("grid_id", before: "reasons") }
    return table
  }

  /// Rows by team (street, or grid on grid lists), day and order.
  var sortedRows: [PatrolRow] {
    plan.rows.sorted {
      (team($0), $0.day, $0.order) < (team($1), $1.day, $1.order)
    }
  }

  func team(_ row: PatrolRow) -> String { byGrid ? row.gridID : row.streetID }

  /// The summary lines: the plan's notes, then what was planned, in the report's language.
  var summary: [String] {
    // Each team of a plan has its own id: the teams listed are the distinct team numbers.
    let teams = Set(plan.visits.map(\.team)).count
    let visits = plan.visits.count
    let l = language
    let first = plan.days.first?.iso ?? ""
    let last = plan.days.last?.iso ?? ""
    var byKind: [PatrolRow.Kind: Int] = [:]
    for visit in plan.visits { byKind[visit.kind, default: 0] += 1 }
    let counts = PatrolRow.Kind.allCases.map { kind in
      "\(l.pick(zh: kind.label, en: kind.rawValue)) \(byKind[kind] ?? 0)"
    }.joined(separator: l.pick(zh: "，", en: ", "))
    let head = l.pick(
      zh: "\(first)至\(last)：\(teams)个\(byGrid ? "网格" : "街路队伍")共\(visits)次巡查（\(counts)）",
      en:
        "\(first) to \(last): \(visits) visits for \(teams) \(byGrid ? "grids" : "street teams") (\(counts))"
    )
    return [head] + plan.notes.map { l.text($0.message) }
  }

  /// Markdown: a heading, a section per team with its table, and the summary.
  func markdown() -> String {
    let l = language
    var text =
      "# \(l.pick(zh: "巡查清单", en: "Patrol lists")) (\(l.pick(zh: "截至", en: "as of")) \(plan.asOf.iso))\n\n"
    let streets = Dictionary(district.streets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let grouped = Dictionary(grouping: sortedRows, by: team)
    for id in grouped.keys.sorted() {
      var heading = id
      if !byGrid, let street = streets[id] {
        heading += l.pick(
          zh: " \(street.name)（街长 \(street.chief)，日巡查能力 \(street.dailyCapacity)）",
          en: " \(street.name) (chief \(street.chief), \(street.dailyCapacity) visits a day)")
      }
      text += "## \(heading)\n\n" + screenTable(rows: grouped[id]!).markdown() + "\n"
    }
    text += "## \(l.pick(zh: "小结", en: "Summary"))\n\n" + summary.map { "- \($0)\n" }.joined()
    return text
  }
}
