import Foundation
import Records

/// Parameters of safety inspections; written to `truth/params.json`.
package struct InspectionParameters: Sendable, Codable, Hashable {
  /// Relative inspection effort on Saturdays and Sundays (weekdays 1).
  var weekendEffort = 0.15
  /// Hazards found in an inspection that finds any: 1 + Poisson(base + perPropensity · p).
  var extraHazardsBase = 0.6
  var extraHazardsPerPropensity = 1.5
  /// Probability a hazard is major; hazmat shops add `hazmatMajorBonus`.
  var majorProbability = 0.06
  var hazmatMajorBonus = 0.10
  /// An inspection with a major hazard suspends the shop (停业整顿) with this probability.
  var suspendProbability = 0.3
  /// Days allowed to rectify: major hazards 7, others 15.
  var dueDaysMajor = 7
  var dueDaysOther = 15
  /// Share rectified within the due date (uniformly over it); the rest late by 1 + exponential.
  var onTimeShare = 0.88
  var lateMeanDays = 12.0

  package init() {}

  /// E[T], the mean days to rectify, for a share `majorShare` of inspections with a major hazard.
  func meanDaysToRectify(majorShare: Double) -> Double {
    let due = majorShare * Double(dueDaysMajor) + (1 - majorShare) * Double(dueDaysOther)
    return onTimeShare * (1 + due) / 2 + (1 - onTimeShare) * (due + 1 + lateMeanDays)
  }
}

/// Safety inspections: an exact number spread over working days, shops chosen by inspection
/// weight (routine + flags + hidden risk), hazards found with the shop's hidden propensity,
/// rectification on time, late, pending at the end, or never.
struct InspectionGenerator {
  let layout: DistrictLayout
  let shops: ShopTable
  let inspectors: [[String]]
  let targets: CalibrationTargets
  let options: GeneratorOptions
  let parameters: InspectionParameters
  /// Probability a hazard inspection is never rectified, so that rectified hazards make the
  /// target share once those still pending at the end are counted (`Calibration.pendingShare`).
  let neverRectified: Double

  init(
    layout: DistrictLayout, shops: ShopTable, inspectors: [[String]], targets: CalibrationTargets,
    options: GeneratorOptions, parameters: InspectionParameters
  ) {
    self.layout = layout
    self.shops = shops
    self.inspectors = inspectors
    self.targets = targets
    self.options = options
    self.parameters = parameters
    let majorShare = 1 - exp(-(1 + parameters.extraHazardsBase) * (parameters.majorProbability + 0.02))
    let pending = Calibration.pendingShare(
      meanDaysToRectify: parameters.meanDaysToRectify(majorShare: majorShare), days: options.dayCount)
    neverRectified = max(0, (1 - targets.rectifiedShare) - pending)
  }

  /// The exact number of inspections at this scale and span.
  var total: Int {
    Int((targets.inspectionsPerThreeYears * options.scale * Double(options.years) / 3).rounded())
  }

  func run(to table: inout CSVTable, tally: inout Tally, rng: inout Xoshiro256StarStar) throws {
    guard shops.count > 0 else { return }
    let days = options.dayCount
    let effort = (0..<days).map { k -> Double in
      options.start.advanced(by: k).weekday >= 5 ? parameters.weekendEffort : 1
    }
    let effortSum = effort.reduce(0, +)
    let perDay = Apportionment.systematic(
      effort.map { $0 * Double(total) / effortSum }, offset: rng.uniform())
    let choice = AliasTable(weights: shops.inspectionWeight)
    var id = 0
    var drafts: [Draft] = []
    for k in 0..<days {
      let day = options.start.advanced(by: k)
      drafts.removeAll(keepingCapacity: true)
      for i in 0..<perDay[k] {
        let s = choice.draw(&rng)
        let p = Double(shops.propensity[s])
        var d = Draft(minute: HourProfile.work.minute(&rng), sequence: i, shop: s)
        let street = Int(layout.gridStreet[Int(shops.grid[s])])
        let names = inspectors[street]
        d.inspector = names.isEmpty ? "" : names[rng.below(names.count)]
        if rng.bernoulli(p) {
          d.found =
            1 + rng.poisson(mean: parameters.extraHazardsBase + parameters.extraHazardsPerPropensity * p)
          let hazmat = shops.flags[s] & ShopTable.hazmatBit != 0
          let pMajor = parameters.majorProbability + (hazmat ? parameters.hazmatMajorBonus : 0)
          for _ in 0..<d.found where rng.bernoulli(pMajor) { d.major += 1 }
          d.result = d.major > 0 && rng.bernoulli(parameters.suspendProbability) ? "suspended" : "hazard"
          let dueDays = d.major > 0 ? parameters.dueDaysMajor : parameters.dueDaysOther
          d.due = day.advanced(by: dueDays)
          let onTime = rng.bernoulli(parameters.onTimeShare)
          let takes =
            onTime
            ? 1 + rng.below(dueDays) : dueDays + 1 + Int(rng.exponential(mean: parameters.lateMeanDays))
          let never = rng.bernoulli(neverRectified)
          let doneDay = day.advanced(by: takes)
          if !never && doneDay <= options.end {
            d.rectified = d.found
            d.rectifiedAt = (doneDay, HourProfile.work.minute(&rng))
          }
          d.pending = !never && doneDay > options.end
        }
        drafts.append(d)
      }
      drafts.sort { ($0.minute, $0.sequence) < ($1.minute, $1.sequence) }
      for d in drafts {
        id += 1
        table.text(Identifier.make("INS", id, of: total))
        table.dateTime(day, minute: d.minute)
        table.text(Identifier.make("SH", d.shop + 1, of: shops.count))
        table.text(d.inspector)
        table.integer(d.found)
        table.integer(d.major)
        table.integer(d.rectified)
        if let due = d.due { table.day(due) } else { table.empty() }
        if let r = d.rectifiedAt { table.dateTime(r.0, minute: r.1) } else { table.empty() }
        table.text(d.result)
        try table.endRow()

        tally.inspections += 1
        if d.pending { tally.pendingAtEnd += 1 }
        if d.found > 0 {
          tally.inspectionsWithHazards += 1
          tally.hazardsFound += d.found
          tally.hazardsRectified += d.rectified
          if let due = d.due {
            if let r = d.rectifiedAt {
              if r.0 > due { tally.rectifiedLate += 1 }
            } else if due < options.end {
              tally.openPastDue += 1
            }
          }
        }
      }
    }
  }

  struct Draft {
    var minute: Int
    var sequence: Int
    var shop: Int
    var inspector = ""
    var found = 0
    var major = 0
    var rectified = 0
    var due: Day? = nil
    var rectifiedAt: (Day, Int)? = nil
    var result = "pass"
    var pending = false
  }
}
