/// A street team under the "街长+N员+1" model: a street chief, N officers and one merchants'
/// self-governance body, responsible for the shops along one street.
public struct Street: Hashable, Sendable {
  /// One of the N officers: 城管, 民警, 市场监管, 网格员, …
  public struct Member: Hashable, Sendable {
    public var name: String
    public var role: String

    public init(name: String, role: String) {
      self.name = name
      self.role = role
    }
  }

  /// Shop visits per day for the whole team when a file does not say.
  public static let defaultDailyCapacity = 20

  public var id: String
  public var name: String
  public var subdistrictID: String
  public var chief: String
  public var members: [Member]
  /// The "+1": the merchants' self-governance body.
  public var partner: String?
  public var dailyCapacity: Int

  public init(
    id: String, name: String, subdistrictID: String, chief: String, members: [Member] = [],
    partner: String? = nil, dailyCapacity: Int = Street.defaultDailyCapacity
  ) {
    self.id = id
    self.name = name
    self.subdistrictID = subdistrictID
    self.chief = chief
    self.members = members
    self.partner = partner
    self.dailyCapacity = dailyCapacity
  }
}

extension Street.Member {
  /// Parses the contract's `name:role;name:role` form; entries without a role get an empty role.
  public static func parseList(_ text: String) -> [Street.Member] {
    text.split(whereSeparator: { $0 == ";" || $0 == "；" }).compactMap { entry in
      let trimmed = entry.trimmingCharacters(in: .whitespaces)
      guard !trimmed.isEmpty else { return nil }
      let parts = trimmed.split(maxSplits: 1, whereSeparator: { $0 == ":" || $0 == "：" })
      let name = parts[0].trimmingCharacters(in: .whitespaces)
      let role = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
      return Street.Member(name: name, role: role)
    }
  }

  /// Writes members back in the contract's `name:role;name:role` form.
  public static func format(_ members: [Street.Member]) -> String {
    members.map { $0.role.isEmpty ? $0.name : "\($0.name):\($0.role)" }.joined(separator: ";")
  }
}
