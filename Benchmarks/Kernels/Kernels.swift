// The engine's kernels, one benchmark each, on a synthetic district (see `KernelDistrict`):
//
//   swift package --allow-writing-to-package-directory benchmark --target Kernels
//
// Each reports wall and CPU time, iterations/s, malloc calls and bytes (malloc interposer), peak
// resident memory and the kernel's own rate: rows/s (and bytes/s for parsing). Kernels that call
// BLAS carry the OpenBLAS core and thread count in their name.
import Benchmark
import Foundation
import Ingest
import LinearAlgebra
import Patrol
import Records
import Reports
import Scoring
import Store

/// The district, prepared, with a model fitted the way `yanpan score` fits it, and its scores.
struct ScoredDistrict {
  let district: KernelDistrict
  let prepared: PreparedDistrict
  let model: ScoringModel
  let result: ScoringResult

  static func load() throws -> ScoredDistrict {
    let d = try KernelDistrict.load()
    let prepared = PreparedDistrict(d.district, asOf: KernelDistrict.asOf, taxonomy: d.taxonomy)
    let model: ScoringModel
    switch try ModelTrainer.fit(prepared) {
    case .fitted(_, let yaml): model = try ScoringModel(yaml: yaml, file: "fitted.yaml")
    case .insufficient:
      let file = d.models.appendingPathComponent("weights-ahp.yaml")
      model = try ScoringModel(yaml: String(contentsOf: file, encoding: .utf8), file: file.path)
    }
    let result = try Scorer.score(prepared, model: model)
    return ScoredDistrict(district: d, prepared: prepared, model: model, result: result)
  }

  var entities: Int { prepared.gridIDs.count + district.district.shops.count }
}

/// A store holding the whole district, and how many rows loading it returns.
struct StoredDistrict {
  let path: String
  let rows: Int
}

/// A scored district and the planner configured by `models/patrol.yaml`.
struct PatrolFixture {
  let scored: ScoredDistrict
  let planner: PatrolPlanner
}

/// This process's folder for store files (removed by the store benchmarks' teardown).
let storeFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
  "yanpan-kernels-store-\(ProcessInfo.processInfo.processIdentifier)")

/// A store path in `storeFolder` with nothing at it (an earlier store there and its WAL removed).
func freshStorePath(_ name: String) throws -> String {
  try FileManager.default.createDirectory(at: storeFolder, withIntermediateDirectories: true)
  let path = storeFolder.appendingPathComponent(name).path
  for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
  return path
}

let benchmarks: @Sendable () -> Void = {
  // MARK: Ingest

  // What `yanpan ingest` computes per row before storing it: tokens, decoded and normalized fields,
  // the resolved grid, the content fingerprint.
  Benchmark(
    "Ingest: CSV parse + normalize + fingerprint (event files)",
    configuration: Rate.configuration(bytes: true)
  ) {
    (benchmark: Benchmark, d: KernelDistrict) in
    let files = d.recordFiles
    try Rate.measure(
      benchmark, rows: files.reduce(0) { $0 + $1.records.count }, bytes: files.reduce(0) { $0 + $1.bytes }
    ) {
      var rows = 0
      var fingerprints = 0  // their lengths, so that computing them is not optimized away
      for file in files {
        let reader = try RecordFileReader(url: file.url, kind: file.kind, options: d.recordOptions)
        while let row = try reader.next() {
          if case .success(let record) = row.result { fingerprints &+= record.fingerprint.utf8.count }
          rows += 1
        }
      }
      return (rows, fingerprints)
    }
  } setup: {
    try KernelDistrict.load()
  }

  // MARK: Store

  Benchmark("Store: write every file into a fresh store", configuration: Rate.configuration(iterations: 10)) {
    (benchmark: Benchmark, d: KernelDistrict) in
    let path = try freshStorePath("write.sqlite")
    benchmark.startMeasurement()
    try Rate.measure(benchmark, rows: d.rowCount) {
      try d.write(into: try Store(path: path))
    }
    benchmark.stopMeasurement()
  } setup: {
    try KernelDistrict.load()
  } teardown: {
    try? FileManager.default.removeItem(at: storeFolder)
  }

  Benchmark("Store: open + load the district", configuration: Rate.configuration(iterations: 10)) {
    (benchmark: Benchmark, fixture: StoredDistrict) in
    try Rate.measure(benchmark, rows: fixture.rows) {
      try Store(path: fixture.path).loadDistrict(asOf: KernelDistrict.asOf)
    }
  } setup: {
    let d = try KernelDistrict.load()
    let path = try freshStorePath("read.sqlite")
    let store = try Store(path: path)
    try d.write(into: store)
    try store.checkpoint()
    let loaded = try store.loadDistrict(asOf: KernelDistrict.asOf)
    let rows =
      loaded.grids.count + loaded.adjacency.count + loaded.boundaries.count + loaded.streets.count
      + loaded.shops.count + loaded.incidents.count + loaded.petitions.count + loaded.inspections.count
    return StoredDistrict(path: path, rows: rows)
  } teardown: {
    try? FileManager.default.removeItem(at: storeFolder)
  }

  // The scoring read of one as-of day: from the tables (the kept files removed before each run);
  // from `<store>.scoring-inputs`, which the first read leaves beside the store; and from that
  // file plus one night's incidents ingested after it, read from the tables and merged (the kept
  // changes removed before each run, so that each merges the night again).
  enum ScoringRead: String, CaseIterable {
    case tables = "from the tables, keeping the file"
    case kept = "from the kept file"
    case keptAndNight = "from the kept file and one night's rows"
  }
  for read in ScoringRead.allCases {
    Benchmark(
      "Store: scoring read as columns, \(read.rawValue)", configuration: Rate.configuration(iterations: 10)
    ) {
      (benchmark: Benchmark, fixture: StoredDistrict) in
      let store = try Store(path: fixture.path)
      if read == .tables { try? FileManager.default.removeItem(atPath: fixture.path + ".scoring-inputs") }
      try? FileManager.default.removeItem(atPath: fixture.path + ".scoring-inputs.changes")
      benchmark.startMeasurement()
      try Rate.measure(benchmark, rows: fixture.rows) {
        try store.loadScoringColumns(asOf: KernelDistrict.asOf)
      }
      benchmark.stopMeasurement()
    } setup: {
      let d = try KernelDistrict.load()
      let path = try freshStorePath("columns.sqlite")
      let store = try Store(path: path)
      try d.write(into: store)
      try store.checkpoint()
      var columns = try store.loadScoringColumns(asOf: KernelDistrict.asOf)
      if read == .keptAndNight {
        // The last day's incidents again, under new ids (after every kept key: appended).
        let night = d.district.incidents.filter { Day($0.occurredAt, in: .district) == KernelDistrict.asOf }
        try store.write { w in
          try w.beginFile(path: "night.csv", kind: "incidents", contentHash: "night")
          for (n, var incident) in night.enumerated() {
            incident.id = "NIGHT-" + incident.id
            try w.put(incident, fingerprint: "night \(n)", line: n + 2)
          }
          try w.endFile()
        }
        columns = try store.loadScoringColumns(asOf: KernelDistrict.asOf)
      }
      let e = columns.events
      return StoredDistrict(
        path: path, rows: columns.shops.count + e.incidents.count + e.petitions.count + e.inspections.count)
    } teardown: {
      try? FileManager.default.removeItem(at: storeFolder)
    }
  }

  // MARK: Scoring

  Benchmark("Scoring: prepare the district (event columns)", configuration: Rate.configuration()) {
    (benchmark: Benchmark, d: KernelDistrict) in
    Rate.measure(benchmark, rows: d.eventCount) {
      PreparedDistrict(d.district, asOf: KernelDistrict.asOf, taxonomy: d.taxonomy)
    }
  } setup: {
    try KernelDistrict.load()
  }

  Benchmark("Scoring: feature build (grids + shops)", configuration: Rate.configuration()) {
    (benchmark: Benchmark, s: ScoredDistrict) in
    Rate.measure(benchmark, rows: s.entities) {
      s.prepared.builder.build(
        at: s.prepared.asOf, nearRepeat: s.model.nearRepeat, horizon: s.model.horizonDays)
    }
  } setup: {
    try ScoredDistrict.load()
  }

  Benchmark("Scoring: Getis-Ord Gi* + FDR (87,200 grids)", configuration: Rate.configuration(iterations: 200))
  {
    (benchmark: Benchmark, lattice: RookLattice) in
    Rate.measure(benchmark, rows: lattice.values.count) {
      let z = GetisOrd.zScores(
        lattice.values, neighborStart: lattice.neighborStart, neighbors: lattice.neighbors)
      return FalseDiscoveryRate.significant(z.map(GetisOrd.pValue))
    }
  } setup: {
    RookLattice()
  }

  Benchmark(
    "Scoring: IRLS logistic fit (40,000 × 20)", configuration: Rate.configuration(blas: true)
  ) { (benchmark: Benchmark, design: LogisticDesign) in
    try Rate.measure(benchmark, rows: design.y.count) {
      try GeneralizedLinearModel.fit(design.x, design.y, family: .logistic, lambda: 1)
    }
  } setup: {
    LogisticDesign()
  }

  Benchmark(
    "Scoring: train the model (12 monthly cuts, grids + shops)",
    configuration: Rate.configuration(iterations: 5, blas: true)
  ) { (benchmark: Benchmark, s: ScoredDistrict) in
    try Rate.measure(benchmark, rows: s.entities) { try ModelTrainer.fit(s.prepared) }
  } setup: {
    try ScoredDistrict.load()
  }

  Benchmark(
    "Scoring: score with the fitted model (grids + shops)", configuration: Rate.configuration(blas: true)
  ) {
    (benchmark: Benchmark, s: ScoredDistrict) in
    try Rate.measure(benchmark, rows: s.entities) { try Scorer.score(s.prepared, model: s.model) }
  } setup: {
    try ScoredDistrict.load()
  }

  // MARK: Lists

  Benchmark(
    "Lists: top 20 grids and shops (hotspot lists)", configuration: Rate.configuration(iterations: 50)
  ) {
    (benchmark: Benchmark, s: ScoredDistrict) in
    let scores = s.result.grids + s.result.shops
    Rate.measure(benchmark, rows: scores.count) {
      let report = HotspotReport(scores: scores, district: s.district.district, asOf: s.prepared.asOf)
      return (report.table(level: .grid, top: 20), report.table(level: .shop, top: 20))
    }
  } setup: {
    try ScoredDistrict.load()
  }

  Benchmark("Patrol: street teams' lists for 7 days (shops)", configuration: Rate.configuration()) {
    (benchmark: Benchmark, fixture: PatrolFixture) in
    let s = fixture.scored
    Rate.measure(benchmark, rows: s.district.district.shops.count) {
      fixture.planner.streetLists(
        district: s.district.district, scores: s.result.shops, asOf: s.prepared.asOf)
    }
  } setup: {
    let s = try ScoredDistrict.load()
    let file = s.district.models.appendingPathComponent("patrol.yaml")
    let config = try PatrolConfig(yaml: String(contentsOf: file, encoding: .utf8), file: file.path)
    return PatrolFixture(scored: s, planner: PatrolPlanner(config: config))
  }
}
