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

/// The CSV of a plan written straight from its visits and the roster's columns: each field as the
/// `Cell` of `PatrolReport.Cells` would write it, the texts that repeat (street and grid ids, days,
/// levels, kinds, the planner's reasons) rendered once, and the rows cut into chunks rendered on
/// the available cores and joined in order.
struct PatrolCSV: Sendable {
  let plan: PatrolPlan
  let byGrid: Bool
  let language: ReportLanguage
  /// The column keys (`PatrolReport.columns`).
  let keys: [String]
  let fixed: Fixed

  init(plan: PatrolPlan, byGrid: Bool, language: ReportLanguage, columns keys: [String]) {
    (self.plan, self.byGrid, self.language, self.keys) = (plan, byGrid, language, keys)
    fixed = Fixed(plan: plan, language: language)
  }

  /// The CSV of the visits `range` of `plan.visits`, as rows in that order, in `encoding`.
  func csv(visits range: Range<Int>, encoding: TextEncoding) throws -> Data {
    var data = Data()
    try writeUTF8(visits: range, byteOrderMark: encoding == .utf8BOM) { data.append(contentsOf: $0) }
    return encoding == .gb18030 ? try encoding.encode(String(decoding: data, as: UTF8.self)) : data
  }

  /// The UTF-8 CSV of the visits `range`, handed to `emit` in order, part by part: the header
  /// (after the byte-order mark, when asked for), then the records in pieces of at least 20 000
  /// rows (a small list is one piece). The pieces are rendered on the other cores while `emit`
  /// takes those ready, so that writing a large list overlaps rendering it and a piece is let go
  /// once written.
  func writeUTF8(visits range: Range<Int>, byteOrderMark: Bool, to emit: ([UInt8]) throws -> Void) throws {
    var head = CSVWriter(capacity: 256, prefix: byteOrderMark ? TextEncoding.byteOrderMark : [])
    for (k, key) in keys.enumerated() {
      if k > 0 { head.comma() }
      head.field(key)
    }
    head.endRecord()
    try emit(head.take())
    let count = range.count
    let pieces = max(1, min(16, count / 20_000))
    guard pieces > 1 else { return try emit(chunk(range)) }
    let bounds = (0...pieces).map { range.lowerBound + $0 * count / pieces }
    let rendered = Pieces(count: pieces)
    let rendering = DispatchGroup()
    DispatchQueue.global().async(group: rendering) {
      DispatchQueue.concurrentPerform(iterations: pieces) { k in
        rendered.put(chunk(bounds[k]..<bounds[k + 1]), at: k)
      }
    }
    // Rendering writes into `rendered`: it must be over before they are let go, even when a write
    // failed.
    defer { rendering.wait() }
    for k in 0..<pieces { try emit(rendered.take(at: k)) }
  }

  /// The records of the visits `range`.
  func chunk(_ range: Range<Int>) -> [UInt8] {
    var out = CSVWriter(capacity: 240 * range.count)
    var chunk = Chunk(fixed: fixed, plan: plan, byGrid: byGrid, language: language)
    plan.scores.withUnsafeBufferPointer { scores in
      // Visits name scores in no order: a group's scores and reason lists are read in a first
      // pass of independent loads, so that their cache misses overlap instead of each stalling
      // its row.
      let group = 32
      var touched = 0
      for start in stride(from: range.lowerBound, to: range.upperBound, by: group) {
        let end = min(start + group, range.upperBound)
        for v in start..<end where plan.visits[v].score >= 0 {
          touched &+= scores[Int(plan.visits[v].score)].reasons.count
        }
        for v in start..<end { chunk.record(plan.visits[v], scores: scores, into: &out) }
      }
      chunk.touched = touched
    }
    return out.take()
  }

  /// The fields every chunk shares, rendered once: each street and grid id, each planned day, each
  /// level and kind.
  struct Fixed: Sendable {
    var streets: [[UInt8]]
    var grids: [[UInt8]]
    var days: [[UInt8]]
    var levels: [[UInt8]]
    var kinds: [[UInt8]]

    /// `text` as one CSV field.
    static func rendered(_ text: String) -> [UInt8] {
      var out = CSVWriter(capacity: text.utf8.count + 2)
      out.field(text)
      return out.take()
    }

    init(plan: PatrolPlan, language: ReportLanguage) {
      let rendered = Self.rendered
      streets = plan.shops.streetIDs.map(rendered)
      grids = plan.shops.gridIDs.map(rendered)
      days = plan.days.map { rendered($0.iso) }
      levels = RiskLevel.allCases.map { rendered(language.level($0)) }
      kinds = PatrolRow.Kind.allCases.map { rendered(language.pick(zh: $0.label, en: $0.rawValue)) }
    }
  }

  /// One chunk's writing state: the fields it has rendered so far that repeat (last-inspection
  /// days, the planner's reasons, covering grids).
  struct Chunk {
    let fixed: Fixed
    let plan: PatrolPlan
    let byGrid: Bool
    let language: ReportLanguage
    var inspected: [Int: [UInt8]] = [:]
    var reasons = ReasonCache()
    var covering: [String: [UInt8]] = [:]
    /// What reading ahead read (kept, so that its loads are not left out).
    var touched = 0

    init(fixed: Fixed, plan: PatrolPlan, byGrid: Bool, language: ReportLanguage) {
      (self.fixed, self.plan, self.byGrid, self.language) = (fixed, plan, byGrid, language)
    }

    /// Appends the record of `visit`, as `PatrolReport.Cells.of` and `ReportTable.csv` write its
    /// row; `scores` are the plan's (read in place: a score is not copied for its fields).
    mutating func record(
      _ visit: PatrolVisit, scores: UnsafeBufferPointer<RiskScore>, into out: inout CSVWriter
    ) {
      let shop = Int(visit.shop)
      let grid = fixed.grids[Int(plan.shops.grid[shop])]
      if byGrid {
        out.plain(grid)
        out.comma()
        let post = plan.teams[Int(visit.team)].posts?[Int(visit.day)]
        if let post { out.field(post.post.rawValue) }
        out.comma()
        if let by = post?.coveredBy {
          if covering[by] == nil { covering[by] = Fixed.rendered(by) }
          out.plain(covering[by]!)
        }
        out.comma()
      }
      out.plain(fixed.streets[Int(plan.shops.street[shop])])
      out.comma()
      out.plain(fixed.days[Int(visit.day)])
      out.comma()
      out.integer(Int(visit.order))
      out.comma()
      out.field(plan.shops.ids[shop])
      out.comma()
      out.field(plan.shops.names[shop])
      out.comma()
      let score = visit.score >= 0 ? Int(visit.score) : nil
      if let score { out.number(scores[score].score, digits: PatrolReport.scoreDigits) }
      out.comma()
      if let day = visit.lastInspected {
        if !out.isoDay(day) {
          if inspected[day.number] == nil { inspected[day.number] = Fixed.rendered(day.iso) }
          out.plain(inspected[day.number]!)
        }
      }
      out.comma()
      // The reasons: the planner's, then the score's, joined as a `.list` cell joins them.
      var first = true
      if visit.why != .none {
        out.part(utf8: reasons.text(of: visit.why, in: language))
        first = false
      }
      if let score {
        for reason in scores[score].reasons {
          if !first { out.part(Cell.listSeparator) }
          out.part(language.text(reason))
          first = false
        }
      }
      out.endField()
      out.comma()
      if let score { out.plain(fixed.levels[scores[score].level.index]) }
      out.comma()
      out.plain(fixed.kinds[visit.kind.index])
      if !byGrid {
        out.comma()
        out.plain(grid)
      }
      out.endRecord()
    }
  }
}

/// The planner's reasons as UTF-8 in one language, each rendered once: kept in arrays indexed by
/// the reason's number of days (a list of a million rows names a few hundred), so a row costs no
/// hashing.
struct ReasonCache {
  private var recheck: [[UInt8]?] = []
  private var explore: [[UInt8]?] = []
  /// Per number of days since the last visit: the floor it was rendered for, and the text.
  private var coverage: [(floor: Int, text: [UInt8])?] = []
  private var never: [UInt8]?

  /// The text of `why` (which is not `.none`) in `language`.
  mutating func text(of why: PatrolVisit.Why, in language: ReportLanguage) -> [UInt8] {
    func rendered() -> [UInt8] { Array(language.text(why.reason!).utf8) }
    /// The entry `n` of `table`, rendered when missing (numbers out of a sane range are not kept).
    func cached(_ table: inout [[UInt8]?], _ n: Int) -> [UInt8] {
      guard (0..<100_000).contains(n) else { return rendered() }
      if n >= table.count { table += Array(repeating: nil, count: n + 1 - table.count) }
      if let text = table[n] { return text }
      let text = rendered()
      table[n] = text
      return text
    }
    switch why {
    case .none: return []
    case .recheck(let days): return cached(&recheck, days)
    case .explore(let window): return cached(&explore, window)
    case .neverVisited:
      if never == nil { never = rendered() }
      return never!
    case .coverage(let days, let floor):
      guard (0..<100_000).contains(days) else { return rendered() }
      if days >= coverage.count { coverage += Array(repeating: nil, count: days + 1 - coverage.count) }
      if let entry = coverage[days], entry.floor == floor { return entry.text }
      let text = rendered()
      coverage[days] = (floor, text)
      return text
    }
  }
}

extension RiskLevel {
  /// The level's place in `allCases`.
  fileprivate var index: Int {
    switch self {
    case .red: 0
    case .orange: 1
    case .yellow: 2
    case .blue: 3
    }
  }
}

extension PatrolRow.Kind {
  /// The kind's place in `allCases`.
  fileprivate var index: Int {
    switch self {
    case .recheck: 0
    case .risk: 1
    case .coverage: 2
    case .explore: 3
    }
  }
}

/// The pieces of a CSV rendered on several threads and taken in order by one: each piece is put
/// once by its renderer and taken once, after it is put.
private final class Pieces: @unchecked Sendable {
  private let pieces: UnsafeMutablePointer<[UInt8]>
  private let ready: [DispatchSemaphore]
  private let count: Int

  init(count: Int) {
    self.count = count
    pieces = .allocate(capacity: count)
    pieces.initialize(repeating: [], count: count)
    ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
  }

  deinit { pieces.deinitialize(count: count).deallocate() }

  /// Stores piece `k` (from its renderer).
  func put(_ piece: [UInt8], at k: Int) {
    pieces[k] = piece
    ready[k].signal()
  }

  /// Waits for piece `k`, and gives it up.
  func take(at k: Int) -> [UInt8] {
    ready[k].wait()
    defer { pieces[k] = [] }
    return pieces[k]
  }
}
