import Foundation
import Records
import Store
import TestSupport
import Testing

@Suite("Opening a store")
struct StoreOpeningTests {
  @Test("a new store file is created in WAL mode with every record table empty")
  func newStore() throws {
    let dir = try Fixtures.temporaryDirectory("store")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("y.sqlite").path
    let store = try Store(path: path)
    #expect(try store.journalMode() == "wal")
    let counts = try store.counts()
    #expect(counts["incidents"] == 0)
    #expect(counts["petitions"] == 0)
    #expect(counts.count == 10)
  }

  @Test("a file that is not SQLite is refused as bad input")
  func notAStore() throws {
    let dir = try Fixtures.temporaryDirectory("store")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("notes.sqlite")
    try Data(repeating: 0x41, count: 4096).write(to: url)
    #expect(throws: InputError.self) { try Store(path: url.path) }
  }
}
