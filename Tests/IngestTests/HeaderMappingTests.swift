import Foundation
import Ingest
import Records
import TestSupport
import Testing

@Suite struct HeaderMappingTests {
  typealias Kit = IngestTestKit

  @Test("The kind is inferred from the header for every record kind", arguments: RecordKind.allCases)
  func inference(_ kind: RecordKind) throws {
    let header =
      kind.fields.filter(\.required).map(\.name)
      + (kind == .incidents || kind == .petitions ? ["grid_id"] : [])
    let url = try Kit.file("x.csv", header.joined(separator: ",") + "\n")
    defer { Kit.remove(url) }
    let reader = try RecordFileReader(url: url, options: Kit.options())
    #expect(reader.summary.kind == .records(kind))
  }

  @Test("The addresses table is its own kind")
  func addresses() throws {
    let (rows, summary) = try Kit.read(try Kit.file("addresses.csv", "地址,网格编号\n长江路12号,G1\n"))
    #expect(summary.kind == .addresses)
    #expect(Kit.records(rows) == [.address(AddressEntry(address: "长江路12号", gridID: "G1"))])
  }

  @Test("Every contract alias maps to its field", arguments: RecordKind.allCases)
  func contractAliases(_ kind: RecordKind) {
    for spec in kind.fields {
      for alias in spec.aliases {
        #expect(AliasMap.contract.field(forHeader: alias, kind: .records(kind)) == spec.name, "\(alias)")
      }
    }
  }

  @Test(
    "Chinese headers, shuffled columns and an unknown column: the record is the same, the column reported")
  func chineseShuffled() throws {
    let text = "备注,事件类别,发生时间,网格编号,事件编号\n路人,打架斗殴,2023年5月7日,G1,E1\n"
    let (rows, summary) = try Kit.read(try Kit.file("incidents.csv", text))
    #expect(summary.kind == .records(.incidents))
    #expect(summary.unknownColumns == ["备注"])
    guard case .incident(let e) = try rows[0].result.get() else { return }
    #expect(e.id == "E1" && e.category == "public_order.fight" && e.severity == 2 && e.gridID == "G1")
    #expect(e.occurredAt == Fixtures.date(2023, 5, 7))
  }

  @Test("A missing required column is one InputError naming the file, the field and its aliases")
  func missingRequired() throws {
    let url = try Kit.file("incidents.csv", "事件编号,事件类别,网格编号\nE1,打架斗殴,G1\n")
    defer { Kit.remove(url) }
    #expect {
      _ = try RecordFileReader(url: url, options: Kit.options())
    } throws: { error in
      guard let e = error as? InputError else { return false }
      return e.file == url.path && e.field == "occurred_at" && e.problem.contains("发生时间")
        && e.problem.contains("登记时间")
    }
  }

  @Test("A header of no known kind asks for --kind")
  func unknownKind() throws {
    let url = try Kit.file("x.csv", "foo,bar\n1,2\n")
    defer { Kit.remove(url) }
    #expect(throws: InputError.self) { _ = try RecordFileReader(url: url, options: Kit.options()) }
  }

  @Test("models/aliases.yaml adds headers and labels; the shipped file parses")
  func aliasesFile() throws {
    let shipped = try AliasMap.load(from: Fixtures.modelsDirectory.appendingPathComponent("aliases.yaml"))
    #expect(shipped.version >= 1)
    #expect(shipped.field(forHeader: "案发时间", kind: .records(.incidents)) == "occurred_at")
    let custom = try AliasMap(
      yaml: """
        version: 2
        columns:
          incidents:
            occurred_at: [出警时间]
            category: [警情类别]
        values:
          incidents:
            status: {已出警: escalated}
        """)
    let text = "警情类别,出警时间,网格编号,事件编号,状态\n火情,2022-3-5 14:03,G1,E1,已出警\n"
    let (rows, _) = try Kit.read(try Kit.file("i.csv", text), options: Kit.options(aliases: custom))
    guard case .incident(let e) = try rows[0].result.get() else { return }
    #expect(e.category == "safety.fire" && e.status == .escalated)
  }

  @Test("An aliases file naming an unknown field is an InputError")
  func badAliases() {
    #expect(throws: InputError.self) {
      _ = try AliasMap(yaml: "version: 1\ncolumns:\n  incidents:\n    colour: [颜色]\n")
    }
  }

  @Test("Labels: 是/否, 满意/不满意, channels, statuses, results, flags; unknown labels reject with the field")
  func labels() throws {
    let text = """
      信访编号,受理时间,信访形式,信访事项,网格编号,是否满意,人数
      P1,2023-01-02,来访,住房,G1,满意,6
      P2,2023-01-02,12345,拆迁,G1,不满意,
      P3,2023-01-02,网上,社保,G1,否,1
      P4,2023-01-02,飞鸽,社保,G1,是,1
      """
    let (rows, _) = try Kit.read(try Kit.file("p.csv", text))
    let petitions = rows.compactMap { row -> Petition? in
      if case .success(.petition(let p)) = row.result { return p }
      return nil
    }
    #expect(petitions.map(\.channel) == [.visit, .hotline, .online])
    #expect(petitions.map(\.satisfied) == [.yes, .no, .no])
    #expect(petitions.map(\.isCollective) == [true, false, false])
    #expect(petitions.map(\.category) == ["petition.housing", "petition.land", "petition.labor"])
    guard case .failure(let problem) = rows[3].result else {
      Issue.record("飞鸽 should be rejected")
      return
    }
    #expect(problem.field == "channel")
  }

  @Test("受理告知时间 fills `accepted_at`; a petition without it keeps the fingerprint it had before the field")
  func acceptanceNotice() throws {
    let with = "信访编号,受理时间,信访事项,网格编号,受理告知时间\nP1,2023年5月7日,住房,G1,2023年5月20日\n"
    let without = "信访编号,受理时间,信访事项,网格编号,受理告知时间\nP1,2023年5月7日,住房,G1,\n"
    let older = "信访编号,受理时间,信访事项,网格编号\nP1,2023年5月7日,住房,G1\n"
    func petition(_ text: String, _ name: String) throws -> NormalizedRecord {
      try #require(Kit.records(try Kit.read(try Kit.file(name, text)).0).first)
    }
    let told = try petition(with, "a.csv")
    guard case .petition(let p) = told else {
      Issue.record("not a petition")
      return
    }
    let expected = Day(year: 2023, month: 5, day: 20).start(in: .district)
    #expect(p.acceptedAt == expected)
    #expect(try petition(without, "b.csv").fingerprint == petition(older, "c.csv").fingerprint)
    #expect(told.fingerprint != (try petition(older, "c.csv").fingerprint))
  }

  @Test("Unknown categories become `other` and are counted per label; severity defaults from the taxonomy")
  func unknownCategories() throws {
    let text =
      "incident_id,occurred_at,category,severity,grid_id\nE1,2023-01-01,外星人,,G1\nE2,2023-01-01,外星人,重大,G1\nE3,2023-01-01,火灾,,G1\n"
    let (rows, summary) = try Kit.read(try Kit.file("i.csv", text))
    #expect(summary.unknownCategories == ["外星人": 2])
    let incidents = Kit.records(rows).compactMap { r -> Incident? in
      if case .incident(let i) = r { return i }
      return nil
    }
    #expect(incidents.map(\.category) == ["other", "other", "safety.fire"])
    #expect(incidents.map(\.severity) == [1, 4, 3])
  }

  @Test("Shops: flags by code or Chinese label, status labels, opening day")
  func shops() throws {
    let text = "商铺编号,店名,所属街路,所属网格,行业类别,重点标签,经营状态,开业日期\nP1,老王烟花,S1,G1,烟花爆竹,涉危涉爆;crowded,停业,2020年1月2日\n"
    let (rows, _) = try Kit.read(try Kit.file("shops.csv", text))
    guard case .shop(let s) = try rows[0].result.get() else { return }
    #expect(s.category == "shop.fireworks" && s.flags == ["hazmat", "crowded"] && s.status == .closed)
    #expect(s.openedOn == Day(year: 2020, month: 1, day: 2))
  }
}
