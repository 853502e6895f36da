import Foundation
import Records

/// Everything needed to reproduce or interpret a generated district: `truth/params.json`.
struct GeneratorRecord: Codable {
  struct Calibrated: Codable {
    /// c: background incidents per household-day at risk e^0 (before season).
    var incidentBackgroundScale: Double
    /// κ: shop-stream incidents per day per unit of hazard propensity.
    var shopIncidentScale: Double
    /// (α_self + 4 α_nb) / (1 − ρ): expected direct offspring of an incident away from the edge.
    var branchingRatio: Double
    var petitionScale: Double
    /// a in p = σ(a + x).
    var hazardIntercept: Double
    var neverRectifiedShare: Double
  }

  var generator = "yanpan synthetic district"
  var format = 1
  var prng =
    "xoshiro256** 1.0 (Blackman & Vigna), one stream per part of the district, each seeded by SplitMix64 from (seed, stream)"
  var seed: UInt64
  var scale: Double
  var years: Int
  var start: String
  var end: String
  var centre = ["lon": 110.03, "lat": 40.58]
  var targetsAtScale1: CalibrationTargets
  var risk: RiskParameters
  var shops: ShopParameters
  var petitions: PetitionParameters
  var inspections: InspectionParameters
  var calibrated: Calibrated
  var files: [String: String] = [
    "grids.csv": "grids (canonical columns of RecordKind.grids)",
    "grid_adjacency.csv": "both directions of every pair of grids sharing an edge",
    "grids.geojson": "RFC 7946 FeatureCollection, one Polygon per grid, properties.grid_id",
    "addresses.csv": "address,grid_id: every door number of every street",
    "streets.csv": "street teams (街长+N员+1)",
    "shops.csv": "street-front shops",
    "incidents.csv": "incidents and disputes (dispute.*)",
    "petitions.csv": "petitions (信访)",
    "inspections.csv": "safety inspections",
    "truth/grid_risk.csv":
      "grid_id, latent_rate (background incidents/day on the end date), latent_rate_mean_30d, expected_next_30d (with excitation), realized_next_30d, realized_severe_next_30d (severity ≥ 2; simulated after the end, never written as records)",
    "truth/shop_risk.csv":
      "shop_id, hazard_propensity (probability an inspection finds hazards), inspection_weight, incident_rate_per_year",
  ]
}

/// Writes `truth/`.
enum TruthWriter {
  static let gridColumns = [
    "grid_id", "latent_rate", "latent_rate_mean_30d", "expected_next_30d", "realized_next_30d",
    "realized_severe_next_30d",
  ]
  static let shopColumns = ["shop_id", "hazard_propensity", "inspection_weight", "incident_rate_per_year"]

  static func writeGrids(_ truth: GridTruth, layout: DistrictLayout, to table: inout CSVTable) throws {
    for g in 0..<layout.gridCount {
      table.text(layout.gridIDs[g])
      table.fixed(truth.latentAtEnd[g], decimals: 6)
      table.fixed(truth.latentMean30[g], decimals: 6)
      table.fixed(truth.expectedNext30[g], decimals: 6)
      table.integer(truth.realizedNext30[g])
      table.integer(truth.realizedSevereNext30[g])
      try table.endRow()
    }
  }

  static func writeShops(_ shops: ShopTable, shopIncidentScale: Double, to table: inout CSVTable) throws {
    for s in 0..<shops.count {
      table.text(Identifier.make("SH", s + 1, of: shops.count))
      table.fixed(Double(shops.propensity[s]), decimals: 6)
      table.fixed(shops.inspectionWeight[s], decimals: 6)
      table.fixed(shopIncidentScale * Double(shops.propensity[s]) * 365, decimals: 6)
      try table.endRow()
    }
  }

  static func writeParameters(_ record: GeneratorRecord, to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    var data = try encoder.encode(record)
    data.append(10)
    try data.write(to: url)
  }
}
