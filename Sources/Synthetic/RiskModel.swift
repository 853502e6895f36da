import Foundation
import Records

/// The generator's parameters that shape risk; written to `truth/params.json`.
package struct RiskParameters: Sendable, Codable, Hashable {
  /// sd of the smooth spatial field (fine, ~2.5-cell correlation) in the log incident rate.
  var fineFieldSD = 0.7
  /// sd of the coarse field (8-cell blocks, bilinear) in the log incident rate.
  var coarseFieldSD = 0.6
  /// sd of the subdistrict effect.
  var subdistrictSD = 0.35
  /// sd of the grid's own (unstructured) effect.
  var gridSD = 0.45
  /// Amplitude of the slow drift: log rate += sd · (A cos ωt + B sin ωt − A), A and B smooth fields.
  var driftSD = 0.35
  /// Period of the drift (days).
  var driftPeriodDays = 1461.0
  /// Yearly season: rate × (1 + amplitude · cos(2π (day of year − peak) / 365.25)).
  var seasonAmplitude = 0.12
  var seasonPeakDayOfYear = 196.0
  /// Near-repeat (Hawkes) excitation: an incident adds `alphaSelf` expected incidents per day to
  /// its grid and `alphaNeighbour` to each neighbouring grid, decaying by e^(−1/τ) per day.
  var hawkesTauDays = 7.0
  var alphaSelf = 0.03
  var alphaNeighbour = 0.005
  /// Share of incidents (after excitation) that come from the shop stream.
  var shopIncidentShare = 0.10
  /// Log petition rate = loading · (log incident risk) + sd · own smooth field.
  var petitionIncidentLoading = 0.6
  var petitionFieldSD = 0.5
  /// Days simulated before the first written day so excitation starts in equilibrium.
  var burnInDays = 60
  /// Days simulated after the end for the truth files (never written as records).
  var horizonDays = 30

  package init() {}

  /// Daily decay of excitation, ρ = e^(−1/τ).
  var decay: Double { exp(-1 / hawkesTauDays) }
}

/// The hidden risk of every grid: a static log-risk (smooth fields + subdistrict + own effect),
/// a slow drift, a yearly season, and households as exposure. Pure.
package struct RiskModel: Sendable {
  package let parameters: RiskParameters
  package let start: Day
  /// Static log incident risk per grid.
  package let logRisk: [Double]
  let driftA: [Double]
  let driftB: [Double]
  /// Static log petition risk per grid.
  package let logPetitionRisk: [Double]
  let households: [Double]

  package init(layout: DistrictLayout, start: Day, parameters: RiskParameters, rng: inout Xoshiro256StarStar)
  {
    self.parameters = parameters
    self.start = start
    let lattice = layout.lattice
    let fine = LatentField.smooth(lattice, passes: 6, rng: &rng)
    let coarse = LatentField.coarse(lattice, block: 8, rng: &rng)
    let a = LatentField.smooth(lattice, passes: 10, rng: &rng)
    let b = LatentField.smooth(lattice, passes: 10, rng: &rng)
    let own = LatentField.smooth(lattice, passes: 4, rng: &rng)
    let subEffect = layout.subdistricts.map { _ in parameters.subdistrictSD * rng.normal() }
    var logRisk = [Double](repeating: 0, count: layout.gridCount)
    var driftA = logRisk
    var driftB = logRisk
    var logPetition = logRisk
    for g in 0..<layout.gridCount {
      let c = layout.gridCell[g]
      logRisk[g] =
        parameters.fineFieldSD * fine[c] + parameters.coarseFieldSD * coarse[c]
        + subEffect[Int(layout.gridSubdistrict[g])] + parameters.gridSD * rng.normal()
      driftA[g] = a[c]
      driftB[g] = b[c]
    }
    for g in 0..<layout.gridCount {
      logPetition[g] =
        parameters.petitionIncidentLoading * logRisk[g] + parameters.petitionFieldSD * own[layout.gridCell[g]]
    }
    self.logRisk = logRisk
    self.driftA = driftA
    self.driftB = driftB
    self.logPetitionRisk = logPetition
    self.households = layout.gridHouseholds.map(Double.init)
  }

  /// The week (from `start`) a day falls in; rates are piecewise constant by week.
  @inline(__always) package func week(_ day: Day) -> Int {
    let t = start.distance(to: day)
    return t >= 0 ? t / 7 : -((-t + 6) / 7)
  }

  /// The drift's two time factors in week `w` (evaluated at the week's middle):
  /// δ_g(w) = sd · (A_g (cos ωt − 1) + B_g sin ωt), so δ = 0 at the start.
  @inline(__always) func driftFactors(week w: Int) -> (a: Double, b: Double) {
    let omega = 2 * Double.pi / parameters.driftPeriodDays
    let t = Double(w * 7) + 3.5
    return (parameters.driftSD * (cos(omega * t) - 1), parameters.driftSD * sin(omega * t))
  }

  /// Uncalibrated background incident weights of every grid in week `w`: h_g · e^(η_g + δ_g(w)).
  /// - Complexity: O(grids).
  package func incidentWeights(week w: Int, into out: inout [Double]) {
    let (fa, fb) = driftFactors(week: w)
    for g in logRisk.indices { out[g] = households[g] * exp(logRisk[g] + fa * driftA[g] + fb * driftB[g]) }
  }

  /// Uncalibrated petition weights of every grid in week `w`: h_g · e^(π_g + loading · δ_g(w)).
  /// - Complexity: O(grids).
  package func petitionWeights(week w: Int, into out: inout [Double]) {
    let (fa, fb) = driftFactors(week: w)
    let k = parameters.petitionIncidentLoading
    for g in logRisk.indices {
      out[g] = households[g] * exp(logPetitionRisk[g] + k * (fa * driftA[g] + fb * driftB[g]))
    }
  }

  /// The yearly season factor of `day`.
  package func season(_ day: Day) -> Double {
    let (y, _, _) = day.components
    let doy = Double(Day(year: y, month: 1, day: 1).distance(to: day))
    return 1 + parameters.seasonAmplitude
      * cos(2 * Double.pi * (doy - parameters.seasonPeakDayOfYear) / 365.25)
  }

  /// Σ over days of season(day) · weight_g(week(day)) for every grid: the time-integrated
  /// uncalibrated rate, `weights` filling the weights of one week.
  /// - Complexity: O(grids · weeks).
  package func integrated(from first: Day, to last: Day, weights: (Int, inout [Double]) -> Void) -> [Double] {
    var result = [Double](repeating: 0, count: logRisk.count)
    var week = [Double](repeating: 0, count: logRisk.count)
    var day = first
    while day <= last {
      let w = self.week(day)
      var seasonSum = 0.0
      var d = day
      while d <= last && self.week(d) == w {
        seasonSum += season(d)
        d = d.advanced(by: 1)
      }
      weights(w, &week)
      for g in result.indices { result[g] += seasonSum * week[g] }
      day = d
    }
    return result
  }
}
