import Foundation
import Records

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
  /// - Complexity: O(rows), one pass per column.
  func cut(asOf: Day, timeZone: TimeZone) -> (shops: ShopColumns, events: EventColumns) {
    let end = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone).end!
    var cut = EventColumns()
    cut.incidents = Self.cut(events.incidents, end: end)
    cut.petitions = Self.cut(events.petitions, end: end, petitioners: petitioners.count)
    cut.inspections = Self.cut(events.inspections, end: end)
    return (Self.cut(shops, asOf: Int32(asOf.number)), cut)
  }

  private static func cut(_ all: ShopColumns, asOf: Int32) -> ShopColumns {
    let rows = Rows(all.openedOn) { $0 == ShopColumns.unknownDay || $0 <= asOf }
    var c = ShopColumns()
    (c.ids, c.grid, c.category) = (rows.pick(all.ids), rows.pick(all.grid), rows.pick(all.category))
    (c.flags, c.openedOn, c.open) = (rows.pick(all.flags), rows.pick(all.openedOn), rows.pick(all.open))
    c.gridIDs = renumber(&c.grid, all.gridIDs)
    c.categories = renumber(&c.category, all.categories)
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
    // Petitioners are numbered only; their keys are not handed on.
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
    times.indices.filter { !times[$0].isNaN && !(times[$0] < end) }
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

  /// `renumber` for numbers whose texts are not kept (`distinct` of them): the old numbers in the
  /// new order.
  static func renumber(_ column: inout [Int32], distinct: Int) -> [Int32] {
    var new = [Int32](repeating: -1, count: distinct)
    var order: [Int32] = []
    var same = true
    for v in column where v >= 0 && new[Int(v)] < 0 {
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
