import Foundation
import Records

/// What the planner knows of one open shop at the as-of date, and how that changes as the days of
/// the horizon are planned (each listed shop is assumed visited on its day).
struct ShopStanding: Sendable {
  var shop: Shop
  var score: RiskScore?
  /// The last inspection on record, on or before the as-of date.
  var lastInspected: Day?
  /// The last day the shop was listed: issued lists, then the days planned so far.
  var lastListed: Day?
  /// The latest "something new" on record: an incident at the shop, or an inspection that found
  /// hazards.
  var lastNews: Day?
  /// The earliest rectification deadline among hazards still open at the as-of date.
  var rectifyDue: Day?

  /// The later of the last inspection and the last listing: a listing counts as a visit.
  var lastVisit: Day? {
    switch (lastInspected, lastListed) {
    case (nil, nil): nil
    case (let a?, nil): a
    case (nil, let b?): b
    case (let a?, let b?): max(a, b)
    }
  }

  /// Whether something new happened since the shop was last listed (or, never listed, last
  /// inspected): an incident at the shop, or hazards found by an inspection.
  var hasNews: Bool {
    guard let news = lastNews, let since = lastListed ?? lastInspected else { return false }
    return news > since
  }

  /// Whether the revisit interval keeps the shop off the list on `day`: it was visited fewer than
  /// `interval` days before and nothing new happened since.
  func isResting(on day: Day, interval: Int) -> Bool {
    guard let last = lastVisit, last.distance(to: day) < interval else { return false }
    return !hasNews
  }

  /// How many days the open hazards are past their deadline on `day`, when a re-check is called
  /// for: the deadline has passed and the shop has not been back since, or it has been back but
  /// is no longer resting under the revisit interval.
  func overdueDays(on day: Day, interval: Int) -> Int? {
    guard let due = rectifyDue, due < day else { return nil }
    if let last = lastVisit, last >= due, isResting(on: day, interval: interval) { return nil }
    return due.distance(to: day)
  }

  /// The day by which the coverage floor wants the next visit: last visit + `floor`. A shop never
  /// visited is due at once (`start`).
  func coverageDeadline(floor: Int, start: Day) -> Day {
    lastVisit.map { $0.advanced(by: floor) } ?? start
  }
}

extension ShopStanding {
  /// The standing of every open shop in `shops`: its score, what `activity` says of it, and the
  /// last day the issued lists named it (on or before `asOf`).
  ///
  /// - Complexity: O(shops), one hash lookup each in the scores, the activity and the history.
  static func standings(
    shops: [Shop], activity: ShopActivity, scores: [RiskScore], history: PatrolHistory, asOf: Day
  ) -> [ShopStanding] {
    let scoreByShop = Dictionary(
      scores.filter { $0.entity == .shop }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    return shops.filter { $0.status == .open }.map { shop in
      let facts = activity[shop.id]
      return ShopStanding(
        shop: shop, score: scoreByShop[shop.id], lastInspected: facts.lastInspected,
        lastListed: history.lastListed[shop.id].flatMap { $0 <= asOf ? $0 : nil },
        lastNews: facts.lastNews, rectifyDue: facts.rectifyDue)
    }
  }
}
