import Foundation
import GRDB
import GRDBSQLite
import Records

extension Store {
  /// Stores one snapshot of scores, replacing any earlier snapshot of the same as-of day: lists
  /// and explanations read the newest snapshot not after their day, so an older one of the same
  /// day could never be read again (at scale 100 each is some 266 MB). Other days' are kept.
  ///
  /// The scores are kept per entity kind in rank order, packed in blocks (`ScoreBlock`): a few
  /// hundred bytes per grid or shop, written as a few dozen rows.
  /// - Complexity: O(scores · log scores) for the order, blocks packed on every core.
  public func saveScores(run: ScoreRun, scores: [RiskScore]) throws {
    try saveScores(
      run: run,
      sheets: RiskScore.Entity.allCases.map { entity in
        ScoreSheet(scores.filter { $0.entity == entity }, entity: entity)
      })
  }

  /// `saveScores(run:scores:)` for scores kept as columns, one sheet per entity kind (as a scoring
  /// run makes them): the same snapshot, without a `RiskScore` per grid or shop.
  ///
  /// The blocks are packed on the other cores while this thread writes them, each as soon as it
  /// is packed (and then let go), in order.
  /// - Complexity: O(scores) when each sheet's ranks are 1…n (else O(scores · log scores)).
  public func saveScores(run: ScoreRun, sheets: [ScoreSheet]) throws {
    precondition(
      Set(sheets.map(\.entity)).count == sheets.count, "saveScores: at most one sheet per entity kind")
    let cuts = Self.cuts(sheets)
    let packed = UnsafeMutablePointer<ScoreBlock?>.allocate(capacity: max(1, cuts.count))
    packed.initialize(repeating: nil, count: max(1, cuts.count))
    let ready = cuts.map { _ in DispatchSemaphore(value: 0) }
    let packing = DispatchGroup()
    let out = SendablePointer(packed)
    DispatchQueue.global().async(group: packing) {
      DispatchQueue.concurrentPerform(iterations: cuts.count) { k in
        out.pointer[k] = ScoreBlock(sheets[cuts[k].sheet], units: cuts[k].order)
        ready[k].signal()
      }
    }
    defer {
      // Packing writes into `packed`: it must be over before the blocks are let go, even when
      // the write failed.
      packing.wait()
      packed.deinitialize(count: max(1, cuts.count)).deallocate()
    }
    try queue.write { db in
      try db.execute(sql: "DELETE FROM score_runs WHERE as_of = ?", arguments: [run.asOf.iso])
      try db.execute(sql: "DELETE FROM score_blocks WHERE run_id NOT IN (SELECT id FROM score_runs)")
      try db.execute(
        sql: "INSERT INTO score_runs(as_of, model_version, data_fingerprint, created_at) VALUES (?, ?, ?, ?)",
        arguments: [run.asOf.iso, run.modelVersion, run.dataFingerprint, Date().timeIntervalSince1970])
      let runID = Int(db.lastInsertedRowID)
      let insert = try PreparedStatement(
        db,
        sql: """
          INSERT INTO score_blocks(run_id, entity, first, count, entries, contributions)
          VALUES (?, ?, ?, ?, ?, ?)
          """)
      for (k, cut) in cuts.enumerated() {
        ready[k].wait()
        let block = packed[k]!
        packed[k] = nil
        insert.reset()
        insert.bind(runID)
        insert.bind(sheets[cut.sheet].entity.rawValue)
        insert.bind(cut.first)
        insert.bind(cut.order.count)
        insert.bind(blob: block.entries, at: 5)
        insert.bind(blob: block.contributions, at: 6)
        try insert.run()
      }
    }
  }

  /// Where a snapshot's blocks are cut: grids then shops, each by rank (then id), every
  /// `ScoreBlock.capacity` scores; each cut names its sheet, its first rank − 1 and its units.
  static func cuts(_ sheets: [ScoreSheet]) -> [(sheet: Int, first: Int, order: ArraySlice<Int>)] {
    var cuts: [(sheet: Int, first: Int, order: ArraySlice<Int>)] = []
    for entity in RiskScore.Entity.allCases {
      for (k, sheet) in sheets.enumerated() where sheet.entity == entity {
        let order = sheet.rankOrder()
        for first in stride(from: 0, to: order.count, by: ScoreBlock.capacity) {
          cuts.append((k, first, order[first..<min(order.count, first + ScoreBlock.capacity)]))
        }
      }
    }
    return cuts
  }

  /// The most recent snapshot for the latest as-of day not after `asOf` (nil: the latest of all),
  /// with its scores ordered by entity (grids, then shops) and rank; nil when none is stored.
  ///
  /// - Parameters:
  ///   - entities: the entity kinds to read (a grid list need not read a million shops).
  ///   - contributions: false leaves every score's `contributions` empty, for lists that do not
  ///     print them (they are most of a snapshot's bytes).
  ///   - top: at most this many scores of each kind, best ranks first (nil: all).
  public func latestScores(
    asOf: Day?, entities: Set<RiskScore.Entity> = Set(RiskScore.Entity.allCases), contributions: Bool = true,
    top: Int? = nil
  ) throws -> (run: ScoreRun, scores: [RiskScore])? {
    try queue.read { db in
      guard let (runID, run) = try db.latestRun(asOf: asOf) else { return nil }
      var scores: [RiskScore] = []
      for entity in RiskScore.Entity.allCases where entities.contains(entity) {
        scores += try db.scores(runID: runID, entity: entity, contributions: contributions, top: top)
      }
      return (run, scores)
    }
  }

  /// The scores of `entity` in the snapshot `latestScores` would read, as one sheet in rank order
  /// and without contributions: what lists print, with no `RiskScore`, array of reasons or
  /// `String` per reason of each unit (at scale 100, 1.2 million shops). nil when no snapshot is
  /// stored.
  /// - Complexity: O(units · reasons); blocks are unpacked on every core.
  public func latestSheet(asOf: Day?, entity: RiskScore.Entity) throws -> (run: ScoreRun, sheet: ScoreSheet)?
  {
    try queue.read { db in
      guard let (runID, run) = try db.latestRun(asOf: asOf) else { return nil }
      return (run, try db.sheet(runID: runID, entity: entity))
    }
  }

  /// One unit's score, with its contributions, in the snapshot `latestScores` would read, and how
  /// many units of its kind that snapshot ranks; nil when no snapshot is stored, `score` nil when
  /// the snapshot has none for `id`. Only the block holding the id is unpacked (the others are
  /// searched for its bytes), so one shop's explanation does not read a million shops.
  public func score(of id: String, entity: RiskScore.Entity, asOf: Day?) throws -> (
    run: ScoreRun, score: RiskScore?, peers: Int
  )? {
    try queue.read { db in
      guard let (runID, run) = try db.latestRun(asOf: asOf) else { return nil }
      let peers =
        try Int.fetchOne(
          db, sql: "SELECT SUM(count) FROM score_blocks WHERE run_id = ? AND entity = ?",
          arguments: [runID, entity.rawValue]) ?? 0
      // An id is stored as its u32 byte count and its UTF-8 bytes (`ScoreBlock`).
      let utf8 = Array(id.utf8)
      let needle = withUnsafeBytes(of: UInt32(utf8.count).littleEndian, Array.init) + utf8
      let select = try PreparedStatement(
        db,
        sql: "SELECT entries, contributions FROM score_blocks WHERE run_id = ? AND entity = ? ORDER BY first")
      defer { select.reset() }
      select.reset()
      select.bind(runID)
      select.bind(entity.rawValue)
      while try select.next() {
        let entries = select.blob(0)
        guard ScoreBlock.contains(needle, in: entries) else { continue }
        let scores = try ScoreBlock.decode(entity: entity, entries: entries, contributions: select.blob(1))
        if let found = scores.first(where: { $0.id == id }) { return (run, found, peers) }
      }
      return (run, nil, peers)
    }
  }

  /// Every stored snapshot, newest as-of first.
  public func scoreRuns() throws -> [ScoreRun] {
    try queue.read { db in
      try Row.fetchAll(
        db, sql: "SELECT as_of, model_version, data_fingerprint FROM score_runs ORDER BY as_of DESC, id DESC"
      ).compactMap { row in
        Day(iso: row[0] as String).map { ScoreRun(asOf: $0, modelVersion: row[1], dataFingerprint: row[2]) }
      }
    }
  }
}

extension Database {
  /// The most recent snapshot for the latest as-of day not after `asOf` (nil: of all): its row
  /// id and run.
  func latestRun(asOf: Day?) throws -> (Int, ScoreRun)? {
    var sql = "SELECT id, as_of, model_version, data_fingerprint FROM score_runs"
    var arguments: StatementArguments = []
    if let asOf {
      sql += " WHERE as_of <= ?"
      arguments = [asOf.iso]
    }
    sql += " ORDER BY as_of DESC, created_at DESC, id DESC LIMIT 1"
    guard let row = try Row.fetchOne(self, sql: sql, arguments: arguments),
      let day = Day(iso: row[1] as String)
    else { return nil }
    return (row[0], ScoreRun(asOf: day, modelVersion: row[2], dataFingerprint: row[3]))
  }

  /// One entity kind's scores of a snapshot, by rank; blocks are unpacked on every core.
  func scores(runID: Int, entity: RiskScore.Entity, contributions: Bool, top: Int?) throws -> [RiskScore] {
    let select = try PreparedStatement(
      self,
      sql: """
        SELECT entries\(contributions ? ", contributions" : "") FROM score_blocks
        WHERE run_id = ? AND entity = ?\(top != nil ? " AND first < ?" : "") ORDER BY first
        """)
    select.reset()
    select.bind(runID)
    select.bind(entity.rawValue)
    if let top { select.bind(top) }
    var raw: [(entries: [UInt8], contributions: [UInt8]?)] = []
    while try select.next() {
      raw.append((Array(select.blob(0)), contributions ? Array(select.blob(1)) : nil))
    }
    select.reset()
    let packed = raw
    var blocks = [Result<[RiskScore], Error>?](repeating: nil, count: raw.count)
    blocks.withUnsafeMutableBufferPointer { out in
      let base = SendablePointer(out.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: raw.count) { k in
        base.pointer[k] = Result {
          try packed[k].entries.withUnsafeBytes { entries in
            try (packed[k].contributions ?? []).withUnsafeBytes { detail in
              try ScoreBlock.decode(
                entity: entity, entries: entries, contributions: packed[k].contributions == nil ? nil : detail
              )
            }
          }
        }
      }
    }
    var scores: [RiskScore] = []
    for block in blocks { scores += try block!.get() }
    if let top, scores.count > top { scores.removeLast(scores.count - top) }
    return scores
  }
}

extension Database {
  /// One entity kind's scores of a snapshot as a sheet, by rank, without contributions; blocks
  /// are unpacked on every core, then joined.
  func sheet(runID: Int, entity: RiskScore.Entity) throws -> ScoreSheet {
    let select = try PreparedStatement(
      self, sql: "SELECT entries FROM score_blocks WHERE run_id = ? AND entity = ? ORDER BY first")
    select.reset()
    select.bind(runID)
    select.bind(entity.rawValue)
    var raw: [[UInt8]] = []
    while try select.next() { raw.append(Array(select.blob(0))) }
    select.reset()
    let packed = raw
    var blocks = [Result<ScoreSheet, Error>?](repeating: nil, count: raw.count)
    blocks.withUnsafeMutableBufferPointer { out in
      let base = SendablePointer(out.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: packed.count) { k in
        base.pointer[k] = Result {
          try packed[k].withUnsafeBytes { try ScoreBlock.decodeSheet(entity: entity, entries: $0) }
        }
      }
    }
    return ScoreSheet.joined(try blocks.map { try $0!.get() }, entity: entity)
  }
}

/// A pointer handed to `concurrentPerform` workers that each write their own element.
struct SendablePointer<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
