import Foundation
import Records
import Yams

/// How grid and shop features are weighted into a score, read from a versioned YAML file under
/// `models/` (`weights-expert.yaml`, `weights-ahp.yaml`, `weights-entropy.yaml`, `fitted.yaml`).
///
/// Every method scores the standardized model inputs z (features after their transform, centred
/// and scaled): expert, AHP and entropy weights give `score = Σ_k w_k z_k` (weights normalized to
/// sum 1, z standardized over the entities being scored); a fitted model gives the predicted
/// probability `1 / (1 + e^{−(b0 + Σ_k b_k z_k)})` with z standardized by the training means.
/// A feature's contribution is its term `w_k z_k` (or `b_k z_k`).
public struct ScoringModel: Sendable {
  public enum Method: String, Sendable, Codable {
    case expert
    case ahp
    case entropy
    case fitted
  }

  /// How one entity kind (grids or shops) is scored.
  public enum Weighting: Sendable {
    /// Fixed weights by feature name (expert, or AHP after its eigenvector).
    case linear([String: Double])
    /// Entropy weights computed from the data being scored, over these features (all when empty).
    case entropy([String])
    case fitted(FittedEntityModel)
  }

  public var name: String
  public var version: String
  public var method: Method
  public var grid: Weighting
  public var shop: Weighting
  /// The AHP consistency ratios (grid, shop), when the method is AHP.
  public var consistency: (grid: Double, shop: Double)?
  /// Near-repeat parameters stored with a fitted model (else estimated at scoring time).
  public var nearRepeat: NearRepeatModel?
  /// Days ahead the outcome looks (fitted models), or the near-repeat horizon.
  public var horizonDays: Int
  /// The as-of day a fitted model was trained at (it saw nothing after it).
  public var trainedAsOf: Day?
  /// The `PreparedDistrict.districtKey` of the district a fitted model was trained on (nil in
  /// files written before it was recorded): a fitted model is reused only on its own district.
  public var districtKey: String?

  public init(
    name: String, version: String, method: Method, grid: Weighting, shop: Weighting,
    nearRepeat: NearRepeatModel? = nil, horizonDays: Int = 30
  ) {
    self.name = name
    self.version = version
    self.method = method
    self.grid = grid
    self.shop = shop
    self.nearRepeat = nearRepeat
    self.horizonDays = horizonDays
  }

  /// `name@version`, stored with every score run.
  public var identifier: String { "\(name)@\(version)" }

  // MARK: - Reading the file

  private struct File: Decodable {
    var model: String?
    var version: String?
    var method: Method
    var horizon_days: Int?
    var trained_as_of: String?
    var district: String?
    var grid: Part?
    var shop: Part?
    var nearrepeat: NearRepeatFile?
  }

  private struct Part: Decodable {
    var weights: [String: Double]?
    var criteria: [String]?
    var pairwise: [[Judgement]]?
    var features: [String]?
    var fitted: FittedEntityModel?
  }

  struct NearRepeatFile: Codable {
    var branching: Double
    var decay_per_day: Double
    var neighbor_share: Double
    var log_likelihood: Double?
    var events: Int?
    var grids: Int?
  }

  /// Parses a model file.
  /// - Parameter file: the path, for error messages.
  /// - Throws: `InputError` naming the file and field when the YAML is malformed, a section is
  ///   missing, or an AHP matrix is inconsistent (CR ≥ 0.10).
  public init(yaml: String, file: String) throws {
    let parsed: File
    do {
      parsed = try YAMLDecoder().decode(File.self, from: yaml)
    } catch let error as DecodingError {
      throw InputError(
        file: file, field: ScoringModel.path(of: error),
        problem: "not a model file (\(ScoringModel.describe(error)))",
        fix: "compare with models/weights-expert.yaml; `method` is one of expert, ahp, entropy, fitted")
    } catch {
      throw InputError(
        file: file, problem: "not valid YAML (\(error))", fix: "fix the YAML syntax")
    }
    name = parsed.model ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    version = parsed.version ?? "1"
    method = parsed.method
    horizonDays = parsed.horizon_days ?? 30
    trainedAsOf = parsed.trained_as_of.flatMap { Day(iso: $0) }
    districtKey = parsed.district
    nearRepeat = parsed.nearrepeat.map {
      NearRepeatModel(
        branching: $0.branching, decay: $0.decay_per_day, neighborShare: $0.neighbor_share,
        logLikelihood: $0.log_likelihood ?? 0, events: $0.events ?? 0, grids: $0.grids ?? 0)
    }
    var ratios: [Double] = []
    func weighting(_ part: Part?, _ entity: String) throws -> Weighting {
      guard let part else {
        throw InputError(
          file: file, field: entity, problem: "the `\(entity)` section is missing",
          fix: "add a `\(entity):` section with the \(parsed.method.rawValue) weights")
      }
      switch parsed.method {
      case .expert:
        guard let w = part.weights, !w.isEmpty else {
          throw InputError(
            file: file, field: "\(entity).weights", problem: "no weights given",
            fix: "list `feature: weight` pairs under `\(entity).weights`")
        }
        return .linear(w)
      case .ahp:
        guard let criteria = part.criteria, let pairwise = part.pairwise else {
          throw InputError(
            file: file, field: "\(entity).pairwise", problem: "an AHP model needs `criteria` and `pairwise`",
            fix: "list the criteria (feature names) and their pairwise-comparison matrix")
        }
        guard criteria.count == pairwise.count else {
          throw InputError(
            file: file, field: "\(entity).pairwise",
            problem: "\(criteria.count) criteria but a \(pairwise.count)-row matrix",
            fix: "give one matrix row and column per criterion")
        }
        let ahp = try AnalyticHierarchy(
          pairwise: pairwise.map { $0.map(\.value) }, file: file, field: "\(entity).pairwise")
        ratios.append(ahp.consistencyRatio)
        return .linear(Dictionary(uniqueKeysWithValues: zip(criteria, ahp.weights)))
      case .entropy:
        return .entropy(part.features ?? [])
      case .fitted:
        guard let f = part.fitted else {
          throw InputError(
            file: file, field: "\(entity).fitted", problem: "a fitted model needs its coefficients",
            fix: "write the file with `yanpan score` (it fits and saves models/fitted.yaml)")
        }
        return .fitted(f)
      }
    }
    grid = try weighting(parsed.grid, "grid")
    shop = try weighting(parsed.shop, "shop")
    if ratios.count == 2 { consistency = (ratios[0], ratios[1]) }
  }

  /// A pairwise judgement: a number (`3`, `0.5`) or a fraction as Saaty writes it (`1/3`).
  struct Judgement: Decodable {
    var value: Double
    init(from decoder: Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let v = try? c.decode(Double.self) {
        value = v
        return
      }
      let text = try c.decode(String.self)
      let parts = text.split(separator: "/").map { Double($0.trimmingCharacters(in: .whitespaces)) }
      guard parts.count == 2, let a = parts[0], let b = parts[1], b != 0 else {
        throw DecodingError.dataCorruptedError(
          in: c, debugDescription: "`\(text)` is not a number or a fraction like 1/3")
      }
      value = a / b
    }
  }

  static func path(of error: DecodingError) -> String? {
    let context: DecodingError.Context? =
      switch error {
      case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): c
      case .keyNotFound(let key, let c): .init(codingPath: c.codingPath + [key], debugDescription: "")
      @unknown default: nil
      }
    guard let path = context?.codingPath, !path.isEmpty else { return nil }
    return path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
  }

  static func describe(_ error: DecodingError) -> String {
    switch error {
    case .keyNotFound(let key, _): "missing key `\(key.stringValue)`"
    case .typeMismatch(let t, _): "expected \(t)"
    case .valueNotFound(let t, _): "missing \(t)"
    case .dataCorrupted(let c): c.debugDescription
    @unknown default: "\(error)"
    }
  }
}

/// A fitted model for one entity kind: the outcome, the features with their training
/// standardization, the coefficients, and how it scored on held-back months.
public struct FittedEntityModel: Sendable, Codable {
  public struct Feature: Sendable, Codable, Hashable {
    public var name: String
    public var mean: Double
    public var sd: Double
    public var coefficient: Double
  }

  public struct Evaluation: Sendable, Codable, Hashable {
    /// The cut dates held back (each followed by its outcome window).
    public var cuts: [String]
    public var rows: Int
    public var positives: Int
    public var auc: Double
    public var log_loss: Double
    /// Log-loss of always predicting the training base rate, for comparison.
    public var log_loss_base_rate: Double
  }

  public struct PoissonPart: Sendable, Codable, Hashable {
    public var outcome: String
    public var intercept: Double
    public var coefficients: [Double]
  }

  public var outcome: String
  public var lambda: Double
  public var intercept: Double
  public var features: [Feature]
  public var training_cuts: [String]
  public var training_rows: Int
  public var training_positives: Int
  public var heldout: Evaluation?
  public var poisson: PoissonPart?
}
