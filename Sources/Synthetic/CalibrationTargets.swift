/// The figures the generator is calibrated to, at scale 1: Donghe District (东河区), Baotou.
///
/// Source: the figures of the project's brief (issue 2), which quotes the district's grid-governance
/// figures (14 subdistricts/towns, 115 communities/villages, 872 grids of ~350 households in town
/// and ~50 in the countryside, ~130 "街长+N员+1" street teams over ~12,000 street-front shops, ~20,000
/// incidents a year of which ~4,800 disputes, 99.3% of disputes mediated, ~5,000 petitions a year,
/// 39,410 safety inspections in three years, 18.5% finding hazards, 98.75% of hazards rectified).
/// They were not checked against the district's own publications here. The repeat-petitioner
/// share and the location-path shares are this generator's own choices. See `datasets/README.md`.
public struct CalibrationTargets: Sendable, Hashable, Codable {
  public var subdistricts: Double
  public var communities: Double
  public var grids: Double
  public var urbanShare: Double
  public var urbanHouseholds: Double
  public var ruralHouseholds: Double
  public var streets: Double
  public var shops: Double
  public var incidentsPerYear: Double
  public var disputesPerYear: Double
  /// Of closed disputes, the share with status `mediated`.
  public var mediatedShare: Double
  public var petitionsPerYear: Double
  /// Share of petitions with `petitioner_count` ≥ 5.
  public var collectiveShare: Double
  /// Share of petitions whose petitioner petitioned before (this generator's own choice).
  public var repeatShare: Double
  /// Over three years; scaled by years / 3.
  public var inspectionsPerThreeYears: Double
  public var hazardShare: Double
  /// Σ hazards_rectified / Σ hazards_found.
  public var rectifiedShare: Double
  /// How incidents and petitions are located: grid_id, lon/lat only, address only.
  public var gridLocatedShare: Double
  public var pointLocatedShare: Double
  public var addressLocatedShare: Double

  public static let donghe = CalibrationTargets(
    subdistricts: 14, communities: 115, grids: 872, urbanShare: 0.85, urbanHouseholds: 350,
    ruralHouseholds: 50, streets: 130, shops: 12_000, incidentsPerYear: 20_000, disputesPerYear: 4_800,
    mediatedShare: 0.993, petitionsPerYear: 5_000, collectiveShare: 0.03, repeatShare: 0.20,
    inspectionsPerThreeYears: 39_410, hazardShare: 0.185, rectifiedShare: 0.9875, gridLocatedShare: 0.85,
    pointLocatedShare: 0.10, addressLocatedShare: 0.05)

  /// A count of `base` at scale 1, at `scale`, rounded, at least `minimum`.
  static func count(_ base: Double, scale: Double, minimum: Int = 1) -> Int {
    max(minimum, Int((base * scale).rounded()))
  }
}
