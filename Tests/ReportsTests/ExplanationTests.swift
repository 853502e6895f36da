import Foundation
import Records
import TestSupport
import Testing

@testable import Reports

@Suite("Explain: contributions by size, the records behind them, no petitioner identity")
struct ExplanationTests {
  static let asOf = SmallDistrict.asOf
  static let secret = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

  static func explanation(_ language: ReportLanguage = .zh) -> Explanation {
    let grid = SmallDistrict.grid(0, 0)
    let score = RiskScore(
      entity: .grid, id: grid.id, score: 0.8123, rank: 2, level: .red, giZ: 2.7, trend: "new",
      contributions: [
        Contribution(feature: "petitions.hl30", value: 3, contribution: 0.05),
        Contribution(feature: "incidents.violence.hl30", value: 4.2, contribution: 0.31),
        Contribution(feature: "exposure.households", value: 100, contribution: -0.12),
      ],
      reasons: [Reason(zh: "近30天暴力案事件4起", en: "4 violent incidents in 30 days")])
    let day = SmallDistrict.day
    return Explanation(
      score: score, peers: 9, grid: grid, shop: nil,
      run: ScoreRun(asOf: asOf, modelVersion: "test-1", dataFingerprint: "abc"),
      windowStart: asOf.advanced(by: -179),
      incidents: [
        Incident(
          id: "E1", occurredAt: day(2024, 5, 2), category: "public_order.fight", severity: 2, gridID: grid.id),
        Incident(
          id: "E2", occurredAt: day(2024, 5, 30), category: "dispute.neighbor", severity: 1, gridID: grid.id),
      ],
      petitions: [
        Petition(
          id: "P1", receivedAt: day(2024, 4, 1), channel: .visit, category: "petition.housing",
          petitionerKey: secret, petitionerCount: 6, gridID: grid.id, dueAt: day(2024, 5, 1))
      ],
      inspections: [Inspection(id: "I1", inspectedAt: day(2024, 3, 1), shopID: "SH1", hazardsFound: 2)],
      shopNames: ["SH1": "老王烧烤"], taxonomy: Fixtures.taxonomy, language: language)
  }

  @Test("contributions are listed by |contribution|, largest first, with shares of the total")
  func contributions() {
    let ranked = Self.explanation().rankedContributions
    #expect(
      ranked.map(\.contribution.feature) == [
        "incidents.violence.hl30", "exposure.households", "petitions.hl30",
      ])
    let total = 0.31 + 0.12 + 0.05
    #expect(abs(ranked[0].share - 0.31 / total) < 1e-12)
    #expect(abs(ranked.map(\.share).reduce(0, +) - 1) < 1e-12)
  }

  @Test("the text names score, rank of peers, level, Gi* significance, trend and every record id")
  func text() {
    let text = Self.explanation().text()
    #expect(text.contains("第 2 名 / 共 9"))
    #expect(text.contains("红 重大风险"))
    #expect(text.contains("Gi* z = 2.70") && text.contains("p < 0.01"))
    #expect(text.contains("新热点"))
    for id in ["E1", "E2", "P1", "I1"] { #expect(text.contains(id)) }
    #expect(text.contains("2024-05-30") && text.contains("打架斗殴"))
    // Newest first.
    #expect(text.range(of: "E2")!.lowerBound < text.range(of: "E1")!.lowerBound)
    #expect(text.contains("逾期未结"))
  }

  @Test("no form shows the petitioner's pseudonym")
  func privacy() {
    for language in ReportLanguage.allCases {
      let e = Self.explanation(language)
      #expect(!e.text().contains(Self.secret))
      #expect(!e.json().rendered().contains(Self.secret))
      #expect(!e.json().rendered().contains("petitioner_key"))
    }
  }

  @Test("the JSON parses and keeps the records' counts and ids")
  func json() throws {
    let text = Self.explanation(.en).json().rendered()
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(root["id"] as? String == "G00")
    #expect(root["rank"] as? Int == 2 && root["of"] as? Int == 9)
    #expect(root["level"] as? String == "red")
    let records = try #require(root["records"] as? [String: Any])
    let incidents = try #require(records["incidents"] as? [String: Any])
    #expect(incidents["total"] as? Int == 2)
    let listed = try #require(incidents["listed"] as? [[String: Any]])
    #expect(listed.map { $0["incident_id"] as? String } == ["E2", "E1"])
    let contributions = try #require(root["contributions"] as? [[String: Any]])
    #expect(contributions.first?["feature"] as? String == "incidents.violence.hl30")
  }

  @Test("feature codes read word by word; unknown words stay as they are")
  func labels() {
    #expect(FeatureLabel.describe("incidents.violence.hl30", .zh) == "案事件·暴力·半衰期30天")
    #expect(FeatureLabel.describe("petitions.repeat.d90", .en) == "petitions · repeat · last 90 d")
    #expect(FeatureLabel.describe("mystery.x", .zh) == "mystery·x")
  }
}
