/// The incidents, petitions and inspections of a district as the store reads them for scoring:
/// parallel columns of numbers instead of one record value each, ids interned into small tables.
///
/// Rows come in the order of their table's `id` (the store's key order); times are seconds since
/// 1970-01-01T00:00:00Z, `.nan` where the record has none. Everything is as known at the as-of
/// cut the reader was given (the rules of `Store.loadDistrict`): nothing happening after it is a
/// row, and a resolution, closure, acceptance or rectification after it reads as not yet happened
/// (time `.nan`, satisfaction unknown, hazards rectified 0, status not settled).
/// Each table interns its own ids (so the tables can be read side by side).
public struct EventColumns: Sendable {
  public var incidents = Incidents()
  public var petitions = Petitions()
  public var inspections = Inspections()

  public init() {}

  public struct Incidents: Sendable {
    /// The grid ids, shop ids and category codes rows name (`grid`, `shop`, `category` index
    /// these), each once.
    public var gridIDs: [String] = []
    public var shopIDs: [String] = []
    public var categories: [String] = []
    public var time: [Double] = []
    public var grid: [Int32] = []
    /// -1 when the incident names no shop.
    public var shop: [Int32] = []
    public var category: [Int32] = []
    public var severity: [Int32] = []
    public var resolvedAt: [Double] = []
    /// Whether the status (as known at the cut) is `resolved` or `mediated`.
    public var settled: [Bool] = []

    public init() {}
    public var count: Int { time.count }
  }

  public struct Petitions: Sendable {
    /// The grid ids rows name (`grid` indexes this), each once.
    public var gridIDs: [String] = []
    public var time: [Double] = []
    public var grid: [Int32] = []
    public var dueAt: [Double] = []
    public var closedAt: [Double] = []
    /// 1 satisfied, -1 not satisfied, 0 unknown (as known at the cut).
    public var satisfied: [Int8] = []
    /// The pseudonymized petitioner, numbered by first appearance in row order; -1 when unknown.
    public var petitioner: [Int32] = []
    public var petitionerCount: [Int32] = []
    public var acceptedAt: [Double] = []

    public init() {}
    public var count: Int { time.count }
  }

  public struct Inspections: Sendable {
    /// The shop ids rows name (`shop` indexes this), each once.
    public var shopIDs: [String] = []
    public var time: [Double] = []
    public var shop: [Int32] = []
    public var hazardsFound: [Int32] = []
    public var majorHazards: [Int32] = []
    public var hazardsRectified: [Int32] = []
    public var rectifyDue: [Double] = []
    public var rectifiedAt: [Double] = []
    /// Whether the result is `suspended`.
    public var suspended: [Bool] = []

    public init() {}
    public var count: Int { time.count }
  }
}
