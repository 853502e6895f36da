import Records

/// Patrol lists for the days after an as-of date: rows by team, day and walking order, and the
/// summary lines saying what capacity could not cover.
public struct PatrolPlan: Sendable {
  public var asOf: Day
  /// The planned days: the N days after `asOf`.
  public var days: [Day]
  /// Sorted by team (street or grid), day, order.
  public var rows: [PatrolRow]
  public var notes: [PatrolNote]
  public var config: PatrolConfig

  public init(asOf: Day, days: [Day], rows: [PatrolRow], notes: [PatrolNote], config: PatrolConfig) {
    self.asOf = asOf
    self.days = days
    self.rows = rows
    self.notes = notes
    self.config = config
  }
}
