import Foundation
import Ingest
import Reports
import Store

extension IngestRun.Report {
  /// The human report: one ledger line per file and the total, then what the analyst should act on
  /// (unknown category labels to map, unknown columns kept aside, the rejects file).
  var text: String {
    var lines: [String] = []
    let width = max(5, files.map { displayName($0.path).count }.max() ?? 0)
    func pad(_ s: String) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
    for file in files {
      lines.append(
        "\(pad(displayName(file.path)))  \(file.kind.name) (\(file.format), \(file.encoding)): \(file.ledger.equation)"
      )
    }
    if files.count != 1 { lines.append("\(pad("total"))  \(total.equation)") }
    let unknown = unknownCategories
    if !unknown.isEmpty {
      lines.append("Unknown category labels, stored as `other` (map them in models/taxonomy.yaml):")
      for (kind, labels) in unknown {
        for (label, count) in labels.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
          lines.append("  \(kind)  \(label)  \(count)")
        }
      }
    }
    for file in files where !file.unknownColumns.isEmpty {
      lines.append(
        "Unknown columns in \(displayName(file.path)), kept aside (map them in models/aliases.yaml): "
          + file.unknownColumns.joined(separator: ", "))
    }
    if let rejects { lines.append("Rejected rows (\(total.rejected)): \(rejects)") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Unknown category labels with counts, per kind, kinds in ingest order.
  var unknownCategories: [(kind: String, labels: [String: Int])] {
    var merged: [String: [String: Int]] = [:]
    var order: [String] = []
    for file in files where !file.unknownCategories.isEmpty {
      if merged[file.kind.name] == nil { order.append(file.kind.name) }
      merged[file.kind.name, default: [:]].merge(file.unknownCategories, uniquingKeysWith: +)
    }
    return order.map { ($0, merged[$0]!) }
  }

  /// `--json`: the five ledger counts as top-level keys (CONTRACT.md §1), then the details.
  var json: JSONValue {
    func ledger(_ l: Store.Ledger) -> [(String, JSONValue)] {
      [
        ("read", .integer(l.read)), ("accepted", .integer(l.accepted)), ("updated", .integer(l.updated)),
        ("duplicate", .integer(l.duplicate)), ("rejected", .integer(l.rejected)),
      ]
    }
    func counts(_ c: [String: Int]) -> JSONValue {
      .object(c.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, .integer($0.value)) })
    }
    let fileObjects: [JSONValue] = files.map { file in
      .object(
        [
          ("file", .string(file.path)), ("kind", .string(file.kind.name)), ("format", .string(file.format)),
          ("encoding", .string(file.encoding)), ("sha256", .string(file.contentHash)),
        ] + ledger(file.ledger) + [
          ("unknown_columns", .array(file.unknownColumns.map { .string($0) })),
          ("unknown_categories", counts(file.unknownCategories)),
        ])
    }
    let unknownColumns: [(String, JSONValue)] = files.filter { !$0.unknownColumns.isEmpty }.map {
      ($0.path, .array($0.unknownColumns.map { .string($0) }))
    }
    return .object(
      ledger(total) + [
        ("files", .array(fileObjects)),
        ("unknown_categories", .object(unknownCategories.map { ($0.kind, counts($0.labels)) })),
        ("unknown_columns", .object(unknownColumns)),
        ("rejects", .optional(rejects)),
        ("db", .string(db)),
      ])
  }

  private func displayName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
}
