import Foundation

/// Turns stored times (seconds since 1970-01-01T00:00:00Z) into the `Day`s they fall on in a zone,
/// exactly as `Day(_:in:)` does, without asking the zone for its offset at every time.
///
/// The zone's offsets are looked up once over a span of times: the offset at the start and at
/// every daylight-saving transition inside the span (Foundation's
/// `nextDaylightSavingTimeTransition(after:)`). A time in the span is then one comparison away
/// from its offset in a zone without transitions there (Asia/Shanghai since 1991), a binary
/// search in one with them; a time outside the span asks the zone.
public struct DayCalendar: Sendable {
  public let zone: TimeZone
  /// Where each offset starts (ascending; the first is the span's start) and the offset in seconds.
  private let starts: [Double]
  private let offsets: [Double]
  private let end: Double

  /// A calendar for times from `start` to `end` (seconds since 1970).
  /// - Complexity: O(transitions in the span).
  public init(zone: TimeZone, from start: Double, to end: Double) {
    self.zone = zone
    var starts = [start]
    var offsets = [Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: start)))]
    var at = Date(timeIntervalSince1970: start)
    while let next = zone.nextDaylightSavingTimeTransition(after: at), next.timeIntervalSince1970 <= end {
      starts.append(next.timeIntervalSince1970)
      offsets.append(Double(zone.secondsFromGMT(for: next)))
      at = next
    }
    (self.starts, self.offsets, self.end) = (starts, offsets, end)
  }

  /// The day `seconds` (since 1970, UTC) falls on in the zone; nil for NaN (no time).
  public func day(_ seconds: Double) -> Day? {
    guard !seconds.isNaN else { return nil }
    return Day(Int(((seconds + offset(at: seconds)) / 86_400).rounded(.down)))
  }

  private func offset(at seconds: Double) -> Double {
    guard seconds >= starts[0], seconds <= end else {
      return Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds)))
    }
    if starts.count == 1 { return offsets[0] }
    // The last start at or before `seconds`.
    var (lo, hi) = (0, starts.count - 1)
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if starts[mid] <= seconds { lo = mid } else { hi = mid - 1 }
    }
    return offsets[lo]
  }
}
