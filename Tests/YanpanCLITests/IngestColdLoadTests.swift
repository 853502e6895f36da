import Foundation
import Records
import Store
import TestSupport
import Testing

/// A first ingest into a store that does not exist yet fills `<db>.loading` and moves it into
/// place when the run commits (`Store.bulkLoad`): the same store as a journaled ingest, and a
/// killed run leaves no store behind.
@Suite("yanpan ingest into a new store: loaded aside, moved into place")
struct IngestColdLoadTests {
  @Test("killed with SIGKILL midway, there is still no store; a rerun completes and finds the rest")
  func killedColdLoad() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    try IngestFixtures.bigIncidentsRejectedFirst(40_000, to: dir.appendingPathComponent("big.csv"))
    let process = try IngestFixtures.killMidway(
      ["ingest", "grids.csv", "big.csv", "--db", "y.sqlite", "--quiet"], in: dir)
    #expect(process.terminationReason == .uncaughtSignal, "the run must be killed, not finish")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("y.sqlite").path))

    let (rerun, report) = try IngestCommandTests.ingest(["grids.csv", "big.csv"], in: dir)
    #expect(rerun.status == 0, "stderr: \(rerun.stderr)")
    let ledger = IngestCommandTests.ledger(report)
    #expect(ledger["rejected"] == 1)
    #expect(ledger["updated"] == 0 && ledger["duplicate"] == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(!names.contains("y.sqlite.loading"), "the loading file is moved, not left beside the store")
    let store = try Store(path: dir.appendingPathComponent("y.sqlite").path)
    #expect(try store.journalMode() == "wal")
    #expect(try store.counts()["incidents"] == 40_000)
    #expect(try store.ingestedFiles().count == 2)
  }

  @Test("a new store loaded aside holds what an existing store's journaled ingest holds")
  func sameAsJournaled() throws {
    let dir = try IngestFixtures.district()
    defer { try? FileManager.default.removeItem(at: dir) }
    let files = IngestCommandTests.districtFiles
    func ingest(into db: String) throws -> [String: Int] {
      let result = try YanpanProcess.run(["ingest"] + files + ["--json", "--db", db], in: dir)
      #expect(result.status == 0, "stderr: \(result.stderr)")
      let report =
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
      return IngestCommandTests.ledger(report)
    }
    let coldLedger = try ingest(into: "cold.sqlite")
    // The same files into a store that already exists (an empty one): the journaled path.
    _ = try Store(path: dir.appendingPathComponent("warm.sqlite").path)
    let warmLedger = try ingest(into: "warm.sqlite")
    #expect(coldLedger == warmLedger)
    #expect(coldLedger["accepted"].map { $0 > 0 } == true)
    let a = try Store(path: dir.appendingPathComponent("cold.sqlite").path)
    let b = try Store(path: dir.appendingPathComponent("warm.sqlite").path)
    #expect(try a.counts() == b.counts())
    let (da, db) = (try a.loadDistrict(asOf: nil), try b.loadDistrict(asOf: nil))
    #expect(da.incidents == db.incidents)
    #expect(da.shops == db.shops)
    #expect(da.grids == db.grids)
    // Petitioner keys differ only through the key: each store has its own key file unless given.
    #expect(da.petitions.map(\.id) == db.petitions.map(\.id))
  }
}
