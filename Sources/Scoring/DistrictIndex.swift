import LinearAlgebra
import Records

/// Dense `Int32` indices for every grid, shop, community and subdistrict of a district, and the
/// grid adjacency as a compressed sparse row (CSR) list.
///
/// Ids are mapped to indices once, here; every later pass works on contiguous arrays indexed by
/// these numbers, never on dictionaries or id indexes.
/// - Complexity: O(grids + shops + adjacency pairs · log).
package struct DistrictIndex: Sendable {
  package let gridIDs: [String]
  package let shopIDs: [String]
  package let gridIndex: [String: Int32]
  /// Shop ids to their numbers (the first shop with an id): a million shops are indexed at every
  /// score, faster than by a `Dictionary`.
  package let shopIndex: IDIndex
  /// The grid of each shop, or -1 when the shop names a grid the district does not have.
  package let gridOfShop: [Int32]
  package let communityOfGrid: [Int32]
  package let subdistrictOfGrid: [Int32]
  package let communityCount: Int
  package let subdistrictCount: Int
  /// Households of each grid; 0 where unknown.
  package let households: [Double]
  /// CSR adjacency: the neighbours of grid i are `neighbors[neighborStart[i]..<neighborStart[i+1]]`,
  /// symmetrized, without self-loops or repeats.
  package let neighborStart: [Int32]
  package let neighbors: [Int32]

  package var gridCount: Int { gridIDs.count }
  package var shopCount: Int { shopIDs.count }

  package init(_ district: District) {
    self.init(district, shops: ShopColumns(district.shops))
  }

  /// The index of a district's grids and adjacency (its `shops` unused) and of `shops`.
  package init(_ district: District, shops: ShopColumns) {
    gridIDs = district.grids.map(\.id)
    shopIDs = shops.ids
    var gi: [String: Int32] = [:]
    gi.reserveCapacity(gridIDs.count)
    for (i, id) in gridIDs.enumerated() where gi[id] == nil { gi[id] = Int32(i) }
    gridIndex = gi
    shopIndex = IDIndex(shopIDs)
    let gridOfNumber = shops.gridIDs.map { gi[$0] ?? -1 }
    gridOfShop = shops.grid.map { gridOfNumber[Int($0)] }

    var communities: [String: Int32] = [:]
    var subdistricts: [String: Int32] = [:]
    var community = [Int32](repeating: 0, count: gridIDs.count)
    var subdistrict = [Int32](repeating: 0, count: gridIDs.count)
    for (i, g) in district.grids.enumerated() {
      let s = subdistricts[g.subdistrictID] ?? Int32(subdistricts.count)
      subdistricts[g.subdistrictID] = s
      let key = g.subdistrictID + "\u{1F}" + g.communityID
      let c = communities[key] ?? Int32(communities.count)
      communities[key] = c
      community[i] = c
      subdistrict[i] = s
    }
    communityOfGrid = community
    subdistrictOfGrid = subdistrict
    communityCount = communities.count
    subdistrictCount = subdistricts.count
    households = district.grids.map { Double(max(0, $0.households ?? 0)) }

    // Symmetrize: every pair both ways, sorted, repeats dropped.
    var pairs: [Int64] = []
    pairs.reserveCapacity(district.adjacency.count * 2)
    for a in district.adjacency {
      guard let i = gi[a.gridID], let j = gi[a.neighborID], i != j else { continue }
      pairs.append(Int64(i) << 32 | Int64(j))
      pairs.append(Int64(j) << 32 | Int64(i))
    }
    pairs.sort()
    var start = [Int32](repeating: 0, count: gridIDs.count + 1)
    var list: [Int32] = []
    list.reserveCapacity(pairs.count)
    var previous: Int64 = -1
    for p in pairs where p != previous {
      previous = p
      start[Int(p >> 32) + 1] += 1
      list.append(Int32(truncatingIfNeeded: p & 0xFFFF_FFFF))
    }
    for i in 0..<gridIDs.count { start[i + 1] += start[i] }
    neighborStart = start
    neighbors = list
  }

  /// Number of neighbours of grid i.
  package func degree(_ i: Int) -> Int { Int(neighborStart[i + 1] - neighborStart[i]) }

  /// `W · x` for the row-standardized adjacency W (w_ij = 1/deg(i) for each neighbour j), applied
  /// to every column of `x` at once; grids without neighbours get 0.
  /// - Complexity: O(adjacency pairs · columns).
  package func spatialLag(_ x: Matrix) -> Matrix {
    precondition(x.rows == gridCount, "spatialLag: one row per grid")
    var out = Matrix(rows: x.rows, columns: x.columns)
    let n = x.rows
    x.storage.withUnsafeBufferPointer { src in
      out.storage.withUnsafeMutableBufferPointer { dst in
        for i in 0..<n {
          let lo = Int(neighborStart[i])
          let hi = Int(neighborStart[i + 1])
          if hi == lo { continue }
          let w = 1 / Double(hi - lo)
          for c in 0..<x.columns {
            let base = c * n
            var acc = 0.0
            for k in lo..<hi { acc += src[base + Int(neighbors[k])] }
            dst[base + i] = acc * w
          }
        }
      }
    }
    return out
  }

  /// `Σ_j a_ij x_j` with the binary adjacency (the sum over neighbours, not the mean).
  package func neighborSum(_ x: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: gridCount)
    for i in 0..<gridCount {
      var acc = 0.0
      for k in Int(neighborStart[i])..<Int(neighborStart[i + 1]) { acc += x[Int(neighbors[k])] }
      out[i] = acc
    }
    return out
  }
}
