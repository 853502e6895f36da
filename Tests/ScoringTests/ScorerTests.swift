import Foundation
import LinearAlgebra
import Records
import TestSupport
import Testing

@testable import Scoring

@Suite("Scoring a district end to end")
struct ScorerTests {
  static let simulated = SimulatedDistrict()
  static let asOf = Day(year: 2024, month: 6, day: 30)

  static func model(_ name: String) throws -> ScoringModel {
    let url = Fixtures.modelsDirectory.appendingPathComponent("\(name).yaml")
    return try ScoringModel(yaml: String(contentsOf: url, encoding: .utf8), file: url.path)
  }

  @Test(
    "every grid and shop gets one score, ranks 1…n, and quantile levels",
    arguments: [
      "weights-expert", "weights-ahp", "weights-entropy",
    ])
  func everyEntityScored(modelName: String) throws {
    let prepared = PreparedDistrict(Self.simulated.district, asOf: Self.asOf, taxonomy: Fixtures.taxonomy)
    let result = try Scorer.score(prepared, model: Self.model(modelName))
    #expect(result.grids.count == 100)
    #expect(result.shops.count == 300)
    #expect(Set(result.grids.map(\.rank)) == Set(1...100))
    #expect(Set(result.shops.map(\.rank)) == Set(1...300))
    #expect(result.grids.filter { $0.level == .red }.count == 5)
    #expect(result.grids.filter { $0.level == .orange }.count == 10)
    #expect(result.shops.filter { $0.level == .red }.count == 15)
    let trends = Set(EmergingHotspot.allCases.map(\.rawValue))
    #expect(result.grids.allSatisfy { $0.giZ != nil && trends.contains($0.trend ?? "?") })
    #expect(result.grids.allSatisfy { $0.contributions.count <= 8 && $0.reasons.count <= 3 })
    // A ranking better than chance against the planted risk.
    let scores = result.grids.map(\.score)
    #expect(Metrics.spearman(scores, Self.simulated.risk) > 0.5)
  }

  @Test("reasons are short sentences that quote counts, in Chinese and English")
  func reasons() throws {
    let prepared = PreparedDistrict(
      TinyDistrict.district, asOf: TinyDistrict.asOf, taxonomy: Fixtures.taxonomy)
    let model = try ScoringModel(
      yaml: """
        method: expert
        grid:
          weights: {shops.overdue_hazards: 2, petitions.repeat.d90: 1, lag.incidents.hl7: 1}
        shop:
          weights: {shop.overdue_hazards: 1, shop.flag.hazmat: 1}
        """, file: "reasons.yaml")
    let result = try Scorer.score(prepared, model: model)
    let a = try #require(result.grids.first { $0.id == "A" })
    #expect(a.reasons.map(\.zh) == ["2 项隐患逾期未整改", "近90天同一信访人重复信访 2 次"])
    #expect(a.reasons.first?.en == "2 hazards past their rectification deadline")
    let b = try #require(result.grids.first { $0.id == "B" })
    #expect(b.reasons.map(\.zh) == ["相邻网格近7天 2 起案事件"])
    let s1 = try #require(result.shops.first { $0.id == "S1" })
    #expect(s1.reasons.map(\.zh) == ["2 项隐患逾期未整改"])
    let s2 = try #require(result.shops.first { $0.id == "S2" })
    #expect(s2.reasons.map(\.zh) == ["涉危涉爆重点场所"])
    // With linear weights the contributions add up to the score.
    for g in result.grids {
      #expect(abs(g.contributions.map(\.contribution).reduce(0, +) - g.score) < 1e-9)
    }
  }

  @Test(
    "each unit keeps its largest contributions by size, ties in feature order; its reasons are its largest positive ones with a count to show, one per family, looking past those kept"
  )
  func explainOrder() throws {
    // 600 units (past a tile of rows), 12 features of 4 families, two unused; values drawn from a
    // few numbers, so that ties and zero counts are common.
    let (n, p) = (600, 12)
    let weights: [Double] = [1, -1, 0.5, 0, 2, -0.5, 1, 1, 0, -2, 0.5, 1]
    var state: UInt64 = 7
    func draw(_ choices: [Double]) -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return choices[Int(state >> 33) % choices.count]
    }
    let descriptors = (0..<p).map { j in
      FeatureDescriptor(
        name: "f\(j)", family: "family\(j % 4)", transform: .identity, zh: "特征\(j) {n} 起",
        en: "feature \(j): {n}")
    }
    let shown = Matrix(rows: n, columns: p, columnMajor: (0..<(n * p)).map { _ in draw([0, 1, 2]) })
    let features = FeatureMatrix(descriptors: descriptors, values: shown, display: shown)
    let z = Matrix(rows: n, columns: p, columnMajor: (0..<(n * p)).map { _ in draw([-1, 0, 1, 2]) })
    let part = Scorer.Part(
      scores: (0..<n).map { Double($0) }, z: z, weights: weights, names: descriptors.map(\.name))
    let sheet = Scorer.explain(
      entity: .shop, ids: (0..<n).map { "S\($0)" }, features: features, part: part,
      options: ScoringOptions(contributionsKept: 3, reasonsKept: 3))
    var lookedPast = 0
    for i in 0..<n {
      // What a stable sort of every used term by size says.
      let terms = (0..<p).filter { weights[$0] != 0 }.map { (j: $0, c: weights[$0] * z[i, $0]) }
        .enumerated().sorted { a, b in
          abs(a.element.c) != abs(b.element.c) ? abs(a.element.c) > abs(b.element.c) : a.offset < b.offset
        }.map(\.element)
      var families: Set<Int> = []
      let reasons = terms.filter { t in
        t.c > 0 && shown[i, t.j] > 0 && families.insert(t.j % 4).inserted
      }.prefix(3)
      let score = sheet.score(at: i)
      #expect(score.contributions.map(\.feature) == terms.prefix(3).map { "f\($0.j)" })
      #expect(score.contributions.map(\.contribution) == terms.prefix(3).map(\.c))
      #expect(score.contributions.map(\.value) == terms.prefix(3).map { shown[i, $0.j] })
      #expect(score.reasons.map(\.en) == reasons.map { "feature \($0.j): \(Int(shown[i, $0.j]))" })
      if reasons.contains(where: { r in !terms.prefix(3).contains { $0.j == r.j } }) { lookedPast += 1 }
    }
    // The case where reasons come from beyond the kept contributions is exercised.
    #expect(lookedPast > 50)
    // Slots past a unit's contributions and reasons hold zeros.
    let (c, r) = (sheet.contributionStride, sheet.reasonStride)
    let unusedZero = (0..<n).allSatisfy { i in
      (Int(sheet.contributionCounts[i])..<c).allSatisfy {
        sheet.contributionFeatures[i * c + $0] == 0 && sheet.contributionValues[i * c + $0] == 0
          && sheet.contributionAmounts[i * c + $0] == 0
      }
        && (Int(sheet.reasonCounts[i])..<r).allSatisfy {
          sheet.reasonZh[i * r + $0] == 0 && sheet.reasonEn[i * r + $0] == 0
        }
    }
    #expect(unusedZero)
    #expect((0..<n).contains { sheet.contributionCounts[$0] < c || sheet.reasonCounts[$0] < r })
  }

  @Test("a planted future incident, petition and inspection change no score")
  func futureChangesNothing() throws {
    var district = Self.simulated.district
    let later = Self.asOf.advanced(by: 1).start(in: .district).addingTimeInterval(3600)
    for g in 0..<10 {
      district.incidents.append(
        Incident(
          id: "F\(g)", occurredAt: later, category: "safety.fire", severity: 4, gridID: "G\(g)",
          shopID: "SH\(g)-0"))
    }
    district.petitions.append(
      Petition(id: "FP", receivedAt: later, category: "petition.land", petitionerCount: 20, gridID: "G5"))
    district.inspections.append(
      Inspection(id: "FX", inspectedAt: later, shopID: "SH7-1", hazardsFound: 9, rectifyDue: later))
    let model = try Self.model("weights-ahp")
    let before = try Scorer.score(
      PreparedDistrict(Self.simulated.district, asOf: Self.asOf, taxonomy: Fixtures.taxonomy), model: model)
    let after = try Scorer.score(
      PreparedDistrict(district, asOf: Self.asOf, taxonomy: Fixtures.taxonomy), model: model)
    #expect(before.grids == after.grids)
    #expect(before.shops == after.shops)
    #expect(before.run == after.run)
  }

  @Test("a weight on a feature the engine does not compute is an InputError naming it")
  func unknownFeature() throws {
    let prepared = PreparedDistrict(
      TinyDistrict.district, asOf: TinyDistrict.asOf, taxonomy: Fixtures.taxonomy)
    let model = try ScoringModel(
      yaml: "method: expert\ngrid:\n  weights: {moon_phase: 1}\nshop:\n  weights: {shop.flag.food: 1}\n",
      file: "odd.yaml")
    #expect(throws: InputError.self) { try Scorer.score(prepared, model: model, modelFile: "odd.yaml") }
  }

  @Test("the near-repeat fit recovers the planted excitation")
  func nearRepeat() throws {
    let prepared = PreparedDistrict(Self.simulated.district, asOf: Self.asOf, taxonomy: Fixtures.taxonomy)
    let fit = try #require(
      NearRepeatModel.fit(tables: prepared.tables, index: prepared.index, through: prepared.tables.cutoff))
    // Planted: branching 0.3, half-life 3 days, no neighbour excitation.
    #expect(fit.branching > 0.15 && fit.branching < 0.45)
    #expect([1.0, 3, 7].contains(fit.halfLifeDays.rounded()))
    let calm = SimulatedDistrict(seed: 5, branching: 0)
    let quiet = PreparedDistrict(calm.district, asOf: Self.asOf, taxonomy: Fixtures.taxonomy)
    let none = try #require(
      NearRepeatModel.fit(tables: quiet.tables, index: quiet.index, through: quiet.tables.cutoff))
    #expect(none.branching < 0.1)
  }

  @Test("the fitted model trains on past cuts, reports held-back scores, and reads back from its file")
  func fittedModel() throws {
    let prepared = PreparedDistrict(Self.simulated.district, asOf: Self.asOf, taxonomy: Fixtures.taxonomy)
    guard case .fitted(let model, let yaml) = try ModelTrainer.fit(prepared) else {
      Issue.record("500 days of history should suffice")
      return
    }
    guard case .fitted(let grid) = model.grid else { return }
    let heldout = try #require(grid.heldout)
    #expect(heldout.auc > 0.6)
    #expect(heldout.log_loss < heldout.log_loss_base_rate)
    // Cuts asOf − 30 − 30k need 180 days of records before them: 500 days allow k = 0…9.
    #expect(grid.training_cuts.count == 10)
    let reread = try ScoringModel(yaml: yaml, file: "fitted.yaml")
    #expect(reread.method == .fitted)
    #expect(reread.trainedAsOf == Self.asOf)
    #expect(reread.districtKey == prepared.districtKey)
    let direct = try Scorer.score(prepared, model: model)
    let fromFile = try Scorer.score(prepared, model: reread)
    for (a, b) in zip(direct.grids, fromFile.grids) { #expect(abs(a.score - b.score) < 1e-4) }
    #expect(direct.grids.allSatisfy { $0.score > 0 && $0.score < 1 })
    #expect(direct.gridExpectedSevere?.count == 100)
  }

  @Test("the district key follows the geography, not the records: new events keep it, other grids change it")
  func districtKey() {
    let base = PreparedDistrict(Self.simulated.district, asOf: Self.asOf, taxonomy: Fixtures.taxonomy)
    let earlier = PreparedDistrict(
      Self.simulated.district, asOf: Self.asOf.advanced(by: -30), taxonomy: Fixtures.taxonomy)
    #expect(earlier.dataFingerprint != base.dataFingerprint)
    #expect(earlier.districtKey == base.districtKey)
    var moved = Self.simulated.district
    moved.grids[0].households = (moved.grids[0].households ?? 0) + 1
    #expect(
      PreparedDistrict(moved, asOf: Self.asOf, taxonomy: Fixtures.taxonomy).districtKey != base.districtKey)
    var renamed = Self.simulated.district
    renamed.grids[1].id = "ELSEWHERE"
    #expect(
      PreparedDistrict(renamed, asOf: Self.asOf, taxonomy: Fixtures.taxonomy).districtKey != base.districtKey)
  }

  @Test("with too little history the trainer says why, so the caller falls back to AHP")
  func insufficientHistory() throws {
    let short = SimulatedDistrict(days: 200, seed: 9)
    let prepared = PreparedDistrict(short.district, asOf: Self.asOf, taxonomy: Fixtures.taxonomy)
    guard case .insufficient(let why) = try ModelTrainer.fit(prepared) else {
      Issue.record("200 days of history should not suffice")
      return
    }
    #expect(why.contains("cut dates"))
  }
}
