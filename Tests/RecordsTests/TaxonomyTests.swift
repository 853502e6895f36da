import TestSupport
import Testing

@testable import Records

@Suite("Taxonomy and record fields")
struct TaxonomyTests {
  let taxonomy = Fixtures.taxonomy

  @Test("codes, Chinese labels and aliases resolve to one category")
  func resolve() {
    #expect(taxonomy.resolve("dispute.neighbor")?.label == "邻里纠纷")
    #expect(taxonomy.resolve("邻里纠纷")?.code == "dispute.neighbor")
    #expect(taxonomy.resolve(" 邻里矛盾 ")?.code == "dispute.neighbor")
    #expect(taxonomy.resolve("KTV")?.code == "shop.entertainment")
    #expect(taxonomy.resolve("ｋｔｖ")?.code == "shop.entertainment")  // full-width, lower case
    #expect(taxonomy.resolve("no such thing") == nil)
    #expect(taxonomy.defaultSeverity(of: "shop.fuel") == 4)
    #expect(taxonomy.group(of: "unknown.code") == Taxonomy.other)
  }

  @Test("the shipped taxonomy covers every domain and codes are unique")
  func shipped() {
    for domain in Taxonomy.Domain.allCases { #expect(!taxonomy.codes(in: domain).isEmpty) }
    let codes = taxonomy.categories.map(\.code)
    #expect(Set(codes).count == codes.count)
    #expect(taxonomy.codes(in: .dispute).allSatisfy { $0.hasPrefix("dispute.") })
    #expect(taxonomy.categories.allSatisfy { (1...4).contains($0.severity) })
  }

  @Test("every kind names its id field among its required fields")
  func fields() {
    for kind in RecordKind.allCases {
      let required = kind.fields.filter(\.required).map(\.name)
      #expect(required.contains(kind.idField))
    }
    #expect(RecordKind.petitions.fields.first { $0.name == "petitioner_id" }?.aliases == ["身份证号", "联系电话"])
  }

  @Test("street members parse from name:role;name:role and back")
  func members() {
    let members = Street.Member.parseList("张三:城管; 李四：民警;王五")
    #expect(
      members == [
        .init(name: "张三", role: "城管"), .init(name: "李四", role: "民警"), .init(name: "王五", role: ""),
      ])
    #expect(Street.Member.format(members) == "张三:城管;李四:民警;王五")
  }
}
