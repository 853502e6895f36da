import Foundation
import TestSupport
import Testing

/// The Chicago files of `../shared/data/chicago-food` (real public records; see SOURCE.md there),
/// or nil where they are not present.
private let chicagoData: URL? = {
  let candidates = [
    Fixtures.sharedData?.appendingPathComponent("chicago-food"),
    URL(fileURLWithPath: "/work/shared/data/chicago-food"),
  ]
  return candidates.compactMap { $0 }.first {
    FileManager.default.fileExists(
      atPath: $0.appendingPathComponent("food_inspections_canvass_2011_2014.csv.gz").path)
  }
}()

/// The Chicago pipeline of scripts/chicago.sh on a small slice: the first 2,000 rows of each raw
/// file, copied into a temporary folder by the test (the data is never part of the project).
// Real data is not shipped with the project: the test runs only where ../shared/data is present
// (developer machines and CI here) and is recorded as skipped elsewhere.
@Suite(
  "Chicago slice: grid, mapping files, ingest and backtest on real records", .serialized,
  .enabled(
    if: chicagoData != nil, "needs ../shared/data/chicago-food (real Chicago records), not present here"))
struct ChicagoSliceTests {
  let rows = 2000

  /// The first `rows` data rows of a `.gz` file, as a plain CSV in `dir`.
  func slice(_ name: String, into dir: URL) throws -> URL {
    let source = chicagoData!.appendingPathComponent(name)
    let target = dir.appendingPathComponent(String(name.dropLast(3)))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", "gzip -dc \"$1\" | head -n \(rows + 1) > \"$2\"", "sh", source.path, target.path]
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    return target
  }

  func ledger(_ r: YanpanProcess.Result) throws -> [String: Int] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    var out: [String: Int] = [:]
    for key in ["read", "accepted", "updated", "duplicate", "rejected"] { out[key] = object[key] as? Int }
    return out
  }

  @Test("the slice ingests with the ledger balanced, nothing of a kind rejected wholesale, and backtests")
  func pipeline() throws {
    let dir = try Fixtures.temporaryDirectory("chicago")
    defer { try? FileManager.default.removeItem(at: dir) }
    let canvass = try slice("food_inspections_canvass_2011_2014.csv.gz", into: dir)
    let sanitation = try slice("sanitation_311_complaints_2011_2014.csv.gz", into: dir)
    let burglary = try slice("burglary_2011_2014.csv.gz", into: dir)

    let grid = try YanpanProcess.run(
      ["grid", "--cell", "1000", "--from", canvass.path, sanitation.path, burglary.path, "--out", "grid"],
      in: dir)
    #expect(grid.status == 0, "\(grid.stderr)")

    let prepare = Process()
    prepare.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    prepare.arguments = [
      "python3", Fixtures.packageRoot.appendingPathComponent("scripts/establishments.py").path, canvass.path,
      dir.appendingPathComponent("shops.csv").path,
    ]
    prepare.standardError = FileHandle.nullDevice
    try prepare.run()
    prepare.waitUntilExit()
    #expect(prepare.terminationStatus == 0)

    let aliases = Fixtures.modelsDirectory.appendingPathComponent("chicago/aliases.yaml").path
    func ingest(_ args: [String]) throws -> [String: Int] {
      let r = try YanpanProcess.run(
        ["ingest"] + args + ["--db", "c.sqlite", "--aliases", aliases, "--json", "--quiet"], in: dir)
      #expect(r.status == 0, "\(args): \(r.stderr)")
      let l = try ledger(r)
      // Nothing lost: every row read ends as exactly one of the four.
      #expect(l["read"] == l["accepted"]! + l["updated"]! + l["duplicate"]! + l["rejected"]!, "\(args)")
      return l
    }
    let geography = try ingest(["grid/grids.csv", "grid/grids.geojson", "grid/grid_adjacency.csv"])
    #expect(geography["rejected"] == 0)
    let shops = try ingest(["shops.csv"])
    let inspections = try ingest(["--kind", "inspections", canvass.path])
    let petitions = try ingest(["--kind", "petitions", sanitation.path])
    let incidents = try ingest(["--kind", "incidents", burglary.path])
    #expect(inspections["read"] == rows)
    // The mapping fits: rows are rejected only for a missing location or category (a few percent).
    for (name, l) in [
      ("shops", shops), ("inspections", inspections), ("petitions", petitions), ("incidents", incidents),
    ] {
      #expect(Double(l["rejected"]!) < 0.05 * Double(l["read"]!), "\(name): \(l)")
    }

    let ahp = Fixtures.modelsDirectory.appendingPathComponent("weights-ahp.yaml").path
    let backtest = try YanpanProcess.run(
      [
        "backtest", "--from", "2011-11-30", "--to", "2012-01-29", "--step", "30", "--horizon", "30", "--k",
        "20",
        "--model", ahp, "--json", "--quiet", "--db", "c.sqlite",
      ], in: dir)
    #expect(backtest.status == 0, "\(backtest.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(backtest.stdout.utf8)) as? [String: Any])
    let shop = try #require(object["shop"] as? [String: Any])
    for method in ["model", "naive"] {
      let m = try #require(shop[method] as? [String: Any])
      let precision = try #require(m["precision_at_k"] as? Double)
      #expect((0...1).contains(precision))
      let lift = try #require(m["lift"] as? Double)
      #expect(lift.isFinite && lift >= 0)
    }
    let origins = try #require(object["origins"] as? [[String: Any]])
    #expect(origins.count == 3)
    // Inspections with a critical violation fall in these windows, so days earlier is a number.
    #expect(origins.contains { ($0["days_earlier"] as? Double)?.isFinite == true })
  }
}
