import Records
import Testing

@testable import Patrol

@Suite("Lists issued on earlier nights, kept from night to night")
struct IssuedListsTests {
  let june1 = Day(year: 2024, month: 6, day: 1)

  func day(_ offset: Int) -> Day { june1.advanced(by: offset) }

  @Test("a night counts the latest day on or before it, listed by the nights of its window")
  func historyOfANight() {
    var lists = IssuedLists()
    lists.add(night: day(0), listings: [("SH1", day(2)), ("SH2", day(1)), ("SH3", day(3))])
    lists.add(night: day(1), listings: [("SH1", day(5)), ("SH2", day(4))])
    lists.add(night: day(3), listings: [("SH4", day(4))])
    // Night 3, window 3 (nights 0…2): SH1's day 5 is after tonight, its day 2 counts; SH3's day 3
    // is tonight; SH4 was listed by tonight's own night, which does not count.
    let night3: [String: Day] = ["SH1": day(2), "SH2": day(1), "SH3": day(3)]
    #expect(lists.history(tonight: day(3), window: 3).lastListed == night3)
    // Night 4, window 3 (nights 1…3): night 0 is out of the window.
    let night4: [String: Day] = ["SH2": day(4), "SH4": day(4)]
    #expect(lists.history(tonight: day(4), window: 3).lastListed == night4)
  }

  @Test("what is kept after a night gives every later night the same history, and stays small")
  func keepingChangesNoLaterHistory() {
    var random = SplitMix64(seed: 11)
    let (window, horizon, shops) = (10, 7, 6)
    var all = IssuedLists()
    var kept = IssuedLists()
    for night in 0..<60 {
      // Each night lists some shops on one or two of the next `horizon` days.
      let rows = (0..<shops).flatMap { s -> [(shop: String, day: Day)] in
        guard Int.random(in: 0..<3, using: &random) > 0 else { return [] }
        return (0..<Int.random(in: 1...2, using: &random)).map { _ in
          ("SH\(s)", day(night + Int.random(in: 1...horizon, using: &random)))
        }
      }
      all.add(night: day(night), listings: rows)
      kept.add(night: day(night), listings: rows)
      kept.keep(forNightsAfter: day(night), window: window)
      for tonight in (night + 1)...(night + window + horizon + 2) {
        let fromKept = kept.history(tonight: day(tonight), window: window)
        let fromAll = all.history(tonight: day(tonight), window: window)
        #expect(fromKept == fromAll, "after night \(night), for night \(tonight)")
      }
      let most = kept.shops.map { kept.listings(of: $0).count }.max() ?? 0
      #expect(most <= 2 * horizon)
    }
    #expect(kept.through == day(59))
    // It says how far back a later night may count and find every listing: the window kept for.
    #expect(all.window == nil && kept.window == window)
    #expect(all.count > 4 * kept.count)
  }

  @Test("the kept bytes read back the same; other bytes are refused")
  func encoding() {
    var lists = IssuedLists()
    #expect(IssuedLists(encoded: lists.encoded()) == lists)
    lists.add(night: day(0), listings: [("SH1", day(2)), ("商铺-2", day(1)), ("SH1", day(3))])
    lists.add(
      night: day(1), listings: [("SH1", day(5)), ("SH10", day(2)), ("SH100", day(-3)), ("S", day(4))])
    lists.add(night: day(40), listings: [("SH2", day(41))])
    #expect(IssuedLists(encoded: lists.encoded()) == lists)
    lists.keep(forNightsAfter: day(40), window: 45)
    let bytes = lists.encoded()
    #expect(IssuedLists(encoded: bytes) == lists)
    #expect(IssuedLists(encoded: Array(bytes.dropLast())) == nil)
    #expect(IssuedLists(encoded: [1] + bytes.dropFirst()) == nil)
    #expect(IssuedLists(encoded: []) == nil)
  }

  @Test("a plan adds every visit it lists, as the lists of its as-of night")
  func addsAPlan() {
    let (district, scores) = PatrolFixtures.district(streets: 2, shopsPerStreet: 20)
    let plan = PatrolPlanner(config: PatrolConfig(horizonDays: 3)).streetLists(
      district: district, scores: scores, asOf: PatrolFixtures.asOf)
    var lists = IssuedLists()
    lists.add(plan)
    #expect(lists.through == PatrolFixtures.asOf)
    #expect(lists.count == plan.rows.count)
    let history = lists.history(tonight: PatrolFixtures.asOf.advanced(by: 3), window: 30)
    #expect(history == PatrolHistory(rows: plan.rows))
  }
}
