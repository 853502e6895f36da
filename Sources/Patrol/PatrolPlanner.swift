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

  /// Where the planner learns what the records say of each shop.
  enum Activity {
    /// The inspections and incidents at shops, as columns.
    case events(EventColumns)
    /// Facts already keyed by shop id.
    case activity(ShopActivity)
  }

  /// Lists per street team for the `config.horizonDays` days after `asOf`.
  ///
  /// - Parameters:
  ///   - district: records; only those dated on or before `asOf` are used.
  ///   - scores: shop scores at `asOf` (grid scores are ignored); unscored shops rank last.
  ///   - history: the lists issued on earlier nights, when kept.
  ///   - scope: the street team or subdistrict to plan for.
  ///   - activity: what the incidents and inspections say of each shop; by default read from the
  ///     district's records.
  /// - Returns: rows sorted by street, day and order, and the summary notes.
  /// - Complexity: O(N · S · (s log s + X)) for N days, S teams, s shops per team, floor X.
  public func streetLists(
    district: District, scores: [RiskScore], asOf: Day, history: PatrolHistory = PatrolHistory(),
    scope: PatrolScope = .district, activity: ShopActivity? = nil
  ) -> PatrolPlan {
    let facts = activity ?? ShopActivity(district: district, asOf: asOf, zone: zone)
    return streetLists(
      district: district, shops: ShopRoster(district.shops), scores: .shops(of: scores), asOf: asOf,
      history: history, scope: scope, facts: .activity(facts))
  }

  /// `streetLists(district:scores:asOf:history:scope:activity:)` for shops read as columns (a
  /// store reads them with `Store.loadPatrolColumns`): the same plan, without a `Shop` value or a
  /// `String` key per shop. `district` gives the streets and grids (its shops are not read);
  /// `events` the inspections and the incidents at shops (`ShopActivity` reads them).
  public func streetLists(
    district: District, shops: ShopRoster, events: EventColumns, scores: [RiskScore], asOf: Day,
    history: PatrolHistory = PatrolHistory(), scope: PatrolScope = .district
  ) -> PatrolPlan {
    streetLists(
      district: district, shops: shops, events: events, scores: .shops(of: scores), asOf: asOf,
      history: history, scope: scope)
  }

  /// `streetLists(district:shops:events:scores:asOf:history:scope:)` for shop scores kept as
  /// columns (a scoring run's shop sheet, or `Store.latestSheet`): the same plan, without a
  /// `RiskScore` per shop.
  public func streetLists(
    district: District, shops: ShopRoster, events: EventColumns, scores: ScoreSheet, asOf: Day,
    history: PatrolHistory = PatrolHistory(), scope: PatrolScope = .district
  ) -> PatrolPlan {
    streetLists(
      district: district, shops: shops, scores: scores, asOf: asOf, history: history, scope: scope,
      facts: .events(events))
  }

  func streetLists(
    district: District, shops: ShopRoster, scores: ScoreSheet, asOf: Day, history: PatrolHistory,
    scope: PatrolScope, facts: Activity
  ) -> PatrolPlan {
    let streets = Dictionary(district.streets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let standings = standings(
      district: district, shops: shops, scores: scores, asOf: asOf, history: history, scope: scope,
      facts: facts)
    let byStreet = Self.members(of: standings, unit: shops.street, names: shops.streetIDs)
    var notes: [PatrolNote] = []
    let teams = byStreet.map { (id, members) in
      let capacity = streets[id]?.dailyCapacity ?? Street.defaultDailyCapacity
      if streets[id] == nil {
        notes.append(
          PatrolNote(
            kind: .unassigned, teamID: id, day: nil, count: members.count,
            message: Reason(
              zh: "街路\(id)无街长队伍记录：\(members.count)家商铺按默认日巡查能力\(capacity)安排",
              en: "street \(id) has no team record: \(members.count) shops planned at the default "
                + "capacity of \(capacity) a day")))
      }
      return PatrolTeam(
        id: id, members: members, capacities: Array(repeating: capacity, count: config.horizonDays))
    }
    return plan(teams: teams, standings: standings, scores: scores, asOf: asOf, notes: notes)
  }

  /// The standings' places grouped by unit (street or grid: `unit[shop]` numbers a unit, named
  /// `names[number]`), units sorted by name, places in standings order.
  /// - Complexity: O(standings + units log units).
  static func members(of standings: Standings, unit: [Int32], names: [String]) -> [(
    id: String, members: [Int]
  )] {
    var groups = [[Int]](repeating: [], count: names.count)
    for (k, standing) in standings.all.enumerated() { groups[Int(unit[Int(standing.shop)])].append(k) }
    return groups.indices.filter { !groups[$0].isEmpty }.sorted { names[$0] < names[$1] }.map {
      (names[$0], groups[$0])
    }
  }

  /// The standing of every open shop in `scope`.
  func standings(
    district: District, shops: ShopRoster, scores: ScoreSheet, asOf: Day, history: PatrolHistory,
    scope: PatrolScope, facts: Activity
  ) -> Standings {
    let inScope = scope.members(of: shops, streets: district.streets, grids: district.grids)
    return Standings(
      shops: shops, scores: scores, facts: facts, history: history, asOf: asOf, zone: zone, inScope: inScope)
  }

  /// Runs the day-by-day selection for `teams` (whose members are disjoint).
  ///
  /// A team's days read and change only its own shops' standings, so the teams are planned on
  /// the available cores at once, each on a copy of its shops' standings, and their rows and
  /// notes are joined in team order: the plan one team after another would give.
  func plan(
    teams: [PatrolTeam], standings: Standings, scores: ScoreSheet, asOf: Day, notes: [PatrolNote]
  ) -> PatrolPlan {
    let days = (1...config.horizonDays).map { asOf.advanced(by: $0) }
    // The days as notes write them, formatted once (thousands of teams' notes name them).
    let isos = days.map(\.iso)
    // Contiguous runs of teams, a few per core, so that a core that finishes early takes another.
    let pieces = max(1, min(teams.count, 4 * ProcessInfo.processInfo.activeProcessorCount))
    let bounds = (0...pieces).map { $0 * teams.count / pieces }
    let parts = concurrentMap(pieces) { k in
      var part: (visits: [PatrolVisit], notes: [PatrolNote]) = ([], [])
      for t in bounds[k]..<bounds[k + 1] {
        plan(
          team: teams[t], number: Int32(t), standings: standings, days: days, isos: isos, into: &part.visits,
          notes: &part.notes)
      }
      return part
    }
    var visits: [PatrolVisit] = []
    visits.reserveCapacity(parts.reduce(0) { $0 + $1.visits.count })
    for part in parts { visits += part.visits }
    return PatrolPlan(
      asOf: asOf, days: days, notes: notes + parts.flatMap(\.notes), config: config,
      teams: teams.map { PatrolPlan.Team(id: $0.id, posts: $0.posts) }, visits: visits,
      shops: standings.shops,
      scores: scores)
  }

  /// One team's visits and notes over `days` (`isos`: their `iso` texts), its shops' standings
  /// copied out of `standings`.
  func plan(
    team: PatrolTeam, number: Int32, standings all: Standings, days: [Day], isos: [String],
    into visits: inout [PatrolVisit], notes allNotes: inout [PatrolNote]
  ) {
    var standings = team.members.map { all.all[$0] }
    var team = team
    team.members = Array(standings.indices)
    let order = TeamOrder(standings, idRank: all.idRank)
    var notes: [PatrolNote] = []
    for (offset, day) in days.enumerated() {
      let capacity = max(0, team.capacities[offset])  // a negative capacity in a file plans nothing
      if let posts = team.posts, posts[offset] == nil {
        notes.append(
          PatrolNote(
            kind: .uncovered, teamID: team.id, day: day, count: team.members.count,
            message: Reason(
              zh: "\(isos[offset]) 网格\(team.id)的A岗与B岗均不在岗，无人巡查",
              en: "\(isos[offset]) grid \(team.id): neither post A nor post B on duty, nobody walks")))
        continue
      }
      let picks = select(
        team: team, day: day, iso: isos[offset], capacity: capacity, standings: standings, order: order,
        notes: &notes)
      for pick in picks { standings[pick.index].lastListed = day }
      let walk = WalkingOrder.order(picks.map { all.shops.location(at: Int(standings[$0.index].shop)) })
      for (place, p) in walk.enumerated() {
        let pick = picks[p]
        let standing = standings[pick.index]
        visits.append(
          PatrolVisit(
            team: number, day: Int32(offset), order: Int32(place + 1), shop: standing.shop,
            score: standing.scoreIndex, lastInspected: standing.lastInspected, kind: pick.kind, why: pick.why)
        )
      }
    }
    summarizeCoverageShortfall(&notes, from: 0, team: team.id, iso: { isos[days[0].distance(to: $0)] })
    allNotes += notes
  }

  /// Folds one team's daily coverage-shortfall notes (from index `start`) into one line for the run
  /// of days, so that a backlog reads as one sentence per team, not one per day. `iso` gives a
  /// planned day's `iso` text.
  func summarizeCoverageShortfall(
    _ notes: inout [PatrolNote], from start: Int, team: String, iso: (Day) -> String
  ) {
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
          zh: "\(iso(first))至\(iso(last)) \(team)：\(daily.count)天有已到\(floor)天覆盖下限的商铺超出日巡查能力未能列入，"
            + "最多一天\(most)家",
          en:
            "\(iso(first)) to \(iso(last)) \(team): on \(daily.count) days, shops due under the \(floor)-day coverage "
            + "floor could not all be listed within capacity, at most \(most) on one day")))
  }
}

extension ScoreSheet {
  /// The shop scores among `scores` as a sheet, in their order (grid scores left out): what a plan
  /// given records rather than a sheet refers to.
  static func shops(of scores: [RiskScore]) -> ScoreSheet {
    ScoreSheet(scores.filter { $0.entity == .shop }, entity: .shop)
  }
}
