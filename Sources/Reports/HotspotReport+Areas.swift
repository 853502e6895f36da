import Records

/// A community's or subdistrict's standing, rolled up from its grids' scores.
public struct AreaStanding: Sendable, Hashable {
  public var id: String
  /// Household-weighted mean of the member grids' scores: Σ hᵢ sᵢ / Σ hᵢ, with hᵢ the grid's
  /// households when every scored member grid has them, else 1 for each (a plain mean), so a
  /// large quiet grid is not outvoted by a tiny busy one and the score stays on the grids' scale.
  public var score: Double
  /// Scored member grids.
  public var grids: Int
  public var red: Int
  public var orange: Int
  /// The largest Gi* z among member grids, and the grid holding it.
  public var maxGiZ: Double?
  public var maxGiZGrid: String?
  /// The best-ranked member grid.
  public var topGrid: RiskScore
  public var rank: Int = 0
}

extension HotspotReport {
  /// Communities or subdistricts ranked by household-weighted mean score, ties broken by more red
  /// grids, then more orange grids, then id.
  /// - Complexity: O(grids · log grids).
  public func areaStandings(_ level: HotspotLevel) -> [AreaStanding] {
    precondition(level == .community || level == .subdistrict, "areas are communities or subdistricts")
    let grids = Dictionary(district.grids.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var members: [String: [(score: RiskScore, grid: Grid)]] = [:]
    for score in gridScores {
      guard let grid = grids[score.id] else { continue }
      let area = level == .community ? grid.communityID : grid.subdistrictID
      members[area, default: []].append((score, grid))
    }
    var standings: [AreaStanding] = members.map { id, list in
      let weighted = list.allSatisfy { ($0.grid.households ?? 0) > 0 }
      let weights = list.map { weighted ? Double($0.grid.households!) : 1 }
      let total = weights.reduce(0, +)
      let mean = zip(list, weights).map { $0.score.score * $1 }.reduce(0, +) / total
      let withZ = list.filter { $0.score.giZ?.isFinite == true }
      let peak = withZ.max { ($0.score.giZ!, $1.score.id) < ($1.score.giZ!, $0.score.id) }
      return AreaStanding(
        id: id, score: mean, grids: list.count, red: list.filter { $0.score.level == .red }.count,
        orange: list.filter { $0.score.level == .orange }.count, maxGiZ: peak?.score.giZ,
        maxGiZGrid: peak?.score.id,
        topGrid: list.min { ($0.score.rank, $0.score.id) < ($1.score.rank, $1.score.id) }!.score)
    }
    standings.sort {
      ($1.score, $1.red, $1.orange, $0.id) < ($0.score, $0.red, $0.orange, $1.id)
    }
    for i in standings.indices { standings[i].rank = i + 1 }
    return standings
  }

  /// `rank, community_id|subdistrict_id, name, score, grids, red, orange, max_gi_z, reasons`.
  func areaTable(_ level: HotspotLevel, top: Int?) -> ReportTable {
    let l = language
    let names = Dictionary(district.grids.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    let idKey = level == .community ? "community_id" : "subdistrict_id"
    var table = ReportTable(columns: [
      .init("rank", title: l.pick(zh: "排名", en: "rank")),
      .init(
        idKey,
        title: level == .community ? l.pick(zh: "社区", en: "community") : l.pick(zh: "街道", en: "subdistrict")),
      .init("name", title: l.pick(zh: "名称", en: "name")),
      .init("score", title: l.pick(zh: "风险分", en: "score")),
      .init("grids", title: l.pick(zh: "网格数", en: "grids")),
      .init("red", title: l.pick(zh: "红", en: "red")),
      .init("orange", title: l.pick(zh: "橙", en: "orange")),
      .init("max_gi_z", title: l.pick(zh: "最高 Gi* z", en: "max Gi* z")),
      .init("reasons", title: l.pick(zh: "主要原因", en: "reasons")),
    ])
    for area in areaStandings(level).prefix(top ?? Int.max) {
      var reasons: [String] = []
      if area.red + area.orange > 0 {
        reasons.append(
          l.pick(
            zh: "红色网格 \(area.red) 个、橙色网格 \(area.orange) 个",
            en: "\(area.red) red and \(area.orange) orange grids"))
      }
      if let z = area.maxGiZ, let grid = area.maxGiZGrid, z >= 1.96 {
        let name = names[grid].flatMap { $0.isEmpty ? nil : $0 } ?? grid
        reasons.append(
          l.pick(
            zh: "聚集热点：\(name) Gi* z = \(Cell.fixed(z, digits: 2))",
            en: "clustered hotspot: \(name) Gi* z = \(Cell.fixed(z, digits: 2))"))
      }
      let top = area.topGrid
      let topName = names[top.id].flatMap { $0.isEmpty ? nil : $0 } ?? top.id
      if let first = top.reasons.first {
        reasons.append(l.pick(zh: "首位网格\(topName)：", en: "top grid \(topName): ") + l.text(first))
      } else {
        reasons.append(
          l.pick(zh: "首位网格\(topName)（第 \(top.rank) 名）", en: "top grid \(topName) (rank \(top.rank))"))
      }
      table.append([
        .integer(area.rank), .text(area.id), .text(area.id),
        .number(area.score, digits: Self.scoreDigits), .integer(area.grids), .integer(area.red),
        .integer(area.orange), .decimal(area.maxGiZ, digits: Self.zDigits), .list(reasons),
      ])
    }
    return table
  }
}

extension HotspotReport {
  /// How many grids hold each level in each subdistrict, and how many of its shops (by their
  /// grid) are red or orange: `subdistrict_id, grids, red, orange, yellow, blue, shops_red,
  /// shops_orange`, subdistricts by id (those with a scored grid or shop). For the nightly summary
  /// and any per-subdistrict count.
  ///
  /// `shops`: where each shop is, from a roster (a store reads one with `Store.loadPatrolColumns`);
  /// nil: from the district's shops. A shop score counts in the subdistrict of the grid of the first
  /// shop with its id; a score whose id no shop has, or whose shop's grid is not in the district,
  /// counts nowhere.
  ///
  /// Only the red and orange shop scores are looked up by id (a sixth of the shops with the default
  /// cuts), in one pass over the shops, unless some subdistrict that a shop's grid lies in has no
  /// scored grid: then whether it has a scored shop decides whether it is listed, and every shop
  /// score is looked up.
  /// - Complexity: O(grids + shops + scores); one hash lookup per grid score and per looked-up
  ///   shop score, and per shop a Bloom filter test (`TextFilter`) and a lookup when it passes.
  public func levelsBySubdistrict(shops roster: ShopRoster? = nil) -> ReportTable {
    let l = language
    // Subdistricts numbered in id order; each grid to its subdistrict's number.
    let names = Array(Set(district.grids.map(\.subdistrictID))).sorted()
    let number = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    let subdistrictOf = Dictionary(
      district.grids.map { ($0.id, number[$0.subdistrictID]!) }, uniquingKeysWith: { a, _ in a })
    let levels = RiskLevel.allCases
    let levelIndex = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
    var grids = [Int](repeating: 0, count: names.count * levels.count)
    var shops = [Int](repeating: 0, count: names.count * levels.count)
    var counted = [Bool](repeating: false, count: names.count)
    // The grids counted; the red and orange shop scores set aside (by index: no copy of a score).
    var shown: [Int] = []
    for k in scores.indices {
      switch scores[k].entity {
      case .grid:
        guard let s = subdistrictOf[scores[k].id] else { continue }
        grids[s * levels.count + levelIndex[scores[k].level]!] += 1
        counted[s] = true
      case .shop:
        if scores[k].level == .red || scores[k].level == .orange { shown.append(k) }
      }
    }
    // Each shop's id and subdistrict (−1: its grid is not in the district), by shop row.
    let shopIDs = roster?.ids ?? district.shops.map(\.id)
    let subdistrictOfShop: (Int) -> Int
    if let roster {
      let ofGrid = roster.gridIDs.map { subdistrictOf[$0] ?? -1 }
      subdistrictOfShop = { ofGrid[Int(roster.grid[$0])] }
    } else {
      let ofShop = district.shops.map { subdistrictOf[$0.gridID] ?? -1 }
      subdistrictOfShop = { ofShop[$0] }
    }
    // Whether a shop score of any level can list a subdistrict that no grid score listed.
    var reachable = [Bool](repeating: false, count: names.count)
    for i in shopIDs.indices where subdistrictOfShop(i) >= 0 { reachable[subdistrictOfShop(i)] = true }
    let unlisted = reachable.indices.contains { reachable[$0] && !counted[$0] }
    let looked = unlisted ? scores.indices.filter { scores[$0].entity == .shop } : shown
    // The looked-up ids, each once, then the subdistrict of the first shop holding each: one pass
    // over the shops, ended once every id is found.
    var slot: [String: Int] = [:]
    slot.reserveCapacity(looked.count)
    // Each looked-up score's slot; an id not seen yet gets the next one.
    let slotOf = looked.map { k in
      if let n = slot[scores[k].id] { return n }
      let n = slot.count
      slot[scores[k].id] = n
      return n
    }
    let absent = Int.min
    var place = [Int](repeating: absent, count: slot.count)
    var found = 0
    // Most shops are not looked up: a Bloom filter of the ids passes them by without a lookup.
    let filter = TextFilter(Array(slot.keys))
    for i in shopIDs.indices where found < slot.count {
      if let filter, !filter.mayContain(shopIDs[i]) { continue }
      guard let n = slot[shopIDs[i]], place[n] == absent else { continue }
      place[n] = subdistrictOfShop(i)
      found += 1
    }
    for (j, k) in looked.enumerated() {
      let s = place[slotOf[j]]
      guard s >= 0 else { continue }
      shops[s * levels.count + levelIndex[scores[k].level]!] += 1
      counted[s] = true
    }
    var table = ReportTable(columns: [
      .init("subdistrict_id", title: l.pick(zh: "街道", en: "subdistrict")),
      .init("grids", title: l.pick(zh: "网格数", en: "grids")),
      .init("red", title: l.level(.red)), .init("orange", title: l.level(.orange)),
      .init("yellow", title: l.level(.yellow)), .init("blue", title: l.level(.blue)),
      .init("shops_red", title: l.pick(zh: "红色商铺", en: "red shops")),
      .init("shops_orange", title: l.pick(zh: "橙色商铺", en: "orange shops")),
    ])
    for (s, name) in names.enumerated() where counted[s] {
      let g = grids[(s * levels.count)..<((s + 1) * levels.count)]
      table.append(
        [.text(name), .integer(g.reduce(0, +))] + g.map { .integer($0) }
          + [
            .integer(shops[s * levels.count + levelIndex[.red]!]),
            .integer(shops[s * levels.count + levelIndex[.orange]!]),
          ])
    }
    return table
  }
}
