import Foundation
import Ingest
import PropertyBased
import Records
import Testing

/// Generated messy files: shuffled columns under canonical or Chinese names, bad rows, duplicate
/// rows, LF or CRLF, UTF-8 / BOM / GB18030 / rows mixed. Whatever the mess, every data row yields
/// exactly one result, bad rows and only they are rejected, and a record's fingerprint does not
/// depend on how its file was spelled.
@Suite struct MessyInputPropertyTests {
  typealias Kit = IngestTestKit

  struct Row {
    var id: String
    var cells: [String: String]
    var bad: Bool
  }

  /// A seeded source of small choices (PropertyBased's xoshiro256**).
  struct Choices {
    var generator: Xoshiro
    init(state: UInt64) { generator = Xoshiro(seed: (state, 0x9E37_79B9_7F4A_7C15, 1, 2)) }
    mutating func int(_ n: Int) -> Int { Int.random(in: 0..<n, using: &generator) }
  }

  static let columns: [(canonical: String, chinese: String)] = [
    ("incident_id", "事件编号"), ("occurred_at", "发生时间"), ("category", "事件类别"), ("grid_id", "网格编号"),
    ("status", "办理状态"), ("source", "来源"),
  ]
  static let categories = ["打架斗殴", "火灾", "邻里纠纷", "dispute.labor", "未知类别"]
  static let times = ["2023-05-07 08:30", "2023年5月7日", "20230507", "2023/5/7 8:30", "45053"]
  static let statuses = ["", "open", "已办结", "调解成功"]

  static func rows(seed: Int, count: Int) -> [Row] {
    var rng = Choices(state: UInt64(seed))
    var out: [Row] = []
    for i in 0..<count {
      if !out.isEmpty && rng.int(5) == 0 {
        out.append(out[rng.int(out.count)])  // an exact duplicate
        continue
      }
      var cells: [String: String] = [
        "incident_id": "E\(i)", "occurred_at": times[rng.int(times.count)],
        "category": categories[rng.int(categories.count)], "grid_id": "G\(rng.int(9))",
        "status": statuses[rng.int(statuses.count)], "source": rng.int(2) == 0 ? "网格员上报, \"巡查\"" : "110\n转办",
      ]
      var bad = false
      switch rng.int(8) {
      case 0:
        cells["occurred_at"] = "2023-02-30"
        bad = true
      case 1:
        cells["incident_id"] = ""
        bad = true
      case 2:
        cells["status"] = "不存在的状态"
        bad = true
      case 3:
        cells["grid_id"] = ""
        bad = true
      default: break
      }
      out.append(Row(id: "E\(i)", cells: cells, bad: bad))
    }
    return out
  }

  static func csv(_ value: String) -> String {
    value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
      ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
  }

  @Test(
    "Every row yields exactly one result; exactly the bad rows are rejected; fingerprints ignore spelling")
  func ledgerInvariant() async {
    await propertyCheck(count: 25, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...60), Gen.int(in: 0...4))
    {
      seed, count, encoding in
      var rng = Choices(state: UInt64(seed) &+ 7)
      let rows = Self.rows(seed: seed, count: count)
      var order = Array(Self.columns.indices)
      for i in order.indices.reversed() { order.swapAt(i, rng.int(i + 1)) }
      let header = order.map { rng.int(2) == 0 ? Self.columns[$0].canonical : Self.columns[$0].chinese }
      let newline = rng.int(2) == 0 ? "\n" : "\r\n"
      var lines = [header.joined(separator: ",")]
      for row in rows {
        lines.append(
          order.map { Self.csv(row.cells[Self.columns[$0].canonical] ?? "") }.joined(separator: ","))
      }
      var bytes: [UInt8] = []
      for (i, line) in lines.enumerated() {
        let text = line + newline
        switch encoding {
        case 0: bytes += Array(text.utf8)
        case 1: bytes += (i == 0 ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
        case 2: bytes += Kit.gb18030(text)
        default: bytes += i > 0 && rng.int(2) == 0 ? Kit.gb18030(text) : Array(text.utf8)  // mixed
        }
      }
      let (read, summary) = try Kit.read(try Kit.file("incidents.csv", bytes))

      #expect(read.count == rows.count)
      #expect(summary.rows == rows.count)
      #expect(summary.rejected == rows.filter(\.bad).count)
      for (row, result) in zip(rows, read) {
        switch result.result {
        case .success(let record):
          #expect(!row.bad)
          #expect(record.id == row.id)
        case .failure:
          #expect(row.bad)
          #expect(!result.raw.isEmpty)
        }
      }
      // The same record spelled canonically, in UTF-8, LF, canonical column order.
      var canonical = Self.columns.map(\.canonical).joined(separator: ",") + "\n"
      for row in rows {
        canonical +=
          Self.columns.map { Self.csv(row.cells[$0.canonical] ?? "") }.joined(separator: ",") + "\n"
      }
      let (reference, _) = try Kit.read(try Kit.file("reference.csv", canonical))
      #expect(Kit.records(read).map(\.fingerprint) == Kit.records(reference).map(\.fingerprint))
    }
  }

  @Test("Fingerprints: equal for equal records, different when any value changes")
  func fingerprints() throws {
    let text = """
      incident_id,occurred_at,category,grid_id,status
      E1,2023-05-07 08:30,打架斗殴,G1,open
      E1,2023年5月7日8时30分,public_order.fight,G1,
      E1,2023-05-07 08:31,打架斗殴,G1,open
      E1,2023-05-07 08:30,打架斗殴,G2,open
      """
    let (rows, _) = try Kit.read(try Kit.file("i.csv", text))
    let f = Kit.records(rows).map(\.fingerprint)
    #expect(f.count == 4)
    #expect(f[0] == f[1])
    #expect(Set(f).count == 3)
  }
}
