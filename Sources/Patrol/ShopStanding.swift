import Foundation
import Records
import Scoring

/// What the planner knows of one open shop at the as-of date, and how that changes as the days of
/// the horizon are planned (each listed shop is assumed visited on its day).
///
/// A few numbers and days, no `String`: the shop and its score are referred to by their place
/// in the roster and in the scores the plan was given, so a million standings are copied and
/// compared without reference counting.
struct ShopStanding: Sendable {
  /// The shop's row in the roster.
  var shop: Int32
  /// Its score's place in the scores given, −1 when unscored.
  var scoreIndex: Int32 = -1
  /// Its score; unscored shops rank below every score (−∞).
  var score: Double = -.infinity
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

/// The standings of the open shops of a roster in a scope, and the order the planner breaks ties
/// in: the shops' places when their ids are sorted.
struct Standings: Sendable {
  var shops: ShopRoster
  /// One per open shop in scope, in roster order.
  var all: [ShopStanding]
  /// For each roster row, its place among the roster's ids in `String` order (ties by row).
  var idRank: [Int32]

  /// The standing of every open shop of `shops` in `scope`: its score (the first given for its
  /// id), what the records say of it (`facts`), and the last day the issued lists named it (on
  /// or before `asOf`).
  ///
  /// - Parameter facts: the activity, as the inspections' and incidents' columns (`events`) or
  ///   looked up by id (`activity`).
  /// - Complexity: O(shops + scores + named shops + history), one `IDIndex` lookup each by id (a
  ///   pass over the shops more per id when ids repeat); O(shops log shops) more when the roster
  ///   is not in id order.
  init(
    shops: ShopRoster, scores: ScoreSheet, facts: PatrolPlanner.Activity, history: PatrolHistory,
    asOf: Day, zone: TimeZone, inScope: (Int) -> Bool
  ) {
    self.shops = shops
    let n = shops.count
    let index = IDIndex(shops.ids)
    var byRow = [ShopStanding](repeating: ShopStanding(shop: 0), count: n)
    for i in 0..<n { byRow[i].shop = Int32(i) }
    /// Applies `apply` to every row holding `id`, found at `row` (−1: none); that row alone when
    /// ids do not repeat.
    func each(_ row: Int32, _ id: String, _ apply: (inout ShopStanding) -> Void) {
      guard row >= 0 else { return }
      if !index.repeated { return apply(&byRow[Int(row)]) }
      for i in 0..<n where shops.ids[i] == id { apply(&byRow[i]) }
    }
    // Each table of ids is looked up on the available cores, then applied in order.
    let shopScores = scores.entity == .shop
    let scoreRows = index.rows(count: shopScores ? scores.count : 0) { k in scores.ids[k] }
    for k in scoreRows.indices {
      each(scoreRows[k], scores.ids[k]) { standing in
        guard standing.scoreIndex < 0 else { return }
        standing.scoreIndex = Int32(k)
        standing.score = scores.scores[k]
      }
    }
    switch facts {
    case .events(let events):
      let scan = ShopActivity.Scan(events: events, asOf: asOf, zone: zone)
      let inspected = events.inspections.shopIDs
      let inspectedRows = index.rows(count: inspected.count) { s in
        scan.inspected[s] != .min ? inspected[s] : nil
      }
      for s in inspected.indices {
        let f = scan.facts(inspectedShop: s)
        each(inspectedRows[s], inspected[s]) { standing in
          standing.lastInspected = f.lastInspected
          standing.lastNews = f.lastNews
          standing.rectifyDue = f.rectifyDue
        }
      }
      let named = events.incidents.shopIDs
      let namedRows = index.rows(count: named.count) { s in scan.incidentNews[s] != .min ? named[s] : nil }
      for s in named.indices {
        let day = Day(scan.incidentNews[s])
        each(namedRows[s], named[s]) { standing in
          standing.lastNews = standing.lastNews.map { max($0, day) } ?? day
        }
      }
    case .activity(let activity):
      for i in 0..<n {
        let f = activity[shops.ids[i]]
        (byRow[i].lastInspected, byRow[i].lastNews, byRow[i].rectifyDue) = (
          f.lastInspected, f.lastNews, f.rectifyDue
        )
      }
    }
    for (id, day) in history.lastListed where day <= asOf {
      each(index.row(of: id).map(Int32.init) ?? -1, id) { $0.lastListed = day }
    }
    all = byRow.indices.filter { shops.open[$0] && inScope($0) }.map { byRow[$0] }
    idRank = Self.idRanks(shops.ids)
  }

  /// Each id's place in `String` order (ties in place order): the places themselves when the ids
  /// are already in that order, as a store reads them.
  static func idRanks(_ ids: [String]) -> [Int32] {
    if zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 }) { return (0..<ids.count).map(Int32.init) }
    let order = ids.indices.sorted { (ids[$0], $0) < (ids[$1], $1) }
    var rank = [Int32](repeating: 0, count: ids.count)
    for (k, i) in order.enumerated() { rank[i] = Int32(k) }
    return rank
  }
}
