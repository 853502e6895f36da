import Foundation
import Records
import Store
import TestSupport
import Testing

@testable import YanpanCLI

/// A small synthetic district (scale 0.05: 44 grids, 600 shops, one year) generated once, with a
/// private copy of the model files so that fitted models never land in the checkout.
struct SmallDistrict {
  let folder: URL
  let inbox: URL
  let models: URL

  static let shared: SmallDistrict = {
    let folder = try! Fixtures.temporaryDirectory("nightly")
    let inbox = folder.appendingPathComponent("inbox")
    let models = folder.appendingPathComponent("models")
    try! FileManager.default.copyItem(at: Fixtures.modelsDirectory, to: models)
    try? FileManager.default.removeItem(at: models.appendingPathComponent("fitted.yaml"))
    let generated = try! YanpanProcess.run(
      ["generate", "--scale", "0.05", "--seed", "3", "--years", "1", "--out", inbox.path], in: folder)
    precondition(generated.status == 0, generated.stderr)
    // The inbox holds what a district would export; the truth is never an input.
    try! FileManager.default.removeItem(at: inbox.appendingPathComponent("truth"))
    return SmallDistrict(folder: folder, inbox: inbox, models: models)
  }()

  /// A fresh folder (store and outputs) for one test.
  func workspace(_ label: String) throws -> URL {
    let url = folder.appendingPathComponent(label)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func run(_ arguments: [String], in directory: URL) throws -> YanpanProcess.Result {
    try YanpanProcess.run(arguments + ["--models", models.path], in: directory)
  }

  /// Every file of the inbox ingested with `yanpan ingest` into `y.sqlite` in a fresh workspace.
  func ingestedStore(_ label: String) throws -> URL {
    let work = try workspace(label)
    let files = try FileManager.default.contentsOfDirectory(atPath: inbox.path)
      .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".geojson") }.sorted()
      .map { inbox.appendingPathComponent($0).path }
    let ingested = try run(["ingest"] + files + ["--db", "y.sqlite", "--quiet"], in: work)
    #expect(ingested.status == 0, "\(ingested.stderr)")
    return work.appendingPathComponent("y.sqlite")
  }
}

/// The fields of one CSV line (RFC 4180 quoting; the lists hold no line breaks inside fields).
private func csvFields(_ line: Substring) -> [String] {
  var fields: [String] = []
  var field = ""
  var quoted = false
  var previous: Character?
  for c in line {
    if c == "\"" {
      if !quoted, previous == "\"" { field.append("\"") }
      quoted.toggle()
    } else if c == ",", !quoted {
      fields.append(field)
      field = ""
    } else {
      field.append(c)
    }
    previous = c
  }
  fields.append(field)
  return fields
}

/// Every file under `folder` with its bytes, by relative path.
private func contents(of folder: URL) throws -> [String: Data] {
  var out: [String: Data] = [:]
  let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
  for case let url as URL in files where !url.hasDirectoryPath {
    out[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
  }
  return out
}

@Suite("nightly, backtest and demo from the command line", .serialized)
struct NightlyBacktestDemoTests {
  let district = SmallDistrict.shared
  let night = "2026-10-31"

  @Test("a nightly run writes every list; a rerun of the same night writes the same bytes")
  func nightlyIsIdempotent() throws {
    let work = try district.workspace("idempotent")
    let out = work.appendingPathComponent("out")
    let args = [
      "nightly", "--inbox", district.inbox.path, "--out", out.path, "--as-of", night, "--db", "y.sqlite",
    ]
    let first = try district.run(args, in: work)
    #expect(first.status == 0, "\(first.stderr)")
    let folder = out.appendingPathComponent(night)
    let firstFiles = try contents(of: folder)
    for name in ["/hotspots.csv", "/hotspots.geojson", "/hotspots.svg", "/summary.md"] {
      #expect(firstFiles[name] != nil, "missing \(name)")
    }
    let streets =
      try String(contentsOf: district.inbox.appendingPathComponent("streets.csv"), encoding: .utf8)
      .split(separator: "\n").count - 1
    #expect(firstFiles.keys.filter { $0.hasPrefix("/patrol/") }.count == streets)
    // CSV for Excel: UTF-8 with a BOM.
    #expect(firstFiles["/hotspots.csv"]!.starts(with: [0xEF, 0xBB, 0xBF]))
    let summary = String(decoding: firstFiles["/summary.md"]!, as: UTF8.self)
    #expect(summary.contains("| incidents.csv | ingested |"))

    let second = try district.run(args, in: work)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(try contents(of: folder) == firstFiles)
  }

  @Test("the next night skips files already ingested and compares with the night before")
  func nextNight() throws {
    let work = try district.workspace("next")
    let out = work.appendingPathComponent("out")
    for day in [night, "2026-11-01"] {
      let r = try district.run(
        ["nightly", "--inbox", district.inbox.path, "--out", out.path, "--as-of", day, "--db", "y.sqlite"],
        in: work)
      #expect(r.status == 0, "\(r.stderr)")
    }
    let summary = try String(
      contentsOf: out.appendingPathComponent("2026-11-01/summary.md"), encoding: .utf8)
    #expect(summary.contains("| incidents.csv | skipped (seen before) |"))
    #expect(summary.contains("上次 previous \(night)"))

    // Shops walked on the first night's first day (2026-11-01) are not listed again the next night
    // within the 7-day revisit interval, unless a hazard re-check calls them back.
    func rows(_ night: String) throws -> [[String]] {
      let folder = out.appendingPathComponent("\(night)/patrol")
      return try FileManager.default.contentsOfDirectory(atPath: folder.path).flatMap { name in
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
          .split(whereSeparator: \.isNewline).dropFirst().map(csvFields)
      }
    }
    // Columns: street_id, day, order, shop_id, …, kind is the 10th.
    let walked = Set(try rows(night).filter { $0[1] == "2026-11-01" }.map { $0[3] })
    #expect(!walked.isEmpty)
    // Within the interval: the days up to 2026-11-07 (a week after the walk, the shop may return).
    let again = try rows("2026-11-01").filter {
      walked.contains($0[3]) && $0[1] < "2026-11-08" && $0[9] != "逾期复查"
    }
    #expect(again.isEmpty, "relisted within the revisit interval: \(again.map { $0[3] })")
  }

  @Test("a night plans from what earlier nights' lists named, kept in the store, as from their files")
  func issuedListsKeptInTheStore() throws {
    let work = try district.workspace("issued")
    let (kept, files) = (work.appendingPathComponent("kept"), work.appendingPathComponent("files"))
    func nightly(_ day: String, out: URL) throws {
      let r = try district.run(
        ["nightly", "--inbox", district.inbox.path, "--out", out.path, "--as-of", day, "--db", "y.sqlite"],
        in: work)
      #expect(r.status == 0, "\(r.stderr)")
    }
    for day in ["2026-10-29", "2026-10-30"] { try nightly(day, out: kept) }
    // The same earlier lists under another folder, for which the store keeps nothing: the night
    // reads them from their files.
    try FileManager.default.copyItem(at: kept, to: files)
    try nightly(night, out: files)
    try nightly(night, out: kept)
    let store = try Store(path: work.appendingPathComponent("y.sqlite").path)
    let record = try #require(try store.issuedLists(out: kept.path, before: Day(iso: "2026-11-01")!))
    #expect(record.night.iso == night)
    let fromKept = try contents(of: kept.appendingPathComponent("\(night)/patrol"))
    #expect(!fromKept.isEmpty)
    #expect(fromKept == (try contents(of: files.appendingPathComponent("\(night)/patrol"))))
  }

  @Test("nightly drops the snapshots older than --keep-days, keeping each month's last")
  func keepDays() throws {
    let work = try district.workspace("keep-days")
    let out = work.appendingPathComponent("out")
    var last = ""
    for day in ["2026-09-30", "2026-10-29", "2026-10-31"] {
      let r = try district.run(
        [
          "nightly", "--inbox", district.inbox.path, "--out", out.path, "--as-of", day, "--db", "y.sqlite",
          "--keep-days", "1",
        ], in: work)
      #expect(r.status == 0, "\(r.stderr)")
      last = r.stdout
    }
    // 2026-10-29 is older than one day and not October's last snapshot; September's last stays.
    #expect(last.contains("1 snapshot day(s) older than 1 days dropped"), "\(last)")
    let store = try Store(path: work.appendingPathComponent("y.sqlite").path)
    #expect(try store.scoreRuns().map(\.asOf.iso).sorted() == ["2026-09-30", "2026-10-31"])
  }

  @Test("nightly --verbose says on stderr how long each step took; without it, nothing of that")
  func verboseSteps() throws {
    let work = try district.workspace("verbose")
    let args = [
      "nightly", "--inbox", district.inbox.path, "--out", "out", "--as-of", night, "--db", "y.sqlite",
    ]
    let quiet = try district.run(args, in: work)
    #expect(quiet.status == 0, "\(quiet.stderr)")
    #expect(!quiet.stderr.contains("nightly: ingest"))
    let verbose = try district.run(args + ["--verbose"], in: work)
    #expect(verbose.status == 0, "\(verbose.stderr)")
    let line = try #require(verbose.stderr.split(separator: "\n").first { $0.hasPrefix("nightly: ingest ") })
    let steps = line.dropFirst("nightly: ".count).split(separator: ", ").map { $0.split(separator: " ") }
    #expect(
      steps.map { $0.dropLast(2).joined(separator: " ") } == [
        "ingest", "score", "read", "lists", "summary", "save", "flush", "log and prune",
      ])
    #expect(steps.allSatisfy { Int($0[$0.count - 2]) != nil && $0.last == "ms" })
  }

  @Test("a second nightly run on a store whose lock is held exits without writing")
  func concurrentNightly() throws {
    let work = try district.workspace("concurrent")
    let db = work.appendingPathComponent("y.sqlite")
    let lock = NightlyLock(db: db)
    try lock.acquire(wait: false)
    defer { lock.release() }
    let out = work.appendingPathComponent("out")
    let r = try district.run(
      ["nightly", "--inbox", district.inbox.path, "--out", out.path, "--as-of", night, "--db", db.path],
      in: work)
    #expect(r.status == 1)
    #expect(r.stderr.contains("another `yanpan nightly` is running"))
    #expect(!FileManager.default.fileExists(atPath: out.path))
    #expect(!FileManager.default.fileExists(atPath: db.path))
  }

  @Test("backtest --json holds the contract's keys for grids and shops, model and naive")
  func backtestJSON() throws {
    let work = try district.workspace("backtest")
    let ingest = try district.run(
      ["ingest"]
        + [
          "grids.csv", "grids.geojson", "grid_adjacency.csv", "addresses.csv", "streets.csv", "shops.csv",
          "incidents.csv", "petitions.csv", "inspections.csv",
        ].map { district.inbox.appendingPathComponent($0).path }
        + ["--db", "y.sqlite", "--quiet"], in: work)
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let r = try district.run(
      [
        "backtest", "--from", "2026-07-01", "--to", "2026-09-01", "--step", "31", "--horizon", "30", "--k",
        "10,20",
        "--json", "--quiet", "--db", "y.sqlite",
      ], in: work)
    #expect(r.status == 0, "\(r.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(object["k"] as? Double == 10)
    for entity in ["grid", "shop"] {
      let methods = try #require(object[entity] as? [String: Any])
      for method in ["model", "naive"] {
        let m = try #require(methods[method] as? [String: Any], "\(entity).\(method)")
        for key in ["pai", "pei", "hit_rate", "precision_at_k", "auc"] {
          #expect(m.keys.contains(key), "\(entity).\(method).\(key)")
        }
        let hit = try #require(m["hit_rate"] as? Double)
        #expect((0...1).contains(hit))
      }
    }
    #expect((object["origins"] as? [Any])?.count == 3)
    #expect((object["by_k"] as? [Any])?.count == 2)
  }

  @Test("patrol for a whole district keeps stderr to its totals unless --verbose")
  func patrolSummaryOnStderr() throws {
    let work = try district.workspace("patrol-stderr")
    let nightly = try district.run(
      ["nightly", "--inbox", district.inbox.path, "--out", "out", "--as-of", night, "--db", "y.sqlite"],
      in: work)
    #expect(nightly.status == 0, "\(nightly.stderr)")
    let args = ["patrol", "--as-of", night, "--format", "csv", "--out", "p.csv", "--db", "y.sqlite"]
    let terse = try district.run(args, in: work)
    let verbose = try district.run(args + ["--verbose"], in: work)
    #expect(terse.status == 0 && verbose.status == 0)
    let terseLines = terse.stderr.split(separator: "\n")
    let verboseLines = verbose.stderr.split(separator: "\n")
    #expect(terseLines.count <= 3, "\(terse.stderr)")
    #expect(terseLines.first == verboseLines.first)
    #expect(terseLines.last?.hasPrefix("→") == true)
    if verboseLines.count > 6 { #expect(terse.stderr.contains("--verbose")) }
  }

  @Test("backtest refuses an empty range and a bad coverage with exit 2")
  func backtestUsage() throws {
    let work = try district.workspace("backtest-usage")
    let backwards = try district.run(["backtest", "--from", "2026-09-01", "--to", "2026-07-01"], in: work)
    #expect(backwards.status == 2)
    let badK = try district.run(
      ["backtest", "--from", "2026-07-01", "--to", "2026-09-01", "--k", "0"], in: work)
    #expect(badK.status == 2)
  }

  @Test("demo builds a district into a fresh store and shows hotspots and a patrol list")
  func demo() throws {
    let work = try district.workspace("demo")
    let r = try district.run(["demo", "--dir", "d", "--scale", "0.05", "--seed", "3"], in: work)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("网格热点"))
    #expect(r.stdout.contains("街路"))
    #expect(r.stdout.contains("read") && r.stdout.contains("rejected 0"))
    #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("d/yanpan.sqlite").path))
    // The demo fits its model into its own copy of the model files.
    #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("d/models/fitted.yaml").path))
  }
}
