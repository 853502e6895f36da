import Records

/// Patrol lists for the days after an as-of date: rows by team, day and walking order, and the
/// summary lines saying what capacity could not cover.
///
/// The rows are kept as `PatrolVisit`s referring to the roster and scores the plan was made from
/// (`visits`, `shops`, `scores`); `rows` spells them out.
public struct PatrolPlan: Sendable {
  /// A team of the plan: its street or grid id and, for grid lists, who walks on each day (nil:
  /// nobody).
  package struct Team: Sendable {
    package var id: String
    package var posts: [(post: PatrolRow.Post, coveredBy: String?)?]?
  }

  public var asOf: Day
  /// The planned days: the N days after `asOf`.
  public var days: [Day]
  public var notes: [PatrolNote]
  public var config: PatrolConfig
  /// Every team planned, by id.
  package var teams: [Team]
  /// Sorted by team, day, order.
  package var visits: [PatrolVisit]
  /// The shops the visits refer to.
  package var shops: ShopRoster
  /// The shop scores the visits refer to.
  package var scores: ScoreSheet

  /// Sorted by team (street or grid), day, order.
  public var rows: [PatrolRow] { visits.map(row(of:)) }

  /// The row `visit` stands for.
  package func row(of visit: PatrolVisit) -> PatrolRow {
    let shop = Int(visit.shop)
    let score = visit.score >= 0 ? scores.score(at: Int(visit.score), contributions: false) : nil
    let post = teams[Int(visit.team)].posts?[Int(visit.day)]
    return PatrolRow(
      streetID: shops.streetID(at: shop), gridID: shops.gridID(at: shop), day: days[Int(visit.day)],
      order: Int(visit.order), shopID: shops.ids[shop], name: shops.names[shop], score: score?.score,
      level: score?.level, lastInspected: visit.lastInspected, kind: visit.kind,
      reasons: (visit.why.reason.map { [$0] } ?? []) + (score?.reasons ?? []), post: post?.post,
      coveredBy: post?.coveredBy)
  }

  /// Whether `visits` are in the order of `rows` people read: by team id, day and order (as the
  /// planner makes them: teams by id, each team's days in turn, each day in walking order).
  package var visitsAreSorted: Bool {
    zip(teams, teams.dropFirst()).allSatisfy { $0.id < $1.id }
      && zip(visits, visits.dropFirst()).allSatisfy { a, b in
        (a.team, a.day, a.order) < (b.team, b.day, b.order)
      }
  }

  /// Where each team's visits lie in `visits` (a contiguous run: visits are sorted by team),
  /// by team id; teams the plan lists nothing for are left out.
  /// - Complexity: O(visits).
  package var visitRanges: [String: Range<Int>] {
    var ranges: [String: Range<Int>] = [:]
    var start = 0
    for k in visits.indices where k + 1 == visits.count || visits[k + 1].team != visits[k].team {
      ranges[teams[Int(visits[k].team)].id] = start..<(k + 1)
      start = k + 1
    }
    return ranges
  }
}
