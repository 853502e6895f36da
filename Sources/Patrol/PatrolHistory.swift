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

  /// Adds issued (shop, day) listings; a shop's latest listing day wins. Listings after `through`
  /// are not visits yet and are skipped: a shop planned for a later day keeps the listing it had
  /// on or before `through`.
  public mutating func record(listings: some Sequence<(shop: String, day: Day)>, through: Day? = nil) {
    for (shop, day) in listings where through.map({ day <= $0 }) ?? true {
      lastListed[shop] = max(lastListed[shop] ?? day, day)
    }
  }

  /// Adds issued rows; a shop's latest listing day wins.
  public mutating func record(_ rows: some Sequence<PatrolRow>) {
    record(listings: rows.lazy.map { ($0.shopID, $0.day) })
  }
}
