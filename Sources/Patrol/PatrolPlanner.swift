import Foundation
import Records
import Scoring

/// Plans patrol lists: for each street team ("街长+N员+1"), the shops to visit on each of the N
/// days after the as-of date, never more than the team's `daily_capacity` a day. Pure.
///
/// Each day, for each team, in this order until the day's capacity is used:
/// 1. **Re-checks**: shops with hazards past their rectification deadline that nobody has been
///    back to since (or that have rested their revisit interval since), most overdue first.
/// 2. **Exploration**: `round(capacity × exploration_share)` shops (half rounds up) drawn
///    uniformly, with a PRNG seeded by (seed, team, day), among shops neither inspected nor listed
///    within `recently_inspected_days` and not resting.
/// 3. **Coverage floor**: shops whose deadline (last visit + X days; never visited: at once) is
///    near: those already past it (a backlog, all late anyway) riskiest first, then earliest
///    deadline first. How many is the least that keeps every deadline in the next X days feasible
///    at full capacity (the earliest-deadline-first test: for each k, shops due by day d+k minus
///    k days of capacity must be listed today), each shop aimed ⌈X/10⌉ days early. Due shops left
///    over are counted in a `coverageShortfall` note.
/// 4. **Risk**: the rest by score, highest first (unscored shops last).
///
/// Closed shops are never listed. No shop is listed again within the revisit interval M of its
/// last visit (listing or inspection), unless something new happened since (an incident at the
/// shop, hazards found) or its hazards fell overdue. Each day's picks are put in walking order
/// (`WalkingOrder`), and count as visits for the days after.
public struct PatrolPlanner: Sendable {
  public var config: PatrolConfig
  /// The zone record timestamps are turned into days in.
  public var zone: TimeZone

  public init(config: PatrolConfig = PatrolConfig(), zone: TimeZone = .district) {
    self.config = config
    self.zone = zone
  }

  /// Lists per street team for the `config.horizonDays` days after `asOf`.
  ///
  /// - Parameters:
  ///   - district: records; only those dated on or before `asOf` are used.
  ///   - scores: shop scores at `asOf` (grid scores are ignored); unscored shops rank last.
  ///   - history: the lists issued on earlier nights, when kept.
  ///   - scope: the street team or subdistrict to plan for.
  ///   - activity: what the incidents and inspections say of each shop; by default read from the
  ///     district's records (a store hands it over as columns: `Store.loadShopEvents`).
  /// - Returns: rows sorted by street, day and order, and the summary notes.
  /// - Complexity: O(N · S · (s log s + X)) for N days, S teams, s shops per team, floor X.
  public func streetLists(
    district: District, scores: [RiskScore], asOf: Day, history: PatrolHistory = PatrolHistory(),
    scope: PatrolScope = .district, activity: ShopActivity? = nil
  ) -> PatrolPlan {
    let streets = Dictionary(district.streets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let standings = standings(
      district: district, scores: scores, asOf: asOf, history: history, scope: scope, activity: activity)
    let byStreet = Dictionary(grouping: standings.indices, by: { standings[$0].shop.streetID })
    var notes: [PatrolNote] = []
    let teams = byStreet.keys.sorted().map { id in
      let capacity = streets[id]?.dailyCapacity ?? Street.defaultDailyCapacity
      if streets[id] == nil {
        notes.append(
          PatrolNote(
            kind: .unassigned, teamID: id, day: nil, count: byStreet[id]!.count,
            message: Reason(
              zh: "街路\(id)无街长队伍记录：\(byStreet[id]!.count)家商铺按默认日巡查能力\(capacity)安排",
              en: "street \(id) has no team record: \(byStreet[id]!.count) shops planned at the default "
                + "capacity of \(capacity) a day")))
      }
      return PatrolTeam(
        id: id, members: byStreet[id]!, capacities: Array(repeating: capacity, count: config.horizonDays))
    }
    return plan(teams: teams, standings: standings, asOf: asOf, notes: notes)
  }

  /// The standing of every open shop in `scope`; `activity` nil: from the district's records.
  func standings(
    district: District, scores: [RiskScore], asOf: Day, history: PatrolHistory, scope: PatrolScope,
    activity: ShopActivity?
  ) -> [ShopStanding] {
    let streets = Dictionary(district.streets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let grids = Dictionary(district.grids.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let shops = district.shops.filter { scope.contains($0, streets: streets, grids: grids) }
    return ShopStanding.standings(
      shops: shops, activity: activity ?? ShopActivity(district: district, asOf: asOf, zone: zone),
      scores: scores, history: history, asOf: asOf)
  }

  /// Runs the day-by-day selection for `teams` (whose members are disjoint).
  ///
  /// A team's days read and change only its own shops' standings, so the teams are planned on
  /// the available cores at once, each on a copy of its shops' standings, and their rows and
  /// notes are joined in team order: the plan one team after another would give.
  func plan(teams: [PatrolTeam], standings: [ShopStanding], asOf: Day, notes: [PatrolNote]) -> PatrolPlan {
    let days = (1...config.horizonDays).map { asOf.advanced(by: $0) }
    // Contiguous runs of teams, a few per core, so that a core that finishes early takes another.
    let pieces = max(1, min(teams.count, 4 * ProcessInfo.processInfo.activeProcessorCount))
    let bounds = (0...pieces).map { $0 * teams.count / pieces }
    let parts = concurrentMap(pieces) { k in
      var part: (rows: [PatrolRow], notes: [PatrolNote]) = ([], [])
      for team in teams[bounds[k]..<bounds[k + 1]] {
        let (rows, notes) = plan(team: team, standings: standings, days: days)
        part.rows += rows
        part.notes += notes
      }
      return part
    }
    return PatrolPlan(
      asOf: asOf, days: days, rows: parts.flatMap(\.rows), notes: notes + parts.flatMap(\.notes),
      config: config)
  }

  /// One team's rows and notes over `days`, its shops' standings copied out of `all`.
  func plan(team: PatrolTeam, standings all: [ShopStanding], days: [Day]) -> (
    rows: [PatrolRow], notes: [PatrolNote]
  ) {
    var standings = team.members.map { all[$0] }
    var team = team
    team.members = Array(standings.indices)
    var rows: [PatrolRow] = []
    var notes: [PatrolNote] = []
    for (offset, day) in days.enumerated() {
      let capacity = max(0, team.capacities[offset])  // a negative capacity in a file plans nothing
      if let posts = team.posts, posts[offset] == nil {
        notes.append(
          PatrolNote(
            kind: .uncovered, teamID: team.id, day: day, count: team.members.count,
            message: Reason(
              zh: "\(day.iso) 网格\(team.id)的A岗与B岗均不在岗，无人巡查",
              en: "\(day.iso) grid \(team.id): neither post A nor post B on duty, nobody walks")))
        continue
      }
      let picks = select(team: team, day: day, capacity: capacity, standings: standings, notes: &notes)
      for pick in picks { standings[pick.index].lastListed = day }
      let walk = WalkingOrder.order(picks.map { standings[$0.index].shop.location })
      for (order, p) in walk.enumerated() {
        let pick = picks[p]
        let standing = standings[pick.index]
        let post = team.posts?[offset]
        rows.append(
          PatrolRow(
            streetID: standing.shop.streetID, gridID: standing.shop.gridID, day: day, order: order + 1,
            shopID: standing.shop.id, name: standing.shop.name, score: standing.score?.score,
            level: standing.score?.level, lastInspected: standing.lastInspected, kind: pick.kind,
            reasons: (pick.reason.map { [$0] } ?? []) + (standing.score?.reasons ?? []),
            post: post?.post, coveredBy: post?.coveredBy))
      }
    }
    summarizeCoverageShortfall(&notes, from: 0, team: team.id)
    return (rows, notes)
  }

  /// Folds one team's daily coverage-shortfall notes (from index `start`) into one line for the run
  /// of days, so that a backlog reads as one sentence per team, not one per day.
  func summarizeCoverageShortfall(_ notes: inout [PatrolNote], from start: Int, team: String) {
    let daily = notes[start...].filter { $0.kind == .coverageShortfall }
    guard daily.count > 1, let first = daily.first?.day, let last = daily.last?.day else { return }
    let most = daily.map(\.count).max()!
    let floor = config.coverageFloorDays
    let others = notes[start...].filter { $0.kind != .coverageShortfall }
    notes.removeSubrange(start...)
    notes += others
    notes.append(
      PatrolNote(
        kind: .coverageShortfall, teamID: team, day: first, lastDay: last, count: most,
        message: Reason(
          zh: "\(first.iso)至\(last.iso) \(team)：\(daily.count)天有已到\(floor)天覆盖下限的商铺超出日巡查能力未能列入，"
            + "最多一天\(most)家",
          en:
            "\(first.iso) to \(last.iso) \(team): on \(daily.count) days, shops due under the \(floor)-day coverage "
            + "floor could not all be listed within capacity, at most \(most) on one day")))
  }
}
