import Foundation
import Records
import Store
import TestSupport
import Testing

@Suite("yanpan ingest: normalized records into the store, nothing lost")
struct IngestCommandTests {
  static let districtFiles = ["incidents.csv", "petitions.csv", "shops.csv", "grids.csv"]

  /// Runs `yanpan ingest files… --json --db y.sqlite` in `dir` and parses the report.
  static func ingest(_ files: [String], in dir: URL, _ extra: [String] = []) throws -> (
    result: YanpanProcess.Result, report: [String: Any]
  ) {
    let result = try YanpanProcess.run(["ingest"] + files + ["--json", "--db", "y.sqlite"] + extra, in: dir)
    let report = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    return (result, report)
  }

  static func ledger(_ object: [String: Any]) -> [String: Int] {
    var counts: [String: Int] = [:]
    for key in ["read", "accepted", "updated", "duplicate", "rejected"] { counts[key] = object[key] as? Int }
    return counts
  }

  static func holdsInvariant(_ l: [String: Int]) -> Bool {
    guard let read = l["read"], let a = l["accepted"], let u = l["updated"], let d = l["duplicate"],
      let r = l["rejected"]
    else { return false }
    return read == a + u + d + r
  }

  @Test("a district's files ingest in dependency order, every row accounted for")
  func district() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (result, report) = try Self.ingest(Self.districtFiles, in: dir)
    #expect(result.status == 0, "stderr: \(result.stderr)")
    let total = Self.ledger(report)
    #expect(Self.holdsInvariant(total))
    // 2 grids, 2 shops, 5 incidents (bad time, unknown grid rejected), 2 petitions (one without location).
    #expect(total == ["read": 11, "accepted": 8, "updated": 0, "duplicate": 0, "rejected": 3])
    let files = try #require(report["files"] as? [[String: Any]])
    #expect(files.map { $0["kind"] as? String } == ["grids", "shops", "incidents", "petitions"])
    for file in files { #expect(Self.holdsInvariant(Self.ledger(file))) }
    let unknown = report["unknown_categories"] as? [String: [String: Int]]
    #expect(unknown?["incidents"]?["广场舞扰民"] == 1)
    let columns = report["unknown_columns"] as? [String: [String]]
    #expect(columns?.values.first == ["备注"])

    let store = try Store(path: dir.appendingPathComponent("y.sqlite").path)
    let stored = try store.loadDistrict(asOf: nil)
    #expect(stored.incidents.map(\.id) == ["E1", "E2", "E3"])
    #expect(stored.incidents.first { $0.id == "E3" }?.category == Taxonomy.other)
    #expect(stored.shops.first { $0.id == "SH2" }?.category == "shop.entertainment")
    #expect(stored.petitions.first?.petitionerKey?.count == 64)
  }

  @Test("the text report prints read = accepted + updated + duplicate + rejected per file and in total")
  func textReport() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try YanpanProcess.run(["ingest"] + Self.districtFiles + ["--db", "y.sqlite"], in: dir)
    #expect(result.status == 0)
    #expect(result.stdout.contains("read 5 = accepted 3 + updated 0 + duplicate 0 + rejected 2"))
    #expect(result.stdout.contains("read 11 = accepted 8 + updated 0 + duplicate 0 + rejected 3"))
    #expect(result.stdout.contains("广场舞扰民"))
    #expect(result.stderr.isEmpty, "no progress bar when stderr is not a terminal")
  }

  @Test("ingesting the same files again changes nothing: every stored row is a duplicate")
  func idempotent() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try Self.ingest(Self.districtFiles, in: dir)
    let store = try Store(path: dir.appendingPathComponent("y.sqlite").path)
    let before = try store.counts()
    let districtBefore = try store.loadDistrict(asOf: nil)
    let (result, report) = try Self.ingest(Self.districtFiles, in: dir)
    #expect(result.status == 0)
    #expect(Self.ledger(report) == ["read": 11, "accepted": 0, "updated": 0, "duplicate": 8, "rejected": 3])
    #expect(try store.counts() == before)
    let districtAfter = try store.loadDistrict(asOf: nil)
    #expect(districtAfter.incidents == districtBefore.incidents)
    #expect(districtAfter.petitions == districtBefore.petitions)
  }

  @Test("a changed row is an update: the new version wins, the old one stays in history")
  func update() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try Self.ingest(Self.districtFiles, in: dir)
    let changed = IngestFixtures.incidents.replacingOccurrences(
      of: "E1,2023-05-07 14:03,邻里纠纷,1", with: "E1,2023-05-07 14:03,邻里纠纷,3")
    _ = try IngestFixtures.write(changed, to: dir, as: "incidents-v2.csv")
    let (result, report) = try Self.ingest(["incidents-v2.csv"], in: dir)
    #expect(result.status == 0)
    #expect(Self.ledger(report) == ["read": 5, "accepted": 0, "updated": 1, "duplicate": 2, "rejected": 2])
    let store = try Store(path: dir.appendingPathComponent("y.sqlite").path)
    #expect(try store.loadDistrict(asOf: nil).incidents.first { $0.id == "E1" }?.severity == 3)
    let history = try store.history(kind: "incidents", id: "E1")
    #expect(history.count == 1)
    #expect(history.first?.sourcePath?.hasSuffix("/incidents.csv") == true)
  }

  @Test("rejected rows go to <db>.rejects.csv: UTF-8 with BOM, source, line, reason, masked raw row")
  func rejectsFile() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try Self.ingest(Self.districtFiles, in: dir)
    let data = try Data(contentsOf: dir.appendingPathComponent("y.sqlite.rejects.csv"))
    #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let text = String(decoding: data.dropFirst(3), as: UTF8.self)
    let lines = text.split(separator: "\r\n").map(String.init)
    #expect(lines.first == "source,line,reason,raw")
    #expect(lines.count == 4)
    #expect(lines.contains { $0.contains("incidents.csv,5,") && $0.contains("E4") })
    #expect(lines.contains { $0.contains("incidents.csv,6,") && $0.contains("G9") })
    #expect(lines.contains { $0.contains("petitions.csv,3,") && $0.contains("P2") })
    #expect(!text.contains(IngestFixtures.rawPhone))
  }

  @Test("--rejects puts the rejects file where asked")
  func rejectsOption() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (result, report) = try Self.ingest(
      ["grids.csv", "incidents.csv"], in: dir, ["--rejects", "out/bad.csv"])
    #expect(result.status == 0)
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/bad.csv").path))
    #expect((report["rejects"] as? String)?.hasSuffix("out/bad.csv") == true)
  }

  @Test("no raw petitioner identity anywhere: store file, WAL, rejects file or output")
  func noRawIdentity() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (result, _) = try Self.ingest(Self.districtFiles, in: dir)
    #expect(result.status == 0)
    let raw = [IngestFixtures.rawIDCard, IngestFixtures.rawPhone]
    for text in [result.stdout, result.stderr] {
      for id in raw { #expect(!text.contains(id)) }
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasSuffix(".csv") }
    #expect(files.contains("y.sqlite"))
    for name in files + ["y.sqlite.rejects.csv"] {
      let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
      for id in raw { #expect(bytes.range(of: Data(id.utf8)) == nil, "\(id) found in \(name)") }
    }
  }

  @Test("a file that cannot be read stops the run with exit 65 and nothing written")
  func unreadable() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try IngestFixtures.write("foo,bar\n1,2\n", to: dir, as: "mystery.csv")
    let result = try YanpanProcess.run(["ingest", "grids.csv", "mystery.csv", "--db", "y.sqlite"], in: dir)
    #expect(result.status == 65)
    #expect(result.stderr.contains("mystery.csv"))
    #expect(result.stderr.split(separator: "\n").count == 1, "one clear line")
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(!left.contains { $0.hasPrefix("y.sqlite") }, "no store, key or rejects file: \(left)")
  }

  @Test("a file broken midway rolls the whole run back: exit 65, the store as it was")
  func brokenMidway() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try Self.ingest(["grids.csv"], in: dir)
    let store = try Store(path: dir.appendingPathComponent("y.sqlite").path)
    let before = try store.counts()
    // A gzip stream with garbage in its middle: the header reads, rows start to flow, then
    // inflating fails (bad data or a failed CRC check at the end).
    let csv = dir.appendingPathComponent("many.csv")
    try IngestFixtures.bigIncidents(20_000, to: csv)
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
    gzip.arguments = ["-f", csv.path]
    try gzip.run()
    gzip.waitUntilExit()
    let gz = dir.appendingPathComponent("many.csv.gz")
    var bytes = [UInt8](try Data(contentsOf: gz))
    for i in bytes.count / 2..<bytes.count / 2 + 64 { bytes[i] ^= 0xFF }
    try Data(bytes).write(to: gz)
    let result = try YanpanProcess.run(
      ["ingest", "incidents.csv", "many.csv.gz", "--db", "y.sqlite"], in: dir)
    #expect(result.status == 65, "stderr: \(result.stderr)")
    #expect(try store.counts() == before)
    #expect(try store.ingestedFiles().count == 1)
  }

  @Test("killed with SIGKILL midway, the store is exactly as before; a rerun completes")
  func killed() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try Self.ingest(["grids.csv"], in: dir)
    let dbPath = dir.appendingPathComponent("y.sqlite").path
    let before = try Store(path: dbPath).counts()
    try IngestFixtures.bigIncidentsRejectedFirst(40_000, to: dir.appendingPathComponent("big.csv"))
    let process = try IngestFixtures.killMidway(
      ["ingest", "big.csv", "--db", "y.sqlite", "--quiet"], in: dir)
    #expect(process.terminationReason == .uncaughtSignal, "the run must be killed, not finish")

    let store = try Store(path: dbPath)
    #expect(try store.counts() == before)
    #expect(try store.ingestedFiles().count == 1)

    let (rerun, report) = try Self.ingest(["big.csv"], in: dir)
    #expect(rerun.status == 0)
    #expect(
      Self.ledger(report) == [
        "read": 40_001, "accepted": 40_000, "updated": 0, "duplicate": 0, "rejected": 1,
      ])
  }

  @Test("usage errors exit 2: an unknown --kind or --crs")
  func usage() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try YanpanProcess.run(["ingest", "grids.csv", "--kind", "people"], in: dir).status == 2)
    #expect(try YanpanProcess.run(["ingest", "grids.csv", "--crs", "utm"], in: dir).status == 2)
  }

  @Test("the store is --db, else $YANPAN_DB, else ./yanpan.sqlite")
  func storeLocation() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try YanpanProcess.run(["ingest", "grids.csv"], in: dir).status == 0)
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("yanpan.sqlite").path))
    let env = ["YANPAN_DB": dir.appendingPathComponent("env/district.sqlite").path]
    #expect(try YanpanProcess.run(["ingest", "grids.csv"], in: dir, environment: env).status == 0)
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("env/district.sqlite").path))
    #expect(
      try YanpanProcess.run(["ingest", "grids.csv", "--db", "flag.sqlite"], in: dir, environment: env).status
        == 0)
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("flag.sqlite").path))
  }
}
