import ArgumentParser
import Foundation
import Records
import Reports
import Store

/// `yanpan explain ID`: why a grid or shop scores as it does (CONTRACT.md §2).
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Why a grid or shop scores as it does: rank, level, contributions, records, Gi* and trend.",
    discussion: """
      Reads the latest scores stored by `yanpan score` on or before --as-of. Lists the feature \
      contributions (largest |contribution| first) and the records behind them — incidents, \
      petitions and inspections dated in the --window days up to the as-of day, newest first, by id \
      and date. Petitions are shown without any petitioner identity.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "A grid id or a shop id.")
  var id: String

  @Option(help: "Days of records to list before the as-of day.")
  var window: Int = 180

  @Option(help: "At most this many records of each kind are listed (all are counted).")
  var limit: Int = 20

  @Option(help: "text or json.")
  var format: Format = .text

  @OptionGroup var list: ListOptions

  @OptionGroup var storage: StoreOptions

  func validate() throws {
    try ReportOutput.validate(asOf: list.asOf, lang: list.lang)
    if window < 1 { throw ValidationError("--window must be at least 1 day") }
    if limit < 1 { throw ValidationError("--limit must be at least 1") }
  }

  func run() throws {
    let asked = ReportOutput.day(list.asOf)
    let language = ReportLanguage(rawValue: list.lang)!
    let clock = ContinuousClock()
    let started = clock.now
    // Which kind of unit the id is comes from the record tables (a key lookup each); then only
    // the snapshot block holding its score is unpacked.
    let store = try ReportOutput.existingStore(storage)
    guard let kind = try store.unitKind(of: id) else {
      throw ValidationError(
        "'\(id)' is neither a grid nor a shop in \(storage.dbURL.path): give a grid_id or shop_id")
    }
    guard let (run, found, peers) = try store.score(of: id, entity: kind, asOf: asked) else {
      throw ReportOutput.noSnapshot(in: store, asOf: asked)
    }
    guard let score = found else {
      throw ReportFailure(
        "'\(id)' has no score in the snapshot of \(run.asOf.iso): run `yanpan score --as-of \(asked.iso)` to score it"
      )
    }
    if run.asOf != asked, !list.quiet {
      ReportOutput.note(
        language.pick(
          zh: "注意：使用 \(run.asOf.iso) 的评分（\(asked.iso) 当天尚无评分）",
          en: "note: using the scores of \(run.asOf.iso) (none for \(asked.iso))"))
    }
    let from = run.asOf.advanced(by: -(window - 1))
    let evidence = try store.evidence(for: score.entity, id: id, asOf: run.asOf, from: from)
    // Grids and shops only (the records come from the evidence query).
    let shop = score.entity == .shop ? try store.shop(id: id) : nil
    let grid = try (score.entity == .grid ? id : shop?.gridID).flatMap { try store.grid(id: $0) }
    let explanation = Explanation(
      score: score, peers: peers, grid: grid, shop: shop, run: run, windowStart: from,
      incidents: evidence.incidents, petitions: evidence.petitions, inspections: evidence.inspections,
      shopNames: Dictionary(evidence.shops.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
      taxonomy: taxonomy(), language: language, recordsShown: limit)
    let text = format == .json ? explanation.json().rendered() : explanation.text()
    try ReportOutput.emit(Data(text.utf8), to: list.out)
    if list.verbose {
      ReportOutput.note(
        ReportOutput.describe(
          store: store, run: run, counted: "1 of \(peers) \(kind.rawValue) scores", since: started,
          clock: clock))
    }
  }

  /// The taxonomy for category labels; codes are shown when it cannot be read.
  func taxonomy() -> Taxonomy? {
    let url = storage.modelsURL.appendingPathComponent("taxonomy.yaml")
    return (try? String(contentsOf: url, encoding: .utf8)).flatMap { try? Taxonomy(yaml: $0) }
  }
}
