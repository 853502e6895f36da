import Foundation
import Records

/// Generates a synthetic district calibrated to Donghe District, Baotou, and writes it to a
/// directory: every record kind in canonical CSV columns, grid boundaries, an address table, and
/// the planted risk in `truth/`.
///
/// Deterministic: the same options and taxonomy give the same bytes (own PRNG, fixed default end
/// date, no clock, no hash-ordered iteration). Streaming: records are written as they are
/// generated; memory holds per-grid and per-shop state (about 60 bytes a shop, 300 bytes a grid)
/// and one day of records, so scale 100 runs in bounded memory.
public struct DistrictGenerator: Sendable {
  public let options: GeneratorOptions
  public let taxonomy: Taxonomy
  public let targets: CalibrationTargets

  /// The files written, relative to the output directory.
  public static let files = [
    "grids.csv", "grid_adjacency.csv", "grids.geojson", "addresses.csv", "streets.csv", "shops.csv",
    "incidents.csv", "petitions.csv", "inspections.csv", "truth/grid_risk.csv", "truth/shop_risk.csv",
    "truth/params.json",
  ]

  /// - Precondition: `options.problem == nil` (the CLI checks it and reports a usage error).
  public init(options: GeneratorOptions, taxonomy: Taxonomy, targets: CalibrationTargets = .donghe) {
    precondition(options.problem == nil, options.problem ?? "")
    self.options = options
    self.taxonomy = taxonomy
    self.targets = targets
  }

  /// Writes the district into `directory` (created if needed; files of the same names replaced).
  /// - Returns: target against produced for every calibrated figure.
  /// - Throws: file-system errors.
  /// - Complexity: O((grids + shops) · weeks + records).
  @discardableResult
  public func write(to directory: URL) throws -> CalibrationReport {
    let fm = FileManager.default
    try fm.createDirectory(at: directory.appendingPathComponent("truth"), withIntermediateDirectories: true)
    func table(_ name: String, _ columns: [String]) throws -> CSVTable {
      CSVTable(try FileSink(directory.appendingPathComponent(name)), columns: columns)
    }
    let seed = options.seed
    var tally = Tally()

    // Geography and organisation.
    var layoutRNG = Xoshiro256StarStar(seed: seed, .layout)
    let layout = DistrictLayout(scale: options.scale, targets: targets, rng: &layoutRNG)
    tally.subdistricts = layout.subdistricts.count
    tally.communities = layout.communities.count
    tally.grids = layout.gridCount
    for g in 0..<layout.gridCount {
      if layout.gridUrban[g] {
        tally.urbanGrids += 1
        tally.urbanHouseholds += layout.gridHouseholds[g]
      } else {
        tally.ruralHouseholds += layout.gridHouseholds[g]
      }
    }
    tally.streets = layout.streets.count

    var namesRNG = Xoshiro256StarStar(seed: seed, .names)
    var grids = try table("grids.csv", RecordKind.grids.columns)
    try GeographyWriter.writeGrids(layout, to: &grids, rng: &namesRNG)
    try grids.close()
    var adjacency = try table("grid_adjacency.csv", RecordKind.gridAdjacency.columns)
    try GeographyWriter.writeAdjacency(layout, to: &adjacency)
    try adjacency.close()
    var boundaries = TextWriter(try FileSink(directory.appendingPathComponent("grids.geojson")))
    try GeographyWriter.writeBoundaries(layout, to: &boundaries)
    try boundaries.close()
    var addresses = try table("addresses.csv", GeographyWriter.addressColumns)
    try GeographyWriter.writeAddresses(layout, to: &addresses)
    try addresses.close()

    var streetRNG = Xoshiro256StarStar(seed: seed, .streets)
    var streets = try table("streets.csv", RecordKind.streets.columns)
    let inspectors = try StreetGenerator.write(layout, to: &streets, rng: &streetRNG)
    try streets.close()

    // Hidden risk, shops and their calibrated hazard propensity.
    let riskParameters = RiskParameters()
    var fieldRNG = Xoshiro256StarStar(seed: seed, .field)
    let risk = RiskModel(layout: layout, start: options.start, parameters: riskParameters, rng: &fieldRNG)
    let shopParameters = ShopParameters()
    var shopRNG = Xoshiro256StarStar(seed: seed, .shops)
    var shopsTable = try table("shops.csv", RecordKind.shops.columns)
    var shops = try ShopGenerator.write(
      layout, risk: risk, taxonomy: taxonomy, parameters: shopParameters,
      total: CalibrationTargets.count(targets.shops, scale: options.scale), start: options.start,
      to: &shopsTable,
      rng: &shopRNG)
    try shopsTable.close()
    tally.shops = shops.count
    let intercept =
      shops.count > 0
      ? Calibration.logisticIntercept(
        logits: shops.logit, weights: shops.inspectionWeight, mean: targets.hazardShare)
      : 0
    shops.propensity = shops.logit.map { Float(Calibration.logistic(intercept + Double($0))) }

    // Records.
    let mixes = CategoryMixes(taxonomy: taxonomy)
    let incidents = IncidentGenerator(
      layout: layout, risk: risk, shops: shops, mixes: mixes, targets: targets, options: options)
    var incidentRNG = Xoshiro256StarStar(seed: seed, .incidents)
    var incidentTable = try table("incidents.csv", RecordKind.incidents.columns)
    let truth = try incidents.run(to: &incidentTable, tally: &tally, rng: &incidentRNG)
    try incidentTable.close()

    let petitionParameters = PetitionParameters()
    let petitions = PetitionGenerator(
      layout: layout, risk: risk, mixes: mixes, targets: targets, options: options,
      parameters: petitionParameters)
    var petitionRNG = Xoshiro256StarStar(seed: seed, .petitions)
    var petitionTable = try table("petitions.csv", RecordKind.petitions.columns)
    var acceptanceRNG = Xoshiro256StarStar(seed: seed, .acceptance)
    try petitions.run(to: &petitionTable, tally: &tally, rng: &petitionRNG, acceptance: &acceptanceRNG)
    try petitionTable.close()

    let inspectionParameters = InspectionParameters()
    let inspections = InspectionGenerator(
      layout: layout, shops: shops, inspectors: inspectors, targets: targets, options: options,
      parameters: inspectionParameters)
    var inspectionRNG = Xoshiro256StarStar(seed: seed, .inspections)
    var inspectionTable = try table("inspections.csv", RecordKind.inspections.columns)
    try inspections.run(to: &inspectionTable, tally: &tally, rng: &inspectionRNG)
    try inspectionTable.close()

    // Truth.
    var gridTruth = try table("truth/grid_risk.csv", TruthWriter.gridColumns)
    try TruthWriter.writeGrids(truth, layout: layout, to: &gridTruth)
    try gridTruth.close()
    var shopTruth = try table("truth/shop_risk.csv", TruthWriter.shopColumns)
    try TruthWriter.writeShops(shops, shopIncidentScale: incidents.shopScale, to: &shopTruth)
    try shopTruth.close()
    let record = GeneratorRecord(
      seed: seed, scale: options.scale, years: options.years, start: options.start.iso, end: options.end.iso,
      targetsAtScale1: targets, risk: riskParameters, shops: shopParameters, petitions: petitionParameters,
      inspections: inspectionParameters,
      calibrated: .init(
        incidentBackgroundScale: incidents.backgroundScale, shopIncidentScale: incidents.shopScale,
        branchingRatio: (riskParameters.alphaSelf + 4 * riskParameters.alphaNeighbour)
          / (1 - riskParameters.decay),
        petitionScale: petitions.scale, hazardIntercept: intercept,
        neverRectifiedShare: inspections.neverRectified))
    try TruthWriter.writeParameters(record, to: directory.appendingPathComponent("truth/params.json"))

    return CalibrationReport(targets: targets, options: options, tally: tally)
  }
}
