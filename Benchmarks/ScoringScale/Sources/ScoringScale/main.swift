import Foundation
import Records
import Scoring

// Usage: ScoringScale [SCALE] [MODELS_DIR]. Prints wall-clock and process CPU seconds per phase.

/// Wall and CPU time since the last lap.
struct Stopwatch {
  var wall = Date()
  var cpu = Stopwatch.processCPU()

  static func processCPU() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }

  mutating func lap(_ label: String) {
    let (w, c) = (Date(), Stopwatch.processCPU())
    print(
      String(
        format: "%-58@ wall %6.2f s   CPU %6.2f s", label as NSString, w.timeIntervalSince(wall), c - cpu))
    (wall, cpu) = (w, c)
  }
}

/// Grids on a square lattice (rook adjacency), shops spread over them, three years of incidents
/// (placed in proportion to a lognormal-ish grid risk), petitions and inspections, at the record
/// counts of the synthetic generator: per unit of scale 872 grids, 12,000 shops, 60,000 incidents,
/// 15,000 petitions and 39,410 inspections.
func district(scale: Double, end: Day) -> District {
  var rng = SplitMix64(seed: 42)  // Records' generator: a fixed stream, the same district every run
  let gridCount = Int(872 * scale)
  let side = Int(Double(gridCount).squareRoot().rounded(.up))
  var grids: [Grid] = []
  var adjacency: [GridAdjacency] = []
  for g in 0..<gridCount {
    grids.append(
      Grid(
        id: "G\(g)", subdistrictID: "S\(g / 6000)", communityID: "C\(g / 8)",
        households: 50 + Int(rng.unit() * 400)))
    if g % side + 1 < side, g + 1 < gridCount {
      adjacency.append(GridAdjacency(gridID: "G\(g)", neighborID: "G\(g + 1)"))
    }
    if g + side < gridCount { adjacency.append(GridAdjacency(gridID: "G\(g)", neighborID: "G\(g + side)")) }
  }
  var cumulative: [Double] = []
  var total = 0.0
  for _ in 0..<gridCount {
    total += exp(0.8 * (rng.unit() + rng.unit() + rng.unit() - 1.5))
    cumulative.append(total)
  }
  func drawGrid(_ rng: inout SplitMix64) -> Int {
    let x = rng.unit() * total
    var (lo, hi) = (0, gridCount - 1)
    while lo < hi {
      let mid = (lo + hi) / 2
      if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }
  let shopCount = Int(12_000 * scale)
  let categories = ["shop.restaurant", "shop.retail", "shop.fuel", "shop.hotel", "shop.beauty"]
  let shops = (0..<shopCount).map { s in
    Shop(
      id: "SH\(s)", name: "店", streetID: "ST\(s / 90)", gridID: "G\(s % gridCount)",
      category: categories[s % 5], flags: s % 7 == 0 ? ["hazmat"] : [])
  }
  let span = 1095.0 * 86_400
  let start = end.advanced(by: -1094).start(in: .district).timeIntervalSince1970
  let codes = [
    "public_order.fight", "property.theft", "dispute.neighbor", "environment.noise", "safety.fire",
  ]
  var incidents: [Incident] = []
  incidents.reserveCapacity(Int(60_000 * scale))
  for i in 0..<Int(60_000 * scale) {
    let g = drawGrid(&rng)
    let shop = i % 10 == 0 ? "SH\(g + gridCount * Int(rng.unit() * 13))" : nil
    incidents.append(
      Incident(
        id: "I\(i)", occurredAt: Date(timeIntervalSince1970: start + rng.unit() * span),
        category: codes[i % 5], severity: 1 + i % 3, gridID: "G\(g)", shopID: shop))
  }
  var petitions: [Petition] = []
  let petitionTotal = Int(15_000 * scale)
  for i in 0..<petitionTotal {
    let t = Date(timeIntervalSince1970: start + rng.unit() * span)
    petitions.append(
      Petition(
        id: "P\(i)", receivedAt: t, category: "petition.housing",
        petitionerKey: "K\(Int(rng.unit() * Double(petitionTotal) * 0.7))",
        petitionerCount: i % 50 == 0 ? 6 : 1, gridID: "G\(drawGrid(&rng))",
        dueAt: t.addingTimeInterval(30 * 86_400), closedAt: t.addingTimeInterval(rng.unit() * 50 * 86_400),
        satisfied: i % 9 == 0 ? .no : .yes))
  }
  var inspections: [Inspection] = []
  for i in 0..<Int(39_410 * scale) {
    let t = Date(timeIntervalSince1970: start + rng.unit() * span)
    let found = rng.unit() < 0.3 ? 1 + Int(rng.unit() * 3) : 0
    inspections.append(
      Inspection(
        id: "X\(i)", inspectedAt: t, shopID: "SH\(Int(rng.unit() * Double(shopCount)))",
        hazardsFound: found, hazardsRectified: found > 0 && rng.unit() < 0.7 ? found : 0,
        rectifyDue: t.addingTimeInterval(15 * 86_400),
        rectifiedAt: found > 0 ? t.addingTimeInterval(10 * 86_400) : nil))
  }
  return District(
    grids: grids, adjacency: adjacency, shops: shops, incidents: incidents, petitions: petitions,
    inspections: inspections)
}

let arguments = Array(CommandLine.arguments.dropFirst())
let scale = arguments.first.flatMap(Double.init) ?? 1
let models = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "models")
let end = Day(year: 2026, month: 10, day: 31)
var watch = Stopwatch()
let d = district(scale: scale, end: end)
watch.lap(
  "district: \(d.grids.count) grids, \(d.shops.count) shops, \(d.incidents.count + d.petitions.count + d.inspections.count) records"
)
let taxonomy = try Taxonomy(
  yaml: String(contentsOf: models.appendingPathComponent("taxonomy.yaml"), encoding: .utf8))
let ahpFile = models.appendingPathComponent("weights-ahp.yaml")
let ahp = try ScoringModel(yaml: String(contentsOf: ahpFile, encoding: .utf8), file: ahpFile.path)
watch = Stopwatch()
let prepared = PreparedDistrict(d, asOf: end, taxonomy: taxonomy)
watch.lap("prepare: dense indices, day-sorted event columns")
let byAHP = try Scorer.score(prepared, model: ahp)
watch.lap("score, AHP (+ near-repeat EM, Gi*, trends, reasons)")
let outcome = try ModelTrainer.fit(prepared)
watch.lap("fit: logistic + Poisson IRLS over monthly cuts")
if case .fitted(let model, _) = outcome {
  let byFit = try Scorer.score(prepared, model: model)
  watch.lap("score, fitted model (parameters given)")
  print("scored \(byFit.gridSheet.count) grids and \(byFit.shopSheet.count) shops")
}
print("AHP top grid: \(byAHP.gridSheet.score(at: byAHP.gridSheet.rankOrder()[0]).id)")
