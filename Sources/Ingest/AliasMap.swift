import Foundation
import Records
import Yams

/// Header aliases and value labels: the contract's own (`RecordKind.fields`, the enum labels of
/// CONTRACT.md §1) plus whatever `models/aliases.yaml` adds, so an analyst maps a new export's
/// column names and labels without rebuilding.
///
/// Matching is by `TextNormalization.key`: width-, case- and space-insensitive, so `网格编号`,
/// `网格编号 ` and `ＧＲＩＤ_ＩＤ` all match.
public struct AliasMap: Sendable {
  /// Version of the aliases file (0 for the contract's built-in map).
  public private(set) var version: Int
  /// kind name → header key → canonical field.
  private var headers: [String: [String: String]]
  /// kind name → canonical field → the aliases accepted, as written (for error messages).
  private var accepted: [String: [String: [String]]]
  /// kind name → field → label key → canonical value.
  private var labels: [String: [String: [String: String]]]

  /// The contract's aliases and labels only.
  public static let contract = AliasMap()

  private init() {
    version = 0
    headers = [:]
    accepted = [:]
    labels = [:]
    for kind in FileKind.all {
      for spec in kind.fields {
        add(header: spec.name, field: spec.name, kind: kind.name)
        for alias in spec.aliases { add(header: alias, field: spec.name, kind: kind.name) }
      }
    }
    for (kind, fields) in ValueLabels.builtIn {
      for (field, map) in fields {
        for (label, value) in map {
          labels[kind, default: [:]][field, default: [:]][TextNormalization.key(label)] = value
        }
      }
    }
  }

  /// The contract's map extended by the YAML text of `models/aliases.yaml`:
  /// ```yaml
  /// version: 1
  /// columns:            # per kind: canonical field → more header names
  ///   incidents:
  ///     occurred_at: [案发时间, 报警时间]
  /// values:             # per kind and field: label → canonical value
  ///   incidents:
  ///     status: {处理中: open, 已化解: mediated}
  /// ```
  /// - Throws: `InputError` naming the bad kind, field or value.
  public init(yaml: String, file: String = "models/aliases.yaml") throws {
    self = AliasMap.contract
    struct File: Decodable {
      var version: Int
      var columns: [String: [String: [String]]]?
      var values: [String: [String: [String: String]]]?
    }
    let decoded: File
    do {
      decoded = try YAMLDecoder().decode(File.self, from: yaml)
    } catch {
      throw InputError(
        file: file, problem: "not a valid aliases file (\(error))",
        fix:
          "keep the form `version: 1`, `columns: {kind: {field: [alias, …]}}`, `values: {kind: {field: {label: value}}}`"
      )
    }
    let version = decoded.version
    for (kindName, fields) in decoded.columns ?? [:] {
      guard let kind = FileKind(name: kindName) else {
        throw InputError(
          file: file, field: kindName, problem: "unknown kind '\(kindName)' under columns",
          fix: "use one of \(FileKind.all.map(\.name).joined(separator: ", "))")
      }
      for (field, names) in fields {
        guard kind.fields.contains(where: { $0.name == field }) else {
          throw InputError(
            file: file, field: field, problem: "'\(field)' is not a field of \(kindName)",
            fix: "use one of \(kind.fields.map(\.name).joined(separator: ", "))")
        }
        for name in names { add(header: name, field: field, kind: kind.name) }
      }
    }
    for (kindName, fields) in decoded.values ?? [:] {
      guard let kind = FileKind(name: kindName) else {
        throw InputError(
          file: file, field: kindName, problem: "unknown kind '\(kindName)' under values",
          fix: "use one of \(FileKind.all.map(\.name).joined(separator: ", "))")
      }
      for (field, map) in fields {
        let allowed = ValueLabels.canonicalValues(kind: kind.name, field: field)
        for (label, value) in map {
          guard allowed.contains(value) else {
            throw InputError(
              file: file, field: field,
              problem: "'\(value)' (for label '\(label)') is not a value of \(kindName).\(field)",
              fix: allowed.isEmpty
                ? "only enumerated fields take labels"
                : "use one of \(allowed.sorted().joined(separator: ", "))")
          }
          labels[kind.name, default: [:]][field, default: [:]][TextNormalization.key(label)] = value
        }
      }
    }
    self.version = version
  }

  /// Reads `models/aliases.yaml` (or another file of that form).
  public static func load(from url: URL) throws -> AliasMap {
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw InputError(
        file: url.path, problem: "cannot read the aliases file",
        fix: "check the path, or pass --models pointing at a folder with aliases.yaml")
    }
    return try AliasMap(yaml: text, file: url.path)
  }

  private mutating func add(header: String, field: String, kind: String) {
    let key = TextNormalization.key(header)
    guard !key.isEmpty else { return }
    if headers[kind, default: [:]][key] == nil { headers[kind, default: [:]][key] = field }
    if !(accepted[kind]?[field]?.contains(header) ?? false) {
      accepted[kind, default: [:]][field, default: []].append(header)
    }
  }

  /// The canonical field a header names in a file of `kind`, if any.
  public func field(forHeader header: String, kind: FileKind) -> String? {
    headers[kind.name]?[TextNormalization.key(header)]
  }

  /// Every header accepted for `field` in `kind` (canonical name first).
  public func accepted(_ field: String, kind: FileKind) -> [String] {
    accepted[kind.name]?[field] ?? [field]
  }

  /// Every value label of one enumerated field (`营业` → `open`), keyed by
  /// `TextNormalization.key` of the label; nil for a field without labels. Read once per file.
  func labels(field: String, kind: FileKind) -> [String: String]? {
    labels[kind.name]?[field]
  }
}
