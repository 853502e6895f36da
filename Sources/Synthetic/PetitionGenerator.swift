import Foundation
import Records

/// Parameters of petitions; written to `truth/params.json`.
package struct PetitionParameters: Sendable, Codable, Hashable {
  /// Collective petitions (≥ 5 people) are this many times likelier for a category than the
  /// baseline; others get `otherCollectiveWeight`.
  var collectiveWeights: [String: Double] = [
    "petition.land": 3, "petition.labor": 2.5, "petition.housing": 1.5, "petition.property_mgmt": 1,
  ]
  var otherCollectiveWeight = 0.4
  /// People in a collective petition: 5 + geometric with this mean.
  var collectiveExtraMean = 7.0
  /// A repeat petition keeps the earlier petition's subject with this probability.
  var repeatSameSubject = 0.7
  /// Repeat petitioners are drawn from the petitions of the last this many days.
  var repeatMemoryDays = 120.0
  /// Days to handle a petition (信访条例 §33: 60 days), and the handling-time distribution:
  /// 3 + exponential(mean) days; collective ones 10 + exponential(collective mean).
  var dueDays = 60
  var handlingMeanDays = 18.0
  var collectiveHandlingMeanDays = 30.0
  var satisfiedShares = ["yes": 0.78, "no": 0.14, "unknown": 0.08]
  /// Share of acceptance notices (受理告知) later than the 15 days allowed, in a grid of average
  /// petition rate; it grows with the square root of the grid's relative rate (strained grids
  /// answer late), doubled for collective petitions. On-time notices come 1–15 days after receipt,
  /// late ones 16 + geometric(mean) days.
  var acceptLateShare = 0.06
  var acceptLateExtraMeanDays = 10.0

  package init() {}
}

/// Petitions (信访): a Poisson process per grid with its own latent rate (partly shared with
/// incidents), repeat petitioners, collective petitions, ID-like petitioner fields.
struct PetitionGenerator {
  let layout: DistrictLayout
  let risk: RiskModel
  let mixes: CategoryMixes
  let targets: CalibrationTargets
  let options: GeneratorOptions
  let parameters: PetitionParameters
  /// Calibrated scale of the petition weights.
  let scale: Double
  /// Per-category probability of a collective petition, mean `collectiveShare`.
  let collectiveProbability: [Double]

  static let channels = ["visit", "letter", "online", "hotline"]

  init(
    layout: DistrictLayout, risk: RiskModel, mixes: CategoryMixes, targets: CalibrationTargets,
    options: GeneratorOptions, parameters: PetitionParameters
  ) {
    self.layout = layout
    self.risk = risk
    self.mixes = mixes
    self.targets = targets
    self.options = options
    self.parameters = parameters
    let integrated = risk.integrated(from: options.start, to: options.end, weights: risk.petitionWeights)
    let target = targets.petitionsPerYear * options.scale * Double(options.years)
    scale = target / integrated.reduce(0, +)
    let shares = mixes.petitions.shares()
    let raw = shares.map { parameters.collectiveWeights[$0.0] ?? parameters.otherCollectiveWeight }
    let mean = zip(shares, raw).reduce(0.0) { $0 + $1.0.1 * $1.1 }
    collectiveProbability = raw.map { min(1, targets.collectiveShare * $0 / mean) }
  }

  struct Petitioner {
    var key: UInt64
    var grid: Int32
    var subject: Int16
  }

  /// Writes every petition of the span, day by day.
  /// - Complexity: O(grids · weeks + petitions).
  func run(
    to table: inout CSVTable, tally: inout Tally, rng: inout Xoshiro256StarStar,
    acceptance: inout Xoshiro256StarStar
  ) throws {
    let n = layout.gridCount
    let ringSize = max(64, Int(targets.petitionsPerYear * options.scale * parameters.repeatMemoryDays / 365))
    var ring: [Petitioner] = []
    ring.reserveCapacity(ringSize)
    var ringNext = 0
    // Systematic selection of collective petitions (Madow 1949): each petition adds its
    // probability to an accumulator and is collective when it crosses an integer, so exactly
    // ⌊Σp + u⌋ are collective and each with its own probability.
    var accumulator = rng.uniform()
    let idTotal = Int(targets.petitionsPerYear * options.scale * Double(options.years) * 1.5) + 10
    let satisfiedCodes = ["yes", "no", "unknown"]
    let satisfiedWeights = satisfiedCodes.map { parameters.satisfiedShares[$0] ?? 0 }
    var weights = [Double](repeating: 0, count: n)
    var week = Int.min
    var table0: AliasTable? = nil
    var id = 0

    var day = options.start
    while day <= options.end {
      let w = risk.week(day)
      if w != week {
        week = w
        risk.petitionWeights(week: w, into: &weights)
        for g in 0..<n { weights[g] *= scale }
        table0 = AliasTable(weights: weights)
      }
      let count = rng.poisson(mean: risk.season(day) * table0!.total)
      var drafts: [Draft] = []
      drafts.reserveCapacity(count)
      for k in 0..<count {
        var petitioner: Petitioner
        var isRepeat = false
        if !ring.isEmpty && rng.bernoulli(targets.repeatShare) {
          petitioner = ring[rng.below(ring.count)]
          isRepeat = true
          if !rng.bernoulli(parameters.repeatSameSubject) {
            petitioner.subject = Int16(mixes.petitions.draw(&rng))
          }
        } else {
          petitioner = Petitioner(
            key: rng.next(), grid: Int32(table0!.draw(&rng)), subject: Int16(mixes.petitions.draw(&rng)))
        }
        if ring.count < ringSize { ring.append(petitioner) } else { ring[ringNext] = petitioner }
        ringNext = (ringNext + 1) % ringSize

        accumulator += collectiveProbability[Int(petitioner.subject)]
        let collective = accumulator >= 1
        if collective { accumulator -= 1 }
        let channel =
          collective ? (rng.bernoulli(0.8) ? 0 : 1) : rng.pick([0.25, 0.10, 0.35, 0.30])
        let minute = (channel <= 1 ? HourProfile.office : HourProfile.online).minute(&rng)
        let people =
          collective
          ? min(300, 5 + rng.geometric(mean: parameters.collectiveExtraMean))
          : (rng.bernoulli(0.85) ? 1 : rng.integer(in: 2...4))
        let handling =
          collective
          ? 10 + rng.exponential(mean: parameters.collectiveHandlingMeanDays)
          : 3 + rng.exponential(mean: parameters.handlingMeanDays)
        // Closed in office hours on the day the handling time runs out.
        let closedDay = day.advanced(by: max(1, Int(handling.rounded(.up))))
        let closedMinute = HourProfile.office.minute(&rng)
        let open = closedDay > options.end
        let satisfied = open ? -1 : rng.pick(satisfiedWeights)
        drafts.append(
          Draft(
            minute: minute, sequence: k, petitioner: petitioner, isRepeat: isRepeat, collective: collective,
            channel: channel, people: people,
            location: Location(grid: Int(petitioner.grid), targets: targets, rng: &rng),
            closed: open ? nil : (closedDay, closedMinute), satisfied: satisfied))
      }
      drafts.sort { ($0.minute, $0.sequence) < ($1.minute, $1.sequence) }
      for d in drafts {
        id += 1
        table.text(Identifier.make("PET", id, of: idTotal))
        table.dateTime(day, minute: d.minute)
        table.text(Self.channels[d.channel])
        table.text(mixes.petitions.codes[Int(d.petitioner.subject)])
        table.text(ResidentID.identifier(key: d.petitioner.key))
        table.integer(d.people)
        d.location.write(layout, to: &table)
        table.day(day.advanced(by: parameters.dueDays))
        if let c = d.closed { table.dateTime(c.0, minute: c.1) } else { table.empty() }
        if d.satisfied >= 0 { table.text(satisfiedCodes[d.satisfied]) } else { table.empty() }
        if let notice = acceptanceNotice(
          d, received: day, weights: weights, total: table0!.total, &acceptance)
        {
          table.dateTime(notice, minute: HourProfile.office.minute(&acceptance))
        } else {
          table.empty()
        }
        try table.endRow()
        tally.petitions += 1
        tally.count(d.location.path)
        if d.collective { tally.collectivePetitions += 1 }
        if d.isRepeat { tally.repeatPetitions += 1 }
        if d.closed == nil { tally.openPetitions += 1 }
      }
      day = day.advanced(by: 1)
    }
  }

  /// The day the acceptance notice went out, nil when it had not by the end of the span.
  func acceptanceNotice(
    _ d: Draft, received: Day, weights: [Double], total: Double, _ rng: inout Xoshiro256StarStar
  ) -> Day? {
    let relative = total > 0 ? weights[Int(d.petitioner.grid)] * Double(weights.count) / total : 1
    let pLate = min(0.5, parameters.acceptLateShare * relative.squareRoot() * (d.collective ? 2 : 1))
    let delay =
      rng.bernoulli(pLate)
      ? Petition.acceptanceDays + 1 + rng.geometric(mean: parameters.acceptLateExtraMeanDays)
      : rng.integer(in: 1...Petition.acceptanceDays)
    var notice = received.advanced(by: delay)
    if let closed = d.closed?.0, closed < notice { notice = closed }
    return notice > options.end ? nil : notice
  }

  struct Draft {
    var minute: Int
    var sequence: Int
    var petitioner: Petitioner
    var isRepeat: Bool
    var collective: Bool
    var channel: Int
    var people: Int
    var location: Location
    var closed: (Day, Int)?
    var satisfied: Int
  }
}
