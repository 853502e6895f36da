import Foundation
import Records

/// The planted truth about grids, known only to the generator.
package struct GridTruth: Sendable {
  /// Background incident rate per day on the end date (grid process + its shops), before excitation.
  package var latentAtEnd: [Double]
  /// Mean of that rate over the last 30 days.
  package var latentMean30: [Double]
  /// Expected incidents in the 30 days after the end, excitation included.
  package var expectedNext30: [Double]
  /// Incidents the process went on to produce in those 30 days (never written as records).
  package var realizedNext30: [Int]
  /// Of those, severity ≥ 2.
  package var realizedSevereNext30: [Int]
}

/// Incidents as a self-exciting point process on the grid lattice, simulated day by day.
///
/// The rate of grid g on day d is λ_g(d) = s(d)·(c·h_g·e^(η_g + δ_g(d)) + κ·Σ_shops p) + E_g(d):
/// a background with households h_g as exposure, static log-risk η and drift δ (`RiskModel`),
/// season s; a shop stream whose rate is the shops' hazard propensity p; and near-repeat excitation
/// E, which each incident raises by α_self in its grid and α_nb in each neighbour and which decays
/// by ρ = e^(−1/τ) a day (a discrete-time linear Hawkes process, Mohler et al., "Self-exciting
/// point process modeling of crime", JASA 106, 2011). c and κ are calibrated so the expected total
/// matches the target (`Calibration.withExcitation`).
///
/// Counts are drawn per day as Poisson totals and spread over grids by alias tables (background,
/// rebuilt weekly; shops, fixed) and by the cumulative excitation, so a day costs O(grids + events).
/// Records are written as each day is simulated; nothing is kept across days but per-grid state.
struct IncidentGenerator {
  let layout: DistrictLayout
  let risk: RiskModel
  let shops: ShopTable
  let mixes: CategoryMixes
  let targets: CalibrationTargets
  let options: GeneratorOptions
  /// Background scale c and shop-stream scale κ.
  let backgroundScale: Double
  let shopScale: Double
  /// Share of incidents that are disputes.
  let disputeShare: Double

  /// Σ of propensity over each grid's shops.
  let shopPropensityOfGrid: [Double]

  struct Row {
    var minute: Int
    var sequence: Int
    var location: Location
    var shop: Int32
    var code: String
    var severity: Int
    var status: String
    var resolved: (day: Day, minute: Int)?
    var source: String
  }

  static let sources = ["110", "grid report", "video", "12345"]
  static let sourceWeights = [0.35, 0.40, 0.10, 0.15]

  init(
    layout: DistrictLayout, risk: RiskModel, shops: ShopTable, mixes: CategoryMixes,
    targets: CalibrationTargets,
    options: GeneratorOptions
  ) {
    self.layout = layout
    self.risk = risk
    self.shops = shops
    self.mixes = mixes
    self.targets = targets
    self.options = options
    disputeShare = targets.disputesPerYear / targets.incidentsPerYear
    var perGrid = [Double](repeating: 0, count: layout.gridCount)
    for s in 0..<shops.count { perGrid[Int(shops.grid[s])] += Double(shops.propensity[s]) }
    shopPropensityOfGrid = perGrid

    // Calibration: expected total (with excitation) = c·A + κ·B = target, κ·B = share·target.
    let p = risk.parameters
    let background = risk.integrated(from: options.start, to: options.end, weights: risk.incidentWeights)
    var seasonSum = 0.0
    var d = options.start
    while d <= options.end {
      seasonSum += risk.season(d)
      d = d.advanced(by: 1)
    }
    let a = Calibration.withExcitation(
      background, layout: layout, alphaSelf: p.alphaSelf, alphaNeighbour: p.alphaNeighbour, decay: p.decay
    ).reduce(0, +)
    let b = Calibration.withExcitation(
      perGrid.map { $0 * seasonSum }, layout: layout, alphaSelf: p.alphaSelf,
      alphaNeighbour: p.alphaNeighbour,
      decay: p.decay
    ).reduce(0, +)
    let target = targets.incidentsPerYear * options.scale * Double(options.years)
    backgroundScale = (1 - p.shopIncidentShare) * target / a
    shopScale = b > 0 ? p.shopIncidentShare * target / b : 0
  }

  /// Simulates burn-in, the record span and the truth horizon; writes the span's incidents.
  /// - Complexity: O((grids + events) · days).
  func run(to table: inout CSVTable, tally: inout Tally, rng: inout Xoshiro256StarStar) throws -> GridTruth {
    let n = layout.gridCount
    let p = risk.parameters
    let decay = p.decay
    let first = options.start.advanced(by: -p.burnInDays)
    let last = options.end.advanced(by: p.horizonDays)
    let truthFrom = options.end.advanced(by: -29)
    let shopTable = shops.count > 0 ? AliasTable(weights: shops.propensity.map(Double.init)) : nil
    let shopTotal = (shopTable?.total ?? 0) * shopScale

    var excitation = [Double](repeating: 0, count: n)
    var excitationTotal = 0.0
    var cumulative = [Double](repeating: 0, count: n)
    var truth = GridTruth(
      latentAtEnd: .init(repeating: 0, count: n), latentMean30: .init(repeating: 0, count: n),
      expectedNext30: .init(repeating: 0, count: n), realizedNext30: .init(repeating: 0, count: n),
      realizedSevereNext30: .init(repeating: 0, count: n))
    var futureBackground = [Double](repeating: 0, count: n)

    var week = Int.min
    var background: AliasTable? = nil
    var weights = [Double](repeating: 0, count: n)
    var events: [(grid: Int32, shop: Int32)] = []
    var rows: [Row] = []
    var nextID = 0
    let idTotal = Int(targets.incidentsPerYear * options.scale * Double(options.years) * 1.5) + 10

    var day = first
    while day <= last {
      let w = risk.week(day)
      if w != week {
        week = w
        risk.incidentWeights(week: w, into: &weights)
        for g in 0..<n { weights[g] *= backgroundScale }
        background = AliasTable(weights: weights)
      }
      let season = risk.season(day)
      if day >= truthFrom {
        for g in 0..<n {
          let rate = season * (weights[g] + shopScale * shopPropensityOfGrid[g])
          if day <= options.end {
            truth.latentMean30[g] += rate / 30
            if day == options.end { truth.latentAtEnd[g] = rate }
          } else {
            futureBackground[g] += rate
          }
        }
      }

      // Draw the day's incidents: background, shop stream, excitation.
      events.removeAll(keepingCapacity: true)
      let nBackground = rng.poisson(mean: season * background!.total)
      for _ in 0..<nBackground { events.append((Int32(background!.draw(&rng)), -1)) }
      if let shopTable {
        let nShop = rng.poisson(mean: season * shopTotal)
        for _ in 0..<nShop {
          let s = shopTable.draw(&rng)
          events.append((shops.grid[s], Int32(s)))
        }
      }
      let nExcited = rng.poisson(mean: excitationTotal)
      if nExcited > 0 {
        var running = 0.0
        for g in 0..<n {
          running += excitation[g]
          cumulative[g] = running
        }
        for _ in 0..<nExcited {
          let r = rng.uniform() * running
          var lo = 0
          var hi = n - 1
          while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > r { hi = mid } else { lo = mid + 1 }
          }
          events.append((Int32(lo), -1))
        }
      }

      // Excitation decays, then each incident raises its grid and the neighbours.
      for g in 0..<n { excitation[g] *= decay }
      for e in events {
        let g = Int(e.grid)
        excitation[g] += p.alphaSelf
        for h in layout.neighbours(g) { excitation[Int(h)] += p.alphaNeighbour }
      }
      excitationTotal = 0
      for g in 0..<n { excitationTotal += excitation[g] }

      if day >= options.start && day <= options.end {
        rows.removeAll(keepingCapacity: true)
        for (k, e) in events.enumerated() {
          rows.append(describe(e.grid, shop: e.shop, day: day, sequence: k, rng: &rng))
        }
        rows.sort { ($0.minute, $0.sequence) < ($1.minute, $1.sequence) }
        for row in rows {
          nextID += 1
          table.text(Identifier.make("INC", nextID, of: idTotal))
          table.dateTime(day, minute: row.minute)
          table.text(row.code)
          table.integer(row.severity)
          row.location.write(layout, to: &table)
          if row.shop >= 0 {
            table.text(Identifier.make("SH", Int(row.shop) + 1, of: shops.count))
          } else {
            table.empty()
          }
          table.text(row.status)
          if let r = row.resolved { table.dateTime(r.day, minute: r.minute) } else { table.empty() }
          table.text(row.source)
          try table.endRow()

          tally.incidents += 1
          tally.count(row.location.path)
          if row.shop >= 0 { tally.shopIncidents += 1 }
          if row.severity >= 2 { tally.severeIncidents += 1 }
          if row.resolved == nil { tally.openIncidents += 1 }
          if row.code.hasPrefix("dispute.") {
            tally.disputes += 1
            if row.resolved != nil {
              tally.closedDisputes += 1
              if row.status == "mediated" { tally.mediatedDisputes += 1 }
            }
          }
        }
      } else if day > options.end {
        for e in events {
          let g = Int(e.grid)
          truth.realizedNext30[g] += 1
          if drawSeverity(shop: e.shop, rng: &rng).severity >= 2 { truth.realizedSevereNext30[g] += 1 }
        }
      }
      if day == options.end {
        // Expected incidents over the horizon: background plus the decaying excitation now,
        // with the offspring they trigger.
        var residual = 0.0
        var power = 1.0
        for _ in 0..<p.horizonDays {
          residual += power
          power *= decay
        }
        for g in 0..<n { truth.expectedNext30[g] = excitation[g] * residual }
      }
      day = day.advanced(by: 1)
    }
    let seed = (0..<n).map { truth.expectedNext30[$0] + futureBackground[$0] }
    truth.expectedNext30 = Calibration.withExcitation(
      seed, layout: layout, alphaSelf: p.alphaSelf, alphaNeighbour: p.alphaNeighbour, decay: decay)
    return truth
  }

  /// Category and severity: default severity from the taxonomy, one level up 15% and down 10%.
  func drawSeverity(shop: Int32, rng: inout Xoshiro256StarStar) -> (code: String, severity: Int) {
    let dispute = rng.bernoulli(disputeShare)
    let mix =
      shop >= 0
      ? (dispute ? mixes.shopDisputes : mixes.shopIncidents) : (dispute ? mixes.disputes : mixes.incidents)
    let k = mix.draw(&rng)
    var severity = mix.severities[k]
    let u = rng.uniform()
    if u < 0.15 { severity = min(4, severity + 1) } else if u < 0.25 { severity = max(1, severity - 1) }
    return (mix.codes[k], severity)
  }

  /// One incident's fields.
  func describe(_ grid: Int32, shop: Int32, day: Day, sequence: Int, rng: inout Xoshiro256StarStar) -> Row {
    let (code, severity) = drawSeverity(shop: shop, rng: &rng)
    let minute = HourProfile.incidents.minute(&rng)
    let location = Location(grid: Int(grid), targets: targets, rng: &rng)
    let isDispute = code.hasPrefix("dispute.")
    // Handling time: disputes take longer to mediate (mean 6 days) than incidents to resolve (2 days).
    let minutes = 30 + Int(rng.exponential(mean: isDispute ? 6 * 1440 : 2 * 1440))
    let total = minute + minutes
    let resolvedDay = day.advanced(by: total / 1440)
    var status: String
    var resolved: (Day, Int)? = (resolvedDay, total % 1440)
    if resolvedDay > options.end {
      status = "open"
      resolved = nil
    } else if isDispute {
      if rng.bernoulli(targets.mediatedShare) {
        status = "mediated"
      } else {
        status = rng.bernoulli(0.4) ? "failed" : "escalated"
      }
    } else {
      status = "resolved"
    }
    let source = Self.sources[rng.pick(Self.sourceWeights)]
    return Row(
      minute: minute, sequence: sequence, location: location, shop: shop, code: code, severity: severity,
      status: status, resolved: resolved, source: source)
  }
}
