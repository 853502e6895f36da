import Records
import Yams

/// The patrol planner's settings: `models/patrol.yaml`, each value overridable by a flag.
///
/// Days are whole calendar days in the district's zone.
public struct PatrolConfig: Sendable, Hashable, Codable {
  /// The version of the file's meaning.
  public var version: Int
  /// N: how many days of lists to plan, starting the day after the as-of date.
  public var horizonDays: Int
  /// M: a shop listed or inspected is not listed again within M days unless something new happened.
  public var revisitIntervalDays: Int
  /// X: every open shop is visited at least every X days.
  public var coverageFloorDays: Int
  /// The fraction of each team's daily capacity drawn at random among shops not inspected recently.
  public var explorationShare: Double
  /// The seed of the exploration draw: the same seed gives the same draw.
  public var seed: UInt64
  /// Shops inspected or listed within this many days are not drawn for exploration.
  public var recentlyInspectedDays: Int
  /// Shop visits per grid worker per day (grid-worker lists).
  public var gridWorkerDailyCapacity: Int

  public init(
    version: Int = 1, horizonDays: Int = 7, revisitIntervalDays: Int = 7, coverageFloorDays: Int = 30,
    explorationShare: Double = 0.10, seed: UInt64 = 20_240_601, recentlyInspectedDays: Int = 14,
    gridWorkerDailyCapacity: Int = 5
  ) {
    self.version = version
    self.horizonDays = horizonDays
    self.revisitIntervalDays = revisitIntervalDays
    self.coverageFloorDays = coverageFloorDays
    self.explorationShare = explorationShare
    self.seed = seed
    self.recentlyInspectedDays = recentlyInspectedDays
    self.gridWorkerDailyCapacity = gridWorkerDailyCapacity
  }

  enum CodingKeys: String, CodingKey {
    case version
    case horizonDays = "horizon_days"
    case revisitIntervalDays = "revisit_interval_days"
    case coverageFloorDays = "coverage_floor_days"
    case explorationShare = "exploration_share"
    case seed
    case recentlyInspectedDays = "recently_inspected_days"
    case gridWorkerDailyCapacity = "grid_worker_daily_capacity"
  }

  /// Reads the YAML form of `models/patrol.yaml`; keys left out keep their defaults.
  ///
  /// - Parameter file: the name errors should carry.
  /// - Throws: `InputError` naming the key when a value is missing its type or out of range.
  public init(yaml: String, file: String = "models/patrol.yaml") throws {
    /// Every key optional: a key left out keeps its default.
    struct File: Decodable {
      var version: Int?
      var horizonDays: Int?
      var revisitIntervalDays: Int?
      var coverageFloorDays: Int?
      var explorationShare: Double?
      var seed: UInt64?
      var recentlyInspectedDays: Int?
      var gridWorkerDailyCapacity: Int?
      typealias CodingKeys = PatrolConfig.CodingKeys
    }
    let parsed: File?
    do {
      parsed = try YAMLDecoder().decode(File?.self, from: yaml)
    } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
      let key = context.codingPath.last?.stringValue
      throw InputError(
        file: file, field: key, problem: "a value of the wrong kind (\(context.debugDescription))",
        fix: "write a whole number of days, a fraction such as 0.10, or a whole-number seed")
    } catch {
      throw InputError(
        file: file, problem: "not a patrol settings file (\(error))",
        fix: "fix the syntax or restore the shipped file")
    }
    let d = PatrolConfig()
    self.init(
      version: parsed?.version ?? d.version, horizonDays: parsed?.horizonDays ?? d.horizonDays,
      revisitIntervalDays: parsed?.revisitIntervalDays ?? d.revisitIntervalDays,
      coverageFloorDays: parsed?.coverageFloorDays ?? d.coverageFloorDays,
      explorationShare: parsed?.explorationShare ?? d.explorationShare, seed: parsed?.seed ?? d.seed,
      recentlyInspectedDays: parsed?.recentlyInspectedDays ?? d.recentlyInspectedDays,
      gridWorkerDailyCapacity: parsed?.gridWorkerDailyCapacity ?? d.gridWorkerDailyCapacity)
    try validate(file: file)
  }

  /// Checks every value is in range.
  ///
  /// - Parameter file: where the values came from (the config file, or `command line`).
  /// - Throws: `InputError` naming the first value out of range and the range it must lie in.
  public func validate(file: String = "models/patrol.yaml") throws {
    func fail(_ key: CodingKeys, _ problem: String, _ fix: String) -> InputError {
      InputError(file: file, field: key.rawValue, problem: problem, fix: fix)
    }
    guard (1...366).contains(horizonDays) else {
      throw fail(.horizonDays, "\(horizonDays) days is out of range", "plan between 1 and 366 days")
    }
    guard revisitIntervalDays >= 0 else {
      throw fail(.revisitIntervalDays, "a revisit interval cannot be negative", "use 0 or more days")
    }
    guard coverageFloorDays >= 1 else {
      throw fail(.coverageFloorDays, "a coverage floor must be at least 1 day", "use 1 or more days")
    }
    guard revisitIntervalDays <= coverageFloorDays else {
      throw fail(
        .revisitIntervalDays,
        "revisit interval \(revisitIntervalDays) exceeds coverage floor \(coverageFloorDays)",
        "make the revisit interval at most the coverage floor")
    }
    guard explorationShare >= 0, explorationShare <= 1 else {
      throw fail(.explorationShare, "\(explorationShare) is not a share", "use a fraction between 0 and 1")
    }
    guard recentlyInspectedDays >= 0 else {
      throw fail(.recentlyInspectedDays, "a window cannot be negative", "use 0 or more days")
    }
    guard gridWorkerDailyCapacity >= 0 else {
      throw fail(.gridWorkerDailyCapacity, "a capacity cannot be negative", "use 0 or more visits")
    }
  }
}
