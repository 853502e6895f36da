import Records

extension PatrolPlanner {
  /// Lists per grid for the grid workers on A/B posts, for the `config.horizonDays` days after
  /// `asOf`: the same selection as street lists (re-checks, exploration, coverage, risk), with each
  /// grid's daily visits given by `posts` (see `GridPosts` for the A/B rule) out of
  /// `config.gridWorkerDailyCapacity` per worker. Rows carry the grid, the post and, on post B, the
  /// covering grid. `activity` as for `streetLists`.
  ///
  /// - Complexity: as `streetLists`, with grids for teams.
  public func gridLists(
    district: District, scores: [RiskScore], asOf: Day, posts: GridPosts,
    history: PatrolHistory = PatrolHistory(), scope: PatrolScope = .district, activity: ShopActivity? = nil
  ) -> PatrolPlan {
    let facts = activity ?? ShopActivity(district: district, asOf: asOf, zone: zone)
    return gridLists(
      district: district, shops: ShopRoster(district.shops), scores: .shops(of: scores), asOf: asOf,
      posts: posts, history: history, scope: scope, facts: .activity(facts))
  }

  /// `gridLists(district:scores:asOf:posts:history:scope:activity:)` for shops read as columns,
  /// as `streetLists(district:shops:events:scores:asOf:history:scope:)` is for street lists.
  public func gridLists(
    district: District, shops: ShopRoster, events: EventColumns, scores: [RiskScore], asOf: Day,
    posts: GridPosts, history: PatrolHistory = PatrolHistory(), scope: PatrolScope = .district
  ) -> PatrolPlan {
    gridLists(
      district: district, shops: shops, events: events, scores: .shops(of: scores), asOf: asOf, posts: posts,
      history: history, scope: scope)
  }

  /// `gridLists(district:shops:events:scores:asOf:posts:history:scope:)` for shop scores kept as
  /// columns (a scoring run's shop sheet, or `Store.latestSheet`): the same plan, without a
  /// `RiskScore` per shop.
  public func gridLists(
    district: District, shops: ShopRoster, events: EventColumns, scores: ScoreSheet, asOf: Day,
    posts: GridPosts, history: PatrolHistory = PatrolHistory(), scope: PatrolScope = .district
  ) -> PatrolPlan {
    gridLists(
      district: district, shops: shops, scores: scores, asOf: asOf, posts: posts, history: history,
      scope: scope, facts: .events(events))
  }

  func gridLists(
    district: District, shops: ShopRoster, scores: ScoreSheet, asOf: Day, posts: GridPosts,
    history: PatrolHistory, scope: PatrolScope, facts: Activity
  ) -> PatrolPlan {
    let standings = standings(
      district: district, shops: shops, scores: scores, asOf: asOf, history: history, scope: scope,
      facts: facts)
    let byGrid = Self.members(of: standings, unit: shops.grid, names: shops.gridIDs)
    let coveredBy = posts.coveredBy
    let capacity = config.gridWorkerDailyCapacity
    let teams = byGrid.map { (grid, members) in
      let duties = (1...config.horizonDays).map {
        posts.duty(of: grid, on: asOf.advanced(by: $0), capacity: capacity, coveredBy: coveredBy)
      }
      return PatrolTeam(
        id: grid, members: members, capacities: duties.map { $0?.capacity ?? 0 },
        posts: duties.map { $0.map { ($0.post, $0.coveredBy) } })
    }
    return plan(teams: teams, standings: standings, scores: scores, asOf: asOf, notes: [])
  }
}
