import Foundation
import GRDB
import Records
import Testing

@testable import Store

/// Old score snapshots go, the recent ones and each month's last one stay.
@Suite("Snapshot retention")
struct SnapshotRetentionTests {
  static func day(_ iso: String) -> Day { Day(iso: iso)! }

  static func store(days: [String]) throws -> Store {
    let store = try Store.inMemory()
    for iso in days {
      let run = ScoreRun(asOf: day(iso), modelVersion: "m", dataFingerprint: "f-\(iso)")
      try store.saveScores(
        run: run, scores: [RiskScore(entity: .grid, id: "G1", score: 0.5, rank: 1, level: .blue)])
    }
    return store
  }

  @Test("days older than the window go, except each month's last; recent and later days stay")
  func prune() throws {
    let store = try Self.store(days: [
      "2026-01-10", "2026-01-31", "2026-02-15", "2026-02-20", "2026-04-09", "2026-04-10", "2026-05-01",
      "2026-05-12",
    ])
    let dropped = try store.pruneSnapshots(asOf: Self.day("2026-05-10"), keepingDays: 30)
    // 30 days before 2026-05-10 is 2026-04-10: 04-09 is older and not April's last snapshot day.
    #expect(dropped == ["2026-01-10", "2026-02-15", "2026-04-09"].map(Self.day))
    let kept = try store.scoreRuns().map(\.asOf.iso).sorted()
    #expect(kept == ["2026-01-31", "2026-02-20", "2026-04-10", "2026-05-01", "2026-05-12"])
    // Their blocks go with them: one block per kept snapshot is left.
    #expect(try store.queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM score_blocks") } == 5)
    // What a dropped day's lists would read now is the latest kept snapshot before it.
    #expect(
      try store.latestScores(asOf: Self.day("2026-02-16"), entities: [.grid], contributions: false)?.run.asOf
        == Self.day("2026-01-31"))
    // A second run drops nothing more; no window keeps everything.
    #expect(try store.pruneSnapshots(asOf: Self.day("2026-05-10"), keepingDays: 30).isEmpty)
    #expect(try store.pruneSnapshots(asOf: Self.day("2027-01-01"), keepingDays: nil).isEmpty)
  }
}

/// What the nightly keeps of its issued patrol lists, a record per night and lists folder.
@Suite("Issued lists kept by night")
struct IssuedListsRetentionTests {
  @Test("a night finds the newest record before it for its folder; only the newest nights stay")
  func newestBefore() throws {
    let store = try Store.inMemory()
    for (k, iso) in ["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-05"].enumerated() {
      try store.keepIssuedLists([UInt8(k)], out: "/lists", night: Day(iso: iso)!, keeping: 3)
    }
    try store.keepIssuedLists([9], out: "/other", night: Day(iso: "2026-05-04")!, keeping: 3)
    // A rerun replaces its night's record.
    try store.keepIssuedLists([7], out: "/lists", night: Day(iso: "2026-05-03")!, keeping: 3)
    let before6 = try #require(try store.issuedLists(out: "/lists", before: Day(iso: "2026-05-06")!))
    #expect(before6.night.iso == "2026-05-05" && before6.bytes == [3])
    let before5 = try #require(try store.issuedLists(out: "/lists", before: Day(iso: "2026-05-05")!))
    #expect(before5.night.iso == "2026-05-03" && before5.bytes == [7])
    // 2026-05-01 was dropped: only the three newest nights of a folder stay.
    #expect(try store.issuedLists(out: "/lists", before: Day(iso: "2026-05-02")!) == nil)
    #expect(try store.issuedLists(out: "/other", before: Day(iso: "2026-05-06")!)?.bytes == [9])
  }
}
