extension Store {
  /// What became of one input row (CONTRACT.md §1 "Nothing lost").
  public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// A new id: stored.
    case accepted
    /// A known id with different content: the new version is stored, the old one moved to history.
    case updated
    /// A known id with the same content: nothing changes.
    case duplicate
    /// Not a record (bad value, no location, …): written to the rejects file, not stored.
    case rejected
  }

  /// The nothing-lost counts of a file or a run; `read == accepted + updated + duplicate + rejected`
  /// holds by construction, since every row is counted once through `count(_:)`.
  public struct Ledger: Sendable, Hashable, Codable {
    public private(set) var read = 0
    public private(set) var accepted = 0
    public private(set) var updated = 0
    public private(set) var duplicate = 0
    public private(set) var rejected = 0

    public init() {}

    /// Counts one row with its outcome.
    public mutating func count(_ outcome: Outcome, times: Int = 1) {
      read += times
      switch outcome {
      case .accepted: accepted += times
      case .updated: updated += times
      case .duplicate: duplicate += times
      case .rejected: rejected += times
      }
    }

    /// The sum of two ledgers (a run's total from its files).
    public static func + (a: Ledger, b: Ledger) -> Ledger {
      var sum = a
      sum.read += b.read
      sum.accepted += b.accepted
      sum.updated += b.updated
      sum.duplicate += b.duplicate
      sum.rejected += b.rejected
      return sum
    }

    /// `read = accepted + updated + duplicate + rejected`, with the numbers.
    public var equation: String {
      "read \(read) = accepted \(accepted) + updated \(updated) + duplicate \(duplicate) + rejected \(rejected)"
    }
  }
}
