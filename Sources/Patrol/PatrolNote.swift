import Records

/// A summary line under a plan: something the lists could not do, said in Chinese and English.
public struct PatrolNote: Sendable, Hashable {
  public enum Kind: String, Sendable, Codable, CaseIterable {
    /// Shops due under the coverage floor that the team's capacity could not list that day.
    case coverageShortfall
    /// Overdue re-checks beyond the team's capacity that day.
    case recheckShortfall
    /// A grid with neither post A nor post B on duty that day.
    case uncovered
    /// Open shops whose street has no team record: nobody plans for them.
    case unassigned
  }

  public var kind: Kind
  /// The street (or grid, on grid lists) the note is about.
  public var teamID: String
  /// The (first) day the note is about; nil for the whole plan.
  public var day: Day?
  /// The last day, when the note sums up a run of days from `day`.
  public var lastDay: Day?
  /// How many shops (for a run of days: the most on any one day).
  public var count: Int
  public var message: Reason

  public init(kind: Kind, teamID: String, day: Day?, lastDay: Day? = nil, count: Int, message: Reason) {
    self.kind = kind
    self.teamID = teamID
    self.day = day
    self.lastDay = lastDay
    self.count = count
    self.message = message
  }
}
