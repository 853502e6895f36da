import Foundation
import GRDB
import Records
import Synchronization

/// What `Store.loadScoringColumns` read for one as-of day — the shops and the incidents,
/// petitions and inspections as columns — kept beside the store in `<store>.scoring-inputs`, so
/// that scoring the same day again (another model, a rerun, the warm half of a benchmark) reads
/// one file instead of scanning every record table.
///
/// The file names the store's state it was read from (`Stamp`), the as-of day and the time zone,
/// and is used only when all three match; any ingest changes the stamp, so the next read scans
/// the tables again and replaces the file. A torn, truncated or older-format file fails its
/// checksum or header and is read as absent. The file is written under a temporary name and
/// renamed into place, and deleting it loses nothing.
struct ScoringInputsCache {
  /// The state of the store's records: every write of records (`Store.write`) adds a row to
  /// `ingest_files`, so the ledger's row count and its last row (id, start time, content hash)
  /// change with every ingest, and differ between two stores ingested separately.
  struct Stamp: Equatable {
    var text: String

    init(_ db: Database) throws {
      let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM ingest_files") ?? 0
      let last = try Row.fetchOne(
        db, sql: "SELECT id, started_at, content_hash FROM ingest_files ORDER BY id DESC LIMIT 1")
      let id = last?["id"] as Int64? ?? 0
      let started = (last?["started_at"] as Double?)?.bitPattern ?? 0
      let hash = last?["content_hash"] as String? ?? ""
      text = "\(count) \(id) \(started) \(hash)"
    }
  }

  /// The file's first column: its format (changing what is stored changes this).
  static let format = "yanpan scoring inputs 1"

  let path: String

  init(store: String) {
    path = store + ".scoring-inputs"
  }

  /// Whether the file's header names the read of `stamp`, `asOf` and `timeZone` (the columns
  /// after it not checked yet).
  func holds(stamp: Stamp, asOf: Day, timeZone: TimeZone) -> Bool {
    ColumnFile.Reader(path: path).map { Self.header($0, stamp: stamp, asOf: asOf, timeZone: timeZone) }
      ?? false
  }

  private static func header(_ file: ColumnFile.Reader, stamp: Stamp, asOf: Day, timeZone: TimeZone) -> Bool {
    file.texts() == [format, stamp.text, asOf.iso, timeZone.identifier]
  }

  /// The cached columns, when the file holds the read of `stamp`, `asOf` and `timeZone`.
  func read(stamp: Stamp, asOf: Day, timeZone: TimeZone) -> (shops: ShopColumns, events: EventColumns)? {
    guard let file = ColumnFile.Reader(path: path),
      Self.header(file, stamp: stamp, asOf: asOf, timeZone: timeZone)
    else { return nil }
    var shops = ShopColumns()
    var events = EventColumns()
    guard Self.shops(&shops, file), Self.incidents(&events.incidents, file),
      Self.petitions(&events.petitions, file), Self.inspections(&events.inspections, file), file.verify()
    else { return nil }
    return (shops, events)
  }

  /// Replaces the file with these columns. A failure leaves no file behind (the next read scans
  /// the tables again).
  func write(stamp: Stamp, asOf: Day, timeZone: TimeZone, shops: ShopColumns, events: EventColumns) {
    let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
    do {
      let file = try ColumnFile.Writer(path: temporary)
      try file.put([Self.format, stamp.text, asOf.iso, timeZone.identifier])
      try file.put(shops.ids)
      try file.put(shops.gridIDs)
      try file.put(shops.grid)
      try file.put(shops.categories)
      try file.put(shops.category)
      try file.put(shops.flags)
      try file.put(shops.openedOn)
      try file.put(shops.open)
      let i = events.incidents
      try file.put(i.gridIDs)
      try file.put(i.shopIDs)
      try file.put(i.categories)
      try file.put(i.time)
      try file.put(i.grid)
      try file.put(i.shop)
      try file.put(i.category)
      try file.put(i.severity)
      try file.put(i.resolvedAt)
      try file.put(i.settled)
      let p = events.petitions
      try file.put(p.gridIDs)
      try file.put(p.time)
      try file.put(p.grid)
      try file.put(p.dueAt)
      try file.put(p.closedAt)
      try file.put(p.satisfied)
      try file.put(p.petitioner)
      try file.put(p.petitionerCount)
      try file.put(p.acceptedAt)
      let s = events.inspections
      try file.put(s.shopIDs)
      try file.put(s.time)
      try file.put(s.shop)
      try file.put(s.hazardsFound)
      try file.put(s.majorHazards)
      try file.put(s.hazardsRectified)
      try file.put(s.rectifyDue)
      try file.put(s.rectifiedAt)
      try file.put(s.suspended)
      try file.finish()
      guard rename(temporary, path) == 0 else { throw ColumnFile.Failure(path: path, what: "rename") }
    } catch {
      unlink(temporary)
    }
  }

  // Each reader fills its columns in the order `write` put them; false when the file ends first.

  private static func shops(_ c: inout ShopColumns, _ f: ColumnFile.Reader) -> Bool {
    guard let ids = f.texts(), let gridIDs = f.texts(), let grid = f.values(Int32.self),
      let categories = f.texts(), let category = f.values(Int32.self), let flags = f.values(UInt8.self),
      let openedOn = f.values(Int32.self), let open = f.values(Bool.self)
    else { return false }
    (c.ids, c.gridIDs, c.grid, c.categories, c.category) = (ids, gridIDs, grid, categories, category)
    (c.flags, c.openedOn, c.open) = (flags, openedOn, open)
    return [grid.count, category.count, flags.count, openedOn.count, open.count].allSatisfy {
      $0 == ids.count
    }
  }

  private static func incidents(_ c: inout EventColumns.Incidents, _ f: ColumnFile.Reader) -> Bool {
    guard let gridIDs = f.texts(), let shopIDs = f.texts(), let categories = f.texts(),
      let time = f.values(Double.self), let grid = f.values(Int32.self), let shop = f.values(Int32.self),
      let category = f.values(Int32.self), let severity = f.values(Int32.self),
      let resolvedAt = f.values(Double.self), let settled = f.values(Bool.self)
    else { return false }
    (c.gridIDs, c.shopIDs, c.categories) = (gridIDs, shopIDs, categories)
    (c.time, c.grid, c.shop, c.category, c.severity) = (time, grid, shop, category, severity)
    (c.resolvedAt, c.settled) = (resolvedAt, settled)
    return [grid.count, shop.count, category.count, severity.count, resolvedAt.count, settled.count]
      .allSatisfy { $0 == time.count }
  }

  private static func petitions(_ c: inout EventColumns.Petitions, _ f: ColumnFile.Reader) -> Bool {
    guard let gridIDs = f.texts(), let time = f.values(Double.self), let grid = f.values(Int32.self),
      let dueAt = f.values(Double.self), let closedAt = f.values(Double.self),
      let satisfied = f.values(Int8.self), let petitioner = f.values(Int32.self),
      let petitionerCount = f.values(Int32.self), let acceptedAt = f.values(Double.self)
    else { return false }
    (c.gridIDs, c.time, c.grid, c.dueAt, c.closedAt) = (gridIDs, time, grid, dueAt, closedAt)
    (c.satisfied, c.petitioner, c.petitionerCount, c.acceptedAt) = (
      satisfied, petitioner, petitionerCount, acceptedAt
    )
    return [
      grid.count, dueAt.count, closedAt.count, satisfied.count, petitioner.count, petitionerCount.count,
    ]
    .allSatisfy { $0 == time.count } && acceptedAt.count == time.count
  }

  private static func inspections(_ c: inout EventColumns.Inspections, _ f: ColumnFile.Reader) -> Bool {
    guard let shopIDs = f.texts(), let time = f.values(Double.self), let shop = f.values(Int32.self),
      let found = f.values(Int32.self), let major = f.values(Int32.self),
      let rectified = f.values(Int32.self), let due = f.values(Double.self),
      let rectifiedAt = f.values(Double.self), let suspended = f.values(Bool.self)
    else { return false }
    (c.shopIDs, c.time, c.shop, c.hazardsFound, c.majorHazards) = (shopIDs, time, shop, found, major)
    (c.hazardsRectified, c.rectifyDue, c.rectifiedAt, c.suspended) = (rectified, due, rectifiedAt, suspended)
    return [
      shop.count, found.count, major.count, rectified.count, due.count, rectifiedAt.count, suspended.count,
    ]
    .allSatisfy { $0 == time.count }
  }
}

extension Store {
  /// The scoring inputs kept beside the store for `asOf`, read while `alongside` reads the store,
  /// with what `alongside` read; nil when the file does not hold the very state of the store
  /// `alongside` saw (`stamp`, read before this call, is compared with the stamp read in
  /// `alongside`'s transaction), and then nothing is read.
  func keptScoringInputs<T: Sendable>(
    stamp: ScoringInputsCache.Stamp, asOf: Day, timeZone: TimeZone,
    alongside: @escaping @Sendable (Database) throws -> T
  ) throws -> (read: T, shops: ShopColumns, events: EventColumns)? {
    let cache = ScoringInputsCache(store: path)
    guard path != ":memory:", cache.holds(stamp: stamp, asOf: asOf, timeZone: timeZone) else { return nil }
    let kept = Mutex<(shops: ShopColumns, events: EventColumns)?>(nil)
    let fileRead = DispatchGroup()
    DispatchQueue.global().async(group: fileRead) {
      let columns = cache.read(stamp: stamp, asOf: asOf, timeZone: timeZone)
      kept.withLock { $0 = columns }
    }
    defer { fileRead.wait() }
    let (read, now) = try queue.read { db in (try alongside(db), try ScoringInputsCache.Stamp(db)) }
    fileRead.wait()
    guard now == stamp, let columns = kept.withLock({ $0 }) else { return nil }
    return (read, columns.shops, columns.events)
  }
}
