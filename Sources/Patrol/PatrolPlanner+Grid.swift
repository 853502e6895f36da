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
    let standings = standings(
      district: district, scores: scores, asOf: asOf, history: history, scope: scope, activity: activity)
    let byGrid = Dictionary(grouping: standings.indices, by: { standings[$0].shop.gridID })
    let coveredBy = posts.coveredBy
    let capacity = config.gridWorkerDailyCapacity
    let teams = byGrid.keys.sorted().map { grid in
      let duties = (1...config.horizonDays).map {
        posts.duty(of: grid, on: asOf.advanced(by: $0), capacity: capacity, coveredBy: coveredBy)
      }
      return PatrolTeam(
        id: grid, members: byGrid[grid]!, capacities: duties.map { $0?.capacity ?? 0 },
        posts: duties.map { $0.map { ($0.post, $0.coveredBy) } })
    }
    return plan(teams: teams, standings: standings, asOf: asOf, notes: [])
  }
}
