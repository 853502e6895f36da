import Foundation
import Ingest
import Records
import Store

/// One `yanpan ingest` run: every file read, normalized and stored in ONE store transaction, so a
/// failed or killed run leaves the store exactly as it was (CONTRACT.md §1 "Nothing lost"), and
/// exit 65 means nothing was written.
///
/// Files are taken in dependency order (grids, boundaries, adjacency, addresses, streets, shops,
/// then events), whatever order they were given in, and location resolution is refreshed from the
/// store after each file that changes it, so one run can ingest a whole district.
struct IngestRun {
  struct FileReport {
    var path: String
    var kind: FileKind
    var format: String
    var encoding: String
    var contentHash: String
    var ledger: Store.Ledger
    var unknownColumns: [String]
    var unknownCategories: [String: Int]
  }

  struct Report {
    var db: String
    var files: [FileReport]
    var total: Store.Ledger { files.reduce(Store.Ledger()) { $0 + $1.ledger } }
    /// Where rejected rows went; nil when none was rejected.
    var rejects: String?
  }

  var files: [URL]
  var kind: FileKind?
  var crs: CoordinateSystem
  var timeZone: TimeZone = .district
  var taxonomy: Taxonomy
  var aliases: AliasMap
  var key: PseudonymKey
  /// The files as `orderedFiles()` probed and ordered them, when the caller already did (the
  /// command probes every header before creating anything); nil: `run` probes them itself.
  /// Probing a big GeoJSON file means reading it whole, so it is done once.
  var ordered: [ProbedFile]? = nil

  /// A file whose header was read, with its kind; for boundaries also the reader, which has
  /// parsed the whole GeoJSON already (its features depend on neither key nor resolver); a
  /// reader is read once, so one `orderedFiles()` serves one `run`.
  struct ProbedFile {
    var url: URL
    var kind: FileKind
    var reader: RecordFileReader?
  }

  /// Reads every file into `store`.
  /// - Throws: `InputError` (nothing stored, rejects file untouched) when a file cannot be read at
  ///   all: missing, unreadable encoding, missing required column, or broken mid-way.
  func run(into store: Store, rejects: RejectsFile, progress: ProgressLine) throws -> Report {
    let ordered = try self.ordered ?? orderedFiles()
    do {
      // The tables no file of this run changes are read key by key, beside the writer (or whole
      // through the writer when a second connection cannot be opened).
      let source = ((try? store.locationReader()) ?? nil).map(StoreLocationSource.init)
      let reports = try store.write { writer in
        var tables = LocationTables(source: source)
        var resolver: LocationResolver?
        var reports: [FileReport] = []
        for file in ordered {
          let (url, fileKind) = (file.url, file.kind)
          if resolver == nil { resolver = try tables.resolver(writer) }
          reports.append(
            try ingest(
              url, kind: fileKind, probed: file.reader, resolver: resolver!, writer: writer, rejects: rejects,
              progress: progress))
          if let failure = source?.failure { throw failure }
          if tables.invalidate(after: fileKind) { resolver = nil }
        }
        return reports
      }
      try rejects.commit()
      return Report(db: store.path, files: reports, rejects: rejects.count > 0 ? rejects.url.path : nil)
    } catch {
      progress.finish()
      rejects.discard()
      throw error
    }
  }

  /// A throwaway key for reading headers before the real key is loaded (or created).
  static let probeKey = PseudonymKey(bytes: Array(repeating: 0x5A, count: 32))!

  /// Opens every file's header first (so a bad file stops the run before anything is written) and
  /// sorts the files into the order in which what they hold depends on each other.
  func orderedFiles() throws -> [ProbedFile] {
    let probe = options(LocationResolver())
    var found: [(file: ProbedFile, given: Int)] = []
    for (n, url) in files.enumerated() {
      guard FileManager.default.isReadableFile(atPath: url.path) else {
        throw InputError(file: url.path, problem: "no such file, or it cannot be read", fix: "check the path")
      }
      let reader = try RecordFileReader(url: url, kind: kind, options: probe)
      let kind = reader.summary.kind
      found.append((ProbedFile(url: url, kind: kind, reader: kind == .boundaries ? reader : nil), n))
    }
    func rank(_ k: FileKind) -> Int { FileKind.all.firstIndex(of: k) ?? FileKind.all.count }
    return found.sorted { (rank($0.file.kind), $0.given) < (rank($1.file.kind), $1.given) }.map(\.file)
  }

  private func options(_ resolver: LocationResolver) -> IngestOptions {
    IngestOptions(
      crs: crs, timeZone: timeZone, taxonomy: taxonomy, aliases: aliases, key: key, resolver: resolver)
  }

  /// What location resolution is built from: a table no earlier file of this run changed is read
  /// on demand, key by key, from `source` (the store as committed before the run, which is what
  /// the writer sees of it), and whole through the writer (this run's earlier files included)
  /// once a file changed it, or when there is no `source` (a store in memory or a bulk load);
  /// only the part a file changed is rebuilt. Grid ids are checked against the stored grids once
  /// there are any.
  struct LocationTables {
    private var built: LocationResolver?
    private var stale: Set<Part> = Set(Part.allCases)
    /// The parts an earlier file of this run changed.
    private var changed: Set<Part> = []
    private let source: StoreLocationSource?

    private enum Part: CaseIterable { case grids, boundaries, addresses, shops }

    init(source: StoreLocationSource?) {
      self.source = source
    }

    mutating func resolver(_ writer: Store.Writer) throws -> LocationResolver {
      var resolver = built ?? LocationResolver()
      if let source {
        let onDemand = stale.subtracting(changed)
        stale.subtract(onDemand)
        var parts: LocationParts = []
        for part in onDemand {
          switch part {
          case .grids: parts.insert(.grids)
          case .boundaries: parts.insert(.boundaries)
          case .addresses: parts.insert(.addresses)
          case .shops: parts.insert(.shops)
          }
        }
        if !parts.isEmpty { resolver = resolver.readingOnDemand(parts, from: source) }
      }
      if stale.contains(.grids) {
        let ids = try writer.gridIDs()
        resolver = resolver.replacing(knownGrids: .some(ids.isEmpty ? nil : ids))
      }
      if stale.contains(.boundaries) { resolver = resolver.replacing(boundaries: try writer.boundaries()) }
      if stale.contains(.addresses) { resolver = resolver.replacing(addresses: try writer.addresses()) }
      if stale.contains(.shops) { resolver = resolver.replacing(shopGrids: try writer.shopGrids()) }
      stale = []
      built = resolver
      return resolver
    }

    /// Marks the part a file of `kind` may have changed; true when the resolver must be rebuilt.
    mutating func invalidate(after kind: FileKind) -> Bool {
      let part: Part
      switch kind {
      case .records(.grids): part = .grids
      case .boundaries: part = .boundaries
      case .addresses: part = .addresses
      case .records(.shops): part = .shops
      default: return false
      }
      stale.insert(part)
      changed.insert(part)
      return true
    }
  }

  private func ingest(
    _ url: URL, kind fileKind: FileKind, probed: RecordFileReader?, resolver: LocationResolver,
    writer: Store.Writer,
    rejects: RejectsFile,
    progress: ProgressLine
  ) throws -> FileReport {
    let reader = try probed ?? RecordFileReader(url: url, kind: fileKind, options: options(resolver))
    // The file's SHA-256 is computed on another core while the rows are read.
    let hashing = BackgroundHash(url)
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    // Rows are read and normalized on another core while this one stores them; reading starts
    // now, so it goes on while this core rebuilds the indexes an earlier file's table was bulk
    // loaded without (up to 512 batches, about 262 000 rows, wait meanwhile).
    let ahead = ReadAhead(reader, depth: 512)
    defer { ahead.cancel() }
    try writer.rebuildIndexes(exceptFor: fileKind.name)
    try writer.beginFile(
      path: url.path, kind: fileKind.name, contentHash: nil, format: reader.summary.format.rawValue,
      encoding: reader.summary.encoding.rawValue, expectedRows: size / 150)
    let label = url.lastPathComponent
    let totalLines = progress.lineCount(of: url).map { max(0, $0 - 1) }
    let started = Date()
    var rows = 0
    while let batch = try ahead.next() {
      for item in batch {
        let row = item.row
        switch row.result {
        case .success(let record):
          try put(record, fingerprint: item.fingerprint, line: row.line, writer: writer)
        case .failure(let problem):
          writer.reject()
          try rejects.add(source: url.path, line: row.line, reason: problem.description, raw: row.raw)
        }
        rows += 1
        if rows & 1023 == 0 { progress.update(label, done: rows, total: totalLines, started: started) }
      }
    }
    progress.finish()
    let summary = ahead.summary
    let hash = try hashing.result()
    let ledger = try writer.endFile(
      unknownColumns: summary.unknownColumns, unknownCategories: summary.unknownCategories,
      encoding: summary.encoding.rawValue, contentHash: hash)
    return FileReport(
      path: url.path, kind: fileKind, format: summary.format.rawValue, encoding: summary.encoding.rawValue,
      contentHash: hash, ledger: ledger, unknownColumns: summary.unknownColumns,
      unknownCategories: summary.unknownCategories)
  }

  /// Stores one record; a stored fingerprint of the older SHA-256 form (32 hex digits) is
  /// compared with the record's own SHA-256 fingerprint, so stores made before FNV-1a still see
  /// re-ingested rows as duplicates.
  private func put(_ record: NormalizedRecord, fingerprint: String, line: Int, writer: Store.Writer) throws {
    switch record {
    case .grid(let r):
      try writer.put(r, fingerprint: fingerprint, line: line, sameAs: { Self.isLegacy($0, of: record) })
    case .adjacency(let r):
      try writer.put(r, fingerprint: fingerprint, line: line, sameAs: { Self.isLegacy($0, of: record) })
    case .boundary(let r):
      try writer.put(r, fingerprint: fingerprint, line: line, sameAs: { Self.isLegacy($0, of: record) })
    case .street(let r):
      try writer.put(r, fingerprint: fingerprint, line: line, sameAs: { Self.isLegacy($0, of: record) })
    case .shop(let r):
      try writer.put(r, fingerprint: fingerprint, line: line, sameAs: { Self.isLegacy($0, of: record) })
    case .incident(let r):
      try writer.put(r, fingerprint: fingerprint, line: line, sameAs: { Self.isLegacy($0, of: record) })
    case .petition(let r):
      try writer.put(r, fingerprint: fingerprint, line: line, sameAs: { Self.isLegacy($0, of: record) })
    case .inspection(let r):
      try writer.put(r, fingerprint: fingerprint, line: line, sameAs: { Self.isLegacy($0, of: record) })
    case .address(let r):
      try writer.put(
        r, id: record.id, fingerprint: fingerprint, line: line, sameAs: { Self.isLegacy($0, of: record) })
    }
  }

  private static func isLegacy(_ stored: String, of record: NormalizedRecord) -> Bool {
    stored.utf8.count == 32 && stored == record.legacyFingerprint
  }
}
