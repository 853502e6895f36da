import Yams

/// The categories records may carry: codes, Chinese and English labels, aliases, a feature group
/// and a default severity. Loaded from `models/taxonomy.yaml`, which an analyst may extend.
public struct Taxonomy: Sendable {
  /// What a category describes.
  public enum Domain: String, Sendable, Codable, CaseIterable {
    case incident
    case dispute
    case petition
    case shop
  }

  public struct Category: Sendable, Codable, Hashable {
    public var code: String
    public var domain: Domain
    /// The feature group scoring counts this category under (e.g. `violence`, `dispute`, `hazmat`).
    public var group: String
    public var label: String
    public var en: String
    public var severity: Int
    public var aliases: [String]

    public init(
      code: String, domain: Domain, group: String, label: String, en: String, severity: Int,
      aliases: [String] = []
    ) {
      self.code = code
      self.domain = domain
      self.group = group
      self.label = label
      self.en = en
      self.severity = severity
      self.aliases = aliases
    }
  }

  /// The code a label maps to when the taxonomy does not know it.
  public static let other = "other"

  public let version: Int
  public let categories: [Category]
  private let byCode: [String: Int]
  private let byKey: [String: Int]

  public init(version: Int = 1, categories: [Category]) {
    self.version = version
    self.categories = categories
    var byCode: [String: Int] = [:]
    var byKey: [String: Int] = [:]
    for (i, c) in categories.enumerated() {
      byCode[c.code] = i
      for key in [c.code, c.label, c.en] + c.aliases {
        let k = Taxonomy.normalizedKey(key)
        if byKey[k] == nil { byKey[k] = i }
      }
    }
    self.byCode = byCode
    self.byKey = byKey
  }

  /// Parses the YAML form of `models/taxonomy.yaml`.
  /// - Throws: `DecodingError` (with the path of the bad key) when the text is not a taxonomy.
  public init(yaml: String) throws {
    struct File: Codable {
      var version: Int
      var categories: [Category]
    }
    let file = try YAMLDecoder().decode(File.self, from: yaml)
    self.init(version: file.version, categories: file.categories)
  }

  /// The category with exactly this code.
  public func category(code: String) -> Category? { byCode[code].map { categories[$0] } }

  /// The category a code, label or alias names (case-, width- and space-insensitive), if any.
  public func resolve(_ text: String) -> Category? {
    byKey[Taxonomy.normalizedKey(text)].map { categories[$0] }
  }

  /// Codes of one domain, in file order.
  public func codes(in domain: Domain) -> [String] {
    categories.filter { $0.domain == domain }.map(\.code)
  }

  /// The feature group of a code; `other` for unknown codes.
  public func group(of code: String) -> String { category(code: code)?.group ?? Taxonomy.other }

  /// Default severity of a code; 1 for unknown codes.
  public func defaultSeverity(of code: String) -> Int { category(code: code)?.severity ?? 1 }

  /// Lower case, full-width ASCII (U+FF01–U+FF5E) folded to half-width, white space removed.
  static func normalizedKey(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars where !scalar.properties.isWhitespace {
      let v = scalar.value
      let folded = (0xFF01...0xFF5E).contains(v) ? Unicode.Scalar(v - 0xFEE0)! : scalar
      out.append(folded)
    }
    return String(out).lowercased()
  }
}
