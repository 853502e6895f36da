import Foundation

/// The near-repeat (self-exciting) component: every incident raises the near-term risk of its own
/// grid and, by a share η, of its neighbours, decaying geometrically in days.
///
/// Discrete-time Hawkes model (Mohler et al. 2011, "Self-exciting point process modeling of
/// crime", JASA 106:100–108, in the daily-count form of their EM): the count of incidents in grid
/// g on day d is Poisson with mean
///
///     λ_g(d) = μ_g + α · Σ_{d' < d} x_g(d') · φ(d − d'),
///     x_g(d') = n_g(d') + η · (1/deg g) · Σ_{h ∈ N(g)} n_h(d'),
///     φ(k) = (1 − e^{−β}) · e^{−β(k−1)}  (k ≥ 1, Σ_k φ(k) = 1),
///
/// with a background rate μ_g per grid, a branching ratio α (expected direct offspring of one
/// incident in its own grid), a decay β per day (excitation half-life ln 2 / β) and a neighbour
/// share η. For each (β, η) on a small grid of candidates, μ and α are estimated by EM (the
/// E-step splits each day's count into background and triggered parts by their share of λ; the
/// M-step sets μ_g = background events / days and α = triggered events / Σ kernel mass, as in
/// Veen & Schoenberg 2008); the pair with the highest Poisson log-likelihood wins.
public struct NearRepeatModel: Sendable, Hashable, Codable {
  /// α: expected direct offspring per incident in its own grid.
  public var branching: Double
  /// β per day; the excitation halves every ln 2 / β days.
  public var decay: Double
  /// η: the neighbour share of the excitation.
  public var neighborShare: Double
  /// Poisson log-likelihood (without the log n! constant) at the estimate.
  public var logLikelihood: Double
  /// Incidents and grids the estimate used.
  public var events: Int
  public var grids: Int

  public var halfLifeDays: Double { log(2) / decay }

  /// Candidate excitation half-lives (days) and neighbour shares.
  static let halfLives: [Double] = [1, 3, 7, 14, 30]
  static let shares: [Double] = [0, 0.25, 0.5, 1]

  /// Expected incidents over the next `horizon` days triggered by the past, per grid:
  /// `α (1 − e^{−βH}) · (E_g + η · mean_{h∈N(g)} E_h)` with `E_g = Σ_{d' ≤ c} n_g(d') e^{−β(c − d')}`
  /// (the sum of φ over days c+1 … c+H, applied to the events up to the cut c).
  func expectedTriggered(
    tables: EventTables, index: DistrictIndex, cut: Int32, horizon: Int
  ) -> (expected: [Double], own: [Double]) {
    let g = index.gridCount
    var own = [Double](repeating: 0, count: g)
    let maxLag = 400
    let table = (0...maxLag).map { exp(-decay * Double($0)) }
    let n = EventTables.prefix(tables.incidentDay, through: cut)
    let first = EventTables.prefix(tables.incidentDay, through: cut - Int32(maxLag) - 1)
    for k in first..<n {
      own[Int(tables.incidentGrid[k])] += table[Int(cut - tables.incidentDay[k])]
    }
    let lag = index.spatialLag(.init(rows: g, columns: 1, columnMajor: own)).storage
    let scale = branching * (1 - exp(-decay * Double(horizon)))
    var out = [Double](repeating: 0, count: g)
    for i in 0..<g { out[i] = scale * (own[i] + neighborShare * lag[i]) }
    return (out, own)
  }

  /// Estimates the model from the incidents of the `windowDays` days up to `cut` (with 60 earlier
  /// days as burn-in that excite but are not scored), on at most `maxGrids` grids taken at an even
  /// stride (the parameters are district-wide; a sample keeps the fit fast at any scale).
  ///
  /// The window shrinks to the records there are; returns nil when fewer than 60 days (after the
  /// burn-in) or fewer than 20 incidents are there to learn from.
  /// - Complexity: O(sampled grids · days · candidates + events · candidates · iterations).
  static func fit(
    tables: EventTables, index: DistrictIndex, through cut: Int32, windowDays: Int = 365,
    maxGrids: Int = 3000, iterations: Int = 60
  ) -> NearRepeatModel? {
    let burnIn = 60
    // Never reach back before the first record: days without data would read as a quiet
    // background and inflate the excitation.
    let windowDays = min(windowDays, Int(cut - tables.firstDay) + 1 - burnIn)
    guard windowDays >= 60 else { return nil }
    let days = windowDays + burnIn
    let start = cut - Int32(days) + 1  // first day of the burn-in
    let gridCount = index.gridCount
    guard gridCount > 0 else { return nil }
    let stride = max(1, (gridCount + maxGrids - 1) / maxGrids)
    var slot = [Int32](repeating: -1, count: gridCount)  // grid → sample row
    var sample: [Int] = []
    for g in Swift.stride(from: 0, to: gridCount, by: stride) {
      slot[g] = Int32(sample.count)
      sample.append(g)
    }
    let s = sample.count
    // Daily counts of own and (neighbour-mean) events for the sampled grids.
    var own = [Double](repeating: 0, count: s * days)
    var nbr = [Double](repeating: 0, count: s * days)
    let lo = EventTables.prefix(tables.incidentDay, through: start - 1)
    let hi = EventTables.prefix(tables.incidentDay, through: cut)
    for k in lo..<hi {
      let g = Int(tables.incidentGrid[k])
      let d = Int(tables.incidentDay[k] - start)
      let row = slot[g]
      if row >= 0 { own[Int(row) * days + d] += 1 }
      // This event excites each sampled neighbour h of g with weight 1/deg(h).
      for e in Int(index.neighborStart[g])..<Int(index.neighborStart[g + 1]) {
        let h = Int(index.neighbors[e])
        let r = slot[h]
        if r >= 0 { nbr[Int(r) * days + d] += 1 / Double(index.degree(h)) }
      }
    }
    // Scored (grid, day, count) cells with at least one event.
    var cellRow: [Int32] = []
    var cellDay: [Int32] = []
    var cellCount: [Double] = []
    for r in 0..<s {
      for d in burnIn..<days where own[r * days + d] > 0 {
        cellRow.append(Int32(r))
        cellDay.append(Int32(d))
        cellCount.append(own[r * days + d])
      }
    }
    let counts = DailyCounts(
      own: own, neighbors: nbr, days: days, burnIn: burnIn, grids: s, cellRow: cellRow, cellDay: cellDay,
      cellCount: cellCount)
    guard counts.events >= 20 else { return nil }
    // The candidates are independent: they are estimated on the available cores at once, and the
    // first with the highest likelihood (by more than 1e-9) wins, in candidate order.
    let candidates = halfLives.flatMap { h in shares.map { (halfLife: h, eta: $0) } }
    let models = concurrentMap(candidates.count) { j in
      counts.estimate(
        decay: log(2) / candidates[j].halfLife, share: candidates[j].eta, iterations: iterations)
    }
    var best: NearRepeatModel?
    for model in models where best == nil || model.logLikelihood > best!.logLikelihood + 1e-9 {
      best = model
    }
    return best
  }
}

/// The daily incident counts `NearRepeatModel.fit` learns from, for its sampled grids: each grid's
/// own events and its neighbours' (each weighted 1/deg), over the burn-in and the scored window,
/// and the scored (grid, day) cells with at least one event.
private struct DailyCounts: Sendable {
  /// Grid row r's count on day d at r · days + d.
  let own: [Double]
  let neighbors: [Double]
  let days: Int
  let burnIn: Int
  let grids: Int
  let cellRow: [Int32]
  let cellDay: [Int32]
  let cellCount: [Double]
  var events: Double { cellCount.reduce(0, +) }
  var scoredDays: Double { Double(days - burnIn) }

  /// μ and α by EM at decay β and neighbour share η, with the Poisson log-likelihood there.
  func estimate(decay beta: Double, share eta: Double, iterations: Int) -> NearRepeatModel {
    let keep = exp(-beta)
    // K_g(d) = e^{−β} K_g(d−1) + (1 − e^{−β}) x_g(d−1): the α-free excitation.
    var kernelAtCell = [Double](repeating: 0, count: cellCount.count)
    var kernelMass = [Double](repeating: 0, count: grids)
    var c = 0
    for r in 0..<grids {
      var k = 0.0
      var mass = 0.0
      for d in 0..<days {
        if d > 0 {
          let x = own[r * days + d - 1] + eta * neighbors[r * days + d - 1]
          k = keep * k + (1 - keep) * x
        }
        if d >= burnIn {
          mass += k
          if c < cellRow.count, Int(cellRow[c]) == r, Int(cellDay[c]) == d {
            kernelAtCell[c] = k
            c += 1
          }
        }
      }
      kernelMass[r] = mass
    }
    let totalMass = kernelMass.reduce(0, +)
    // EM for μ (per sampled grid) and α.
    var mu = [Double](repeating: 0, count: grids)
    for i in 0..<cellCount.count { mu[Int(cellRow[i])] += cellCount[i] }
    for r in 0..<grids { mu[r] = max(mu[r] / scoredDays * 0.5, 1e-9) }
    var alpha = 0.5
    var background = [Double](repeating: 0, count: grids)
    for _ in 0..<iterations {
      for r in 0..<grids { background[r] = 0 }
      var triggered = 0.0
      for i in 0..<cellCount.count {
        let r = Int(cellRow[i])
        let lambda = mu[r] + alpha * kernelAtCell[i]
        let p = mu[r] / lambda
        background[r] += cellCount[i] * p
        triggered += cellCount[i] * (1 - p)
      }
      for r in 0..<grids { mu[r] = max(background[r] / scoredDays, 1e-9) }
      alpha = totalMass > 0 ? triggered / totalMass : 0
    }
    var ll = 0.0
    for i in 0..<cellCount.count {
      ll += cellCount[i] * log(mu[Int(cellRow[i])] + alpha * kernelAtCell[i])
    }
    for r in 0..<grids { ll -= mu[r] * scoredDays }
    ll -= alpha * totalMass
    return NearRepeatModel(
      branching: alpha, decay: beta, neighborShare: eta, logLikelihood: ll,
      events: Int(events), grids: grids)
  }
}
