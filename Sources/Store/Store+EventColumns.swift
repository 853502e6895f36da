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
    try scoringInputs(asOf: asOf, timeZone: timeZone)
  }

  /// `loadScoringInputs` with the shops as columns too (`ShopColumns`: id, grid, category, flags,
  /// opening day, status; shops opened after the as-of day left out), so that scoring makes no
  /// `Shop` value; the district holds the grids and adjacency only.
  ///
  /// A store on disk keeps the record tables' scoring columns beside it (`ScoringInputsCache`,
  /// `<store>.scoring-inputs`, with no as-of cut): a later read, of any as-of day, reads that
  /// file, plus from the tables only the rows ingests wrote since, and cuts it at `asOf`
  /// (`ScoringTables.cut`). The rows read since the kept state are kept as changes beside it;
  /// `keep` false: a read of every table (no kept file yet, or one of another store) is not
  /// written beside the store, nor are many changes folded into a new one. `readAhead`: the kept
  /// files as read ahead (used when they are still of the files' state).
  /// - Complexity: one read of the kept file and of the rows changed since; without it, one scan
  ///   of each table.
  public func loadScoringColumns(
    asOf: Day, timeZone: TimeZone = .district, keep: Bool = true, readAhead: ScoringInputsReadAhead? = nil
  ) throws -> (district: District, shops: ShopColumns, events: EventColumns) {
    let window = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone)
    let (tables, district) = try currentScoringTables(keepAll: keep, readAhead: readAhead) { db in
      try db.loadDistrict(window: window, parts: [.grids, .adjacency])
    }!
    let (shops, events) = tables.cut(asOf: asOf, timeZone: timeZone)
    return (district, shops, events)
  }

  /// The scoring inputs as of `asOf`, cut from the kept scoring tables brought up to the store's
  /// state (`currentScoringTables`), with what `alongside` read in that state; nil when no kept
  /// file holds a state of this store (and then nothing is read). `parts`: what the caller needs
  /// (the rest may come back empty).
  func keptScoringInputs<T: Sendable>(
    asOf: Day, timeZone: TimeZone, parts: ScoringInputsCache.Parts = .all,
    alongside: @escaping @Sendable (Database) throws -> T
  ) throws -> (read: T, shops: ShopColumns, events: EventColumns)? {
    guard
      let (tables, read) = try currentScoringTables(
        keepAll: true, orReadAll: false, parts: parts, alongside: alongside)
    else { return nil }
    let (shops, events) = tables.cut(asOf: asOf, timeZone: timeZone)
    return (read, shops, events)
  }

  /// The reads of `loadScoringInputs`, in two halves side by side on two connections
  /// (`readSideBySide`: read again on one when an ingest commits in between).
  private func scoringInputs(asOf: Day, timeZone: TimeZone) throws -> (
    district: District, events: EventColumns
  ) {
    let window = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone)
    // Two halves of about even work at scale 100: the grids, adjacency, shops and petitions; and
    // the incidents and inspections.
    @Sendable func firstHalf(_ db: Database) throws -> (District, EventColumns.Petitions) {
      (
        try db.loadDistrict(window: window, parts: [.grids, .adjacency, .shops]),
        try db.petitionColumns(window: window)
      )
    }
    @Sendable func secondHalf(_ db: Database) throws -> EventColumns {
      var events = EventColumns()
      events.incidents = try db.incidentColumns(window: window)
      events.inspections = try db.inspectionColumns(window: window)
      return events
    }
    let ((district, petitions), second) = try readSideBySide(firstHalf, secondHalf)
    var events = second
    events.petitions = petitions
    return (district, events)
  }
}

extension TimeWindow {
  /// `hasHappened` for a time as stored (seconds since 1970), read as a `Date` the way records are.
  fileprivate func hasHappened(_ seconds: Double?) -> Bool {
    hasHappened(seconds.map { Date(timeIntervalSince1970: $0) })
  }
}

extension Database {
  /// The statement `SELECT columns [, id] FROM table [WHERE window [AND also] [AND changed]] ORDER
  /// BY id` (key order: no sort). `changedAfter`: only the rows ingest files after that ledger row
  /// wrote (inserted or replaced: `file_id` names the file that last wrote a row), found through
  /// the table's index by file and then sorted (`RecordTable.source`). `keyed`: the row's key is
  /// the last column.
  fileprivate func columnScan(
    _ table: RecordTable, _ columns: [String], timeColumn: String, window: TimeWindow, also: String? = nil,
    changedAfter: Int64? = nil, keyed: Bool = false
  ) throws -> PreparedStatement {
    var condition = window.condition(timeColumn)
    for part in [also, changedAfter.map { "file_id > \($0)" }].compactMap({ $0 }) {
      condition += condition.isEmpty ? " WHERE \(part)" : " AND \(part)"
    }
    let columns = keyed ? columns + ["id"] : columns
    let sql =
      "SELECT \(columns.joined(separator: ", ")) FROM \(table.source(changedOnly: changedAfter != nil))"
      + condition + " ORDER BY id"
    let statement = try PreparedStatement(self, sql: sql)
    statement.reset()
    window.bind(to: statement)
    return statement
  }

  /// The shops as columns, in key order, as known at the cut: shops opened after it left out.
  /// `changedAfter`: only the shops ingest files after that ledger row wrote (through the index by
  /// file, `RecordTable.source`).
  func shopColumns(window: TimeWindow, changedAfter: Int64? = nil) throws -> ShopColumns {
    let source = RecordTable.shops.source(changedOnly: changedAfter != nil)
    let changed = changedAfter.map { " WHERE file_id > \($0)" } ?? ""
    let s = try PreparedStatement(
      self,
      sql: """
        SELECT id, grid_id, category, flags, opened_on, status, name, street_id, lon, lat \
        FROM \(source)\(changed) ORDER BY id
        """
    )
    s.reset()
    defer { s.reset() }
    var c = ShopColumns()
    var grids = TextInterner()
    var categories = TextInterner()
    var streets = TextInterner()
    let asOf = window.asOf.map { Int32($0.number) }
    while try s.next() {
      var opened = ShopColumns.unknownDay
      if let day = s.day(4) { opened = Int32(day.number) }
      if let asOf, opened != ShopColumns.unknownDay, opened > asOf { continue }
      c.ids.append(s.text(0))
      c.grid.append(grids.number(s, 1))
      c.category.append(categories.number(s, 2))
      c.flags.append(Self.flagBits(s, 3))
      c.openedOn.append(opened)
      // As `Shop.Status(rawValue:) ?? .open` reads it: open unless `closed`.
      c.open.append(!s.textIs(5, "closed"))
      c.names.append(s.text(6))
      c.street.append(streets.number(s, 7))
      // A place when both coordinates are stored (the rule of `Shop`'s stored form).
      let (lon, lat) = (s.optionalDouble(8), s.optionalDouble(9))
      c.located.append(lon != nil && lat != nil)
      c.lon.append(lon ?? 0)
      c.lat.append(lat ?? 0)
    }
    c.gridIDs = grids.finish(&c.grid)
    c.categories = categories.finish(&c.category)
    c.streetIDs = streets.finish(&c.street)
    return c
  }

  /// `ShopColumns.flagBits` of a stored `flags` text (flags joined by `;`), from its bytes.
  private static func flagBits(_ s: PreparedStatement, _ column: Int32) -> UInt8 {
    guard let text = sqlite3_column_text(s.handle, column) else { return 0 }
    let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(s.handle, column)))
    var bits: UInt8 = 0
    for flag in bytes.split(separator: UInt8(ascii: ";")) {
      if flag.elementsEqual(ShopFlag.hazmat.rawValue.utf8) { bits |= ShopColumns.hazmat }
      if flag.elementsEqual(ShopFlag.crowded.rawValue.utf8) { bits |= ShopColumns.crowded }
      if flag.elementsEqual(ShopFlag.food.rawValue.utf8) { bits |= ShopColumns.food }
    }
    return bits
  }

  /// The incidents in `window` as columns; `atShopsOnly`: only those naming a shop.
  func incidentColumns(window: TimeWindow, atShopsOnly: Bool = false) throws -> EventColumns.Incidents {
    var keys: RowKeys?
    return try incidentColumns(window: window, atShopsOnly: atShopsOnly, keys: &keys)
  }

  /// `incidentColumns`, each row's key appended to `keys` when it is not nil; `changedAfter`: only
  /// the rows ingest files after that ledger row wrote.
  func incidentColumns(
    window: TimeWindow, atShopsOnly: Bool = false, changedAfter: Int64? = nil, keys: inout RowKeys?
  ) throws -> EventColumns.Incidents {
    let s = try columnScan(
      .incidents, ["occurred_at", "grid_id", "shop_id", "category", "severity", "status", "resolved_at"],
      timeColumn: "occurred_at", window: window, also: atShopsOnly ? "shop_id IS NOT NULL" : nil,
      changedAfter: changedAfter, keyed: keys != nil)
    defer { s.reset() }
    var c = EventColumns.Incidents()
    var grids = TextInterner()
    var shops = TextInterner()
    var categories = TextInterner()
    while try s.next() {
      c.time.append(s.double(0))
      grids.add(s, 1)
      c.grid.append(-1)
      shops.add(s, 2)
      c.shop.append(-1)
      if grids.pending == TextInterner.batch {
        grids.flush(into: &c.grid)
        shops.flush(into: &c.shop)
      }
      c.category.append(categories.number(s, 3))
      c.severity.append(Int32(clamping: s.int(4)))
      // As known at the cut: resolved later reads as open, not yet resolved.
      let resolved = s.optionalDouble(6)
      let happened = window.hasHappened(resolved)
      c.resolvedAt.append(happened ? resolved! : .nan)
      c.settled.append((resolved == nil || happened) && (s.textIs(5, "resolved") || s.textIs(5, "mediated")))
      if keys != nil { s.appendText(7, to: &keys!) }
    }
    grids.flush(into: &c.grid)
    shops.flush(into: &c.shop)
    c.gridIDs = grids.finish(&c.grid)
    c.shopIDs = shops.finish(&c.shop)
    c.categories = categories.finish(&c.category)
    return c
  }

  func petitionColumns(window: TimeWindow) throws -> EventColumns.Petitions {
    var keys: RowKeys?
    var people: RowKeys?
    return try petitionColumns(window: window, keys: &keys, petitioners: &people)
  }

  /// `petitionColumns`, each row's key appended to `keys` and the petitioner keys `petitioner`
  /// numbers stand for put in `petitioners` (as bytes) when they are not nil; `changedAfter`: only the rows ingest
  /// files after that ledger row wrote.
  func petitionColumns(
    window: TimeWindow, changedAfter: Int64? = nil, keys: inout RowKeys?, petitioners: inout RowKeys?
  ) throws -> EventColumns.Petitions {
    let s = try columnScan(
      .petitions,
      [
        "received_at", "grid_id", "due_at", "closed_at", "satisfied", "petitioner_key", "petitioner_count",
        "accepted_at",
      ],
      timeColumn: "received_at", window: window, changedAfter: changedAfter, keyed: keys != nil)
    defer { s.reset() }
    var c = EventColumns.Petitions()
    var grids = TextInterner()
    var people = TextInterner()
    while try s.next() {
      c.time.append(s.double(0))
      grids.add(s, 1)
      c.grid.append(-1)
      people.add(s, 5, emptyIsNull: true)
      c.petitioner.append(-1)
      if grids.pending == TextInterner.batch {
        grids.flush(into: &c.grid)
        people.flush(into: &c.petitioner)
      }
      c.dueAt.append(s.optionalDouble(2) ?? .nan)
      // As known at the cut: closed later reads as open with satisfaction unknown.
      let closed = s.optionalDouble(3)
      if window.hasHappened(closed) {
        c.closedAt.append(closed!)
        c.satisfied.append(s.textIs(4, "yes") ? 1 : (s.textIs(4, "no") ? -1 : 0))
      } else {
        c.closedAt.append(.nan)
        c.satisfied.append(0)
      }
      c.petitionerCount.append(Int32(clamping: s.int(6)))
      // Accepted later reads as not yet accepted.
      let accepted = s.optionalDouble(7)
      c.acceptedAt.append(window.hasHappened(accepted) ? accepted! : .nan)
      if keys != nil { s.appendText(8, to: &keys!) }
    }
    grids.flush(into: &c.grid)
    people.flush(into: &c.petitioner)
    c.gridIDs = grids.finish(&c.grid)
    if petitioners != nil {
      petitioners = people.finishBytes(&c.petitioner)
    } else {
      people.finishNumbers(&c.petitioner)
    }
    return c
  }

  func inspectionColumns(window: TimeWindow) throws -> EventColumns.Inspections {
    var keys: RowKeys?
    return try inspectionColumns(window: window, keys: &keys)
  }

  /// `inspectionColumns`, each row's key appended to `keys` when it is not nil; `changedAfter`:
  /// only the rows ingest files after that ledger row wrote.
  func inspectionColumns(window: TimeWindow, changedAfter: Int64? = nil, keys: inout RowKeys?) throws
    -> EventColumns.Inspections
  {
    let s = try columnScan(
      .inspections,
      [
        "inspected_at", "shop_id", "hazards_found", "major_hazards", "hazards_rectified", "rectify_due",
        "rectified_at", "result",
      ],
      timeColumn: "inspected_at", window: window, changedAfter: changedAfter, keyed: keys != nil)
    defer { s.reset() }
    var c = EventColumns.Inspections()
    var shops = TextInterner()
    while try s.next() {
      c.time.append(s.double(0))
      shops.add(s, 1)
      c.shop.append(-1)
      if shops.pending == TextInterner.batch { shops.flush(into: &c.shop) }
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
      c.suspended.append(s.textIs(7, "suspended"))
      if keys != nil { s.appendText(8, to: &keys!) }
    }
    shops.flush(into: &c.shop)
    c.shopIDs = shops.finish(&c.shop)
    return c
  }
}

extension PreparedStatement {
  /// Appends column `column`'s text of the current row to `keys`.
  fileprivate func appendText(_ column: Int32, to keys: inout RowKeys) {
    keys.append(sqlite3_column_text(handle, column), Int(sqlite3_column_bytes(handle, column)))
  }

  /// Whether column `column` of the current row is the text `text` (compared as bytes).
  fileprivate func textIs(_ column: Int32, _ text: StaticString) -> Bool {
    guard let bytes = sqlite3_column_text(handle, column) else { return false }
    let count = Int(sqlite3_column_bytes(handle, column))
    return count == text.utf8CodeUnitCount && memcmp(bytes, text.utf8Start, count) == 0
  }
}
