import Foundation
import TestSupport

/// Small input files for the ingest tests, written as an analyst's exports would be.
enum IngestFixtures {
  /// A raw ID-card number that must never reach the store, the rejects file or any output.
  static let rawIDCard = "110101199003071234"
  static let rawPhone = "13912345678"

  static let grids = """
    grid_id,name,subdistrict_id,community_id,kind,households,population,lon,lat
    G1,一网格,S1,C1,urban,350,900,116.40,39.90
    G2,二网格,S1,C1,rural,50,120,116.41,39.91

    """

  static let shops = """
    商铺编号,店名,所属街路,所属网格,行业类别,重点标签
    SH1,老王烧烤,ST1,G1,餐饮,food;crowded
    SH2,好运网吧,ST1,G2,网吧,crowded

    """

  /// Four incidents: one with an unknown category label, one with a bad time, one in an unknown grid.
  static let incidents = """
    incident_id,occurred_at,category,severity,grid_id,shop_id,status,备注
    E1,2023-05-07 14:03,邻里纠纷,1,G1,,open,楼上漏水
    E2,2023年5月8日,打架斗殴,2,G2,SH2,resolved,
    E3,2023/5/9,广场舞扰民,1,G1,,open,
    E4,not a date,打架斗殴,2,G1,,open,
    E5,2023-05-10,打架斗殴,2,G9,,open,

    """

  /// Petitions carrying raw identities: one good row, one rejected row (no location).
  static let petitions = """
    信访编号,受理时间,信访形式,信访事项,身份证号,人数,网格编号,是否满意
    P1,2023-05-07,来访,住房,\(rawIDCard),1,G1,满意
    P2,2023-05-08,来信,拆迁,\(rawPhone),6,,

    """

  static func write(_ text: String, to directory: URL, as name: String) throws -> URL {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }

  /// A directory holding grids.csv, shops.csv, incidents.csv and petitions.csv.
  static func district() throws -> URL {
    let dir = try Fixtures.temporaryDirectory("ingest")
    _ = try write(grids, to: dir, as: "grids.csv")
    _ = try write(shops, to: dir, as: "shops.csv")
    _ = try write(incidents, to: dir, as: "incidents.csv")
    _ = try write(petitions, to: dir, as: "petitions.csv")
    return dir
  }

  /// `count` incidents in grid G1, one per line, ids `B1`…; about 60 bytes a row.
  static func bigIncidents(_ count: Int, to url: URL) throws {
    FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    var chunk = "incident_id,occurred_at,category,severity,grid_id\n"
    for n in 1...count {
      chunk += "B\(n),2023-0\(n % 9 + 1)-1\(n % 10) 0\(n % 10):00,打架斗殴,2,G1\n"
      if chunk.utf8.count > 1 << 20 {
        try handle.write(contentsOf: Data(chunk.utf8))
        chunk = ""
      }
    }
    try handle.write(contentsOf: Data(chunk.utf8))
  }

  /// `bigIncidents` with a rejected row first, so that the rejects file's partial copy appears
  /// once an ingest of it is inside its transaction, and the rows after it keep the run busy.
  static func bigIncidentsRejectedFirst(_ count: Int, to url: URL) throws {
    try bigIncidents(count, to: url)
    let header = "incident_id,occurred_at,category,severity,grid_id\n"
    let text = try String(contentsOf: url, encoding: .utf8)
    try Data(text.replacingOccurrences(of: header, with: header + "B0,not a date,打架斗殴,2,G1\n").utf8).write(
      to: url)
  }

  /// Runs `yanpan ARGUMENTS` in `dir` and kills it with SIGKILL midway: once its rejects file's
  /// partial copy (`y.sqlite.rejects.csv.partial-…`) appears, or after 60 s.
  /// - Returns: the killed process, waited for.
  static func killMidway(_ arguments: [String], in dir: URL) throws -> Process {
    let (process, _, _) = try YanpanProcess.start(arguments, in: dir)
    let deadline = Date().addingTimeInterval(60)
    func midway() -> Bool {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
      return names.contains { $0.hasPrefix("y.sqlite.rejects.csv.partial-") }
    }
    while process.isRunning && !midway() && Date() < deadline { usleep(1_000) }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    return process
  }
}
