import Records

/// The district's geography and organisation: subdistricts and communities as compact regions of
/// the lattice, urban and rural grids with their households, and the street teams whose shops the
/// grids hold. Pure: built from the options and the `layout` stream, no I/O.
package struct DistrictLayout: Sendable {
  package struct Subdistrict: Sendable {
    package var id: String
    package var name: String
    package var isTown: Bool
  }

  package struct Community: Sendable {
    package var id: String
    package var name: String
    package var subdistrict: Int
    package var isVillage: Bool
  }

  package struct StreetTeam: Sendable {
    package var id: String
    package var name: String
    package var subdistrict: Int
    /// Grid indices along the street, in order.
    package var grids: [Int]
  }

  package let lattice: Lattice
  package var subdistricts: [Subdistrict] = []
  package var communities: [Community] = []
  package var streets: [StreetTeam] = []

  // Per grid (index g, grids ordered by subdistrict, community, lattice cell).
  package var gridIDs: [String] = []
  package var gridCell: [Int] = []
  package var gridSubdistrict: [Int32] = []
  package var gridCommunity: [Int32] = []
  package var gridUrban: [Bool] = []
  package var gridHouseholds: [Int] = []
  package var gridStreet: [Int32] = []
  /// The grid's place along its street (0 = first grid of the street).
  package var gridStreetPosition: [Int32] = []
  /// Neighbours of grid g: `neighbourList[neighbourStart[g]..<neighbourStart[g+1]]`.
  package var neighbourStart: [Int32] = []
  package var neighbourList: [Int32] = []
  /// Cell → grid.
  package var cellGrid: [Int32] = []

  /// Door numbers per grid along its street: the address table lists this many per grid.
  package static let addressesPerGrid = 12

  package var gridCount: Int { lattice.count }

  /// Lays out a district of `targets` at `scale` with `rng`.
  /// - Complexity: O(grids · subdistricts) for the Voronoi regions (3 Lloyd rounds).
  package init(scale: Double, targets: CalibrationTargets, rng: inout Xoshiro256StarStar) {
    let n = CalibrationTargets.count(targets.grids, scale: scale)
    let lattice = Lattice(count: n)
    self.lattice = lattice
    let allCells = Array(0..<n)

    // Subdistricts: Voronoi regions of the lattice (nearest seed cell), relaxed by Lloyd's method.
    let subCount = min(n, CalibrationTargets.count(targets.subdistricts, scale: scale))
    let subOfCell = Self.voronoi(allCells, regions: subCount, lattice: lattice, rng: &rng)
    var cellsOfSub = [[Int]](repeating: [], count: subCount)
    for c in allCells { cellsOfSub[subOfCell[c]].append(c) }

    // Communities: apportioned to subdistricts by size, each a Voronoi region inside its subdistrict.
    let communityTotal = min(n, max(subCount, CalibrationTargets.count(targets.communities, scale: scale)))
    let communitiesPerSub = Apportionment.largestRemainder(
      total: communityTotal, weights: cellsOfSub.map { Double($0.count) }, minimum: 1,
      caps: cellsOfSub.map(\.count))
    var communityOfCell = [Int](repeating: 0, count: n)
    var communityBase = 0
    var communitySub: [Int] = []
    for s in 0..<subCount {
      let labels = Self.voronoi(cellsOfSub[s], regions: communitiesPerSub[s], lattice: lattice, rng: &rng)
      for (k, c) in cellsOfSub[s].enumerated() { communityOfCell[c] = communityBase + labels[k] }
      communitySub += [Int](repeating: s, count: communitiesPerSub[s])
      communityBase += communitiesPerSub[s]
    }

    // Rural grids: the cells farthest from the centre, with noise so the edge is ragged.
    let ruralCount = n - Int((targets.urbanShare * Double(n)).rounded())
    let centre = Double(lattice.columns - 1) / 2
    let middle = Double(lattice.rows - 1) / 2
    let remoteness = allCells.map { c -> Double in
      let dx = (Double(lattice.column(c)) - centre) / max(1, centre)
      let dy = (Double(lattice.row(c)) - middle) / max(1, middle)
      return (dx * dx + dy * dy).squareRoot() + 0.12 * rng.normal()
    }
    let byRemoteness = allCells.sorted { (remoteness[$0], $0) > (remoteness[$1], $1) }
    var urbanCell = [Bool](repeating: true, count: n)
    for c in byRemoteness.prefix(ruralCount) { urbanCell[c] = false }

    // Grid order: by subdistrict, community, cell, so ids group by hierarchy.
    let order = allCells.sorted {
      (subOfCell[$0], communityOfCell[$0], $0) < (subOfCell[$1], communityOfCell[$1], $1)
    }
    cellGrid = [Int32](repeating: 0, count: n)
    for (g, c) in order.enumerated() { cellGrid[c] = Int32(g) }
    gridCell = order
    gridSubdistrict = order.map { Int32(subOfCell[$0]) }
    gridCommunity = order.map { Int32(communityOfCell[$0]) }
    gridUrban = order.map { urbanCell[$0] }
    gridIDs = (0..<n).map { Identifier.make("G", $0 + 1, of: n) }
    gridHouseholds = gridUrban.map { urban in
      urban
        ? Int(min(650, max(120, targets.urbanHouseholds + 45 * rng.normal())).rounded())
        : Int(min(120, max(12, targets.ruralHouseholds + 12 * rng.normal())).rounded())
    }
    neighbourStart = [0]
    for g in 0..<n {
      for nb in lattice.neighbours(gridCell[g]).map({ cellGrid[$0] }).sorted() { neighbourList.append(nb) }
      neighbourStart.append(Int32(neighbourList.count))
    }

    // Names: towns and villages are the mostly-rural ones.
    var ruralShareOfSub = [Double](repeating: 0, count: subCount)
    var ruralShareOfCommunity = [Double](repeating: 0, count: communityTotal)
    var sizeOfCommunity = [Double](repeating: 0, count: communityTotal)
    for c in allCells {
      if !urbanCell[c] {
        ruralShareOfSub[subOfCell[c]] += 1
        ruralShareOfCommunity[communityOfCell[c]] += 1
      }
      sizeOfCommunity[communityOfCell[c]] += 1
    }
    subdistricts = (0..<subCount).map { s in
      let town = ruralShareOfSub[s] > 0.5 * Double(cellsOfSub[s].count)
      return Subdistrict(
        id: Identifier.make("SD", s + 1, of: subCount), name: Names.subdistrict(s, town: town), isTown: town)
    }
    communities = (0..<communityTotal).map { k in
      let village = ruralShareOfCommunity[k] > 0.5 * sizeOfCommunity[k]
      return Community(
        id: Identifier.make("CM", k + 1, of: communityTotal), name: Names.community(k, village: village),
        subdistrict: communitySub[k], isVillage: village)
    }

    // Streets: apportioned to subdistricts by expected shops (a rural grid holds ~1/8 of an urban
    // grid's), each a run of grids in boustrophedon order through its subdistrict.
    let streetTotal = max(subCount, CalibrationTargets.count(targets.streets, scale: scale))
    var gridsOfSub = [[Int]](repeating: [], count: subCount)
    for g in 0..<n { gridsOfSub[Int(gridSubdistrict[g])].append(g) }
    let streetsPerSub = Apportionment.largestRemainder(
      total: min(streetTotal, n),
      weights: gridsOfSub.map { $0.reduce(0.0) { $0 + (gridUrban[$1] ? 1 : 0.125) } },
      minimum: 1, caps: gridsOfSub.map(\.count))
    gridStreet = [Int32](repeating: 0, count: n)
    gridStreetPosition = [Int32](repeating: 0, count: n)
    let cells = gridCell
    for s in 0..<subCount {
      let path = gridsOfSub[s].sorted { a, b in
        let ra = lattice.row(cells[a])
        let rb = lattice.row(cells[b])
        if ra != rb { return ra < rb }
        let ca = lattice.column(cells[a])
        let cb = lattice.column(cells[b])
        return ra % 2 == 0 ? ca < cb : ca > cb
      }
      let m = streetsPerSub[s]
      let first = streets.count
      for k in 0..<m {
        let index = first + k
        streets.append(
          StreetTeam(
            id: Identifier.make("ST", index + 1, of: min(streetTotal, n)), name: Names.street(index),
            subdistrict: s, grids: []))
      }
      for (i, g) in path.enumerated() {
        let street = first + i * m / path.count
        gridStreet[g] = Int32(street)
        gridStreetPosition[g] = Int32(streets[street].grids.count)
        streets[street].grids.append(g)
      }
    }
  }

  /// Neighbours of grid `g` (grid indices).
  @inline(__always) package func neighbours(_ g: Int) -> ArraySlice<Int32> {
    neighbourList[Int(neighbourStart[g])..<Int(neighbourStart[g + 1])]
  }

  /// The `k`-th address (0 ≤ k < addressesPerGrid) of grid `g`: a door number on its street.
  package func address(grid g: Int, _ k: Int) -> String {
    let street = streets[Int(gridStreet[g])]
    return Names.address(
      street: street.name, number: Int(gridStreetPosition[g]) * Self.addressesPerGrid + k + 1)
  }

  /// Splits `cells` into `regions` compact regions: nearest of `regions` seed cells, seeds moved
  /// to the member nearest their region's centroid (Lloyd 1982) for 3 rounds. A seed is always
  /// its own nearest seed, so no region is empty.
  /// - Returns: the region (0..<regions) of each cell, in the order of `cells`.
  /// - Complexity: O(cells · regions).
  static func voronoi(_ cells: [Int], regions: Int, lattice: Lattice, rng: inout Xoshiro256StarStar) -> [Int]
  {
    precondition(regions >= 1 && regions <= cells.count, "regions must be 1…cells")
    if regions == 1 { return [Int](repeating: 0, count: cells.count) }
    // Distinct seeds by a partial Fisher–Yates shuffle of positions.
    var positions = Array(0..<cells.count)
    for i in 0..<regions {
      positions.swapAt(i, i + rng.below(cells.count - i))
    }
    var seeds = positions.prefix(regions).map { cells[$0] }
    var labels = [Int](repeating: 0, count: cells.count)
    for round in 0...3 {
      let sx = seeds.map { Double(lattice.column($0)) }
      let sy = seeds.map { Double(lattice.row($0)) }
      for (i, c) in cells.enumerated() {
        let x = Double(lattice.column(c))
        let y = Double(lattice.row(c))
        var best = 0
        var bestD = Double.infinity
        for k in 0..<regions {
          let dx = x - sx[k]
          let dy = y - sy[k]
          let d = dx * dx + dy * dy
          if d < bestD {
            bestD = d
            best = k
          }
        }
        labels[i] = best
      }
      if round == 3 { break }
      var cx = [Double](repeating: 0, count: regions)
      var cy = [Double](repeating: 0, count: regions)
      var size = [Double](repeating: 0, count: regions)
      for (i, c) in cells.enumerated() {
        cx[labels[i]] += Double(lattice.column(c))
        cy[labels[i]] += Double(lattice.row(c))
        size[labels[i]] += 1
      }
      var bestD = [Double](repeating: .infinity, count: regions)
      for (i, c) in cells.enumerated() {
        let k = labels[i]
        let dx = Double(lattice.column(c)) - cx[k] / size[k]
        let dy = Double(lattice.row(c)) - cy[k] / size[k]
        let d = dx * dx + dy * dy
        if d < bestD[k] {
          bestD[k] = d
          seeds[k] = c
        }
      }
    }
    return labels
  }
}

/// Record identifiers: a prefix and a zero-padded number wide enough for the whole table.
package enum Identifier {
  package static func make(_ prefix: String, _ number: Int, of total: Int) -> String {
    let width = max(3, String(total).count)
    let digits = String(number)
    return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
