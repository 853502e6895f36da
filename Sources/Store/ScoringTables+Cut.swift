import Foundation
import Records
import Synchronization

extension ScoringTables {
  /// The scoring inputs as known at the end of `asOf` in `timeZone`: what `Store.loadScoringColumns`
  /// reads from the tables for that day (CONTRACT.md §2, the rules of `Store.loadDistrict`).
  ///
  /// Events at or after the midnight ending `asOf` are left out, and so are shops opened after it; a
  /// resolution, closure, acceptance or rectification after it reads as not yet happened (time
  /// `.nan`, status not settled, satisfaction unknown, hazards rectified 0). Ids are numbered again
  /// by first appearance in the rows kept, as a read of the tables numbers them. Columns nothing
  /// changes in are shared with these tables, not copied (a night's cut, after every record,
  /// copies nothing).
  /// - Complexity: O(rows), one pass per column; the incidents on one core, the rest on the other.
  func cut(asOf: Day, timeZone: TimeZone) -> (shops: ShopColumns, events: EventColumns) {
    let end = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone).end!
    let incidents = Mutex(EventColumns.Incidents())
    let rest = Mutex((ShopColumns(), EventColumns.Petitions(), EventColumns.Inspections()))
    let (all, petitioners) = (self, petitioners.count)
    DispatchQueue.concurrentPerform(iterations: 2) { half in
      if half == 0 {
        let c = Self.cut(all.events.incidents, end: end)
        incidents.withLock { $0 = c }
      } else {
        let c = (
          Self.cut(all.shops, asOf: Int32(asOf.number)),
          Self.cut(all.events.petitions, end: end, petitioners: petitioners),
          Self.cut(all.events.inspections, end: end)
        )
        rest.withLock { $0 = c }
      }
    }
    var cut = EventColumns()
    let shops: ShopColumns
    (shops, cut.petitions, cut.inspections) = rest.withLock { $0 }
    cut.incidents = incidents.withLock { $0 }
    return (shops, cut)
  }

  private static func cut(_ all: ShopColumns, asOf: Int32) -> ShopColumns {
    let rows = Rows(all.openedOn) { $0 == ShopColumns.unknownDay || $0 <= asOf }
    var c = ShopColumns()
    (c.ids, c.grid, c.category) = (rows.pick(all.ids), rows.pick(all.grid), rows.pick(all.category))
    (c.flags, c.openedOn, c.open) = (rows.pick(all.flags), rows.pick(all.openedOn), rows.pick(all.open))
    (c.names, c.street, c.located) = (rows.pick(all.names), rows.pick(all.street), rows.pick(all.located))
    (c.lon, c.lat) = (rows.pick(all.lon), rows.pick(all.lat))
    c.gridIDs = renumber(&c.grid, all.gridIDs)
    c.categories = renumber(&c.category, all.categories)
    c.streetIDs = renumber(&c.street, all.streetIDs)
    return c
  }

  private static func cut(_ all: EventColumns.Incidents, end: Double) -> EventColumns.Incidents {
    let rows = Rows(all.time) { $0 < end }
    var c = EventColumns.Incidents()
    (c.time, c.grid, c.shop, c.category) = (
      rows.pick(all.time), rows.pick(all.grid), rows.pick(all.shop), rows.pick(all.category)
    )
    (c.severity, c.resolvedAt, c.settled) = (
      rows.pick(all.severity), rows.pick(all.resolvedAt), rows.pick(all.settled)
    )
    // Resolved later: open, not yet resolved.
    for k in laterThan(end, c.resolvedAt) {
      c.resolvedAt[k] = .nan
      c.settled[k] = false
    }
    c.gridIDs = renumber(&c.grid, all.gridIDs)
    c.shopIDs = renumber(&c.shop, all.shopIDs)
    c.categories = renumber(&c.category, all.categories)
    return c
  }

  private static func cut(_ all: EventColumns.Petitions, end: Double, petitioners: Int)
    -> EventColumns.Petitions
  {
    let rows = Rows(all.time) { $0 < end }
    var c = EventColumns.Petitions()
    (c.time, c.grid, c.dueAt, c.closedAt) = (
      rows.pick(all.time), rows.pick(all.grid), rows.pick(all.dueAt), rows.pick(all.closedAt)
    )
    (c.satisfied, c.petitioner, c.petitionerCount) = (
      rows.pick(all.satisfied), rows.pick(all.petitioner), rows.pick(all.petitionerCount)
    )
    c.acceptedAt = rows.pick(all.acceptedAt)
    // Closed later: open, satisfaction unknown. Accepted later: not yet accepted.
    for k in laterThan(end, c.closedAt) {
      c.closedAt[k] = .nan
      c.satisfied[k] = 0
    }
    for k in laterThan(end, c.acceptedAt) { c.acceptedAt[k] = .nan }
    c.gridIDs = renumber(&c.grid, all.gridIDs)
    // Petitioners are numbered only; their keys are not handed on (nor always read).
    _ = renumber(&c.petitioner, distinct: petitioners)
    return c
  }

  private static func cut(_ all: EventColumns.Inspections, end: Double) -> EventColumns.Inspections {
    let rows = Rows(all.time) { $0 < end }
    var c = EventColumns.Inspections()
    (c.time, c.shop, c.hazardsFound, c.majorHazards) = (
      rows.pick(all.time), rows.pick(all.shop), rows.pick(all.hazardsFound), rows.pick(all.majorHazards)
    )
    (c.hazardsRectified, c.rectifyDue, c.rectifiedAt) = (
      rows.pick(all.hazardsRectified), rows.pick(all.rectifyDue), rows.pick(all.rectifiedAt)
    )
    c.suspended = rows.pick(all.suspended)
    // Rectified later: the hazards are still open.
    for k in laterThan(end, c.rectifiedAt) {
      c.rectifiedAt[k] = .nan
      c.hazardsRectified[k] = 0
    }
    c.shopIDs = renumber(&c.shop, all.shopIDs)
    return c
  }

  /// The rows a cut keeps: every row (`kept` nil, columns handed on as they are) or these.
  private struct Rows {
    var kept: [Int]?

    init<T>(_ column: [T], keep: (T) -> Bool) {
      let count = column.reduce(0) { $0 + (keep($1) ? 1 : 0) }
      kept = count == column.count ? nil : column.indices.filter { keep(column[$0]) }
    }

    func pick<T>(_ column: [T]) -> [T] {
      guard let kept else { return column }
      return kept.map { column[$0] }
    }
  }

  /// The rows whose time is set and not before `end` (a later event not yet happened at the cut).
  private static func laterThan(_ end: Double, _ times: [Double]) -> [Int] {
    var rows: [Int] = []
    for k in times.indices where times[k] >= end { rows.append(k) }
    return rows
  }

  /// Numbers `column`'s values again by first appearance (−1 stays −1) and returns the texts in
  /// the new numbering: only the texts the rows still name. A column already numbered so is
  /// left as it is (not copied), and so are its texts when the rows name them all.
  /// - Complexity: O(rows + texts).
  static func renumber(_ column: inout [Int32], _ texts: [String]) -> [String] {
    let order = renumber(&column, distinct: texts.count)
    let same = order.count == texts.count && order.indices.allSatisfy { order[$0] == Int32($0) }
    return same ? texts : order.map { texts[Int($0)] }
  }

  /// `renumber` for numbers whose texts are not kept (about `distinct` of them, more when the
  /// column says so): the old numbers in the new order.
  static func renumber(_ column: inout [Int32], distinct: Int) -> [Int32] {
    // Already numbered by first appearance (as a read of every row, or rows appended to one,
    // leaves it): each number is at most one past the highest before it.
    var next: Int32 = 0
    var inOrder = true
    for v in column {
      if v == next {
        next += 1
      } else if v > next {
        inOrder = false
        break
      }
    }
    if inOrder { return (0..<next).map { $0 } }
    var new = [Int32](repeating: -1, count: distinct)
    var order: [Int32] = []
    var same = true
    for v in column where v >= 0 {
      if Int(v) >= new.count { new += [Int32](repeating: -1, count: max(Int(v) + 1 - new.count, new.count)) }
      guard new[Int(v)] < 0 else { continue }
      new[Int(v)] = Int32(order.count)
      same = same && v == Int32(order.count)
      order.append(v)
    }
    if !same {
      for k in column.indices where column[k] >= 0 { column[k] = new[Int(column[k])] }
    }
    return order
  }
}
