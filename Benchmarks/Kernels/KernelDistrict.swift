import Foundation
import Ingest
import Records
import Scoring
import Store
import Synthetic

/// The input every kernel benchmark measures on: a synthetic district (`yanpan generate --scale S
/// --seed 7`, default S = 0.5: 436 grids, 6,000 shops, ~57,000 records over three years), written
/// once to a cache folder and read back through the ingest reader, so the suite needs no external
/// file. `YANPAN_KERNELS_SCALE` changes the scale; the cache lives in
/// `$TMPDIR/yanpan-kernels/scale-S-seed-7` (delete it to regenerate; same options, same bytes).
struct KernelDistrict {
  /// One input file's rows as the ingest reader normalized them.
  struct File {
    var url: URL
    var kind: FileKind
    var bytes: Int
    var records: [(line: Int, record: NormalizedRecord)]
  }

  static let seed: UInt64 = 7
  static let asOf = GeneratorOptions.defaultEnd

  let scale: Double
  let directory: URL
  let models: URL
  let taxonomy: Taxonomy
  let aliases: AliasMap
  let key: PseudonymKey
  /// Every generated file, in the order `yanpan ingest` reads them (what later files resolve
  /// against first).
  let files: [File]
  let district: District
  /// The options the record files are read with (locations resolved against the district).
  let recordOptions: IngestOptions

  /// The scale from `YANPAN_KERNELS_SCALE` (0.5 when unset or not a positive number).
  static var scale: Double {
    ProcessInfo.processInfo.environment["YANPAN_KERNELS_SCALE"].flatMap(Double.init).flatMap {
      $0 > 0 ? $0 : nil
    } ?? 0.5
  }

  /// The checkout's `models/` folder, found from this source file (benchmarks run from anywhere).
  static var modelsFolder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("models")
  }

  /// Generates the district when it is not cached yet, then reads every file.
  static func load() throws -> KernelDistrict {
    try KernelDistrict(scale: scale, models: modelsFolder)
  }

  init(scale: Double, models: URL) throws {
    self.scale = scale
    self.models = models
    taxonomy = try Taxonomy(
      yaml: String(contentsOf: models.appendingPathComponent("taxonomy.yaml"), encoding: .utf8))
    aliases = try AliasMap.load(from: models.appendingPathComponent("aliases.yaml"))
    key = PseudonymKey(hex: String(repeating: "5a", count: 32))!
    directory = try KernelDistrict.generated(scale: scale, taxonomy: taxonomy)

    // Geography first, as `yanpan ingest` orders it; record files then resolve locations against it.
    var files: [File] = []
    let plain = IngestOptions(taxonomy: taxonomy, aliases: aliases, key: key)
    for name in [
      "grids.csv", "grid_adjacency.csv", "grids.geojson", "addresses.csv", "streets.csv", "shops.csv",
    ] {
      files.append(try KernelDistrict.read(directory.appendingPathComponent(name), options: plain))
    }
    var boundaries: [GridBoundary] = []
    var addresses: [AddressEntry] = []
    var shopGrids: [String: String] = [:]
    for file in files {
      for (_, record) in file.records {
        switch record {
        case .boundary(let b): boundaries.append(b)
        case .address(let a): addresses.append(a)
        case .shop(let s): shopGrids[s.id] = s.gridID
        default: break
        }
      }
    }
    let resolving = IngestOptions(
      taxonomy: taxonomy, aliases: aliases, key: key,
      resolver: LocationResolver(boundaries: boundaries, addresses: addresses, shopGrids: shopGrids))
    for name in ["incidents.csv", "petitions.csv", "inspections.csv"] {
      files.append(try KernelDistrict.read(directory.appendingPathComponent(name), options: resolving))
    }
    recordOptions = resolving
    self.files = files
    district = KernelDistrict.district(files)
  }

  /// The three record files (incidents, petitions, inspections).
  var recordFiles: [File] {
    files.filter { [.records(.incidents), .records(.petitions), .records(.inspections)].contains($0.kind) }
  }

  /// Incidents + petitions + inspections.
  var eventCount: Int { district.incidents.count + district.petitions.count + district.inspections.count }

  /// Every row of every file.
  var rowCount: Int { files.reduce(0) { $0 + $1.records.count } }

  /// Writes every file's records into `store` as `yanpan ingest` does: one ledger per file.
  func write(into store: Store) throws {
    try store.write { writer in
      for file in files {
        try writer.beginFile(
          path: file.url.path, kind: file.kind.name, contentHash: nil, expectedRows: file.records.count)
        for (line, record) in file.records { try KernelDistrict.put(record, line: line, writer: writer) }
        try writer.endFile()
      }
    }
  }

  // MARK: - Building

  /// The cached district folder, generated (into a temporary folder renamed into place, so a
  /// concurrent or interrupted run never leaves half a district) when missing.
  static func generated(scale: Double, taxonomy: Taxonomy) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("yanpan-kernels")
    let folder = root.appendingPathComponent("scale-\(scale)-seed-\(seed)")
    if FileManager.default.fileExists(atPath: folder.appendingPathComponent("inspections.csv").path) {
      return folder
    }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let partial = root.appendingPathComponent("partial-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: partial)
    _ = try DistrictGenerator(options: GeneratorOptions(scale: scale, seed: seed), taxonomy: taxonomy)
      .write(to: partial)
    do {
      try FileManager.default.moveItem(at: partial, to: folder)
    } catch {
      try? FileManager.default.removeItem(at: partial)  // another run placed it first
    }
    return folder
  }

  static func read(_ url: URL, options: IngestOptions) throws -> File {
    let reader = try RecordFileReader(url: url, options: options)
    var records: [(line: Int, record: NormalizedRecord)] = []
    while let row = try reader.next() {
      if case .success(let record) = row.result { records.append((row.line, record)) }
    }
    let bytes =
      (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
    return File(url: url, kind: reader.summary.kind, bytes: bytes, records: records)
  }

  static func district(_ files: [File]) -> District {
    var d = District()
    for file in files {
      for (_, record) in file.records {
        switch record {
        case .grid(let r): d.grids.append(r)
        case .adjacency(let r): d.adjacency.append(r)
        case .boundary(let r): d.boundaries.append(r)
        case .street(let r): d.streets.append(r)
        case .shop(let r): d.shops.append(r)
        case .incident(let r): d.incidents.append(r)
        case .petition(let r): d.petitions.append(r)
        case .inspection(let r): d.inspections.append(r)
        case .address: break
        }
      }
    }
    return d
  }

  static func put(_ record: NormalizedRecord, line: Int, writer: Store.Writer) throws {
    let fingerprint = record.fingerprint
    switch record {
    case .grid(let r): try writer.put(r, fingerprint: fingerprint, line: line)
    case .adjacency(let r): try writer.put(r, fingerprint: fingerprint, line: line)
    case .boundary(let r): try writer.put(r, fingerprint: fingerprint, line: line)
    case .street(let r): try writer.put(r, fingerprint: fingerprint, line: line)
    case .shop(let r): try writer.put(r, fingerprint: fingerprint, line: line)
    case .incident(let r): try writer.put(r, fingerprint: fingerprint, line: line)
    case .petition(let r): try writer.put(r, fingerprint: fingerprint, line: line)
    case .inspection(let r): try writer.put(r, fingerprint: fingerprint, line: line)
    case .address(let r): try writer.put(r, id: record.id, fingerprint: fingerprint, line: line)
    }
  }
}
