import Records

extension PatrolPlanner {
  /// One shop chosen for a day, and why.
  struct Pick: Sendable {
    var index: Int
    var kind: PatrolRow.Kind
    var reason: Reason?
  }

  /// The exploration slots in a day of `capacity` visits: capacity × share, half rounded up.
  func explorationSlots(capacity: Int) -> Int {
    Int((Double(capacity) * config.explorationShare).rounded(.toNearestOrAwayFromZero))
  }

  /// Chooses one team's shops for one day: re-checks, exploration, coverage, risk (see the type's
  /// documentation), never more than `capacity`. Appends shortfall notes to `notes`.
  ///
  /// - Complexity: O(s log s + s·X) for s shops in the team and coverage floor X.
  func select(
    team: PatrolTeam, day: Day, capacity: Int, standings: [ShopStanding], notes: inout [PatrolNote]
  ) -> [Pick] {
    let interval = config.revisitIntervalDays
    var picks: [Pick] = []
    var taken = Set<Int>()
    func take(_ index: Int, _ kind: PatrolRow.Kind, _ reason: Reason?) {
      picks.append(Pick(index: index, kind: kind, reason: reason))
      taken.insert(index)
    }
    /// Higher score first, unscored last, then shop id: the tie-break everywhere.
    func riskier(_ a: Int, _ b: Int) -> Bool {
      let sa = standings[a].score?.score ?? -.infinity
      let sb = standings[b].score?.score ?? -.infinity
      return sa != sb ? sa > sb : standings[a].shop.id < standings[b].shop.id
    }

    // 1. Overdue rectification re-checks, most overdue first.
    let overdue = team.members.compactMap { i in
      standings[i].overdueDays(on: day, interval: interval).map { (index: i, days: $0) }
    }.sorted { $0.days != $1.days ? $0.days > $1.days : riskier($0.index, $1.index) }
    for item in overdue.prefix(capacity) {
      take(
        item.index, .recheck,
        Reason(
          zh: "隐患整改逾期\(item.days)天，需复查",
          en: "hazards \(item.days) days past the rectification deadline: re-check"))
    }
    if overdue.count > capacity {
      notes.append(
        PatrolNote(
          kind: .recheckShortfall, teamID: team.id, day: day, count: overdue.count - capacity,
          message: Reason(
            zh: "\(day.iso) \(team.id)：\(overdue.count - capacity)家逾期复查超出日巡查能力\(capacity)",
            en: "\(day.iso) \(team.id): \(overdue.count - capacity) overdue re-checks exceed the capacity of "
              + "\(capacity)")))
    }

    let open = team.members.filter {
      !taken.contains($0) && !standings[$0].isResting(on: day, interval: interval)
    }

    // 2. Exploration: a seeded uniform draw among shops not inspected or listed recently.
    let slots = explorationSlots(capacity: capacity)
    let window = config.recentlyInspectedDays
    var pool = open.filter { i in
      standings[i].lastVisit.map { $0.distance(to: day) > window } ?? true
    }.sorted { standings[$0].shop.id < standings[$1].shop.id }
    var generator = SeededGenerator(seed: config.seed, team: team.id, day: day.number)
    for _ in 0..<min(slots, capacity - picks.count, pool.count) {
      // Partial Fisher–Yates: a uniform draw without replacement.
      let j = generator.uniform(below: pool.count)
      take(
        pool.remove(at: j), .explore,
        Reason(
          zh: "随机抽查：近\(window)天未检查", en: "random draw among shops not inspected in \(window) days"))
    }

    // 3. Coverage floor, earliest deadline first, as many as keeps the next X days feasible. Each
    //    shop is aimed at ⌈X/10⌉ days before its deadline, so that days taken by unforeseen
    //    re-checks do not push it past the floor.
    let floor = config.coverageFloorDays
    let margin = (floor + 9) / 10
    let deadlines = team.members.filter { !taken.contains($0) }.map {
      (index: $0, deadline: standings[$0].coverageDeadline(floor: floor, start: day))
    }
    let futureCapacity = max(0, capacity - slots)
    var dueBy = Array(repeating: 0, count: floor + 1)
    for item in deadlines where day.distance(to: item.deadline) - margin <= floor {
      dueBy[max(0, day.distance(to: item.deadline) - margin)] += 1
    }
    // Earliest-deadline-first feasibility (Jackson's rule): with c visits a day, the shops aimed
    // at day d+k or earlier must fit in k+1 days, so at least max_k(due(≤ d+k) − c·k) go today.
    var need = 0
    var cumulative = 0
    for k in 0...floor {
      cumulative += dueBy[k]
      need = max(need, cumulative - futureCapacity * k)
    }
    let openSet = Set(open)
    // Shops already past the floor (a backlog: all late) go riskiest first; the rest by deadline.
    let coverage = deadlines.filter { openSet.contains($0.index) }.sorted { a, b in
      let lateA = a.deadline < day
      let lateB = b.deadline < day
      if lateA != lateB { return lateA }
      if lateA || a.deadline == b.deadline { return riskier(a.index, b.index) }
      return a.deadline < b.deadline
    }
    for item in coverage.prefix(min(need, capacity - picks.count)) {
      let standing = standings[item.index]
      take(
        item.index, .coverage,
        standing.lastVisit.map { last in
          Reason(
            zh: "距上次检查\(last.distance(to: day))天（覆盖下限\(floor)天）",
            en: "\(last.distance(to: day)) days since the last visit (coverage floor \(floor) days)")
        } ?? Reason(zh: "无检查记录，纳入覆盖", en: "no visit on record: coverage"))
    }
    let shortfall = deadlines.filter { $0.deadline <= day && !taken.contains($0.index) }.count
    if shortfall > 0 {
      notes.append(
        PatrolNote(
          kind: .coverageShortfall, teamID: team.id, day: day, count: shortfall,
          message: Reason(
            zh: "\(day.iso) \(team.id)：\(shortfall)家商铺已到\(floor)天覆盖下限，超出日巡查能力\(capacity)未能列入",
            en:
              "\(day.iso) \(team.id): \(shortfall) shops due under the \(floor)-day coverage floor could not "
              + "be listed within the capacity of \(capacity)")))
    }

    // 4. Risk: the rest by score.
    let rest = open.filter { !taken.contains($0) }.sorted(by: riskier)
    for index in rest.prefix(max(0, capacity - picks.count)) {
      take(index, .risk, nil)
    }
    return picks
  }
}
