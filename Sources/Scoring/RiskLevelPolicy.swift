import Foundation
import Records
import Yams

/// How scores become the four levels 红/橙/黄/蓝, read from `models/levels.yaml`.
///
/// Default: by quantile of rank within each entity kind, red the top 5%, orange the next 10%,
/// yellow the next 25%, blue the rest. Quantiles are the default because they hold the size of
/// each level steady from night to night (so a red list always fits the teams' capacity), and
/// because expert, AHP and entropy scores are relative indices, not probabilities. With a fitted,
/// calibrated model the file may say `method: probability` and give probability thresholds.
public struct RiskLevelPolicy: Sendable, Hashable {
  public enum Method: String, Sendable, Codable {
    case quantile
    case probability
  }

  public var method: Method
  /// Shares of entities (quantile) or lower probability bounds (probability) for red, orange, yellow.
  public var red: Double
  public var orange: Double
  public var yellow: Double

  public init(method: Method = .quantile, red: Double = 0.05, orange: Double = 0.10, yellow: Double = 0.25) {
    self.method = method
    self.red = red
    self.orange = orange
    self.yellow = yellow
  }

  public static let standard = RiskLevelPolicy()

  private struct File: Decodable {
    struct Cuts: Decodable {
      var red: Double
      var orange: Double
      var yellow: Double
    }
    var method: Method
    var quantile: Cuts?
    var probability: Cuts?
  }

  /// Parses `models/levels.yaml`.
  /// - Throws: `InputError` when the file is malformed or its shares do not fit in (0, 1].
  public init(yaml: String, file: String) throws {
    let parsed: File
    do {
      parsed = try YAMLDecoder().decode(File.self, from: yaml)
    } catch {
      throw InputError(
        file: file, problem: "not a levels file (\(error))",
        fix: "give `method: quantile` or `method: probability` and the red/orange/yellow cuts")
    }
    let cuts = parsed.method == .quantile ? parsed.quantile : parsed.probability
    guard let cuts else {
      throw InputError(
        file: file, field: parsed.method.rawValue,
        problem: "the `\(parsed.method.rawValue)` cuts are missing",
        fix: "add `\(parsed.method.rawValue): {red: …, orange: …, yellow: …}`")
    }
    let ok =
      parsed.method == .quantile
      ? cuts.red >= 0 && cuts.orange >= 0 && cuts.yellow >= 0 && cuts.red + cuts.orange + cuts.yellow <= 1
      : cuts.red >= cuts.orange && cuts.orange >= cuts.yellow && cuts.yellow >= 0 && cuts.red <= 1
    guard ok else {
      throw InputError(
        file: file, field: parsed.method.rawValue, problem: "the cuts do not make sense",
        fix: parsed.method == .quantile
          ? "give shares that add up to at most 1 (e.g. 0.05, 0.10, 0.25)"
          : "give probabilities with red ≥ orange ≥ yellow")
    }
    self.init(method: parsed.method, red: cuts.red, orange: cuts.orange, yellow: cuts.yellow)
  }

  /// The level of the entity ranked `rank` (1 = riskiest) of `count`, scoring `score`.
  public func level(rank: Int, of count: Int, score: Double) -> RiskLevel {
    switch method {
    case .quantile:
      // Ranks up to ⌈share · n⌉, with a tolerance so that 0.15 · 100 is 15, not 16.
      func bound(_ share: Double) -> Double { (share * Double(count) - 1e-9).rounded(.up) }
      if Double(rank) <= bound(red) { return .red }
      if Double(rank) <= bound(red + orange) { return .orange }
      if Double(rank) <= bound(red + orange + yellow) { return .yellow }
      return .blue
    case .probability:
      if score >= red { return .red }
      if score >= orange { return .orange }
      if score >= yellow { return .yellow }
      return .blue
    }
  }
}
