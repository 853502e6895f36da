import Foundation
import Records

/// Parameters of shops and their hidden hazard propensity; written to `truth/params.json`.
package struct ShopParameters: Sendable, Codable, Hashable {
  /// Relative frequency of each shop category (taxonomy code). Codes the taxonomy lacks are
  /// skipped; taxonomy shop codes not listed here get `unlistedWeight`.
  var categoryWeights: [String: Double] = [
    "shop.restaurant": 0.22, "shop.grocery": 0.13, "shop.bakery": 0.04, "shop.pharmacy": 0.04,
    "shop.retail": 0.19, "shop.hotel": 0.03, "shop.entertainment": 0.03, "shop.beauty": 0.08,
    "shop.education": 0.04, "shop.repair": 0.05, "shop.fuel": 0.01, "shop.fireworks": 0.006,
    "shop.logistics": 0.04, "shop.service": 0.084,
  ]
  var unlistedWeight = 0.01
  /// A shop gets the flag of its category's taxonomy group (food, hazmat, crowded) with this
  /// probability, and any other flag with `strayFlagProbability`.
  var groupFlagProbability = 0.9
  var strayFlagProbability = 0.03
  /// Hazard log-odds x = severityEffect·(severity − 1) + Σ flag effects + gridLoading·(grid log
  /// risk) + shopSD·N(0,1); propensity p = σ(a + x), a calibrated to the hazard share.
  var severityEffect = 0.35
  var hazmatEffect = 0.6
  var crowdedEffect = 0.35
  var foodEffect = 0.2
  var gridLoading = 0.25
  var shopSD = 0.8
  /// Inspection choice weight w = routine + perFlag·#flags + riskLoading·e^(x/2)/mean(e^(x/2)):
  /// riskier and flagged shops are visited more, every shop has routine coverage.
  var routineWeight = 1.0
  var perFlagWeight = 0.8
  var riskLoading = 1.5
  /// Expected shops per grid: urban 1, rural `ruralShopWeight`, × lognormal(0, countSD).
  var ruralShopWeight = 0.125
  var countSD = 0.45
  /// Share of shops closed (停业).
  var closedShare = 0.03

  package init() {}
}

/// The generated shops, kept as compact columns (about 20 bytes a shop) for the record
/// generators; names and coordinates are written to shops.csv and not kept.
package struct ShopTable: Sendable {
  package var grid: [Int32] = []
  package var flags: [UInt8] = []
  package var logit: [Float] = []
  /// Shops of grid g are `firstShop[g]..<firstShop[g+1]` (shops are ordered by grid).
  package var firstShop: [Int32] = []
  /// Calibrated hazard propensity σ(a + x) per shop.
  package var propensity: [Float] = []
  package var inspectionWeight: [Double] = []

  package var count: Int { grid.count }

  package static func flagCount(_ bits: UInt8) -> Int { bits.nonzeroBitCount }
  package static let hazmatBit: UInt8 = 1
  package static let crowdedBit: UInt8 = 2
  package static let foodBit: UInt8 = 4

  /// `hazmat;crowded;food` order of the contract.
  static func flagText(_ bits: UInt8) -> String {
    var parts: [String] = []
    if bits & hazmatBit != 0 { parts.append(ShopFlag.hazmat.rawValue) }
    if bits & crowdedBit != 0 { parts.append(ShopFlag.crowded.rawValue) }
    if bits & foodBit != 0 { parts.append(ShopFlag.food.rawValue) }
    return parts.joined(separator: ";")
  }
}

/// Generates shops.csv and the shop table.
enum ShopGenerator {
  /// Writes `round(12,000 · scale)` shops, spread over grids by expected density, and returns
  /// their compact table (propensity not yet calibrated).
  /// - Complexity: O(shops + grids).
  static func write(
    _ layout: DistrictLayout, risk: RiskModel, taxonomy: Taxonomy, parameters: ShopParameters, total: Int,
    start: Day, to table: inout CSVTable, rng: inout Xoshiro256StarStar
  ) throws -> ShopTable {
    let codes = taxonomy.codes(in: .shop)
    precondition(!codes.isEmpty, "the taxonomy has no shop categories")
    let categories = codes.map { taxonomy.category(code: $0)! }
    let weights = codes.map { parameters.categoryWeights[$0] ?? parameters.unlistedWeight }
    let categoryTable = AliasTable(weights: weights)

    let expected = (0..<layout.gridCount).map { g in
      (layout.gridUrban[g] ? 1 : parameters.ruralShopWeight) * exp(parameters.countSD * rng.normal())
    }
    let sum = expected.reduce(0, +)
    let perGrid = Apportionment.systematic(expected.map { $0 * Double(total) / sum }, offset: rng.uniform())

    var shops = ShopTable()
    shops.grid.reserveCapacity(total)
    shops.flags.reserveCapacity(total)
    shops.logit.reserveCapacity(total)
    shops.firstShop.reserveCapacity(layout.gridCount + 1)
    var index = 0
    for g in 0..<layout.gridCount {
      shops.firstShop.append(Int32(index))
      let street = layout.streets[Int(layout.gridStreet[g])]
      for _ in 0..<perGrid[g] {
        let k = categoryTable.draw(&rng)
        let category = categories[k]
        var bits: UInt8 = 0
        let groupBit: UInt8 =
          switch category.group {
          case "hazmat": ShopTable.hazmatBit
          case "crowded": ShopTable.crowdedBit
          case "food": ShopTable.foodBit
          default: 0
          }
        if groupBit != 0 && rng.bernoulli(parameters.groupFlagProbability) { bits |= groupBit }
        for bit in [ShopTable.hazmatBit, ShopTable.crowdedBit, ShopTable.foodBit] where bit != groupBit {
          if rng.bernoulli(parameters.strayFlagProbability) { bits |= bit }
        }
        var x = parameters.severityEffect * Double(category.severity - 1)
        if bits & ShopTable.hazmatBit != 0 { x += parameters.hazmatEffect }
        if bits & ShopTable.crowdedBit != 0 { x += parameters.crowdedEffect }
        if bits & ShopTable.foodBit != 0 { x += parameters.foodEffect }
        x += parameters.gridLoading * risk.logRisk[g] + parameters.shopSD * rng.normal()
        shops.grid.append(Int32(g))
        shops.flags.append(bits)
        shops.logit.append(Float(x))

        index += 1
        table.text(Identifier.make("SH", index, of: total))
        table.text(Names.shop(category: category.code, label: category.label, &rng))
        table.text(street.id)
        table.text(layout.gridIDs[g])
        table.text(category.code)
        table.text(ShopTable.flagText(bits))
        table.point(layout.lattice.point(in: layout.gridCell[g], u: rng.uniform(), v: rng.uniform()))
        table.day(start.advanced(by: -(30 + rng.below(3650))))
        table.text(
          rng.bernoulli(parameters.closedShare) ? Shop.Status.closed.rawValue : Shop.Status.open.rawValue)
        try table.endRow()
      }
    }
    shops.firstShop.append(Int32(index))

    // Inspection weights: routine coverage plus flags plus (hidden) risk.
    var meanRisk = 0.0
    for x in shops.logit { meanRisk += exp(0.5 * Double(x)) }
    meanRisk /= Double(max(1, shops.count))
    shops.inspectionWeight = (0..<shops.count).map { s in
      parameters.routineWeight + parameters.perFlagWeight * Double(ShopTable.flagCount(shops.flags[s]))
        + parameters.riskLoading * exp(0.5 * Double(shops.logit[s])) / meanRisk
    }
    return shops
  }
}
