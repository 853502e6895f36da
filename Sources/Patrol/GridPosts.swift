import Records

/// Who walks each grid under the A/B post system (AB岗): post A is the grid's own worker; post B is
/// the worker of a partner grid, who covers when A is away.
///
/// The rule implemented, per day:
/// - a worker who is away walks nothing;
/// - a worker on duty walks their own grid, and, as post B, every partner grid whose A is away;
///   their daily capacity is shared evenly among those grids (own grid first when it does not
///   divide evenly, then covered grids by id);
/// - a grid whose A is away and whose B is away too (or that has no B) is walked by nobody that
///   day, and the plan says so in an `uncovered` note.
public struct GridPosts: Sendable, Hashable {
  /// For each grid, the grid whose worker holds its B post.
  public var backup: [String: String]
  /// For each grid, the days its A worker is away.
  public var away: [String: Set<Day>]

  public init(backup: [String: String], away: [String: Set<Day>] = [:]) {
    self.backup = backup
    self.away = away
  }

  /// The default pairing: each grid's B post is held by the worker of a neighbouring grid in the
  /// same community (the first by id), else of any neighbouring grid, else of the next grid by id in
  /// the same community (cyclically). Neighbours come from `district.adjacency`, taken both ways.
  ///
  /// - Complexity: O(G log G + A) for G grids and A adjacency rows.
  public static func pairing(district: District, away: [String: Set<Day>] = [:]) -> GridPosts {
    var neighbours: [String: Set<String>] = [:]
    for pair in district.adjacency where pair.gridID != pair.neighborID {
      neighbours[pair.gridID, default: []].insert(pair.neighborID)
      neighbours[pair.neighborID, default: []].insert(pair.gridID)
    }
    let community = Dictionary(
      district.grids.map { ($0.id, $0.communityID) }, uniquingKeysWith: { a, _ in a })
    let byCommunity = Dictionary(grouping: district.grids.map(\.id).sorted(), by: { community[$0]! })
    var backup: [String: String] = [:]
    for grid in district.grids {
      let near = (neighbours[grid.id] ?? []).filter { community[$0] != nil }.sorted()
      if let same = near.first(where: { community[$0] == grid.communityID }) {
        backup[grid.id] = same
      } else if let any = near.first {
        backup[grid.id] = any
      } else if let members = byCommunity[grid.communityID], members.count > 1,
        let i = members.firstIndex(of: grid.id)
      {
        backup[grid.id] = members[(i + 1) % members.count]
      }
    }
    return GridPosts(backup: backup, away: away)
  }

  /// Whether the A worker of `grid` is away on `day`.
  public func isAway(_ grid: String, on day: Day) -> Bool {
    away[grid]?.contains(day) ?? false
  }

  /// Who walks `grid` on `day` and with how many visits, for workers of `capacity` visits a day.
  ///
  /// - Returns: the post (A, or B with the covering grid) and the visits, or nil when nobody walks.
  func duty(of grid: String, on day: Day, capacity: Int, coveredBy: [String: [String]])
    -> (post: PatrolRow.Post, coveredBy: String?, capacity: Int)?
  {
    if !isAway(grid, on: day) {
      let shares = split(capacity, worker: grid, on: day, coveredBy: coveredBy)
      return (.a, nil, shares[0])
    }
    guard let partner = backup[grid], partner != grid, !isAway(partner, on: day) else { return nil }
    let covered = coverage(of: partner, on: day, coveredBy: coveredBy)
    let shares = split(capacity, worker: partner, on: day, coveredBy: coveredBy)
    return (.b, partner, shares[1 + covered.firstIndex(of: grid)!])
  }

  /// The away grids `worker` covers on `day`, by id.
  private func coverage(of worker: String, on day: Day, coveredBy: [String: [String]]) -> [String] {
    (coveredBy[worker] ?? []).filter { isAway($0, on: day) }
  }

  /// `capacity` shared evenly among the worker's own grid and the grids it covers that day; the
  /// remainder goes one each to the first shares.
  private func split(_ capacity: Int, worker: String, on day: Day, coveredBy: [String: [String]]) -> [Int] {
    let count = 1 + coverage(of: worker, on: day, coveredBy: coveredBy).count
    return (0..<count).map { capacity / count + ($0 < capacity % count ? 1 : 0) }
  }

  /// For each worker's grid, the grids whose B post it holds, by id.
  var coveredBy: [String: [String]] {
    Dictionary(grouping: backup.keys.sorted(), by: { backup[$0]! })
  }
}
