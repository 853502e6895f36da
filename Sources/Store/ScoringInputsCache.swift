import Foundation
import GRDB
import Records
import Synchronization

/// The scoring tables (`ScoringTables`: the shops and events as stored, with no as-of cut) kept
/// beside the store, so that scoring reads one file instead of scanning every record table, and
/// a night's scoring reads from the tables only the rows that night's ingest wrote.
///
/// Two files:
/// - `<store>.scoring-inputs`, the base: every row as of one state of the store (`Stamp`);
/// - `<store>.scoring-inputs.changes`: the rows ingests wrote since (inserted or replaced), as of
///   a later state, merged into the base when read. Each night rewrites this small file instead
///   of the base; when it grows past an eighth of the base (and 4,096 rows), a new base replaces
///   both.
///
/// A file is used only while the state it names is still this store's past (`Stamp.precedes`):
/// a store made anew at the same path, or a file torn, truncated or of another format (checksum,
/// header), reads as absent and the tables are read again. Files are written under a temporary
/// name and renamed into place; deleting them loses nothing.
struct ScoringInputsCache {
  /// A state of the store's records, named by its ingest ledger: every write of records
  /// (`Store.write`) adds a row to `ingest_files` and marks each row it writes with that row's id
  /// (`file_id`), and ledger rows are never deleted. The ledger's row count and its last row (id,
  /// start time, content hash) change with every ingest and differ between two stores ingested
  /// separately.
  struct Stamp: Equatable, Sendable {
    var count: Int64
    var lastID: Int64
    var lastStarted: UInt64
    var lastHash: String

    init(_ db: Database) throws {
      count = try Int64.fetchOne(db, sql: "SELECT count(*) FROM ingest_files") ?? 0
      let last = try Row.fetchOne(
        db, sql: "SELECT id, started_at, content_hash FROM ingest_files ORDER BY id DESC LIMIT 1")
      lastID = last?["id"] as Int64? ?? 0
      lastStarted = (last?["started_at"] as Double?)?.bitPattern ?? 0
      lastHash = last?["content_hash"] as String? ?? ""
    }

    init?(text: String) {
      let parts = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
      guard parts.count == 4, let count = Int64(parts[0]), let lastID = Int64(parts[1]),
        let lastStarted = UInt64(parts[2])
      else { return nil }
      (self.count, self.lastID, self.lastStarted, lastHash) = (count, lastID, lastStarted, String(parts[3]))
    }

    var text: String { "\(count) \(lastID) \(lastStarted) \(lastHash)" }

    /// Whether this is a state `db` went through: its ledger holds the same rows up to `lastID`
    /// (then every record written since is marked with a later ledger row).
    func precedes(_ db: Database) throws -> Bool {
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT (SELECT count(*) FROM ingest_files WHERE id <= ?1),
            (SELECT started_at FROM ingest_files WHERE id = ?1),
            (SELECT content_hash FROM ingest_files WHERE id = ?1)
          """, arguments: [lastID])
      let started = (row?[1] as Double?)?.bitPattern ?? 0
      return row?[0] as Int64? == count && started == lastStarted && (row?[2] as String? ?? "") == lastHash
    }
  }

  /// Changed rows below which the kept changes are never folded into a new base (a small changes
  /// file costs less to rewrite than the base).
  static let smallestRebase = 4_096

  /// The files' first column: their format (changing what is stored changes this).
  static let format = "yanpan scoring tables 2"

  /// The base file.
  let path: String
  var changesPath: String { path + ".changes" }

  init(store: String) {
    path = store + ".scoring-inputs"
  }

  /// The states the kept files hold: the base's, and the latest the changes bring it to (the
  /// base's when there are no changes); nil without a base.
  func states() -> (base: Stamp, through: Stamp)? {
    guard let file = ColumnFile.Reader(path: path), let base = Self.baseHeader(file) else { return nil }
    guard let changes = ColumnFile.Reader(path: changesPath),
      let (from, through) = Self.changesHeader(changes),
      from == base
    else { return (base, base) }
    return (base, through)
  }

  /// The base's tables, when the base holds state `base`; and the changes since, when the changes
  /// file brings it to state `through` (empty tables when `through` is `base`); only `parts` of
  /// both. The base's columns are read with room for the changes (`ColumnFile.Reader.spare`), so
  /// that merging them in grows each column in place.
  func read(base: Stamp, through: Stamp, parts: Parts = .all) -> (
    base: ScoringTables, changes: ScoringTables
  )? {
    var changes = ScoringTables()
    if through != base {
      guard let file = ColumnFile.Reader(path: changesPath), let header = Self.changesHeader(file),
        header == (base, through), let read = Self.tables(changesPath, at: file.position, spare: 0, parts)
      else { return nil }
      changes = read
    }
    guard let file = ColumnFile.Reader(path: path), Self.baseHeader(file) == base else { return nil }
    let spare = max(
      changes.rowCount,
      [changes.incidentKeys, changes.petitionKeys, changes.inspectionKeys, changes.petitioners].map(
        \.bytes.count
      )
      .max()!)
    guard let tables = Self.tables(path, at: file.position, spare: spare, parts) else { return nil }
    return (tables, changes)
  }

  /// Replaces the base with `tables`, as of `stamp`, and drops the changes file. A failure leaves
  /// no file behind (the next read scans the tables again).
  func writeBase(_ tables: ScoringTables, stamp: Stamp) {
    unlink(changesPath)
    Self.write(to: path, header: ["tables", stamp.text], tables)
  }

  /// Replaces the changes file with `changes`: the rows written between state `base` (the base
  /// file's) and `through`. A failure leaves no file behind (the next read merges from the base's
  /// state again).
  func writeChanges(_ changes: ScoringTables, base: Stamp, through: Stamp) {
    Self.write(to: changesPath, header: ["changes", base.text, through.text], changes)
  }

  private static func baseHeader(_ file: ColumnFile.Reader) -> Stamp? {
    guard let header = file.texts(), header.count == 3, header[0] == format, header[1] == "tables" else {
      return nil
    }
    return Stamp(text: header[2])
  }

  private static func changesHeader(_ file: ColumnFile.Reader) -> (Stamp, Stamp)? {
    guard let header = file.texts(), header.count == 4, header[0] == format, header[1] == "changes",
      let from = Stamp(text: header[2]), let through = Stamp(text: header[3])
    else { return nil }
    return (from, through)
  }

  private static func write(to path: String, header: [String], _ t: ScoringTables) {
    let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
    do {
      let file = try ColumnFile.Writer(path: temporary)
      try file.put([format] + header)
      let shops = t.shops
      try file.put(shops.ids)
      try file.put(shops.gridIDs)
      try file.put(shops.grid)
      try file.put(shops.categories)
      try file.put(shops.category)
      try file.put(shops.flags)
      try file.put(shops.openedOn)
      try file.put(shops.open)
      try file.put(shops.names)
      try file.put(shops.streetIDs)
      try file.put(shops.street)
      try file.put(shops.located)
      try file.put(shops.lon)
      try file.put(shops.lat)
      let i = t.events.incidents
      try file.put(t.incidentKeys)
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
      let p = t.events.petitions
      try file.put(t.petitionKeys)
      try file.put(t.petitioners)
      try file.put(p.gridIDs)
      try file.put(p.time)
      try file.put(p.grid)
      try file.put(p.dueAt)
      try file.put(p.closedAt)
      try file.put(p.satisfied)
      try file.put(p.petitioner)
      try file.put(p.petitionerCount)
      try file.put(p.acceptedAt)
      let s = t.events.inspections
      try file.put(t.inspectionKeys)
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

  /// The parts of the kept tables a read needs; the others are skipped in the files (not read)
  /// and come back empty. The incidents and inspections are always read.
  struct Parts: Equatable, Sendable {
    var shops = true
    var petitions = true
    /// The rows' keys (and petitioner keys), which only merging needs.
    var keys = true

    static let all = Parts()
  }

  /// The tables of the file at `path` from byte `start` (past its header) to its end, in the
  /// order `write` put them, each column with `spare` room; nil when the file ends first or has
  /// more, a checksum fails or a table's columns differ in length.
  ///
  /// The shops and incidents are read on one core while a second reader, started where they end,
  /// reads the petitions and inspections on the other: most of a read is the kernel zeroing the
  /// fresh pages the columns land in, which two cores do in half the time (at scale 100, 839 MB).
  private static func tables(_ path: String, at start: Int, spare: Int, _ parts: Parts) -> ScoringTables? {
    // Where the second half starts: the first half skipped (each column's length read, nothing
    // else).
    guard let skip = ColumnFile.Reader(path: path, at: start) else { return nil }
    var none = ScoringTables()
    guard shops(&none.shops, skip, false), skip.keys(false) != nil,
      incidents(&none.events.incidents, skip, false)
    else { return nil }
    let middle = skip.position
    let first = Mutex<(ShopColumns, RowKeys, EventColumns.Incidents)?>(nil)
    let second = Mutex<(RowKeys, RowKeys, EventColumns.Petitions, RowKeys, EventColumns.Inspections)?>(nil)
    DispatchQueue.concurrentPerform(iterations: 2) { half in
      if half == 0 {
        var (shops, incidents) = (ShopColumns(), EventColumns.Incidents())
        guard let f = ColumnFile.Reader(path: path, at: start, spare: spare),
          Self.shops(&shops, f, parts.shops),
          let incidentKeys = f.keys(parts.keys), Self.incidents(&incidents, f), f.position == middle
        else { return }
        first.withLock { $0 = (shops, incidentKeys, incidents) }
      } else {
        var (petitions, inspections) = (EventColumns.Petitions(), EventColumns.Inspections())
        guard let f = ColumnFile.Reader(path: path, at: middle, spare: spare),
          let petitionKeys = f.keys(parts.keys && parts.petitions),
          let petitioners = f.keys(parts.keys && parts.petitions),
          Self.petitions(&petitions, f, parts.petitions), let inspectionKeys = f.keys(parts.keys),
          Self.inspections(&inspections, f), f.verify()
        else { return }
        second.withLock { $0 = (petitionKeys, petitioners, petitions, inspectionKeys, inspections) }
      }
    }
    // Taken out of the locks, so that each column has one owner and grows in place when merged.
    guard let (shops, incidentKeys, incidents) = first.withLock({ $0.take() }),
      let (petitionKeys, petitioners, petitions, inspectionKeys, inspections) = second.withLock({ $0.take() })
    else { return nil }
    var t = ScoringTables()
    (t.shops, t.events.incidents, t.events.petitions, t.events.inspections) = (
      shops, incidents, petitions, inspections
    )
    guard
      !parts.keys
        || (incidentKeys.count == t.events.incidents.count && petitionKeys.count == t.events.petitions.count
          && inspectionKeys.count == t.events.inspections.count)
    else { return nil }
    (t.incidentKeys, t.petitionKeys, t.inspectionKeys, t.petitioners) = (
      incidentKeys, petitionKeys, inspectionKeys, petitioners
    )
    return t
  }

  // Each reader fills its columns in the order `write` put them (or skips them, `keep` false);
  // false when the file ends first or a checksum fails.

  private static func shops(_ c: inout ShopColumns, _ f: ColumnFile.Reader, _ keep: Bool) -> Bool {
    guard let ids = f.texts(keep), let gridIDs = f.texts(keep), let grid = f.values(Int32.self, keep),
      let categories = f.texts(keep), let category = f.values(Int32.self, keep),
      let flags = f.values(UInt8.self, keep), let openedOn = f.values(Int32.self, keep),
      let open = f.values(Bool.self, keep), let names = f.texts(keep), let streetIDs = f.texts(keep),
      let street = f.values(Int32.self, keep), let located = f.values(Bool.self, keep),
      let lon = f.values(Double.self, keep), let lat = f.values(Double.self, keep)
    else { return false }
    (c.ids, c.gridIDs, c.grid, c.categories, c.category) = (ids, gridIDs, grid, categories, category)
    (c.flags, c.openedOn, c.open) = (flags, openedOn, open)
    (c.names, c.streetIDs, c.street, c.located, c.lon, c.lat) = (names, streetIDs, street, located, lon, lat)
    return [
      grid.count, category.count, flags.count, openedOn.count, open.count, names.count, street.count,
      located.count, lon.count, lat.count,
    ].allSatisfy { $0 == ids.count }
  }

  private static func incidents(
    _ c: inout EventColumns.Incidents, _ f: ColumnFile.Reader, _ keep: Bool = true
  )
    -> Bool
  {
    guard let gridIDs = f.texts(keep), let shopIDs = f.texts(keep), let categories = f.texts(keep),
      let time = f.values(Double.self, keep), let grid = f.values(Int32.self, keep),
      let shop = f.values(Int32.self, keep), let category = f.values(Int32.self, keep),
      let severity = f.values(Int32.self, keep), let resolvedAt = f.values(Double.self, keep),
      let settled = f.values(Bool.self, keep)
    else { return false }
    (c.gridIDs, c.shopIDs, c.categories) = (gridIDs, shopIDs, categories)
    (c.time, c.grid, c.shop, c.category, c.severity) = (time, grid, shop, category, severity)
    (c.resolvedAt, c.settled) = (resolvedAt, settled)
    return [grid.count, shop.count, category.count, severity.count, resolvedAt.count, settled.count]
      .allSatisfy { $0 == time.count }
  }

  private static func petitions(_ c: inout EventColumns.Petitions, _ f: ColumnFile.Reader, _ keep: Bool)
    -> Bool
  {
    guard let gridIDs = f.texts(keep), let time = f.values(Double.self, keep),
      let grid = f.values(Int32.self, keep), let dueAt = f.values(Double.self, keep),
      let closedAt = f.values(Double.self, keep), let satisfied = f.values(Int8.self, keep),
      let petitioner = f.values(Int32.self, keep), let petitionerCount = f.values(Int32.self, keep),
      let acceptedAt = f.values(Double.self, keep)
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

extension ScoringTables {
  /// Rows in all four tables (to weigh the changes against the base).
  var rowCount: Int {
    shops.count + events.incidents.count + events.petitions.count + events.inspections.count
  }
}

extension ColumnFile.Writer {
  /// Record keys: their end offsets, then their bytes.
  func put(_ keys: RowKeys) throws {
    try put(keys.ends)
    try put(keys.bytes)
  }
}

extension ColumnFile.Reader {
  /// The next column of record keys; nil when the file ends first, a checksum fails or the offsets
  /// are out of order. `keep` false: skipped, empty.
  func keys(_ keep: Bool = true) -> RowKeys? {
    guard let ends = values(Int64.self, keep), let bytes = values(UInt8.self, keep) else { return nil }
    var previous: Int64 = 0
    for end in ends {
      guard end >= previous else { return nil }
      previous = end
    }
    guard previous == Int64(bytes.count) else { return nil }
    return RowKeys(bytes: bytes, ends: ends)
  }
}

extension Store {
  /// The scoring tables as of the store's state now, with what `alongside` read in that same
  /// state (one transaction per connection, as `readSideBySide` reads).
  ///
  /// When the kept files (`ScoringInputsCache`) hold an earlier state of this store, they are read
  /// while the store is, and the rows ingests wrote since are read from the tables (`file_id`
  /// after the kept state's last ledger row), merged in, and kept in the changes file (with
  /// `keepAll`, once they are many, everything goes to a new base instead). Otherwise every table
  /// is read (`orReadAll` false: nil instead), and with `keepAll` becomes the new base.
  /// `parts`: what the caller needs; when the kept files are current, the other parts are not
  /// read and come back empty (with no ingest since, a read that merges nothing skips the keys).
  /// - Complexity: O(rows changed since the kept state) from the tables, plus one read of the
  ///   kept files; without them, one scan of each table.
  func currentScoringTables<T: Sendable>(
    keepAll: Bool, orReadAll: Bool = true, parts: ScoringInputsCache.Parts = .all,
    readAhead: ScoringInputsReadAhead? = nil, alongside: @escaping @Sendable (Database) throws -> T
  ) throws -> (tables: ScoringTables, read: T)? {
    let cache = ScoringInputsCache(store: path)
    @Sendable func stamped(_ db: Database) throws -> (T, ScoringInputsCache.Stamp) {
      (try alongside(db), try ScoringInputsCache.Stamp(db))
    }
    func readAll() throws -> (tables: ScoringTables, read: T)? {
      guard orReadAll else { return nil }
      let (tables, (read, stamp)) = try scoringTables(changedAfter: nil, alongside: stamped)
      if keepAll, path != ":memory:" { cache.writeBase(tables, stamp: stamp) }
      return (tables, read)
    }
    guard path != ":memory:", let states = cache.states(),
      let now = try queue.read({ db in
        try states.through.precedes(db) ? try ScoringInputsCache.Stamp(db) : nil
      })
    else { return try readAll() }
    // Rows read since the kept state are merged and kept: every part is read. Otherwise only the
    // parts asked for, with the keys only to merge the kept changes into the base.
    var fileParts = ScoringInputsCache.Parts.all
    if now == states.through { (fileParts, fileParts.keys) = (parts, states.base != states.through) }
    // The kept files are read on another core while the store is (or were read ahead).
    let files = Mutex<(base: ScoringTables, changes: ScoringTables)?>(nil)
    let fileRead = DispatchGroup()
    DispatchQueue.global().async(group: fileRead) { [fileParts] in
      let read =
        readAhead?.take(states)
        ?? cache.read(base: states.base, through: states.through, parts: fileParts)
      files.withLock { $0 = read }
    }
    defer { fileRead.wait() }
    let changed: ScoringTables?
    let read: T
    let stamp: ScoringInputsCache.Stamp
    if now == states.through {
      changed = nil
      (read, stamp) = try queue.read(stamped)
    } else {
      let (rows, (r, s)) = try scoringTables(changedAfter: states.through.lastID, alongside: stamped)
      (changed, read, stamp) = (rows, r, s)
    }
    fileRead.wait()
    // An ingest between the two reads above: what was read no longer matches the files' state.
    // Taken out of the lock and the tuple, so that each column has one owner and grows in place.
    guard changed != nil || stamp == states.through, var kept = files.withLock({ $0.take() }) else {
      return try readAll()
    }
    var tables = kept.base
    kept.base = ScoringTables()
    tables.merge(kept.changes)
    guard let changed else { return (tables, read) }
    tables.merge(changed)
    var changes = kept.changes
    changes.merge(changed)
    if keepAll, changes.rowCount > max(tables.rowCount / 8, ScoringInputsCache.smallestRebase) {
      cache.writeBase(tables, stamp: stamp)
    } else {
      cache.writeChanges(changes, base: states.base, through: stamp)
    }
    return (tables, read)
  }
}

/// A store's kept scoring files read on another thread ahead of scoring. The nightly job starts
/// one before its ingest, which writes only to the store: the files still hold the state they
/// name, and scoring merges the rows written since, as with any read of them. Scoring takes the
/// read when it is of the files' state then (else it reads them itself); reading ahead moves the
/// file read off the critical path, not the work.
public final class ScoringInputsReadAhead: Sendable {
  let states: (base: ScoringInputsCache.Stamp, through: ScoringInputsCache.Stamp)
  /// What the read ahead holds and what became of it.
  private struct State {
    /// The tables, once read and until taken or let go.
    var tables: (base: ScoringTables, changes: ScoringTables)?
    var taken = false
    /// Scoring has asked (taking the tables or reading the files itself): a read that ends
    /// after is let go at once (at scale 100 it holds about 900 MB).
    var asked = false
  }
  private let read = Mutex(State())
  private let done = DispatchGroup()

  /// Starts reading every part of the files kept beside the store at `path`; nil when it keeps
  /// none (scoring then reads the tables, as without).
  public init?(store path: String) {
    let cache = ScoringInputsCache(store: path)
    guard path != ":memory:", let states = cache.states() else { return nil }
    self.states = states
    DispatchQueue.global().async(group: done) {
      let tables = cache.read(base: states.base, through: states.through)
      self.read.withLock { read in
        if !read.asked { read.tables = tables }
      }
    }
  }

  /// The tables read (waiting for them), when they hold `states`; once. Every part is read, so
  /// whatever parts scoring asks for are there. Of other states, nil at once, and the read is let
  /// go.
  func take(_ states: (base: ScoringInputsCache.Stamp, through: ScoringInputsCache.Stamp)) -> (
    base: ScoringTables, changes: ScoringTables
  )? {
    guard self.states == states else {
      read.withLock { read in (read.tables, read.asked) = (nil, true) }
      return nil
    }
    done.wait()
    return read.withLock { read in
      defer { (read.tables, read.asked) = (nil, true) }
      if read.tables != nil { read.taken = true }
      return read.tables
    }
  }

  /// Whether scoring took the tables read ahead.
  package var taken: Bool {
    done.wait()
    return read.withLock { $0.taken }
  }

  /// Whether the tables read ahead are still held (neither taken nor let go).
  package var holding: Bool {
    done.wait()
    return read.withLock { $0.tables != nil }
  }
}
