import Records

/// What `yanpan generate` was asked for: size, seed, span and end date.
public struct GeneratorOptions: Sendable, Hashable {
  /// Multiplies every count (grids, shops, streets, records) but not the span. 1 = Donghe District.
  public var scale: Double
  public var seed: UInt64
  /// Calendar years of records, ending on `end`.
  public var years: Int
  /// The last day with records (inclusive).
  public var end: Day

  /// The default end date: fixed, so output never depends on the clock.
  public static let defaultEnd = Day(year: 2026, month: 10, day: 31)

  public init(scale: Double = 1, seed: UInt64 = 7, years: Int = 3, end: Day = GeneratorOptions.defaultEnd) {
    self.scale = scale
    self.seed = seed
    self.years = years
    self.end = end
  }

  /// The first day with records: the day after `end` minus `years` calendar years.
  public var start: Day {
    let (y, m, d) = end.components
    // 29 February of a leap year steps back to 28 February of a non-leap year.
    let back = Day(year: y - years, month: m, day: m == 2 && d == 29 ? 28 : d)
    return back.advanced(by: 1)
  }

  /// Days with records, both ends included.
  public var dayCount: Int { start.distance(to: end) + 1 }

  /// Why these options cannot generate a district, or nil when they can.
  public var problem: String? {
    if !(scale.isFinite && scale > 0 && scale <= 1000) { return "--scale must be in (0, 1000], got \(scale)" }
    if !(1...30).contains(years) { return "--years must be 1…30, got \(years)" }
    if Int(Double(CalibrationTargets.donghe.grids) * scale) < 1 {
      return "--scale \(scale) leaves no grid; use at least \(1.0 / Double(CalibrationTargets.donghe.grids))"
    }
    return nil
  }
}
