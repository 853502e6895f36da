import ArgumentParser
import Foundation
import Records
import Reports
import Scoring
import Store

/// `yanpan score`: computes and stores a risk score for every grid and shop (CONTRACT.md §2).
struct ScoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "score",
    abstract: "Compute and store risk scores for every grid and shop.",
    discussion: """
      Nothing dated after --as-of is used. --model PATH scores with that model file
      (models/weights-expert.yaml, weights-ahp.yaml, weights-entropy.yaml, or a fitted model).
      Without --model: the fitted model when the history suffices (at least 4 monthly cut dates
      with 180 days of records before each and 30 after, and 30 positive outcomes for grids and
      for shops), refitted and written to models/fitted.yaml when that file is missing, was trained
      on another district (other grids, households or adjacency), after --as-of, more than 30 days
      before it, or --refit is given; otherwise AHP weights
      (models/weights-ahp.yaml). Levels follow models/levels.yaml (default: red top 5%, orange
      next 10%, yellow next 25%). The snapshot stores as-of, model version and data fingerprint.
      The record tables' scoring columns are kept beside the store (<db>.scoring-inputs, with no
      as-of cut, and <db>.scoring-inputs.changes for the rows ingested since): a later score, of
      any day, reads them plus only the rows ingested since. Deleting them loses nothing.
      """)

  @Option(
    name: .customLong("as-of"), help: "The scoring date, YYYY-MM-DD (default: today in the district's zone).")
  var asOf: String?

  @Option(help: "A model file (YAML); default: fitted when history suffices, else AHP.")
  var model: String?

  @Flag(help: "Fit the model again even when models/fitted.yaml is recent enough.")
  var refit = false

  @Option(help: "Language of the summary: zh or en.")
  var lang: String = "zh"

  @Option(help: "How many top grids the summary lists.")
  var top: Int = 10

  @Flag(help: "Print nothing on standard output or error but errors.")
  var quiet = false

  @Flag(help: "Also say on standard error how long each step took (read, prepare, model, score, save).")
  var verbose = false

  @OptionGroup var storage: StoreOptions

  func validate() throws {
    if let asOf, Day(iso: asOf) == nil {
      throw ValidationError("--as-of '\(asOf)' is not a date: write YYYY-MM-DD")
    }
    if lang != "zh" && lang != "en" { throw ValidationError("--lang '\(lang)' is not known: use zh or en") }
    if top < 0 { throw ValidationError("--top must not be negative") }
  }

  func run() throws {
    let scored = try scoreAndStore()
    if !quiet { print(summary(scored.result, timing: scored.timing)) }
    if verbose {
      let t = scored.steps
      ReportOutput.note(
        String(
          format: "score: read %.2f s, prepare %.2f s, model %.2f s, score %.2f s, save %.2f s",
          t.read, t.prepare, t.model, t.score, t.save))
    }
  }

  /// What one scoring run loaded, computed and stored, for `run` and for the nightly job (which
  /// writes its lists from the same district and scores instead of reading them back).
  struct Scored {
    var store: Store
    /// The district as of the scoring day: its grids and adjacency (the shops and events were read
    /// as columns).
    var district: District
    /// The incidents, petitions and inspections as read, when asked for (the night's lists reuse
    /// them); nil otherwise, so that they are let go once the tables are prepared (at scale 100
    /// about 500 MB that a fit would otherwise hold beside its own).
    var events: EventColumns?
    /// The shops as read, as a roster, with the events (the nightly job's lists print them).
    var roster: ShopRoster?
    var result: ScoringResult
    var timing: (load: Double, score: Double)
    /// Seconds per step: reading the store, preparing the tables, choosing (or fitting) the model,
    /// scoring, saving the snapshot (starting it, when it is saved in the background).
    var steps: (read: Double, prepare: Double, model: Double, score: Double, save: Double)
    /// The snapshot being saved on another thread and connection, when asked for: `saved()`
    /// waits for it.
    var saving: Background<Result<Void, Error>>?

    /// Waits for a snapshot saved in the background; throws what saving it threw.
    func saved() throws {
      try saving?.value().get()
    }
  }

  /// Loads the district as of `--as-of`, scores it and stores the snapshot. The result's district
  /// holds the grids and adjacency; the shops and events were read as columns
  /// (`Store.loadScoringColumns`, which keeps them beside the store for the next run).
  /// `returningEvents`: the result holds the events and shops read (the nightly job's lists use
  /// them).
  /// `savingInBackground`: the snapshot is saved on another thread, on a connection of its own (so
  /// that this one reads on meanwhile), and `Scored.saved()` must be called before anything that
  /// needs it stored.
  /// `readAhead`: the kept scoring files, read ahead (the nightly job starts it before its ingest).
  func scoreAndStore(
    returningEvents: Bool = false, savingInBackground: Bool = false, readAhead: ScoringInputsReadAhead? = nil
  ) throws -> Scored {
    let day = asOf.flatMap { Day(iso: $0) } ?? Day(Date(), in: .district)
    let url = storage.dbURL
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw ReportFailure("no store at \(url.path): run `yanpan ingest` (or `yanpan demo`) first")
    }
    let models = storage.modelsURL
    let taxonomyFile = models.appendingPathComponent("taxonomy.yaml")
    let taxonomy = try Taxonomy(yaml: String(contentsOf: taxonomyFile, encoding: .utf8))
    let levels = try levelPolicy(models)
    let started = Date()
    let store = try storage.openStore()
    // Grids and adjacency as records; shops, incidents, petitions and inspections as columns.
    let (district, shops, events) = try store.loadScoringColumns(asOf: day, readAhead: readAhead)
    let loaded = Date()
    let kept = returningEvents ? (events: events, roster: ShopRoster(shops)) : nil
    let prepared = PreparedDistrict(
      district, shops: shops.withoutRoster, events: events, asOf: day, taxonomy: taxonomy)
    guard !prepared.gridIDs.isEmpty else {
      throw ReportFailure("the store at \(url.path) holds no grids: ingest grids.csv first")
    }
    let ready = Date()
    let (chosen, file, note) = try chooseModel(prepared, models: models)
    if let note, !quiet { ReportOutput.note(note) }
    let modelled = Date()
    let result = try Scorer.score(
      prepared, model: chosen, options: ScoringOptions(levels: levels), modelFile: file)
    let scored = Date()
    var saving: Background<Result<Void, Error>>?
    if savingInBackground {
      let saver = try storage.openStore()
      saving = Background {
        Result { try saver.saveScores(run: result.run, sheets: [result.gridSheet, result.shopSheet]) }
      }
    } else {
      try store.saveScores(run: result.run, sheets: [result.gridSheet, result.shopSheet])
    }
    let saved = Date()
    return Scored(
      store: store, district: district, events: kept?.events, roster: kept?.roster, result: result,
      timing: (loaded.timeIntervalSince(started), scored.timeIntervalSince(loaded)),
      steps: (
        loaded.timeIntervalSince(started), ready.timeIntervalSince(loaded), modelled.timeIntervalSince(ready),
        scored.timeIntervalSince(modelled), saved.timeIntervalSince(scored)
      ), saving: saving)
  }

  func levelPolicy(_ models: URL) throws -> RiskLevelPolicy {
    let file = models.appendingPathComponent("levels.yaml")
    guard FileManager.default.fileExists(atPath: file.path) else { return .standard }
    return try RiskLevelPolicy(yaml: String(contentsOf: file, encoding: .utf8), file: file.path)
  }

  /// The model to score with, its file, and a note for stderr saying what was chosen and why.
  func chooseModel(_ prepared: PreparedDistrict, models: URL) throws -> (ScoringModel, String, String?) {
    if let model {
      let text: String
      do {
        text = try String(contentsOfFile: model, encoding: .utf8)
      } catch {
        throw InputError(
          file: model, problem: "cannot read the model file", fix: "check the path given to --model")
      }
      return (try ScoringModel(yaml: text, file: model), model, nil)
    }
    let fittedFile = models.appendingPathComponent("fitted.yaml")
    if !refit, let text = try? String(contentsOf: fittedFile, encoding: .utf8),
      let existing = try? ScoringModel(yaml: text, file: fittedFile.path),
      let trained = existing.trainedAsOf, trained <= prepared.asOf,
      trained.distance(to: prepared.asOf) <= 30, existing.districtKey == prepared.districtKey
    {
      return (
        existing, fittedFile.path, "score: fitted model \(existing.identifier) (trained as of \(trained.iso))"
      )
    }
    switch try ModelTrainer.fit(prepared) {
    case .fitted(_, let yaml):
      try AtomicFile.write(Data(yaml.utf8), to: fittedFile)
      // Score with the model as written, not as fitted in memory: the file rounds coefficients, and
      // a later run that reads it back must print the same scores.
      let model = try ScoringModel(yaml: yaml, file: fittedFile.path)
      return (model, fittedFile.path, "score: fitted \(model.identifier), written to \(fittedFile.path)")
    case .insufficient(let why):
      let ahpFile = models.appendingPathComponent("weights-ahp.yaml")
      let text = try String(contentsOf: ahpFile, encoding: .utf8)
      return (
        try ScoringModel(yaml: text, file: ahpFile.path), ahpFile.path,
        "score: AHP weights (\(ahpFile.lastPathComponent)): \(why)"
      )
    }
  }

  func summary(_ r: ScoringResult, timing: (load: Double, score: Double)) -> String {
    let en = lang == "en"
    func count(_ sheet: ScoreSheet) -> String {
      RiskLevel.allCases.map { level in
        let n = sheet.count(of: level)
        return en ? "\(level.rawValue) \(n)" : "\(level.label) \(n)"
      }.joined(separator: ", ")
    }
    var lines: [String] = []
    lines.append(
      en
        ? "Scored \(r.gridSheet.count) grids and \(r.shopSheet.count) shops as of \(r.run.asOf.iso) with \(r.run.modelVersion) (\(r.method.rawValue)), data \(r.run.dataFingerprint)."
        : "已评分：网格 \(r.gridSheet.count) 个，商铺 \(r.shopSheet.count) 家；截至 \(r.run.asOf.iso)；模型 \(r.run.modelVersion)（\(r.method.rawValue)）；数据指纹 \(r.run.dataFingerprint)"
    )
    lines.append((en ? "Grids: " : "网格：") + count(r.gridSheet))
    lines.append((en ? "Shops: " : "商铺：") + count(r.shopSheet))
    if let nr = r.nearRepeat {
      lines.append(
        String(
          format: en
            ? "Near-repeat: branching %.3f, half-life %.1f days, neighbour share %.2f"
            : "近重复效应：分支比 %.3f，半衰期 %.1f 天，相邻网格权重 %.2f",
          nr.branching, nr.halfLifeDays, nr.neighborShare))
    }
    for g in r.gridSheet.rankOrder().prefix(top).map(r.gridSheet.score(at:)) {
      let reasons = g.reasons.map { en ? $0.en : $0.zh }.joined(separator: en ? "; " : "；")
      let level = en ? g.level.rawValue : g.level.label
      lines.append(
        String(format: "%4d  %@  %@  %.4f  Gi*=%.2f  %@", g.rank, g.id, level, g.score, g.giZ ?? 0, reasons))
    }
    lines.append(
      String(format: en ? "Load %.1f s, score %.1f s" : "读取 %.1f 秒，评分 %.1f 秒", timing.load, timing.score))
    return lines.joined(separator: "\n")
  }
}
