import Foundation
import Ingest
import Records
import TestSupport
import Testing

@Suite struct PersonalDataTests {
  typealias Kit = IngestTestKit

  @Test("Pseudonyms: HMAC-SHA-256 hex, the same for spellings of one identity, different across keys")
  func pseudonyms() {
    let a = Kit.key.pseudonym(of: "11010519491231002x")!
    #expect(a.count == 64)
    #expect(Kit.key.pseudonym(of: " 110105 19491231 002X ") == a)
    #expect(Kit.key.pseudonym(of: "１１０１０５１９４９１２３１００２Ｘ") == a)
    #expect(Kit.key.pseudonym(of: "138-0013-8000") == Kit.key.pseudonym(of: "+8613800138000"))
    #expect(PseudonymKey(hex: String(repeating: "cd", count: 32))!.pseudonym(of: "11010519491231002X") != a)
    #expect(Kit.key.pseudonym(of: "  ") == nil)
  }

  @Test("The key file is created once with owner-only permissions and reused; the environment wins")
  func keyFile() throws {
    let dir = try Fixtures.temporaryDirectory("ingest-key")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("yanpan.sqlite.key")
    let first = try PseudonymKey.load(orCreateAt: url, environment: [:])
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    let again = try PseudonymKey.load(orCreateAt: url, environment: [:])
    #expect(first.pseudonym(of: "13800138000") == again.pseudonym(of: "13800138000"))
    let hex = String(repeating: "ab", count: 32)
    let fromEnv = try PseudonymKey.load(orCreateAt: url, environment: ["YANPAN_PSEUDONYM_KEY": hex])
    #expect(fromEnv.pseudonym(of: "13800138000") == Kit.key.pseudonym(of: "13800138000"))
    let keyFile = try Kit.file("k.hex", hex + "\n")
    defer { Kit.remove(keyFile) }
    let fromFile = try PseudonymKey.load(orCreateAt: url, environment: ["YANPAN_KEY_FILE": keyFile.path])
    #expect(fromFile.pseudonym(of: "x1") == Kit.key.pseudonym(of: "x1"))
    #expect(throws: InputError.self) {
      _ = try PseudonymKey.load(orCreateAt: url, environment: ["YANPAN_PSEUDONYM_KEY": "not hex"])
    }
  }

  static let ids = ["11010519491231002X", "13800138000", "440301199001011234", "139 1234 5678"]

  @Test("No raw petitioner id appears in any output of the reader: records, rejects, reasons, summary")
  func noLeak() throws {
    var text = "信访编号,受理时间,信访事项,身份证号,网格编号,办理期限,备注\n"
    text += "P1,2023-01-01,住房,\(Self.ids[0]),G1,,\n"  // accepted
    text += "P2,不是日期,住房,\(Self.ids[1]),G1,,\n"  // rejected: bad time
    text += "P3,2023-01-01,住房,\(Self.ids[2]),G1,\(Self.ids[2]),\n"  // rejected: id in a date field
    text += "P4,2023-01-01,\(Self.ids[3]),\(Self.ids[3]),,,电话\(Self.ids[1])\n"  // id as category, no grid
    for file in ["p.csv", "p.tsv"] {
      let body = file.hasSuffix(".tsv") ? text.replacingOccurrences(of: ",", with: "\t") : text
      let (rows, summary) = try Kit.read(try Kit.file(file, body))
      #expect(rows.count == 4)
      #expect(summary.rejected == 3)
      var outputs = rows.map { "\($0.raw) \($0.result)" }
      outputs += summary.unknownCategories.keys
      for row in rows { if case .success(let r) = row.result { outputs.append("\(r.canonicalFields)") } }
      for output in outputs {
        for id in Self.ids + Self.ids.map({ $0.replacingOccurrences(of: " ", with: "") }) {
          #expect(!output.contains(id), "\(output)")
        }
      }
      #expect(rows[1].raw.contains("***"))
    }
  }

  @Test("JSON Lines petitions: rejected lines are masked too")
  func noLeakJSON() throws {
    let text = """
      {"petition_id":"P1","received_at":"bad","category":"住房","petitioner_id":"\(Self.ids[0])","grid_id":"G1"}
      {"petition_id":"P2","received_at":"2023-01-01","category":"住房","联系电话":"\(Self.ids[3])","grid_id":"G1"}
      """
    let (rows, _) = try Kit.read(try Kit.file("p.jsonl", text))
    #expect(rows.count == 2)
    #expect(!rows[0].raw.contains(Self.ids[0]) && rows[0].raw.contains("***"))
    guard case .petition(let p) = try rows[1].result.get() else { return }
    #expect(p.petitionerKey == Kit.key.pseudonym(of: Self.ids[3]))
  }
}
