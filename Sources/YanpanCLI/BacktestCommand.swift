import ArgumentParser
import Evaluation
import Foundation
import Records
import Reports
import Scoring
import Store

/// `yanpan backtest`: rolling-origin evaluation of the model against what happened later
/// (CONTRACT.md §2), with the naive, prospective-hotspot and random baselines beside it.
struct BacktestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backtest",
    abstract: "Rolling-origin evaluation of the ranking against what happened next.",
    discussion: """
      At each origin from --from to --to (every --step days) the model is fitted and scored with
      only the records dated on or before the origin (refitted at every origin unless --model fixes
      the weights), then compared with the next --horizon days: grids against severity ≥ 2
      incidents (hit rate, PAI, PEI, precision, AUC, Brier), shops against a hazard found or an
      incident (on shops inspected in the window, and on all shops), with days earlier for the
      inspections actually done. Baselines at the same origins: naive (last period's counts), kde
      (prospective hotspot), random. Ties are broken at random from --seed.
      --json prints keys grid and shop (shops inspected in the window), each with model and naive
      (and kde, random) objects holding pai, pei, hit_rate, precision_at_k, recall_at_k, lift, auc,
      brier averaged over the origins at the first --k; by_k, shop_all, per-origin rows,
      stability (Jaccard of consecutive top lists) and the exposure audit beside them.
      """)

  @Option(help: "First origin, YYYY-MM-DD.")
  var from: String

  @Option(help: "Last origin, YYYY-MM-DD.")
  var to: String

  @Option(help: "Days between origins (e.g. 30 or 30d).")
  var step: String = "30"

  @Option(help: "Days after each origin that count as what happened next.")
  var horizon: Int = 30

  @Option(
    help: "Coverage(s) in percent of units, comma-separated; the first is the headline (e.g. 5 or 1,5,10,20)."
  )
  var k: String = "5"

  @Option(help: "Score with this model file at every origin instead of fitting one.")
  var model: String?

  @Option(help: "Seed for tie-breaks and the random baseline.")
  var seed: UInt64 = 1

  @Flag(help: "Print the result as JSON.")
  var json = false

  @Flag(help: "No progress lines on standard error.")
  var quiet = false

  @OptionGroup var storage: StoreOptions

  var stepDays: Int? { Int(step.hasSuffix("d") ? String(step.dropLast()) : step) }
  var coverages: [Double]? {
    let parts = k.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0! > 0 && $0! <= 100 }) else { return nil }
    return parts.map { $0! / 100 }
  }

  func validate() throws {
    guard let a = Day(iso: from) else {
      throw ValidationError("--from '\(from)' is not a date: write YYYY-MM-DD")
    }
    guard let b = Day(iso: to) else { throw ValidationError("--to '\(to)' is not a date: write YYYY-MM-DD") }
    if b < a { throw ValidationError("--to \(to) comes before --from \(from)") }
    guard let s = stepDays, s > 0 else {
      throw ValidationError("--step '\(step)' is not a whole number of days")
    }
    if horizon < 1 { throw ValidationError("--horizon must be at least 1 day") }
    if coverages == nil {
      throw ValidationError("--k '\(k)' must be percentages in (0, 100], e.g. 5 or 1,5,10")
    }
  }

  func run() throws {
    let configuration = Backtest.Configuration(
      from: Day(iso: from)!, to: Day(iso: to)!, step: stepDays!, horizon: horizon, coverages: coverages!,
      seed: seed)
    let url = storage.dbURL
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw ReportFailure("no store at \(url.path): run `yanpan ingest` (or `yanpan demo`) first")
    }
    let models = storage.modelsURL
    let taxonomy = try Taxonomy(
      yaml: String(contentsOf: models.appendingPathComponent("taxonomy.yaml"), encoding: .utf8))
    let fixed = try model.map { path in
      try ScoringModel(yaml: String(contentsOfFile: path, encoding: .utf8), file: path)
    }
    let ahpFile = models.appendingPathComponent("weights-ahp.yaml")
    let ahp = try ScoringModel(yaml: String(contentsOf: ahpFile, encoding: .utf8), file: ahpFile.path)
    let store = try storage.openStore()
    // Everything up to the last window's end; each origin's scorer drops what is after it.
    let district = try store.loadDistrict(asOf: configuration.to.advanced(by: horizon))
    let started = Date()
    let (horizon, quiet, modelPath) = (self.horizon, self.quiet, self.model)
    // One origin: only the records up to it, a model fitted on them (or the fixed one), the scores.
    @Sendable func scoreOrigin(_ origin: Day) throws -> (scores: Backtest.ModelScores, method: String) {
      let prepared = PreparedDistrict(district, asOf: origin, taxonomy: taxonomy)
      var chosen = fixed ?? ahp
      if fixed == nil, case .fitted(let fitted, _) = try ModelTrainer.fit(prepared, horizon: horizon) {
        chosen = fitted
      }
      let result = try Scorer.score(
        prepared, model: chosen, modelFile: modelPath ?? "fitted at \(origin.iso)")
      if !quiet { ReportOutput.note("backtest: origin \(origin.iso) scored with \(result.method.rawValue)") }
      let grid = Dictionary(uniqueKeysWithValues: result.grids.map { ($0.id, $0.score) })
      let shop = Dictionary(uniqueKeysWithValues: result.shops.map { ($0.id, $0.score) })
      let gridScores = district.grids.map { grid[$0.id] ?? 0 }
      let scores = Backtest.ModelScores(
        grids: gridScores, shops: district.shops.map { shop[$0.id] ?? 0 },
        gridProbabilities: result.method == .fitted ? gridScores : nil)
      return (scores, result.method.rawValue)
    }
    // The origins are independent: score them on every core at once, then compare in order.
    let origins = configuration.origins
    let byOrigin = try concurrentMap(origins.count) { i in Result { try scoreOrigin(origins[i]) } }
      .map { try $0.get() }
    let methods = byOrigin.map(\.method)
    let backtest = Backtest(district: district, configuration: configuration) { origin in
      byOrigin[origins.firstIndex(of: origin)!].scores
    }
    let seconds = Date().timeIntervalSince(started)
    if json {
      print(BacktestReport.json(backtest, methods: methods, seconds: seconds).rendered())
    } else {
      print(BacktestReport.text(backtest, methods: methods, seconds: seconds))
    }
  }
}
