import Foundation
import Patrol
import Records
import Reports
import Scoring

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
    try emit(header(byteOrderMark: byteOrderMark))
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
    records(range, chunk: &chunk, into: &out)
    return out.take()
  }

  /// A writer of many small lists of one plan in turn, on one thread (a night writes one list per
  /// street: thirteen thousand at scale 100): what a list renders once (reasons, last-inspection
  /// days) is kept for the next.
  struct Lists {
    let csv: PatrolCSV
    private var chunk: Chunk
    /// The header record, with the byte-order mark when asked for.
    private let head: [UInt8]

    init(_ csv: PatrolCSV, byteOrderMark: Bool) {
      self.csv = csv
      chunk = Chunk(fixed: csv.fixed, plan: csv.plan, byGrid: csv.byGrid, language: csv.language)
      head = csv.header(byteOrderMark: byteOrderMark)
    }

    /// The UTF-8 CSV of the visits `range`: the bytes of `csv.csv(visits: range, encoding:)` in
    /// UTF-8 (with the mark when asked for), rendered on this thread.
    mutating func csv(visits range: Range<Int>) -> Data {
      var out = CSVWriter(capacity: 240 * range.count, prefix: head)
      csv.records(range, chunk: &chunk, into: &out)
      return Data(out.take())
    }
  }

  /// The header record (after the byte-order mark, when asked for).
  func header(byteOrderMark: Bool) -> [UInt8] {
    var head = CSVWriter(capacity: 256, prefix: byteOrderMark ? TextEncoding.byteOrderMark : [])
    for (k, key) in keys.enumerated() {
      if k > 0 { head.comma() }
      head.field(key)
    }
    head.endRecord()
    return head.take()
  }

  /// Appends the records of the visits `range` to `out`, with `chunk`'s rendered fields.
  func records(_ range: Range<Int>, chunk: inout Chunk, into out: inout CSVWriter) {
    for v in range { chunk.record(plan.visits[v], into: &out) }
  }

  /// The fields every chunk shares, rendered once: each street and grid id, each planned day, each
  /// level and kind, and the scores' reason sentences in the list's language (by their number in
  /// the plan's score sheet).
  struct Fixed: Sendable {
    var streets: [[UInt8]]
    var grids: [[UInt8]]
    var days: [[UInt8]]
    var levels: [[UInt8]]
    var kinds: [[UInt8]]
    /// The score sheet's texts (its reason sentences), by number.
    var scoreReasons: [[UInt8]]
    /// The sheet's numbers of the reasons in the list's language (`reasonZh` or `reasonEn`).
    var scoreReasonNumbers: [Int32]

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
      scoreReasons = plan.scores.texts.map { Array($0.utf8) }
      scoreReasonNumbers = language == .zh ? plan.scores.reasonZh : plan.scores.reasonEn
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

    init(fixed: Fixed, plan: PatrolPlan, byGrid: Bool, language: ReportLanguage) {
      (self.fixed, self.plan, self.byGrid, self.language) = (fixed, plan, byGrid, language)
    }

    /// Appends the record of `visit`, as `PatrolReport.Cells.of` and `ReportTable.csv` write its
    /// row; its score is read from the plan's score sheet, column by column.
    mutating func record(_ visit: PatrolVisit, into out: inout CSVWriter) {
      let scores = plan.scores
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
      if let score { out.number(scores.scores[score], digits: PatrolReport.scoreDigits) }
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
        let slots = score * scores.reasonStride
        for k in slots..<(slots + Int(scores.reasonCounts[score])) {
          if !first { out.part(Cell.listSeparator) }
          out.part(utf8: fixed.scoreReasons[Int(fixed.scoreReasonNumbers[k])])
          first = false
        }
      }
      out.endField()
      out.comma()
      if let score { out.plain(fixed.levels[scores.levels[score].index]) }
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
