import ArgumentParser
import Foundation
import Records
import Reports
import Store

/// A failure of `hotspots` or `explain` with one clear line for stderr (exit 1).
struct ReportFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// What `hotspots` and `explain` share: the as-of day, the store's snapshot, and where the
/// output goes.
enum ReportOutput {
  /// `--as-of` as a day, or today in the district's zone.
  static func day(_ option: String?) -> Day {
    option.flatMap { Day(iso: $0) } ?? Day(Date(), in: .district)
  }

  /// Checks `--as-of`, `--lang` and `--encoding` values; usage errors exit 2.
  static func validate(asOf: String?, lang: String, encoding: String? = nil) throws {
    if let asOf, Day(iso: asOf) == nil {
      throw ValidationError("--as-of '\(asOf)' is not a date: write YYYY-MM-DD")
    }
    if ReportLanguage(rawValue: lang) == nil {
      throw ValidationError("--lang '\(lang)' is not known: use zh or en")
    }
    if let encoding, TextEncoding(option: encoding) == nil {
      throw ValidationError("--encoding '\(encoding)' is not known: use utf8 or gb18030")
    }
  }

  /// The existing store (a missing one is an error, not a new empty file) and its latest score
  /// snapshot on or before `asOf`, as `yanpan patrol` reads it.
  /// - Throws: `ReportFailure` naming the command to run when there is no store or no snapshot.
  /// `entities` and `contributions` say what of the snapshot to read (`Store.latestScores`).
  static func snapshot(
    _ storage: StoreOptions, asOf: Day, entities: Set<RiskScore.Entity> = Set(RiskScore.Entity.allCases),
    contributions: Bool = true, top: Int? = nil
  ) throws -> (store: Store, run: ScoreRun, scores: [RiskScore]) {
    let store = try existingStore(storage)
    guard
      let snapshot = try store.latestScores(
        asOf: asOf, entities: entities, contributions: contributions, top: top)
    else { throw noSnapshot(in: store, asOf: asOf) }
    return (store, snapshot.run, snapshot.scores)
  }

  /// The store `--db` names, which must exist (a list never creates one).
  static func existingStore(_ storage: StoreOptions) throws -> Store {
    let url = storage.dbURL
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw ReportFailure(
        "no store at \(url.path): run `yanpan demo`, or `yanpan ingest` then `yanpan score`, first")
    }
    return try storage.openStore()
  }

  /// The failure of a list asked for a day before every stored snapshot.
  static func noSnapshot(in store: Store, asOf: Day) -> ReportFailure {
    ReportFailure(
      "no scores stored on or before \(asOf.iso) in \(store.path): run `yanpan score --as-of \(asOf.iso)` first"
    )
  }

  /// Writes `data` to `--out` (atomically) or to standard output.
  static func emit(_ data: Data, to out: String?) throws {
    if let out {
      try AtomicFile.write(data, to: URL(fileURLWithPath: out))
    } else {
      FileHandle.standardOutput.write(data)
    }
  }

  /// The `--verbose` line: store, snapshot, counts and elapsed time.
  static func describe(
    store: Store, run: ScoreRun, scores: [RiskScore], since start: ContinuousClock.Instant,
    clock: ContinuousClock
  ) -> String {
    let grids = scores.filter { $0.entity == .grid }.count
    return describe(
      store: store, run: run, counted: "\(grids) grid and \(scores.count - grids) shop scores", since: start,
      clock: clock)
  }

  /// The `--verbose` line, with what was read given as `counted`.
  static func describe(
    store: Store, run: ScoreRun, counted: String, since start: ContinuousClock.Instant, clock: ContinuousClock
  ) -> String {
    "store \(store.path) · snapshot \(run.asOf.iso) model \(run.modelVersion) data \(run.dataFingerprint) · "
      + "\(counted) · \(milliseconds(clock.now - start)) ms"
  }

  /// A duration in whole milliseconds.
  static func milliseconds(_ duration: Duration) -> Int {
    let (seconds, attoseconds) = duration.components
    return Int((Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded())
  }

  /// One line on standard error.
  static func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}
