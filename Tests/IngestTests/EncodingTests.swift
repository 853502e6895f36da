import Foundation
import Ingest
import Records
import TestSupport
import Testing

@Suite struct EncodingTests {
  typealias Kit = IngestTestKit

  static let text = "网格编号,网格名称,所属街道,所属社区,网格类型,户数\nG1,东风一网格,街道甲,社区乙,城区,350\nG2,西河村网格,镇丙,村丁,农区,48\n"

  func check(_ rows: [IngestRow]) {
    #expect(
      Kit.records(rows) == [
        .grid(
          Grid(
            id: "G1", name: "东风一网格", subdistrictID: "街道甲", communityID: "社区乙", kind: .urban, households: 350)),
        .grid(
          Grid(id: "G2", name: "西河村网格", subdistrictID: "镇丙", communityID: "村丁", kind: .rural, households: 48)),
      ])
  }

  @Test("UTF-8")
  func utf8() throws {
    let (rows, summary) = try Kit.read(try Kit.file("g.csv", Self.text))
    #expect(summary.encoding == .utf8)
    check(rows)
  }

  @Test("UTF-8 with BOM (Excel's CSV UTF-8)")
  func bom() throws {
    let (rows, summary) = try Kit.read(try Kit.file("g.csv", [0xEF, 0xBB, 0xBF] + Array(Self.text.utf8)))
    #expect(summary.encoding == .utf8BOM)
    #expect(summary.unknownColumns.isEmpty)
    check(rows)
  }

  @Test("GB18030 detected without being told")
  func gb18030() throws {
    let (rows, summary) = try Kit.read(try Kit.file("g.csv", Kit.gb18030(Self.text)))
    #expect(summary.encoding == .gb18030)
    check(rows)
  }

  @Test("A UTF-8 file with rows appended from a GBK export reads whole")
  func mixed() throws {
    let lines = Self.text.split(separator: "\n").map(String.init)
    let bytes = Array((lines[0] + "\n" + lines[1] + "\n").utf8) + Kit.gb18030(lines[2] + "\n")
    let (rows, summary) = try Kit.read(try Kit.file("g.csv", bytes))
    #expect(summary.encoding == .mixed)
    check(rows)
  }

  @Test("Full-width digits and letters, ideographic spaces and stray spaces are normalized")
  func fullWidth() throws {
    let text = "grid_id , subdistrict_id,community_id,households\n　Ｇ１ ,SD, C ,３５０\n"
    let (rows, _) = try Kit.read(try Kit.file("g.csv", text))
    #expect(
      Kit.records(rows) == [.grid(Grid(id: "G1", subdistrictID: "SD", communityID: "C", households: 350))])
  }

  @Test("A GB18030 export with Chinese headers and 2023年5月7日 dates reads as a new user would give it")
  func gbIncidents() throws {
    let text = "事件编号,发生时间,纠纷类型,网格编号,办理状态\r\nE1,2023年5月7日,邻里纠纷,G1,调解成功\r\nE2,2023年5月8日14时30分,劳资纠纷,G2,已办结\r\n"
    let (rows, summary) = try Kit.read(try Kit.file("纠纷台账.csv", Kit.gb18030(text)))
    #expect(summary.encoding == .gb18030 && summary.kind == .records(.incidents))
    let incidents = Kit.records(rows).compactMap { r -> Incident? in
      if case .incident(let i) = r { return i }
      return nil
    }
    #expect(incidents.map(\.category) == ["dispute.neighbor", "dispute.labor"])
    #expect(incidents.map(\.isDispute) == [true, true])
    #expect(incidents.map(\.status) == [.mediated, .resolved])
    #expect(
      incidents.map(\.occurredAt) == [
        Fixtures.date(2023, 5, 7), Fixtures.date(2023, 5, 8).addingTimeInterval(14.5 * 3600),
      ])
  }

  @Test("A file in neither UTF-8 nor GB18030 (UTF-16) is one InputError before any row")
  func unreadable() throws {
    var utf16: [UInt8] = [0xFF, 0xFE]
    for unit in "grid_id,neighbor_id\nG1,G2\n".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    let url = try Kit.file("adj.csv", utf16)
    defer { Kit.remove(url) }
    #expect(throws: InputError.self) { _ = try RecordFileReader(url: url, options: Kit.options()) }
  }
}
