import Records

/// The lists issued on earlier nights: for each shop, the last day it was listed.
///
/// The revisit interval and the coverage floor count from the later of the last listing and the
/// last inspection, so where no history of issued lists is kept, an empty history makes the
/// planner derive "last visited" from inspections alone.
public struct PatrolHistory: Sendable, Hashable {
  public var lastListed: [String: Day]

  public init(lastListed: [String: Day] = [:]) {
    self.lastListed = lastListed
  }

  /// The history after `rows` were issued: each shop's latest listing day wins.
  public init(rows: some Sequence<PatrolRow>) {
    self.init()
    record(rows)
  }

  /// Adds issued rows; a shop's latest listing day wins.
  public mutating func record(_ rows: some Sequence<PatrolRow>) {
    for row in rows {
      lastListed[row.shopID] = max(lastListed[row.shopID] ?? row.day, row.day)
    }
  }
}
