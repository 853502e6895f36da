import ArgumentParser
import Foundation
import Records
import Synthetic

/// `yanpan demo`: the whole job on the bundled synthetic district, from nothing to lists, in one
/// command (CONTRACT.md §2): generate, ingest into a fresh store, score, show the top hotspots and
/// one street team's patrol list.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Build the bundled synthetic district into a fresh store and show its lists.",
    discussion: """
      Writes into --dir (default ./yanpan-demo): data/ (the generated district, as
      `yanpan generate` writes it), models/ (a copy of the model files, so the fitted model of
      the demo lands beside its store), and yanpan.sqlite (a fresh store: an earlier one there is
      replaced). The scores are as of the district's last day (--end of the generator). Then try
      the commands it prints, e.g. `yanpan hotspots --db yanpan-demo/yanpan.sqlite --format svg`.
      """)

  @Option(help: "The folder to build the demo in.")
  var dir: String = "yanpan-demo"

  @Option(help: "Size of the district: 1 is Donghe District (872 grids, 12,000 shops, 3 years).")
  var scale: Double = 1

  @Option(help: "Seed of the synthetic district.")
  var seed: UInt64 = 7

  @Option(help: "The street team whose patrol list is shown (default: the one with the most red shops).")
  var street: String?

  @Option(help: "How many hotspots to show.")
  var top: Int = 10

  @Option(help: "The models folder copied into the demo (default: $YANPAN_MODELS, ./models, the checkout's).")
  var models: String?

  func validate() throws {
    if let problem = GeneratorOptions(scale: scale, seed: seed).problem { throw ValidationError(problem) }
    if top < 1 { throw ValidationError("--top must be at least 1") }
  }

  func run() throws {
    let folder = URL(fileURLWithPath: dir)
    let data = folder.appendingPathComponent("data")
    let modelsCopy = folder.appendingPathComponent("models")
    let db = folder.appendingPathComponent("yanpan.sqlite")
    let fm = FileManager.default
    try fm.createDirectory(at: folder, withIntermediateDirectories: true)
    for suffix in ["", "-wal", "-shm", ".rejects.csv", ".nightly.lock"] {
      try? fm.removeItem(atPath: db.path + suffix)
    }
    try? fm.removeItem(at: modelsCopy)
    try fm.copyItem(at: ModelsLocation.resolve(models), to: modelsCopy)
    // A fitted model belongs to the store it was fitted on: the demo fits its own.
    try? fm.removeItem(at: modelsCopy.appendingPathComponent("fitted.yaml"))
    let end = GeneratorOptions.defaultEnd.iso
    let store = ["--db", db.path, "--models", modelsCopy.path]

    section("1/4 生成合成辖区 Generating the synthetic district")
    try GenerateCommand.parse(["--scale", "\(scale)", "--seed", "\(seed)", "--out", data.path]).run()
    fflush(nil)

    section("2/4 导入 Ingesting")
    // The records; truth/ is what a ranking is scored against, never an input.
    let files = DistrictGenerator.files.filter { !$0.hasPrefix("truth/") }
      .map { data.appendingPathComponent($0).path }
    try IngestCommand.parse(files + ["--quiet"] + store).run()
    fflush(nil)

    section("3/4 评分 Scoring as of \(end)")
    try ScoreCommand.parse(["--as-of", end, "--top", "0"] + store).run()
    fflush(nil)

    section("4/4 清单 Lists")
    try HotspotsCommand.parse(["--as-of", end, "--top", "\(top)"] + store).run()
    let team = try street ?? busiestStreet(db: db, asOf: Day(iso: end)!)
    print("")
    fflush(nil)
    try PatrolCommand.parse(["--as-of", end, "--street", team, "--days", "1"] + store).run()

    let d = "--db \(db.path)"
    print(
      """

      下一步 Next:
        yanpan hotspots \(d) --as-of \(end) --format svg --out \(dir)/hotspots.svg
        yanpan hotspots \(d) --as-of \(end) --format geojson --out \(dir)/hotspots.geojson
        yanpan hotspots \(d) --as-of \(end) --level shop --format csv --out \(dir)/shops.csv
        yanpan patrol \(d) --as-of \(end) --format csv --out \(dir)/patrol.csv
        yanpan explain \(d) --as-of \(end) <grid or shop id>
        yanpan backtest \(d) --from 2025-11-01 --to 2026-09-01 --horizon 30 --k 5
      """)
  }

  /// The street team with the most red shops in the latest scores (ties: the lowest id).
  func busiestStreet(db: URL, asOf: Day) throws -> String {
    let store = try StoreOptions.parse(["--db", db.path]).openStore()
    let district = try store.loadDistrict(asOf: asOf)
    guard let scores = try store.latestScores(asOf: asOf)?.scores else {
      throw ReportFailure("no scores in \(db.path) after scoring")
    }
    let red = Set(scores.filter { $0.entity == .shop && $0.level == .red }.map(\.id))
    var count: [String: Int] = [:]
    for shop in district.shops where red.contains(shop.id) { count[shop.streetID, default: 0] += 1 }
    guard
      let best = count.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key ?? district.streets.first?.id
    else { throw ReportFailure("the demo district has no street teams") }
    return best
  }

  /// A heading, flushed (`fflush(nil)` flushes every stream) so it lands before what the next
  /// command writes straight to the descriptor.
  func section(_ title: String) {
    print("\n== \(title) ==")
    fflush(nil)
  }
}
