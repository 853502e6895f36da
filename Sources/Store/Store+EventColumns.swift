import Foundation
import GRDB
import GRDBSQLite
import Records

extension Store {
  /// What scoring reads, as known at the end of `asOf`: the grids, adjacency and shops as records
  /// (shops opened after the as-of day left out), and the incidents, petitions and inspections as
  /// columns (`EventColumns`), under the same as-of rules as `loadDistrict` (CONTRACT.md §2).
  ///
  /// The events are read in key order, only the columns scoring needs, with no record value per
  /// row and no sort in SQLite: the reader sorts them by day. On a store on disk, the incidents
  /// and inspections are read on a second connection while this one reads the rest (two cores);
  /// when an ingest committed between the two reads, everything is read again on one connection.
  /// - Complexity: one scan of each table, O(n).
  public func loadScoringInputs(asOf: Day, timeZone: TimeZone = .district) throws -> (
    district: District, events: EventColumns
  ) {
    let window = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone)
    let structured: DistrictParts = [.grids, .adjacency, .shops]
    if path != ":memory:" {
      let other = try readerConnection()
      let queue = self.queue
      let rest = UnsafeMutablePointer<Result<(District, EventColumns, Int64), Error>>.allocate(capacity: 1)
      let incidents = UnsafeMutablePointer<
        Result<(EventColumns.Incidents, EventColumns.Inspections, Int64), Error>
      >.allocate(capacity: 1)
      defer {
        rest.deinitialize(count: 1).deallocate()
        incidents.deinitialize(count: 1).deallocate()
      }
      let (restOut, incidentsOut) = (SendablePointer(rest), SendablePointer(incidents))
      DispatchQueue.concurrentPerform(iterations: 2) { k in
        if k == 0 {
          restOut.pointer.initialize(
            to: Result {
              try queue.read { db in
                var events = EventColumns()
                let district = try db.loadDistrict(window: window, parts: structured)
                events.petitions = try db.petitionColumns(window: window)
                return (district, events, try db.ingestMark())
              }
            })
        } else {
          incidentsOut.pointer.initialize(
            to: Result {
              try other.read { db in
                (
                  try db.incidentColumns(window: window), try db.inspectionColumns(window: window),
                  try db.ingestMark()
                )
              }
            })
        }
      }
      var (district, events, markA) = try rest.pointee.get()
      let (read, inspections, markB) = try incidents.pointee.get()
      if markA == markB {
        events.incidents = read
        events.inspections = inspections
        return (district, events)
      }
    }
    return try queue.read { db in
      var events = EventColumns()
      let district = try db.loadDistrict(window: window, parts: structured)
      events.incidents = try db.incidentColumns(window: window)
      events.petitions = try db.petitionColumns(window: window)
      events.inspections = try db.inspectionColumns(window: window)
      return (district, events)
    }
  }
}

/// Dense numbers for the distinct strings of a text column, in order of first appearance.
///
/// Looks each row's text up by its bytes (FNV-1a hash, open addressing), so a row whose text was
/// seen before makes no `String`; `finish` then merges texts that differ in bytes but are equal as
/// `String`s (as a dictionary keyed by the decoded text would have numbered them).
/// - Complexity: O(bytes) per row, amortized.
private struct Interner {
  private var count = 0
  /// Whether every text so far is ASCII (then texts differing in bytes differ as `String`s).
  private var ascii = true
  /// Every distinct text's bytes, one after another; text n is `storage[offsets[n]..<offsets[n+1]]`.
  private var storage: [UInt8] = []
  private var offsets: [Int] = [0]
  /// Open addressing: each slot's number (-1 empty) and that text's hash.
  private var slots = [Int32](repeating: -1, count: 1024)
  private var slotHashes = [UInt64](repeating: 0, count: 1024)

  /// The number of column `column`'s text in the current row, -1 when NULL (or empty, when
  /// `emptyIsNull`).
  mutating func number(_ s: PreparedStatement, _ column: Int32, emptyIsNull: Bool = false) -> Int32 {
    if s.isNull(column) { return -1 }
    // `sqlite3_column_text` before `sqlite3_column_bytes`, as SQLite's documentation orders them.
    let start = sqlite3_column_text(s.handle, column)
    let count = start == nil ? 0 : Int(sqlite3_column_bytes(s.handle, column))
    if emptyIsNull, count == 0 { return -1 }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, 64-bit (IETF draft-eastlake-fnv)
    for i in 0..<count { h = (h ^ UInt64(start![i])) &* 0x100_0000_01b3 }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
    while slots[slot] >= 0 {
      if slotHashes[slot] == h {
        let n = Int(slots[slot])
        let lo = offsets[n]
        if offsets[n + 1] - lo == count,
          count == 0 || storage.withUnsafeBufferPointer({ memcmp($0.baseAddress! + lo, start!, count) == 0 })
        {
          return Int32(n)
        }
      }
      slot = (slot + 1) & mask
    }
    let n = Int32(self.count)
    let text = UnsafeBufferPointer(start: start, count: count)
    ascii = ascii && text.allSatisfy { $0 < 0x80 }
    storage.append(contentsOf: text)
    offsets.append(storage.count)
    slots[slot] = n
    slotHashes[slot] = h
    self.count += 1
    if self.count * 2 > slots.count { grow() }
    return n
  }

  /// Doubles the slot table, placing every number again.
  private mutating func grow() {
    let (oldSlots, oldHashes) = (slots, slotHashes)
    slots = [Int32](repeating: -1, count: oldSlots.count * 2)
    slotHashes = [UInt64](repeating: 0, count: oldSlots.count * 2)
    let mask = slots.count - 1
    for (n, h) in zip(oldSlots, oldHashes) where n >= 0 {
      var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = n
      slotHashes[slot] = h
    }
  }

  /// The distinct texts; numbers in `column` of texts equal as `String`s to an earlier one are
  /// replaced by the earlier one's (only possible when some text is not ASCII).
  @discardableResult
  func finish(_ column: inout [Int32]) -> [String] {
    let values = (0..<count).map { n in
      storage.withUnsafeBufferPointer { String(decoding: $0[offsets[n]..<offsets[n + 1]], as: UTF8.self) }
    }
    guard !ascii else { return values }
    var first: [String: Int32] = [:]
    var same = [Int32](repeating: 0, count: values.count)
    for (n, v) in values.enumerated() {
      let f = first[v] ?? Int32(n)
      first[v] = f
      same[n] = f
    }
    for k in column.indices where column[k] >= 0 { column[k] = same[Int(column[k])] }
    return values
  }

  /// `finish` for a column whose texts are not needed: only merges numbers, when some text is
  /// not ASCII.
  func finishNumbers(_ column: inout [Int32]) {
    if !ascii { finish(&column) }
  }
}

extension TimeWindow {
  /// `hasHappened` for a time as stored (seconds since 1970), read as a `Date` the way records are.
  fileprivate func hasHappened(_ seconds: Double?) -> Bool {
    hasHappened(seconds.map { Date(timeIntervalSince1970: $0) })
  }
}

extension Database {
  /// The statement `SELECT columns FROM table [WHERE window [AND also]] ORDER BY id` (key order:
  /// no sort).
  fileprivate func columnScan(
    _ table: RecordTable, _ columns: [String], timeColumn: String, window: TimeWindow, also: String? = nil
  ) throws -> PreparedStatement {
    var condition = window.condition(timeColumn)
    if let also { condition += condition.isEmpty ? " WHERE \(also)" : " AND \(also)" }
    let sql =
      "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue)" + condition + " ORDER BY id"
    let statement = try PreparedStatement(self, sql: sql)
    statement.reset()
    window.bind(to: statement)
    return statement
  }

  /// The incidents in `window` as columns; `atShopsOnly`: only those naming a shop.
  func incidentColumns(window: TimeWindow, atShopsOnly: Bool = false) throws -> EventColumns.Incidents {
    let s = try columnScan(
      .incidents, ["occurred_at", "grid_id", "shop_id", "category", "severity", "status", "resolved_at"],
      timeColumn: "occurred_at", window: window, also: atShopsOnly ? "shop_id IS NOT NULL" : nil)
    defer { s.reset() }
    var c = EventColumns.Incidents()
    var grids = Interner()
    var shops = Interner()
    var categories = Interner()
    while try s.next() {
      c.time.append(s.double(0))
      c.grid.append(grids.number(s, 1))
      c.shop.append(shops.number(s, 2))
      c.category.append(categories.number(s, 3))
      c.severity.append(Int32(clamping: s.int(4)))
      // As known at the cut: resolved later reads as open, not yet resolved.
      let resolved = s.optionalDouble(6)
      let happened = window.hasHappened(resolved)
      c.resolvedAt.append(happened ? resolved! : .nan)
      let status = s.text(5)
      c.settled.append((resolved == nil || happened) && (status == "resolved" || status == "mediated"))
    }
    c.gridIDs = grids.finish(&c.grid)
    c.shopIDs = shops.finish(&c.shop)
    c.categories = categories.finish(&c.category)
    return c
  }

  func petitionColumns(window: TimeWindow) throws -> EventColumns.Petitions {
    let s = try columnScan(
      .petitions,
      [
        "received_at", "grid_id", "due_at", "closed_at", "satisfied", "petitioner_key", "petitioner_count",
        "accepted_at",
      ],
      timeColumn: "received_at", window: window)
    defer { s.reset() }
    var c = EventColumns.Petitions()
    var grids = Interner()
    var people = Interner()
    while try s.next() {
      c.time.append(s.double(0))
      c.grid.append(grids.number(s, 1))
      c.dueAt.append(s.optionalDouble(2) ?? .nan)
      // As known at the cut: closed later reads as open with satisfaction unknown.
      let closed = s.optionalDouble(3)
      if window.hasHappened(closed) {
        c.closedAt.append(closed!)
        let satisfied = s.text(4)
        c.satisfied.append(satisfied == "yes" ? 1 : (satisfied == "no" ? -1 : 0))
      } else {
        c.closedAt.append(.nan)
        c.satisfied.append(0)
      }
      c.petitioner.append(people.number(s, 5, emptyIsNull: true))
      c.petitionerCount.append(Int32(clamping: s.int(6)))
      // Accepted later reads as not yet accepted.
      let accepted = s.optionalDouble(7)
      c.acceptedAt.append(window.hasHappened(accepted) ? accepted! : .nan)
    }
    c.gridIDs = grids.finish(&c.grid)
    people.finishNumbers(&c.petitioner)
    return c
  }

  func inspectionColumns(window: TimeWindow) throws -> EventColumns.Inspections {
    let s = try columnScan(
      .inspections,
      [
        "inspected_at", "shop_id", "hazards_found", "major_hazards", "hazards_rectified", "rectify_due",
        "rectified_at", "result",
      ],
      timeColumn: "inspected_at", window: window)
    defer { s.reset() }
    var c = EventColumns.Inspections()
    var shops = Interner()
    while try s.next() {
      c.time.append(s.double(0))
      c.shop.append(shops.number(s, 1))
      c.hazardsFound.append(Int32(clamping: s.int(2)))
      c.majorHazards.append(Int32(clamping: s.int(3)))
      c.rectifyDue.append(s.optionalDouble(5) ?? .nan)
      // As known at the cut: hazards rectified later are still open.
      let rectified = s.optionalDouble(6)
      if rectified == nil || window.hasHappened(rectified) {
        c.hazardsRectified.append(Int32(clamping: s.int(4)))
        c.rectifiedAt.append(rectified ?? .nan)
      } else {
        c.hazardsRectified.append(0)
        c.rectifiedAt.append(.nan)
      }
      c.suspended.append(s.text(7) == "suspended")
    }
    c.shopIDs = shops.finish(&c.shop)
    return c
  }
}
