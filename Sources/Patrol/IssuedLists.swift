import Records

/// What the patrol lists of earlier nights named, kept from night to night so that a night reads
/// one record instead of every earlier night's list files.
///
/// A night `d` counts as visits the listings of the nights `d − window … d − 1` (`window`: the
/// coverage floor), and of each only the days on or before `d` (the later days of an earlier plan
/// were planned again tonight): its history is, for each shop, the latest such day
/// (`history(tonight:window:)`). So what is kept is each shop's (night, day) listings, less those
/// no later night can count (`keep(forNightsAfter:window:)`).
///
/// Kept as columns, not a dictionary of arrays: the shops' ids in `String` order and their
/// listings one after another, so that a district's million shops are merged, encoded and decoded
/// in a few passes.
public struct IssuedLists: Sendable, Hashable {
  /// A shop listed by the plan of `night` for `day`.
  ///
  /// Held as two 32-bit day numbers (a district's kept listings number a few million).
  public struct Listing: Sendable, Hashable {
    private var nightNumber: Int32
    private var dayNumber: Int32

    public var night: Day { Day(Int(nightNumber)) }
    public var day: Day { Day(Int(dayNumber)) }

    public init(night: Day, day: Day) {
      nightNumber = Int32(truncatingIfNeeded: night.number)
      dayNumber = Int32(truncatingIfNeeded: day.number)
    }

    /// Newest night first, then latest day first: the order each shop's listings are kept in.
    static func precedes(_ a: Listing, _ b: Listing) -> Bool {
      (a.nightNumber, a.dayNumber) > (b.nightNumber, b.dayNumber)
    }
  }

  /// The newest night whose lists were added; nil for none.
  public private(set) var through: Day?
  /// The longest window a later night may count back with and still find every listing it
  /// counts: `keep(forNightsAfter:window:)` dropped the listings only a longer one would count
  /// (nil: none were dropped). A night with a longer window reads the lists from their files.
  public private(set) var window: Int?
  /// Every shop listed, each once, in `String` order.
  public private(set) var shops: [String] = []
  /// Shop `k`'s listings are `listings[start[k]..<start[k + 1]]`, in `Listing.precedes` order.
  private var start: [Int] = [0]
  private var listings: [Listing] = []

  public init() {}

  /// How many listings are kept, over all shops.
  public var count: Int { listings.count }

  /// The listings kept for `shop`, newest night first, then latest day first.
  public func listings(of shop: String) -> ArraySlice<Listing> {
    guard let k = place(of: shop) else { return [] }
    return listings[start[k]..<start[k + 1]]
  }

  /// Adds what the lists of `night` named: each (shop, day) row.
  public mutating func add(night: Day, listings rows: some Sequence<(shop: String, day: Day)>) {
    let rows = rows.sorted { $0.shop < $1.shop }
    merge(night: night, count: rows.count, shop: { rows[$0].shop }, day: { rows[$0].day })
  }

  /// Adds what `plan`'s lists name, as the lists of its as-of night (every visit of every team).
  public mutating func add(_ plan: PatrolPlan) {
    let ids = plan.shops.ids
    // The visits grouped by roster row (a counting sort), the rows in id order: a roster read
    // from a store is in that order already.
    var first = [Int](repeating: 0, count: ids.count + 1)
    for visit in plan.visits { first[Int(visit.shop) + 1] += 1 }
    for row in ids.indices { first[row + 1] += first[row] }
    var next = first
    var byRow = [Int](repeating: 0, count: plan.visits.count)
    for (k, visit) in plan.visits.enumerated() {
      byRow[next[Int(visit.shop)]] = k
      next[Int(visit.shop)] += 1
    }
    var rows = ids.indices.filter { first[$0 + 1] > first[$0] }
    if !zip(ids, ids.dropFirst()).allSatisfy({ $0 <= $1 }) { rows.sort { ids[$0] < ids[$1] } }
    let order = rows.flatMap { byRow[first[$0]..<first[$0 + 1]] }
    merge(
      night: plan.asOf, count: order.count, shop: { ids[Int(plan.visits[order[$0]].shop)] },
      day: { plan.days[Int(plan.visits[order[$0]].day)] })
  }

  /// Merges `count` rows of `night`, given in shop order, into the kept shops (one pass over both).
  private mutating func merge(night: Day, count: Int, shop: (Int) -> String, day: (Int) -> Day) {
    var merged = IssuedLists()
    merged.through = max(through ?? night, night)
    merged.window = window
    merged.shops.reserveCapacity(shops.count)
    merged.listings.reserveCapacity(listings.count + count)
    var (k, r) = (0, 0)
    while k < shops.count || r < count {
      let id = r == count || (k < shops.count && shops[k] <= shop(r)) ? shops[k] : shop(r)
      let first = merged.listings.count
      if k < shops.count, shops[k] == id {
        merged.listings += listings[start[k]..<start[k + 1]]
        k += 1
      }
      while r < count, shop(r) == id {
        merged.listings.append(Listing(night: night, day: day(r)))
        r += 1
      }
      merged.listings[first...].sort(by: Listing.precedes)
      merged.shops.append(id)
      merged.start.append(merged.listings.count)
    }
    self = merged
  }

  /// The history night `tonight` plans with: for each shop, the latest day on or before `tonight`
  /// that the lists of the nights `tonight − window … tonight − 1` named.
  public func history(tonight: Day, window: Int) -> PatrolHistory {
    let first = tonight.advanced(by: -window)
    var lastListed: [String: Day] = [:]
    lastListed.reserveCapacity(shops.count)
    for k in shops.indices {
      var latest: Day?
      for l in listings[start[k]..<start[k + 1]]
      where l.night >= first && l.night < tonight && l.day <= tonight {
        latest = max(latest ?? l.day, l.day)
      }
      if let latest { lastListed[shops[k]] = latest }
    }
    return PatrolHistory(lastListed: lastListed)
  }

  /// Drops the listings no night after `night` can count, so that what is kept stays about one
  /// night's worth per shop however many nights were added:
  /// - those of nights before `night + 1 − window`, outside every later night's window;
  /// - those another listing of the same shop outdoes for every later night: one by the same or a
  ///   later night, for the same or a later day that is on or before `night + 1` (so that every
  ///   later night counts it whenever it counts the other).
  ///
  /// `history(tonight:window:)` is the same before and after for every `tonight` after `night`.
  public mutating func keep(forNightsAfter night: Day, window: Int) {
    let first = night.advanced(by: 1 - window)
    let next = night.advanced(by: 1)
    var kept = IssuedLists()
    kept.through = through
    kept.window = min(self.window ?? window, window)
    for k in shops.indices {
      // In `Listing.precedes` order, every listing that could outdo one comes before it, and the
      // latest day among them on or before `next` is all that needs remembering.
      let from = kept.listings.count
      var outdoneThrough: Day?
      for l in listings[start[k]..<start[k + 1]] where l.night >= first {
        if kept.listings.count > from, kept.listings.last == l { continue }
        if let outdone = outdoneThrough, l.day <= outdone { continue }
        kept.listings.append(l)
        if l.day <= next { outdoneThrough = max(outdoneThrough ?? l.day, l.day) }
      }
      if kept.listings.count > from {
        kept.shops.append(shops[k])
        kept.start.append(kept.listings.count)
      }
    }
    self = kept
  }

  /// Where `shop` is in `shops`, by binary search.
  private func place(of shop: String) -> Int? {
    var (low, high) = (0, shops.count)
    while low < high {
      let mid = (low + high) / 2
      if shops[mid] < shop { low = mid + 1 } else { high = mid }
    }
    return low < shops.count && shops[low] == shop ? low : nil
  }
}

extension IssuedLists {
  /// The bytes a store keeps, small because a district's shop ids share long prefixes and a
  /// listing is a few days from the night before: a version byte (2), `through` (Int32
  /// little-endian, −1 for none), then varints (LEB128; signed ones zigzag-coded): the window
  /// (signed, −1 for none), the shop count, and per shop, in id order, the UTF-8 bytes its id
  /// shares with the id before, the length and bytes of the rest, its listing count, and for each
  /// listing `through − night` and `day − night` (signed).
  public func encoded() -> [UInt8] {
    var bytes: [UInt8] = [2]
    bytes.reserveCapacity(16 + shops.count * 6 + listings.count * 2)
    func varint(_ value: Int) {
      var v = UInt(bitPattern: value)
      while v >= 0x80 {
        bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
        v >>= 7
      }
      bytes.append(UInt8(v))
    }
    func signed(_ value: Int) { varint((value << 1) ^ (value >> (Int.bitWidth - 1))) }
    let last = through?.number ?? -1
    for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: last >> (8 * k))) }
    signed(window ?? -1)
    varint(shops.count)
    var previous: [UInt8] = []
    for k in shops.indices {
      let id = Array(shops[k].utf8)
      var shared = 0
      while shared < min(id.count, previous.count), id[shared] == previous[shared] { shared += 1 }
      varint(shared)
      varint(id.count - shared)
      bytes.append(contentsOf: id[shared...])
      previous = id
      varint(start[k + 1] - start[k])
      for l in listings[start[k]..<start[k + 1]] {
        signed(last - l.night.number)
        signed(l.day.number - l.night.number)
      }
    }
    return bytes
  }

  /// What `encoded()` wrote; nil for bytes it did not write (another version, or cut short).
  public init?(encoded bytes: [UInt8]) {
    guard bytes.count >= 5, bytes[0] == 2 else { return nil }
    var at = 5
    func varint() -> Int? {
      var (value, shift) = (UInt(0), 0)
      while at < bytes.count, shift < UInt.bitWidth {
        let byte = bytes[at]
        at += 1
        value |= UInt(byte & 0x7F) << shift
        if byte < 0x80 { return Int(bitPattern: value) }
        shift += 7
      }
      return nil
    }
    func signed() -> Int? { varint().map { Int(bitPattern: UInt(bitPattern: $0) >> 1) ^ -($0 & 1) } }
    let last = Int(Int32(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[1 + $1]) << (8 * $1) }))
    guard let window = signed(), let shops = varint(), shops >= 0, shops <= bytes.count else { return nil }
    self.init()
    through = last < 0 ? nil : Day(last)
    self.window = window < 0 ? nil : window
    self.shops.reserveCapacity(shops)
    start.reserveCapacity(shops + 1)
    var id: [UInt8] = []
    for _ in 0..<shops {
      guard let shared = varint(), shared <= id.count, let rest = varint(), rest >= 0,
        at + rest <= bytes.count
      else { return nil }
      id.removeSubrange(shared...)
      id += bytes[at..<(at + rest)]
      at += rest
      self.shops.append(String(decoding: id, as: UTF8.self))
      guard let count = varint(), count >= 0, count <= bytes.count - at else { return nil }
      for _ in 0..<count {
        guard let age = signed(), let ahead = signed() else { return nil }
        let night = last - age
        listings.append(Listing(night: Day(night), day: Day(night + ahead)))
      }
      start.append(listings.count)
    }
    guard at == bytes.count else { return nil }
  }
}
