import Foundation
import Records

/// A seeded random district with a known risk per grid and near-repeat excitation, for tests that
/// need history: `side × side` grids on a lattice (rook adjacency), three shops per grid,
/// `days` days of incidents ending on `end`, monthly inspections of a tenth of the shops.
///
/// Grid g's daily incident count is Poisson with mean μ_g + α · K_g(d), where K_g is the
/// geometrically decaying (half-life `halfLife` days) sum of the grid's past counts: a discrete
/// Hawkes process with branching ratio α.
struct SimulatedDistrict {
  var district: District
  /// The planted background rate μ_g of each grid.
  var risk: [Double]

  init(
    side: Int = 10, days: Int = 500, end: Day = Day(year: 2024, month: 6, day: 30), seed: UInt64 = 3,
    branching: Double = 0.3, halfLife: Double = 3
  ) {
    var rng = SplitMix64(seed: seed)
    let n = side * side
    var grids: [Grid] = []
    var adjacency: [GridAdjacency] = []
    var risk: [Double] = []
    for g in 0..<n {
      let (r, c) = (g / side, g % side)
      grids.append(
        Grid(
          id: "G\(g)", subdistrictID: "S\(r / 5)", communityID: "C\(r / 2)-\(c / 5)",
          households: 100 + Int(rng.unit() * 300)))
      risk.append(0.04 * exp(0.8 * rng.normal()))
      if c + 1 < side { adjacency.append(GridAdjacency(gridID: "G\(g)", neighborID: "G\(g + 1)")) }
      if r + 1 < side { adjacency.append(GridAdjacency(gridID: "G\(g)", neighborID: "G\(g + side)")) }
    }
    var shops: [Shop] = []
    for g in 0..<n {
      for k in 0..<3 {
        shops.append(
          Shop(
            id: "SH\(g)-\(k)", name: "店\(g)-\(k)", streetID: "ST\(g / side)", gridID: "G\(g)",
            category: k == 0 ? "shop.restaurant" : (k == 1 ? "shop.retail" : "shop.fuel"),
            flags: k == 2 ? ["hazmat"] : []))
      }
    }
    let keep = exp(-log(2) / halfLife)
    var excitation = [Double](repeating: 0, count: n)
    var incidents: [Incident] = []
    var inspections: [Inspection] = []
    let first = end.advanced(by: -(days - 1))
    let categories = ["public_order.fight", "property.theft", "dispute.neighbor", "environment.noise"]
    for d in 0..<days {
      let day = first.advanced(by: d)
      let noon = day.start(in: .district).addingTimeInterval(12 * 3600)
      for g in 0..<n {
        let count = rng.poisson(risk[g] + branching * excitation[g])
        excitation[g] = keep * excitation[g] + (1 - keep) * Double(count)
        for _ in 0..<count {
          let shop = rng.unit() < 0.2 ? "SH\(g)-\(Int(rng.unit() * 3))" : nil
          incidents.append(
            Incident(
              id: "I\(incidents.count)", occurredAt: noon,
              category: categories[Int(rng.unit() * 4)], severity: 1 + Int(rng.unit() * 3),
              gridID: "G\(g)", shopID: shop))
        }
      }
      if d % 30 == 0 {
        for s in shops.indices where rng.unit() < 0.1 {
          let g = s / 3
          let found = rng.poisson(risk[g] * 20)
          inspections.append(
            Inspection(
              id: "X\(inspections.count)", inspectedAt: noon, shopID: shops[s].id, hazardsFound: found,
              rectifyDue: found > 0 ? day.advanced(by: 15).start(in: .district) : nil))
        }
      }
    }
    district = District(
      grids: grids, adjacency: adjacency, shops: shops, incidents: incidents, inspections: inspections)
    self.risk = risk
  }
}

/// The draws the simulated district needs, on Records' `SplitMix64` (same stream as before).
extension SplitMix64 {
  /// Box–Muller.
  mutating func normal() -> Double {
    (-2 * log(max(unit(), 1e-300))).squareRoot() * cos(2 * .pi * unit())
  }

  /// Knuth's multiplication method (means here are small).
  mutating func poisson(_ mean: Double) -> Int {
    let limit = exp(-mean)
    var k = 0
    var p = unit()
    while p > limit {
      k += 1
      p *= unit()
    }
    return k
  }
}
