import Foundation

/// Target against produced for every calibrated figure, as `yanpan generate --report` prints it.
public struct CalibrationReport: Sendable {
  public struct Figure: Sendable, Hashable {
    public var name: String
    public var target: Double
    public var produced: Double
    /// Whether the figure is a share (printed as a percentage).
    public var isShare: Bool

    /// (produced − target) / target.
    public var deviation: Double {
      target == 0 ? (produced == 0 ? 0 : .infinity) : (produced - target) / target
    }

    /// |deviation| ≤ tolerance.
    public func within(_ tolerance: Double) -> Bool { abs(deviation) <= tolerance }
  }

  public var figures: [Figure]
  /// Further facts that have no target (open records at the end, overdue rectifications, …).
  public var notes: [(String, String)]
  /// The tolerance the ✓/✗ column applies.
  public static let tolerance = 0.05

  /// The figure called `name`.
  public func figure(_ name: String) -> Figure? { figures.first { $0.name == name } }

  /// Builds the report from what was produced.
  init(targets t: CalibrationTargets, options: GeneratorOptions, tally c: Tally) {
    let s = options.scale
    let years = Double(options.years)
    func share(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
    func scaled(_ x: Double) -> Double { max(1, (x * s).rounded()) }
    let located = c.locatedByGrid + c.locatedByPoint + c.locatedByAddress
    figures = [
      Figure(
        name: "subdistricts", target: scaled(t.subdistricts), produced: Double(c.subdistricts), isShare: false
      ),
      Figure(
        name: "communities", target: scaled(t.communities), produced: Double(c.communities), isShare: false),
      Figure(name: "grids", target: scaled(t.grids), produced: Double(c.grids), isShare: false),
      Figure(
        name: "urban grid share", target: t.urbanShare, produced: share(c.urbanGrids, c.grids), isShare: true),
      Figure(
        name: "households per urban grid", target: t.urbanHouseholds,
        produced: Double(c.urbanHouseholds) / Double(max(1, c.urbanGrids)), isShare: false),
      Figure(
        name: "households per rural grid", target: t.ruralHouseholds,
        produced: Double(c.ruralHouseholds) / Double(max(1, c.grids - c.urbanGrids)), isShare: false),
      Figure(name: "streets", target: scaled(t.streets), produced: Double(c.streets), isShare: false),
      Figure(name: "shops", target: scaled(t.shops), produced: Double(c.shops), isShare: false),
      Figure(
        name: "incidents per year", target: t.incidentsPerYear * s, produced: Double(c.incidents) / years,
        isShare: false),
      Figure(
        name: "disputes per year", target: t.disputesPerYear * s, produced: Double(c.disputes) / years,
        isShare: false),
      Figure(
        name: "closed disputes mediated", target: t.mediatedShare,
        produced: share(c.mediatedDisputes, c.closedDisputes),
        isShare: true),
      Figure(
        name: "petitions per year", target: t.petitionsPerYear * s, produced: Double(c.petitions) / years,
        isShare: false),
      Figure(
        name: "collective petitions", target: t.collectiveShare,
        produced: share(c.collectivePetitions, c.petitions),
        isShare: true),
      Figure(
        name: "repeat petitioners", target: t.repeatShare, produced: share(c.repeatPetitions, c.petitions),
        isShare: true),
      Figure(
        name: "inspections", target: (t.inspectionsPerThreeYears * s * years / 3).rounded(),
        produced: Double(c.inspections), isShare: false),
      Figure(
        name: "inspections finding hazards", target: t.hazardShare,
        produced: share(c.inspectionsWithHazards, c.inspections), isShare: true),
      Figure(
        name: "hazards rectified", target: t.rectifiedShare,
        produced: share(c.hazardsRectified, c.hazardsFound),
        isShare: true),
      Figure(
        name: "located by grid_id", target: t.gridLocatedShare, produced: share(c.locatedByGrid, located),
        isShare: true),
      Figure(
        name: "located by lon/lat", target: t.pointLocatedShare, produced: share(c.locatedByPoint, located),
        isShare: true),
      Figure(
        name: "located by address", target: t.addressLocatedShare,
        produced: share(c.locatedByAddress, located),
        isShare: true),
    ]
    notes = [
      ("incidents still open at the end", String(c.openIncidents)),
      ("incidents at a shop", String(c.shopIncidents)),
      ("incidents of severity ≥ 2", String(c.severeIncidents)),
      ("petitions still open at the end", String(c.openPetitions)),
      ("hazard inspections rectified late", String(c.rectifiedLate)),
      ("hazard inspections open past due", String(c.openPastDue)),
      ("hazard inspections pending at the end", String(c.pendingAtEnd)),
    ]
  }

  /// The table: figure, target, produced, deviation %, ✓/✗ within ±5%, then the notes.
  public func table() -> String {
    func value(_ x: Double, _ share: Bool) -> String {
      share
        ? String(format: "%.2f%%", x * 100) : (x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x))
    }
    let header = ["figure", "target", "produced", "deviation", ""]
    var rows = figures.map { f in
      [
        f.name, value(f.target, f.isShare), value(f.produced, f.isShare),
        String(format: "%+.2f%%", f.deviation * 100), f.within(Self.tolerance) ? "✓" : "✗",
      ]
    }
    rows.insert(header, at: 0)
    let widths = (0..<header.count).map { col in rows.map { $0[col].count }.max() ?? 0 }
    var out = ""
    for (i, row) in rows.enumerated() {
      let cells = row.enumerated().map { col, cell -> String in
        let pad = String(repeating: " ", count: widths[col] - cell.count)
        return col == 0 ? cell + pad : pad + cell
      }
      out += cells.joined(separator: "  ") + "\n"
      if i == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
    }
    let failed = figures.filter { !$0.within(Self.tolerance) }.count
    out +=
      failed == 0
      ? "all \(figures.count) figures within ±5%\n" : "\(failed) of \(figures.count) figures outside ±5%\n"
    for (name, v) in notes { out += "\(name): \(v)\n" }
    return out
  }
}
