import ArgumentParser
import Foundation
import Patrol
import Records
import Reports
import Scoring
import Store

/// `yanpan nightly`: the batch a district runs every night — ingest what arrived, score, write
/// every list — safe to rerun (CONTRACT.md §2).
struct NightlyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nightly",
    abstract: "Ingest what arrived in the inbox, score, and write every list.",
    discussion: """
      Files in --inbox already ingested (same SHA-256 of their bytes) are skipped; the rest are
      ingested in one transaction. Then every grid and shop is scored as of --as-of (default:
      today in the district's zone) and OUT/<as-of>/ receives: patrol/<street_id>.csv (one list
      per street team), hotspots.csv, hotspots.geojson, hotspots.svg (the map) and summary.md (what
      arrived, levels per subdistrict, new entries in the top lists, biggest risers and overdue
      hazards since the previous night, and the SHA-256 of every output). The run is recorded in
      the store's run log. Rerunning the same night writes the same bytes. A second run on the
      same store while one is going exits at once without writing (or waits, with --wait). When a
      file in the inbox cannot be read, nothing of it is stored, the lists are still written from
      what is stored, and the run ends with exit 65 naming the file.
      """)

  @Option(help: "The folder where the night's exports arrive.")
  var inbox: String

  @Option(help: "The folder the lists are written under (one subfolder per as-of day).")
  var out: String

  @Option(name: .customLong("as-of"), help: "The night to run, YYYY-MM-DD (default: today).")
  var asOf: String?

  @Flag(help: "Wait for another nightly run on the same store to finish instead of exiting.")
  var wait = false

  @Option(
    name: .customLong("keep-days"),
    help: ArgumentHelp(
      "Keep the score snapshots of the last DAYS days (and each month's last one); older ones are dropped. "
        + "0 keeps every snapshot.", valueName: "DAYS"))
  var keepDays = 90

  @Flag(help: "Also say on standard error how long each step of the night took.")
  var verbose = false

  @OptionGroup var storage: StoreOptions

  /// File endings the inbox is read for.
  static let endings = ["csv", "tsv", "txt", "jsonl", "ndjson", "geojson", "gz"]

  func validate() throws {
    try ReportOutput.validate(asOf: asOf, lang: "zh")
    if keepDays < 0 { throw ValidationError("--keep-days must be 0 (keep all) or a number of days") }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: inbox, isDirectory: &isFolder), isFolder.boolValue else {
      throw ValidationError("--inbox '\(inbox)' is not a folder")
    }
  }

  func run() throws {
    let day = ReportOutput.day(asOf)
    let started = Date()
    let lock = NightlyLock(db: storage.dbURL)
    try lock.acquire(wait: wait)
    defer { lock.release() }
    let clock = ContinuousClock()
    var mark = clock.now
    var stages: [(String, Duration)] = []
    func stage(_ name: String) {
      stages.append((name, clock.now - mark))
      mark = clock.now
    }

    // The scoring tables kept beside the store are read on another core while the inbox is
    // ingested (the ingest writes to the store only; scoring merges the rows it wrote).
    let readAhead = ScoringInputsReadAhead(store: storage.dbURL.path)
    let (inputs, ingestFailure) = try ingestInbox(day: day)
    stage("ingest")
    // Scored once, in this process: the lists are written from the district and scores in memory
    // (exactly what the stored snapshot holds), not read back. The snapshot is saved on another
    // thread and connection meanwhile, and waited for before any list is made durable.
    let scored = try ScoreCommand.parse(["--as-of", day.iso, "--quiet"] + storageArguments)
      .scoreAndStore(returningEvents: true, savingInBackground: true, readAhead: readAhead)
    // A night that fails after scoring still stores its snapshot, as when it was saved first.
    defer { try? scored.saved() }
    stage("score")
    let store = scored.store
    let run = scored.result.run
    // The patrol lists read the shop scores from the score sheet itself. The hotspot files and
    // the summary read scores as the snapshot reads back: grids, then shops, each by rank (then
    // id), made in that order from the score sheets rather than sorted after, in runs on both
    // cores, without the contributions none of them prints. Of the shops, only those ranked down
    // to the last red or orange one (and at least the top ones the summary compares): the
    // summary's levels by subdistrict count the red and orange shops (every grid is scored, so
    // it looks at no other), and at scale 100 the rest are a million scores nothing reads.
    let shopSheet = scored.result.shopSheet
    let scores = [
      (scored.result.gridSheet, scored.result.gridSheet.rankOrder()[...]),
      (shopSheet, Self.summaryShops(shopSheet)),
    ].flatMap { sheet, order in
      let runs = max(1, min(order.count / 8_192, 16))
      return concurrentMap(runs) { run in
        order[
          (order.startIndex + order.count * run / runs)..<(order.startIndex + order.count * (run + 1) / runs)
        ]
        .map { sheet.score(at: $0, contributions: false) }
      }.flatMap { $0 }
    }
    var district = scored.district
    // What the lists read besides scoring's grids, shops and events: streets and boundaries. The
    // plan reads the shops (names, streets, places) as scoring read them, and the inspections and
    // incidents at shops from the events scoring read; the summary the overdue inspections.
    let rest = try store.loadListDistrict(asOf: run.asOf, parts: [.streets, .boundaries])
    let roster = scored.roster ?? ShopRoster()
    let events = scored.events ?? EventColumns()
    district.streets = rest.streets
    district.boundaries = rest.boundaries
    let patrol = try PatrolCommand.parse(storageArguments).settings()
    let issued = try issuedLists(before: day, window: patrol.coverageFloorDays, store: store)
    stage("read")
    let folder = URL(fileURLWithPath: out).appendingPathComponent(day.iso)
    // Every file of the night is made durable at once (one flush, then renames), after the summary.
    var files = AtomicFile.Batch()
    defer { files.discard() }
    let (written, plan) = try writeLists(
      district: district, roster: roster, events: events, run: run, scores: scores, shopScores: shopSheet,
      patrol: patrol,
      history: issued.history(tonight: day, window: patrol.coverageFloorDays), to: folder, batch: &files)
    var outputs = written
    // Tonight's lists join what is kept for later nights on another thread while the summary is
    // made; the record is stored with the run log.
    let keeping = Background { [issued] in
      var lists = issued
      lists.add(plan)
      lists.keep(forNightsAfter: day, window: patrol.coverageFloorDays)
      return lists.encoded()
    }
    stage("lists")
    // The summary compares every grid's rank and the top shops with the night before.
    let previous = try store.latestScores(asOf: day.advanced(by: -1), entities: [.grid], contributions: false)
      .map { grids in
        let shops = try store.latestScores(
          asOf: day.advanced(by: -1), entities: [.shop], contributions: false, top: NightlySummary.topShops)
        return (run: grids.run, scores: grids.scores + (shops?.scores ?? []))
      }
    let summary = NightlySummary(
      asOf: day, run: run, district: district, roster: roster,
      overdue: try store.overdueInspections(asOf: day, among: events.inspections),
      scores: scores, previous: previous, inputs: inputs,
      outputs: outputs)
    let summaryData = try TextEncoding.utf8.encode(summary.markdown())
    try files.add(summaryData, to: folder.appendingPathComponent("summary.md"))
    outputs.append(("summary.md", Store.contentHash(of: summaryData)))
    stage("summary")
    try scored.saved()
    stage("save")
    try files.commit()
    stage("flush")

    let detail = JSONValue.object([
      ("inbox", .string(inbox)), ("out", .string(folder.path)),
      (
        "inputs",
        .array(
          inputs.map { i in
            .object([
              ("file", .string(i.file)), ("sha256", .string(i.sha256)), ("status", .string(i.status)),
              ("read", .optional(i.read)),
              ("accepted", .optional(i.accepted)), ("updated", .optional(i.updated)),
              ("duplicate", .optional(i.duplicate)), ("rejected", .optional(i.rejected)),
            ])
          })
      ),
      ("model", .string(run.modelVersion)), ("data", .string(run.dataFingerprint)),
      ("outputs", .object(outputs.map { ($0.file, .string($0.sha256)) })),
    ])
    try store.keepIssuedLists(keeping.value(), out: listsKey, night: day)
    try store.recordRun(
      Store.RunLog(
        command: "nightly", asOf: day, startedAt: started, finishedAt: Date(),
        status: ingestFailure == nil ? "ok" : "failed", detail: detail.rendered(pretty: false)))
    // The lists are out and the run logged: old snapshots can go (a failure here loses nothing).
    let pruned = try store.pruneSnapshots(asOf: day, keepingDays: keepDays > 0 ? keepDays : nil)
    stage("log and prune")
    if verbose {
      ReportOutput.note(
        "nightly: " + stages.map { "\($0) \(ReportOutput.milliseconds($1)) ms" }.joined(separator: ", "))
    }
    do {
      let newFiles = inputs.filter { $0.status == "ingested" }.count
      print(
        "nightly \(day.iso): \(newFiles) new file(s), \(inputs.count - newFiles) skipped or failed; "
          + "scored with \(run.modelVersion); \(outputs.count) files written to \(folder.path)"
          + (pruned.isEmpty ? "" : "; \(pruned.count) snapshot day(s) older than \(keepDays) days dropped"))
    }
    if let ingestFailure { throw ingestFailure }
  }

  /// `--db` and `--models` as given, passed on to the commands the night runs.
  var storageArguments: [String] {
    ["--db", storage.dbURL.path] + (storage.models.map { ["--models", $0] } ?? [])
  }

  /// Ingests the inbox files not seen before (by content hash) in one run.
  /// - Returns: a line per inbox file, and the error that stopped the ingest, if any.
  func ingestInbox(day: Day) throws -> ([NightlySummary.Input], InputError?) {
    let folder = URL(fileURLWithPath: inbox)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { !$0.hasPrefix(".") && Self.endings.contains(($0 as NSString).pathExtension.lowercased()) }
      .sorted()
    var seen = Set<String>()
    if FileManager.default.fileExists(atPath: storage.dbURL.path) {
      seen = Set(try storage.openStore().ingestedFiles(limit: Int(Int32.max)).compactMap(\.contentHash))
    }
    var hashes: [String: String] = [:]
    var fresh: [String] = []
    for name in names {
      let hash = try Store.contentHash(of: folder.appendingPathComponent(name))
      hashes[name] = hash
      if !seen.contains(hash) { fresh.append(name) }
    }
    var failure: InputError?
    if !fresh.isEmpty {
      do {
        try IngestCommand.parse(
          fresh.map { folder.appendingPathComponent($0).path } + ["--quiet"] + storageArguments
        ).run()
      } catch let error as InputError {
        failure = error
        ReportOutput.note("yanpan: \(error)")
      }
    }
    let store = try storage.openStore()
    let ledgers = Dictionary(
      try store.ingestedFiles(limit: Int(Int32.max)).compactMap { f in f.contentHash.map { ($0, f.ledger) } },
      uniquingKeysWith: { newest, _ in newest })
    // A rerun of the same night reports what that night ingested, so its summary is the same.
    let earlierTonight = try ingestedByEarlierRuns(of: day, store: store)
    let inputs = names.map { name -> NightlySummary.Input in
      let hash = hashes[name]!
      let tonight = (fresh.contains(name) && failure == nil) || earlierTonight.contains(hash)
      guard tonight, let ledger = ledgers[hash] else {
        return .init(
          file: name, sha256: hash,
          status: fresh.contains(name) ? "failed: not ingested" : "skipped (seen before)")
      }
      return .init(
        file: name, sha256: hash, status: "ingested", read: ledger.read, accepted: ledger.accepted,
        updated: ledger.updated, duplicate: ledger.duplicate, rejected: ledger.rejected)
    }
    return (inputs, failure)
  }

  /// Content hashes of the files earlier nightly runs of the same as-of day ingested.
  func ingestedByEarlierRuns(of day: Day, store: Store) throws -> Set<String> {
    var hashes = Set<String>()
    for run in try store.runs(command: "nightly") where run.asOf == day {
      guard let object = try? JSONSerialization.jsonObject(with: Data(run.detail.utf8)) as? [String: Any],
        let inputs = object["inputs"] as? [[String: Any]]
      else { continue }
      for input in inputs where input["status"] as? String == "ingested" {
        if let hash = input["sha256"] as? String { hashes.insert(hash) }
      }
    }
    return hashes
  }

  /// A file of the night's lists, written to its temporary file, with its SHA-256.
  struct Output: Sendable {
    /// Relative to the night's folder.
    var name: String
    var staged: AtomicFile.Staged
    var sha256: String

    /// `data` staged at `name` under `folder` (a path) and hashed.
    /// The folder holding `name` must exist.
    init(_ data: Data, name: String, under folder: String) throws {
      self.name = name
      staged = try AtomicFile.stage(data, atPath: folder + "/" + name)
      sha256 = Store.contentHash(of: data)
    }
  }

  /// Writes the hotspot list, map and GeoJSON and one patrol list per street team into `batch`.
  ///
  /// The hotspot files are made on another thread while the plan is made; each street's list is
  /// rendered, hashed and written to its temporary file on the core that rendered it, so that
  /// file creation overlaps rendering and no list is held after it is written. The files join
  /// `batch` in the same order whatever finished first: hotspots, then streets by id.
  /// - Returns: each file written (relative to `folder`) with its SHA-256, and the plan the patrol
  ///   lists show.
  func writeLists(
    district: District, roster: ShopRoster, events: EventColumns, run: ScoreRun, scores: [RiskScore],
    shopScores: ScoreSheet, patrol: PatrolConfig, history: PatrolHistory, to folder: URL,
    batch: inout AtomicFile.Batch
  ) throws -> (files: [(file: String, sha256: String)], plan: PatrolPlan) {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let root = folder.path
    let hotspotFiles = Background { () -> [Result<Output, Error>] in
      // The list, map and GeoJSON show grids alone: their report holds the grid scores only (each
      // of them would pick them out of every shop's score again).
      let hotspots = HotspotReport(
        scores: scores.filter { $0.entity == .grid }, district: district, asOf: run.asOf, run: run,
        language: .zh)
      return [
        Result {
          try Output(
            try hotspots.table(level: .grid).csv(encoding: .utf8BOM), name: "hotspots.csv", under: root)
        },
        Result { try Output(Data(hotspots.geoJSONUTF8()), name: "hotspots.geojson", under: root) },
        Result {
          try Output(Data(hotspots.map(labelTop: 10).svg().utf8), name: "hotspots.svg", under: root)
        },
      ]
    }
    let plan = PatrolPlanner(config: patrol).streetLists(
      district: district, shops: roster, events: events, scores: shopScores, asOf: run.asOf,
      history: history, scope: .district)
    let patrolFiles = Result { try patrolLists(plan, district: district, to: folder) }
    // Every staged file joins the batch (which removes them all if the night fails), then the first
    // failure is thrown.
    let outputs = hotspotFiles.value() + ((try? patrolFiles.get()) ?? [])
    for case .success(let output) in outputs { batch.adopt(output.staged) }
    _ = try patrolFiles.get()
    let files = try outputs.map { output in
      let output = try output.get()
      return (output.name, output.sha256)
    }
    return (files, plan)
  }

  /// `plan`'s list for each street team, staged under `folder/patrol/`, by street id.
  func patrolLists(_ plan: PatrolPlan, district: District, to folder: URL) throws -> [Result<Output, Error>] {
    let report = PatrolReport(plan: plan, district: district, byGrid: false, language: .zh)
    // A street's rows are its team's visits, one run of the plan's (sorted) visits.
    let sorted = plan.visitsAreSorted
    let ranges = sorted ? plan.visitRanges : [:]
    let byStreet = sorted ? [:] : Dictionary(grouping: plan.rows, by: \.streetID)
    let writer = report.csvWriter
    let streets = district.streets.map(\.id).sorted()
    let root = folder.path
    if !streets.isEmpty {
      try FileManager.default.createDirectory(
        at: folder.appendingPathComponent("patrol"), withIntermediateDirectories: true)
    }
    // Each street's list is rendered, hashed and staged on the available cores, in runs of
    // streets (a few per core, so that a core that finishes early takes another), each run's
    // lists written by one `PatrolCSV.Lists`.
    let pieces = max(1, min(streets.count, 8 * ProcessInfo.processInfo.activeProcessorCount))
    let bounds = (0...pieces).map { $0 * streets.count / pieces }
    return concurrentMap(pieces) { piece in
      var lists = PatrolCSV.Lists(writer, byteOrderMark: true)
      return (bounds[piece]..<bounds[piece + 1]).map { k in
        Result {
          let data =
            sorted
            ? lists.csv(visits: ranges[streets[k]] ?? 0..<0)
            : try report.csv(rows: byStreet[streets[k]] ?? [], encoding: .utf8BOM)
          return try Output(data, name: "patrol/\(Self.safeName(streets[k])).csv", under: root)
        }
      }
    }.flatMap { $0 }
  }

  /// What the patrol lists of earlier nights under `--out` named, as far as the night `day`
  /// counts them (the nights of the last `window` days): what the newest earlier night kept in
  /// the store, then the lists of any nights after it read from their files (none when each
  /// night ran here; all of the window's when none kept anything, or only for a shorter window).
  /// Only earlier nights count, so a rerun of a night plans as it did.
  func issuedLists(before day: Day, window: Int, store: Store) throws -> IssuedLists {
    var issued = IssuedLists()
    // A record kept for a shorter coverage floor than tonight's lacks the older listings.
    if let kept = try store.issuedLists(out: listsKey, before: day),
      let lists = IssuedLists(encoded: kept.bytes), (lists.window ?? .max) >= window
    {
      issued = lists
    }
    let root = URL(fileURLWithPath: out)
    let first = day.advanced(by: -window)
    for night in stride(from: issued.through.map { max($0.advanced(by: 1), first) } ?? first, to: day, by: 1)
    {
      let lists = root.appendingPathComponent(night.iso).appendingPathComponent("patrol").path
      guard FileManager.default.fileExists(atPath: lists) else { continue }
      issued.add(night: night, listings: try PatrolCommand.listings(at: lists, verbose: false))
    }
    return issued
  }

  /// The shops of `sheet` the summary reads, in rank order (then id): down to the last red or
  /// orange one, and at least the top `NightlySummary.topShops`.
  static func summaryShops(_ sheet: ScoreSheet) -> ArraySlice<Int> {
    let order = sheet.rankOrder()
    var shown = min(NightlySummary.topShops, order.count)
    for (k, i) in order.enumerated() where sheet.levels[i] == .red || sheet.levels[i] == .orange {
      shown = max(shown, k + 1)
    }
    return order[..<shown]
  }

  /// The `--out` folder as the store keeps its issued lists under.
  var listsKey: String { URL(fileURLWithPath: out).standardizedFileURL.path }

  /// A street id as a file name: path separators and control characters replaced.
  static func safeName(_ id: String) -> String {
    String(id.map { $0 == "/" || $0 == "\\" || $0.isNewline || $0 == "\0" ? "_" : $0 })
  }
}
