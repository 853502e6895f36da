import Foundation
import LinearAlgebra
import Records
import TestSupport
import Testing

@testable import Scoring

@Suite("Weights: AHP, entropy, logistic and Poisson IRLS, levels, model files")
struct WeightingTests {
  @Test("AHP: the 3 × 3 textbook matrix (1, 3, 5; 1/3, 1, 3; 1/5, 1/3, 1)")
  func ahpTextbook() throws {
    let ahp = try AnalyticHierarchy(pairwise: [[1, 3, 5], [1.0 / 3, 1, 3], [0.2, 1.0 / 3, 1]])
    // Principal eigenvector (0.637, 0.258, 0.105), λmax = 3.0385, CR = 0.033 (RI(3) = 0.58).
    for (got, want) in zip(ahp.weights, [0.63699, 0.25828, 0.10473]) { #expect(abs(got - want) < 1e-4) }
    #expect(abs(ahp.lambdaMax - 3.03851) < 1e-4)
    #expect(abs(ahp.consistencyRatio - 0.03320) < 1e-4)
  }

  @Test("AHP: a perfectly consistent matrix gives its ratios and CR = 0")
  func ahpConsistent() throws {
    let ahp = try AnalyticHierarchy(pairwise: [[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]])
    for (got, want) in zip(ahp.weights, [4.0 / 7, 2.0 / 7, 1.0 / 7]) { #expect(abs(got - want) < 1e-10) }
    #expect(abs(ahp.consistencyRatio) < 1e-10)
  }

  @Test("AHP: an intransitive matrix (CR ≥ 0.10) is refused with an InputError")
  func ahpInconsistent() {
    #expect(throws: InputError.self) {
      try AnalyticHierarchy(pairwise: [[1, 9, 1.0 / 9], [1.0 / 9, 1, 9], [9, 1.0 / 9, 1]])
    }
    #expect(throws: InputError.self) { try AnalyticHierarchy(pairwise: [[1, 2], [2, 1]]) }
  }

  @Test("entropy weights favour the column that varies, and give a constant column 0")
  func entropy() {
    let x = Matrix([[0, 5, 1], [0, 5, 9], [1, 5, 2], [0, 5, 3]])
    let w = EntropyWeights.weights(x)
    #expect(abs(w.reduce(0, +) - 1) < 1e-12)
    #expect(w[1] == 0)
    #expect(w[0] > w[2])  // a single spike is more "informative" than a spread
  }

  @Test("logistic IRLS with one binary predictor reproduces the closed-form log-odds")
  func logisticClosedForm() throws {
    // x = 0: 3 of 10 positive; x = 1: 6 of 8 positive.
    let x = [Double](repeating: 0, count: 10) + [Double](repeating: 1, count: 8)
    let y: [Double] = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0] + [1, 1, 1, 1, 1, 1, 0, 0]
    let fit = try GeneralizedLinearModel.fit(Matrix(columns: [x]), y, family: .logistic, lambda: 0)
    #expect(fit.converged)
    #expect(abs(fit.intercept - log(0.3 / 0.7)) < 1e-8)
    #expect(abs(fit.coefficients[0] - (log(0.75 / 0.25) - log(0.3 / 0.7))) < 1e-8)
    let ridge = try GeneralizedLinearModel.fit(Matrix(columns: [x]), y, family: .logistic, lambda: 5)
    #expect(abs(ridge.coefficients[0]) < abs(fit.coefficients[0]))
  }

  @Test("Poisson IRLS with one binary predictor gives the log of the group means")
  func poissonClosedForm() throws {
    let x: [Double] = [0, 0, 0, 0, 1, 1, 1]
    let y: [Double] = [1, 0, 2, 1, 4, 6, 5]
    let fit = try GeneralizedLinearModel.fit(Matrix(columns: [x]), y, family: .poisson, lambda: 0)
    #expect(abs(fit.intercept - log(1.0)) < 1e-8)
    #expect(abs(fit.coefficients[0] - log(5.0)) < 1e-8)
  }

  @Test("Poisson IRLS starts from the data (μ = y + 0.1) and reaches the score equations in a few steps")
  func poissonStartsFromData() throws {
    // Counts growing as e^{3x} over x in [0, 3): up to about 8,000, far from the mean's log.
    // From the data the fit takes 4 steps; from β = (log ȳ, 0) it took 8.
    let x = (0..<400).map { Double($0) / 400 * 3 }
    let y = x.map { exp(3 * $0).rounded(.down) }
    let fit = try GeneralizedLinearModel.fit(Matrix(columns: [x]), y, family: .poisson, lambda: 0)
    #expect(fit.converged)
    #expect(fit.iterations <= 5)
    // At the maximum likelihood, Σ (y − μ) = 0 and Σ (y − μ)·x = 0.
    let mu = x.map { exp(fit.intercept + fit.coefficients[0] * $0) }
    let residual = zip(y, mu).map { $0 - $1 }
    let total = y.reduce(0, +)
    #expect(abs(residual.reduce(0, +)) < 1e-6 * total)
    #expect(abs(zip(residual, x).map { $0 * $1 }.reduce(0, +)) < 1e-6 * total)
  }

  @Test("AUC by ranks, with ties at one half")
  func auc() {
    #expect(Metrics.auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75)
    #expect(Metrics.auc([1, 1, 1, 1], [0, 1, 0, 1]) == 0.5)
    #expect(abs(Metrics.spearman([1, 2, 3, 4], [10, 20, 30, 40]) - 1) < 1e-12)
  }

  @Test("quantile levels: red the top 5%, orange the next 10%, yellow the next 25%")
  func levels() throws {
    let policy = RiskLevelPolicy.standard
    #expect(policy.level(rank: 5, of: 100, score: 0) == .red)
    #expect(policy.level(rank: 6, of: 100, score: 0) == .orange)
    #expect(policy.level(rank: 15, of: 100, score: 0) == .orange)
    #expect(policy.level(rank: 40, of: 100, score: 0) == .yellow)
    #expect(policy.level(rank: 41, of: 100, score: 0) == .blue)
    let file = Fixtures.modelsDirectory.appendingPathComponent("levels.yaml")
    let shipped = try RiskLevelPolicy(yaml: String(contentsOf: file, encoding: .utf8), file: file.path)
    #expect(shipped == policy)
    #expect(throws: InputError.self) {
      try RiskLevelPolicy(yaml: "method: quantile\nquantile: {red: 0.5, orange: 0.5, yellow: 0.5}", file: "x")
    }
  }

  @Test("the shipped model files parse, and the AHP matrices are consistent")
  func shippedModels() throws {
    for name in ["weights-expert", "weights-ahp", "weights-entropy"] {
      let url = Fixtures.modelsDirectory.appendingPathComponent("\(name).yaml")
      let model = try ScoringModel(yaml: String(contentsOf: url, encoding: .utf8), file: url.path)
      #expect(model.name == name)
    }
    let example = Fixtures.modelsDirectory.appendingPathComponent("fitted-synthetic-d11.yaml")
    let fitted = try ScoringModel(yaml: String(contentsOf: example, encoding: .utf8), file: example.path)
    #expect(fitted.method == .fitted && fitted.trainedAsOf == Day(year: 2026, month: 10, day: 31))
    #expect(fitted.nearRepeat != nil)
    let url = Fixtures.modelsDirectory.appendingPathComponent("weights-ahp.yaml")
    let ahp = try ScoringModel(yaml: String(contentsOf: url, encoding: .utf8), file: url.path)
    let cr = try #require(ahp.consistency)
    #expect(cr.grid < 0.1 && cr.shop < 0.1)
  }

  @Test("a model file with an inconsistent AHP matrix or a missing section is an InputError")
  func badModelFiles() {
    let inconsistent = """
      method: ahp
      grid:
        criteria: [incidents.all.hl30, disputes.open, nearrepeat]
        pairwise: [[1, 9, 1/9], [1/9, 1, 9], [9, 1/9, 1]]
      shop:
        criteria: [shop.hazards.hl180]
        pairwise: [[1]]
      """
    #expect(throws: InputError.self) { try ScoringModel(yaml: inconsistent, file: "bad.yaml") }
    #expect(throws: InputError.self) {
      try ScoringModel(yaml: "method: expert\ngrid:\n  weights: {nearrepeat: 1}\n", file: "half.yaml")
    }
    #expect(throws: InputError.self) { try ScoringModel(yaml: "method: guess\n", file: "x.yaml") }
  }
}
