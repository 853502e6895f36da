import Foundation
import Records
import Testing

@testable import Patrol

@Suite("Walking order")
struct WalkingOrderTests {
  /// Points from a seed: some along a street, some off it, some without coordinates.
  static func points(count: Int, seed: UInt64) -> [GeoPoint?] {
    var random = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
      if random.uniform(below: 6) == 0 { return nil }
      let along = Double(random.uniform(below: 10_000)) / 10_000
      let off = Double(random.uniform(below: 100)) / 1_000_000
      return GeoPoint(lon: 116.30 + 0.02 * along + off, lat: 39.90 + 0.005 * along - off)
    }
  }

  @Test("the order is a permutation of the day's shops", arguments: [0, 1, 2, 3, 7, 20, 45])
  func permutation(count: Int) {
    for seed in UInt64(1)...5 {
      let order = WalkingOrder.order(Self.points(count: count, seed: seed))
      #expect(order.sorted() == Array(0..<count))
    }
  }

  @Test("shops on a straight street are walked from one end to the other")
  func straightStreet() {
    let along: [Double] = [0.7, 0.1, 0.9, 0.3, 0.5, 0.0, 0.2]
    let points = along.map { GeoPoint(lon: 121.0 + 0.01 * $0, lat: 31.0 + 0.01 * $0) }
    let walked = WalkingOrder.order(points).map { along[$0] }
    #expect(walked == along.sorted() || walked == along.sorted().reversed())
  }

  @Test("shops without coordinates come last, in the order given")
  func unlocatedLast() {
    let points: [GeoPoint?] = [
      nil, GeoPoint(lon: 1, lat: 1), nil, GeoPoint(lon: 1.001, lat: 1), GeoPoint(lon: 1.002, lat: 1),
    ]
    let order = WalkingOrder.order(points)
    #expect(Array(order.suffix(2)) == [0, 2])
  }

  @Test("2-opt never leaves a path longer than nearest-neighbour's")
  func twoOptShortens() {
    for seed in UInt64(1)...10 {
      let points = Self.points(count: 25, seed: seed).compactMap { $0 }
      let xy = WalkingOrder.planar(points)
      let start = WalkingOrder.startIndex(xy)
      let d = WalkingOrder.distances(xy)
      let greedy = WalkingOrder.nearestNeighbour(d, count: xy.count, start: start)
      var improved = greedy
      WalkingOrder.twoOpt(&improved, d)
      func length(_ path: [Int]) -> Double {
        zip(path, path.dropFirst()).map { WalkingOrder.distance(xy[$0], xy[$1]) }.reduce(0, +)
      }
      #expect(length(improved) <= length(greedy) + 1e-6)
      #expect(improved.sorted() == Array(0..<points.count))
    }
  }

  @Test("nearest-neighbour goes to the nearest point left each time, ties to the lower index")
  func nearestNeighbour() {
    // Points on a line at 0, 3, 1, 1 (metres apart as given): from 0, the two at 1 tie.
    let xy: [SIMD2<Double>] = [SIMD2(0, 0), SIMD2(3, 0), SIMD2(1, 0), SIMD2(1, 0)]
    let d = WalkingOrder.distances(xy)
    #expect(d[0 * 4 + 1] == 3)
    #expect(d[1 * 4 + 0] == d[0 * 4 + 1])
    #expect(WalkingOrder.nearestNeighbour(d, count: 4, start: 0) == [0, 2, 3, 1])
  }

  @Test("a day's rows are numbered 1…n in walking order")
  func rowsNumbered() {
    let (district, scores) = PatrolFixtures.district(streets: 2, shopsPerStreet: 30, capacity: 8)
    let plan = PatrolPlanner().streetLists(district: district, scores: scores, asOf: PatrolFixtures.asOf)
    for rows in Dictionary(grouping: plan.rows, by: { "\($0.streetID) \($0.day)" }).values {
      #expect(rows.map(\.order) == Array(1...rows.count))
    }
  }
}
