import ArgumentParser
import Foundation
import Patrol
import Records
import Reports
import Store

/// `yanpan patrol`: per-street team patrol lists for the next N days, within each team's capacity
/// (CONTRACT.md §2), or per-grid lists for grid workers on A/B posts (`--by grid`).
struct PatrolCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "patrol",
    abstract: "Patrol lists per street team for the next N days, within each team's daily capacity.",
    discussion: "Each day: overdue rectification re-checks first, then an exploration slice drawn at random "
      + "(seeded) among shops not inspected recently, then shops due under the coverage floor, then the rest by "
      + "risk score, in walking order along the street. A shop listed or inspected is not listed again within "
      + "the revisit interval unless something new happened. Closed shops are never listed. Settings come from "
      + "models/patrol.yaml; the flags override them. CSV goes out as UTF-8 with a BOM; summary lines go to "
      + "stderr for csv and json.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, md
  }

  enum Unit: String, ExpressibleByArgument, CaseIterable {
    case street, grid
  }

  @Option(help: "Plan for this street team only.")
  var street: String?

  @Option(help: "Plan for the street teams (or grids) of this subdistrict only.")
  var subdistrict: String?

  @Option(help: "How many days to plan (config: horizon_days, default 7).")
  var days: Int?

  @Option(help: "table, csv, json or md.")
  var format: Format = .table

  @Option(help: "CSV text encoding: utf8 (no BOM) or gb18030; default UTF-8 with BOM.")
  var encoding: String?

  @Option(help: "Revisit interval M in days (config: revisit_interval_days).")
  var revisit: Int?

  @Option(help: "Coverage floor X in days (config: coverage_floor_days).")
  var coverage: Int?

  @Option(help: "Exploration share of capacity, 0…1 (config: exploration_share).")
  var explore: Double?

  @Option(help: "Seed of the exploration draw (config: seed).")
  var seed: UInt64?

  @Option(help: "street: lists per street team; grid: lists per grid for workers on A/B posts.")
  var by: Unit = .street

  @Option(
    help: ArgumentHelp(
      "Grid lists: the A worker of GRID is away (all planned days, or only DATE); repeatable.",
      valueName: "GRID[@YYYY-MM-DD]"))
  var away: [String] = []

  @Option(
    help: ArgumentHelp(
      "Lists issued earlier (CSV files, or folders searched for *.csv): the days they list count as visits "
        + "for the revisit interval and the coverage floor; repeatable. Without it, visits come from inspections.",
      valueName: "PATH"))
  var history: [String] = []

  @OptionGroup var list: ListOptions

  @OptionGroup var storage: StoreOptions

  func validate() throws {
    if street != nil, subdistrict != nil {
      throw ValidationError("give --street or --subdistrict, not both")
    }
    try ReportOutput.validate(asOf: list.asOf, lang: list.lang, encoding: encoding)
    if !away.isEmpty, by != .grid {
      throw ValidationError("--away applies to grid lists: add --by grid")
    }
    for entry in away where Self.parseAway(entry) == nil {
      throw ValidationError("--away '\(entry)' is not GRID or GRID@YYYY-MM-DD")
    }
  }

  func run() throws {
    let clock = ContinuousClock()
    let started = clock.now
    let asOfDay = ReportOutput.day(list.asOf)
    let config = try settings()
    // Plans rank shops (grid scores are not read) and print reasons, not contributions: the shop
    // scores are read as one sheet (columns), with no `RiskScore` per shop.
    let store = try ReportOutput.existingStore(storage)
    guard let (run, scores) = try store.latestSheet(asOf: asOfDay, entity: .shop) else {
      throw ReportOutput.noSnapshot(in: store, asOf: asOfDay)
    }
    var stages = [("scores", clock.now - started)]
    var mark = clock.now
    func stage(_ name: String) {
      stages.append((name, clock.now - mark))
      mark = clock.now
    }
    let language = ReportLanguage(rawValue: list.lang)!
    if run.asOf != asOfDay, !list.quiet {
      ReportOutput.note(
        language.pick(
          zh: "注意：使用 \(run.asOf.iso) 的评分（\(asOfDay.iso) 当天尚无评分，可运行 `yanpan score --as-of \(asOfDay.iso)`）",
          en:
            "note: using the scores of \(run.asOf.iso) (none for \(asOfDay.iso); run `yanpan score --as-of \(asOfDay.iso)`)"
        ))
    }
    // What a plan reads: shops (as columns) and their streets and grids, for grid lists the
    // adjacency (a grid's B post), and the inspections and incidents at shops as columns.
    let parts: DistrictParts = by == .grid ? [.grids, .streets, .adjacency] : [.grids, .streets]
    let (district, shops, events) = try store.loadPatrolColumns(asOf: asOfDay, parts: parts)
    stage("records")
    let scope = try scope(in: district, shops: shops)
    let issued = try issuedLists(through: asOfDay)
    let planner = PatrolPlanner(config: config)
    let plan: PatrolPlan
    switch by {
    case .street:
      plan = planner.streetLists(
        district: district, shops: shops, events: events, scores: scores, asOf: asOfDay, history: issued,
        scope: scope)
    case .grid:
      var absent: [String: Set<Day>] = [:]
      for entry in away {
        let (grid, day) = Self.parseAway(entry)!
        guard district.grids.contains(where: { $0.id == grid }) else {
          throw ValidationError("--away: grid '\(grid)' is not in the store")
        }
        let days = day.map { [$0] } ?? (1...config.horizonDays).map { asOfDay.advanced(by: $0) }
        absent[grid, default: []].formUnion(days)
      }
      plan = planner.gridLists(
        district: district, shops: shops, events: events, scores: scores, asOf: asOfDay,
        posts: GridPosts.pairing(district: district, away: absent), history: issued, scope: scope)
    }
    stage("plan")
    try write(PatrolReport(plan: plan, district: district, byGrid: by == .grid, language: language))
    stage("write")
    if list.verbose {
      ReportOutput.note(
        ReportOutput.describe(
          store: store, run: run, counted: "0 grid and \(scores.count) shop scores", since: started,
          clock: clock)
          + " ("
          + stages.map { "\($0) \(ReportOutput.milliseconds($1)) ms" }.joined(separator: ", ") + ")")
    }
  }

  /// `models/patrol.yaml` (defaults when the file is absent), then the flags.
  func settings() throws -> PatrolConfig {
    let url = storage.modelsURL.appendingPathComponent("patrol.yaml")
    var config = PatrolConfig()
    if FileManager.default.fileExists(atPath: url.path) {
      config = try PatrolConfig(yaml: String(contentsOf: url, encoding: .utf8), file: url.path)
    }
    if let days { config.horizonDays = days }
    if let revisit { config.revisitIntervalDays = revisit }
    if let coverage { config.coverageFloorDays = coverage }
    if let explore { config.explorationShare = explore }
    if let seed { config.seed = seed }
    do {
      try config.validate(file: "command line")
    } catch let error as InputError {
      throw ValidationError("\(error.field.map { "\($0): " } ?? "")\(error.problem); \(error.fix)")
    }
    return config
  }

  /// The lists `--history` names: CSV files, and the `*.csv` files under folders (sorted by path).
  /// Files in UTF-8 (with or without BOM) or GB18030 are read. Only days up to `day` count as
  /// visits: a later day of an earlier plan is planned again now.
  /// - Throws: `InputError` (exit 65) for a path that does not exist or a named CSV that is not a
  ///   list (CSVs in folders that are not lists are skipped).
  func issuedLists(through day: Day) throws -> PatrolHistory {
    var issued = PatrolHistory()
    for path in history {
      issued.record(listings: try Self.listings(at: path, verbose: list.verbose), through: day)
    }
    return issued
  }

  /// The (shop, day) rows of the lists at `path`: a CSV file, or the `*.csv` files under a folder
  /// (sorted by path; CSVs there that are not patrol lists are skipped, and named on stderr when
  /// `verbose`). Files in UTF-8 (with or without BOM) or GB18030 are read.
  /// - Throws: `InputError` (exit 65) for a path that does not exist or a CSV file that is not a
  ///   list.
  static func listings(at path: String, verbose: Bool) throws -> [(shop: String, day: Day)] {
    let files = FileManager.default
    var isFolder: ObjCBool = false
    guard files.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw InputError(file: path, problem: "no such file or folder", fix: "give --history an existing path")
    }
    var urls = [URL(fileURLWithPath: path)]
    if isFolder.boolValue {
      let found = files.enumerator(at: urls[0], includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
      urls = found.filter { $0.pathExtension.lowercased() == "csv" }.sorted { $0.path < $1.path }
    }
    var listings: [(shop: String, day: Day)] = []
    for url in urls {
      let data = try Data(contentsOf: url)
      let text = try (try? TextEncoding.utf8BOM.decode(data)) ?? TextEncoding.gb18030.decode(data)
      do {
        listings += try PatrolHistory.listings(csv: text, file: url.path)
      } catch let error as InputError where isFolder.boolValue {
        // A folder may hold other lists too (hotspots, summaries): only patrol lists count.
        if verbose { ReportOutput.note("skipped \(error.file): not a patrol list") }
      }
    }
    return listings
  }

  /// The scope the flags name, checked against the district's streets and grids and the shops.
  func scope(in district: District, shops: ShopRoster) throws -> PatrolScope {
    if let street {
      guard
        district.streets.contains(where: { $0.id == street }) || shops.streetIDs.contains(street)
      else { throw ValidationError("--street '\(street)' is not in the store") }
      return .street(street)
    }
    if let subdistrict {
      guard
        district.streets.contains(where: { $0.subdistrictID == subdistrict })
          || district.grids.contains(where: { $0.subdistrictID == subdistrict })
      else { throw ValidationError("--subdistrict '\(subdistrict)' is not in the store") }
      return .subdistrict(subdistrict)
    }
    return .district
  }

  /// `GRID` or `GRID@YYYY-MM-DD`.
  static func parseAway(_ text: String) -> (grid: String, day: Day?)? {
    let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
    guard let grid = parts.first, !grid.isEmpty else { return nil }
    guard parts.count == 2 else { return (grid, nil) }
    guard let day = Day(iso: parts[1]) else { return nil }
    return (grid, day)
  }

  /// Renders the report in the chosen format to `--out` or standard output; summary lines follow
  /// tables and Markdown, and go to stderr for CSV and JSON so that those stay machine-readable.
  func write(_ report: PatrolReport) throws {
    /// The bytes to emit; nil when already written.
    let data: Data?
    var summaryToStderr = false
    switch format {
    case .table:
      let text = report.screenTable().terminal() + "\n" + report.summary.joined(separator: "\n") + "\n"
      data = Data(text.utf8)
    case .md:
      data = Data(report.markdown().utf8)
    case .csv:
      let encoding = encoding.flatMap(TextEncoding.init(option:)) ?? .utf8BOM
      summaryToStderr = true
      if encoding != .gb18030, report.plan.visitsAreSorted {
        // Written piece by piece as it is rendered: a large list is never held whole.
        let writer = report.csvWriter
        let visits = report.plan.visits.indices
        let byteOrderMark = encoding == .utf8BOM
        if let out = list.out {
          try AtomicFile.write(to: URL(fileURLWithPath: out)) { write in
            try writer.writeUTF8(visits: visits, byteOrderMark: byteOrderMark, to: write)
          }
        } else {
          try writer.writeUTF8(visits: visits, byteOrderMark: byteOrderMark) {
            FileHandle.standardOutput.write(Data($0))
          }
        }
        data = nil
      } else {
        data = try report.csv(encoding: encoding)
      }
    case .json:
      data = Data((report.table().json().rendered(pretty: true) + "\n").utf8)
      summaryToStderr = true
    }
    if let data { try ReportOutput.emit(data, to: list.out) }
    if (summaryToStderr || list.out != nil), !list.quiet {
      // On stderr, a whole district's per-team notes would bury the totals: they are counted
      // there and listed with --verbose (and always in the table and Markdown forms).
      var notes = report.summary
      if !list.verbose, notes.count > 4 {
        let more = notes.count - 1
        notes = [
          notes[0],
          report.language.pick(
            zh: "另有 \(more) 条队伍说明（覆盖下限积压等），加 --verbose 或用 --format md 查看",
            en: "\(more) more notes on teams (coverage backlog, …): add --verbose, or use --format md"),
        ]
      }
      (notes + (list.out.map { ["→ \($0)"] } ?? [])).forEach(ReportOutput.note)
    }
  }
}
