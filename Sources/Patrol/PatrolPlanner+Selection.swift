import Records

extension PatrolPlanner {
  /// One shop chosen for a day, and why.
  struct Pick: Sendable {
    var index: Int
    var kind: PatrolRow.Kind
    var why: PatrolVisit.Why
  }

  /// A team's shops in the two orders the selection reads them in, fixed for the whole plan:
  /// by risk (higher score first, unscored last, then shop id: the tie-break everywhere) and by
  /// shop id. Indices are places in the team's standings.
  struct TeamOrder: Sendable {
    /// Places by risk, riskiest first.
    var byRisk: [Int]
    /// Each place's position in `byRisk`.
    var riskRank: [Int32]
    /// Places by shop id.
    var byID: [Int]

    /// - Complexity: O(s log s) for s shops.
    init(_ standings: [ShopStanding], idRank: [Int32]) {
      let id = standings.map { idRank[Int($0.shop)] }
      byRisk = standings.indices.sorted { a, b in
        let (sa, sb) = (standings[a].score, standings[b].score)
        return sa != sb ? sa > sb : id[a] < id[b]
      }
      var rank = [Int32](repeating: 0, count: standings.count)
      for (k, i) in byRisk.enumerated() { rank[i] = Int32(k) }
      riskRank = rank
      byID = standings.indices.sorted { id[$0] < id[$1] }
    }

    /// Whether place `a` is riskier than place `b`.
    func riskier(_ a: Int, _ b: Int) -> Bool { riskRank[a] < riskRank[b] }
  }

  /// The first `count` candidates in coverage order: those whose `deadline` is before `day` (late)
  /// by risk, then the others by deadline, each deadline's by risk. A deadline is at most `floor`
  /// days after `day` (the last visit is never after the day planned), so the others are put in
  /// order by a counting sort of the risk order on deadline; a deadline further out falls back to
  /// a sort.
  /// - Complexity: O(s + X) for s shops and floor X.
  func coverageOrder(
    order: TeamOrder, day: Day, floor: Int, deadline: [Day], count: Int, candidate: (Int) -> Bool
  ) -> [Int] {
    var late: [Int] = []
    var byDay = [[Int]](repeating: [], count: floor + 1)
    for i in order.byRisk where candidate(i) {
      let offset = day.distance(to: deadline[i])
      if offset < 0 {
        late.append(i)
      } else if offset <= floor {
        byDay[offset].append(i)
      } else {
        let all = order.byRisk.filter(candidate)
        return Array(
          all.sorted { a, b in
            let lateA = deadline[a] < day
            let lateB = deadline[b] < day
            if lateA != lateB { return lateA }
            if lateA || deadline[a] == deadline[b] { return order.riskier(a, b) }
            return deadline[a] < deadline[b]
          }.prefix(count))
      }
    }
    var ordered = late.prefix(count)
    for run in byDay where ordered.count < count { ordered += run.prefix(count - ordered.count) }
    return Array(ordered)
  }

  /// The exploration slots in a day of `capacity` visits: capacity × share, half rounded up.
  func explorationSlots(capacity: Int) -> Int {
    Int((Double(capacity) * config.explorationShare).rounded(.toNearestOrAwayFromZero))
  }

  /// Chooses one team's shops for one day: re-checks, exploration, coverage, risk (see the type's
  /// documentation), never more than `capacity`. Appends shortfall notes to `notes` (`iso`:
  /// `day.iso`).
  ///
  /// - Complexity: O(s log s + X) for s shops in the team and coverage floor X.
  func select(
    team: PatrolTeam, day: Day, iso: String, capacity: Int, standings: [ShopStanding], order: TeamOrder,
    notes: inout [PatrolNote]
  ) -> [Pick] {
    let interval = config.revisitIntervalDays
    var picks: [Pick] = []
    var taken = [Bool](repeating: false, count: standings.count)
    func take(_ index: Int, _ kind: PatrolRow.Kind, _ why: PatrolVisit.Why) {
      picks.append(Pick(index: index, kind: kind, why: why))
      taken[index] = true
    }
    let riskier = order.riskier

    // 1. Overdue rectification re-checks, most overdue first.
    let overdue = team.members.compactMap { i in
      standings[i].overdueDays(on: day, interval: interval).map { (index: i, days: $0) }
    }.sorted { $0.days != $1.days ? $0.days > $1.days : riskier($0.index, $1.index) }
    for item in overdue.prefix(capacity) {
      take(item.index, .recheck, .recheck(days: item.days))
    }
    if overdue.count > capacity {
      notes.append(
        PatrolNote(
          kind: .recheckShortfall, teamID: team.id, day: day, count: overdue.count - capacity,
          message: Reason(
            zh: "\(iso) \(team.id)：\(overdue.count - capacity)家逾期复查超出日巡查能力\(capacity)",
            en: "\(iso) \(team.id): \(overdue.count - capacity) overdue re-checks exceed the capacity of "
              + "\(capacity)")))
    }

    // Open: neither taken as a re-check nor resting under the revisit interval.
    var open = [Bool](repeating: false, count: standings.count)
    for i in team.members { open[i] = !taken[i] && !standings[i].isResting(on: day, interval: interval) }

    // 2. Exploration: a seeded uniform draw among shops not inspected or listed recently, by id.
    let slots = explorationSlots(capacity: capacity)
    let window = config.recentlyInspectedDays
    let draws = min(slots, capacity - picks.count)
    if draws > 0 {
      var pool = order.byID.filter { i in
        open[i] && (standings[i].lastVisit.map { $0.distance(to: day) > window } ?? true)
      }
      var generator = SeededGenerator(seed: config.seed, team: team.id, day: day.number)
      for _ in 0..<min(draws, pool.count) {
        // Partial Fisher–Yates: a uniform draw without replacement.
        let j = generator.uniform(below: pool.count)
        take(pool.remove(at: j), .explore, .explore(window: window))
      }
    }

    // 3. Coverage floor, earliest deadline first, as many as keeps the next X days feasible. Each
    //    shop is aimed at ⌈X/10⌉ days before its deadline, so that days taken by unforeseen
    //    re-checks do not push it past the floor.
    let floor = config.coverageFloorDays
    let margin = (floor + 9) / 10
    var deadline = [Day](repeating: day, count: standings.count)
    for i in team.members where !taken[i] {
      deadline[i] = standings[i].coverageDeadline(floor: floor, start: day)
    }
    let futureCapacity = max(0, capacity - slots)
    var dueBy = Array(repeating: 0, count: floor + 1)
    for i in team.members where !taken[i] {
      let aim = day.distance(to: deadline[i]) - margin
      if aim <= floor { dueBy[max(0, aim)] += 1 }
    }
    // Earliest-deadline-first feasibility (Jackson's rule): with c visits a day, the shops aimed
    // at day d+k or earlier must fit in k+1 days, so at least max_k(due(≤ d+k) − c·k) go today.
    var need = 0
    var cumulative = 0
    for k in 0...floor {
      cumulative += dueBy[k]
      need = max(need, cumulative - futureCapacity * k)
    }
    let covered = min(need, capacity - picks.count)
    if covered > 0 {
      // Shops already past the floor (a backlog: all late) go riskiest first; the rest by deadline,
      // then riskiest first.
      let coverage = coverageOrder(
        order: order, day: day, floor: floor, deadline: deadline, count: covered,
        candidate: { !taken[$0] && open[$0] })
      for i in coverage {
        let why: PatrolVisit.Why =
          standings[i].lastVisit.map { .coverage(days: $0.distance(to: day), floor: floor) } ?? .neverVisited
        take(i, .coverage, why)
      }
    }
    var shortfall = 0
    for i in team.members where !taken[i] && deadline[i] <= day { shortfall += 1 }
    if shortfall > 0 {
      notes.append(
        PatrolNote(
          kind: .coverageShortfall, teamID: team.id, day: day, count: shortfall,
          message: Reason(
            zh: "\(iso) \(team.id)：\(shortfall)家商铺已到\(floor)天覆盖下限，超出日巡查能力\(capacity)未能列入",
            en:
              "\(iso) \(team.id): \(shortfall) shops due under the \(floor)-day coverage floor could not "
              + "be listed within the capacity of \(capacity)")))
    }

    // 4. Risk: the rest by score.
    var left = max(0, capacity - picks.count)
    for i in order.byRisk where open[i] && !taken[i] {
      guard left > 0 else { break }
      take(i, .risk, .none)
      left -= 1
    }
    return picks
  }
}
