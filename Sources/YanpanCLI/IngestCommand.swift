import ArgumentParser
import Foundation
import Ingest
import Records
import Store

/// `yanpan ingest FILE… [--kind K] [--crs wgs84|gcj02|bd09] [--json] [--db PATH] [--rejects PATH]
/// [--models DIR] [--aliases PATH] [--quiet]`: normalize and store records (CONTRACT.md §1–2).
struct IngestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ingest",
    abstract:
      "Normalize and store records: CSV, TSV, JSON Lines (UTF-8, UTF-8 with BOM, GB18030) and GeoJSON.",
    discussion: """
      The kind of each file is inferred from its header (or given with --kind); a .geojson file is
      grid boundaries. Every row ends as accepted, updated, duplicate or rejected, and the run prints
      read = accepted + updated + duplicate + rejected per file and in total. Rejected rows go to the
      rejects file (default <db>.rejects.csv) with source, line, reason and the row (personal data
      masked). The whole run is one transaction: if any file cannot be read, nothing is stored (exit 65).
      Petitioner ids are replaced by a keyed hash; the key is <db>.key (created on first use, mode
      0600), or $YANPAN_KEY_FILE, or $YANPAN_PSEUDONYM_KEY.
      """)

  @Argument(help: "The files to ingest (.csv, .tsv, .jsonl, .geojson; .gz accepted).")
  var files: [String]

  @Option(
    help:
      "The kind of every file: grids, grid_adjacency, streets, shops, incidents, petitions, inspections, boundaries, addresses."
  )
  var kind: String?

  @Option(help: "The coordinate system of lon/lat: wgs84 (default), gcj02 (AMap, Tencent) or bd09 (Baidu).")
  var crs: String = CoordinateSystem.wgs84.rawValue

  @Flag(help: "Print the report as JSON (keys read, accepted, updated, duplicate, rejected, files, …).")
  var json = false

  @Option(help: "Where rejected rows go (CSV, UTF-8 with BOM); default <db>.rejects.csv.")
  var rejects: String?

  @Flag(help: "No progress bar.")
  var quiet = false

  @Option(
    help:
      "A mapping file of header aliases and value labels to read instead of <models>/aliases.yaml (e.g. models/chicago/aliases.yaml for another city's exports)."
  )
  var aliases: String?

  @OptionGroup var store: StoreOptions

  func validate() throws {
    if let kind, FileKind(name: kind) == nil {
      throw ValidationError(
        "--kind \(kind): not a kind; use one of grids, grid_adjacency, streets, shops, incidents, petitions, inspections, boundaries, addresses"
      )
    }
    if CoordinateSystem(rawValue: crs.lowercased()) == nil {
      throw ValidationError("--crs \(crs): use wgs84, gcj02 or bd09")
    }
  }

  func run() throws {
    let started = Date()
    let models = store.modelsURL
    let taxonomy = try loadTaxonomy(models)
    let aliasesURL =
      self.aliases.map { URL(fileURLWithPath: $0) } ?? models.appendingPathComponent("aliases.yaml")
    // A file given with --aliases must exist; the models folder's own is optional.
    let aliases =
      self.aliases != nil || FileManager.default.fileExists(atPath: aliasesURL.path)
      ? try AliasMap.load(from: aliasesURL) : .contract
    let dbURL = store.dbURL
    var run = IngestRun(
      files: files.map { URL(fileURLWithPath: $0) }, kind: kind.flatMap(FileKind.init(name:)),
      crs: CoordinateSystem(rawValue: crs.lowercased()) ?? .wgs84, taxonomy: taxonomy, aliases: aliases,
      key: IngestRun.probeKey)
    // Check every file's header before creating anything (store, key, rejects), so bad input
    // leaves no trace.
    run.ordered = try run.orderedFiles()
    try? FileManager.default.createDirectory(
      at: dbURL.deletingLastPathComponent(), withIntermediateDirectories: true)
    run.key = try PseudonymKey.load(orCreateAt: StoreLocation.keyFile(for: dbURL))
    let rejectsFile = RejectsFile(
      url: rejects.map { URL(fileURLWithPath: $0) } ?? StoreLocation.rejectsFile(for: dbURL))
    let progress = ProgressLine(quiet: quiet || json)
    let opened: Store
    var report: IngestRun.Report
    if FileManager.default.fileExists(atPath: dbURL.path) {
      opened = try store.openStore()
      report = try run.run(into: opened, rejects: rejectsFile, progress: progress)
    } else {
      // A cold load into a new store: filled as a separate file without journal or syncs, then
      // moved into place, so a killed run leaves no store and every page is written once.
      let loading = dbURL.path + ".loading"
      do {
        let fresh = try Store.bulkLoad(path: loading)
        report = try run.run(into: fresh, rejects: rejectsFile, progress: progress)
        try fresh.close()
        try Store.publish(loading, as: dbURL.path)
      } catch {
        try? FileManager.default.removeItem(atPath: loading)
        throw error
      }
      report.db = dbURL.path
      opened = try store.openStore()
    }
    try opened.recordRun(
      Store.RunLog(
        command: "ingest", startedAt: started, finishedAt: Date(), detail: report.json.rendered(pretty: false)
      ))
    print(json ? report.json.rendered(pretty: true) : report.text, terminator: "")
  }

  private func loadTaxonomy(_ models: URL) throws -> Taxonomy {
    let url = models.appendingPathComponent("taxonomy.yaml")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw InputError(
        file: url.path, problem: "cannot read the taxonomy",
        fix: "pass --models with a folder holding taxonomy.yaml")
    }
    do { return try Taxonomy(yaml: text) } catch {
      throw InputError(
        file: url.path, problem: "not a taxonomy: \(error)",
        fix: "fix the YAML, or restore it from the checkout")
    }
  }
}
