import Records

/// A file's header matched to a kind: which canonical field each column holds, which columns are
/// unknown (kept aside), and the check that every required field has a column.
struct HeaderMapping: Sendable {
  let kind: FileKind
  /// Per column: the index into `kind.fields`, or nil for an unknown column.
  let slots: [Int?]
  let columns: [(header: String, field: String)]
  let unknown: [String]

  /// Maps `headers` for `kind`, or infers the kind: the one whose required fields all have a
  /// column, with the most columns recognised (ties: the kind with fewer fields, i.e. the closer fit).
  /// - Throws: `InputError` naming the file, the first missing required field and the headers it
  ///   accepts; or saying the kind cannot be told.
  static func make(headers: [String], kind given: FileKind?, aliases: AliasMap, file: String)
    throws(InputError) -> HeaderMapping
  {
    let candidates: [FileKind] = given.map { [$0] } ?? FileKind.all.filter { $0 != .boundaries }
    var best: (mapping: HeaderMapping, missing: [FieldSpec], matched: Int)? = nil
    for kind in candidates {
      let mapping = HeaderMapping(headers: headers, kind: kind, aliases: aliases)
      let present = Set(mapping.columns.map(\.field))
      let missing = kind.fields.filter { $0.required && !present.contains($0.name) }
      let matched = present.count
      let better: Bool
      if let b = best {
        if missing.isEmpty != b.missing.isEmpty {
          better = missing.isEmpty
        } else if matched != b.matched {
          better = matched > b.matched
        } else {
          better = kind.fields.count < b.mapping.kind.fields.count
        }
      } else {
        better = true
      }
      if better { best = (mapping, missing, matched) }
    }
    guard let best, given != nil || best.matched > 0 else {
      throw InputError(
        file: file, line: 1, problem: "cannot tell what kind of records the header holds",
        fix: "name the columns as in the contract (or add aliases to models/aliases.yaml), or pass --kind")
    }
    if let field = best.missing.first {
      let accepted = aliases.accepted(field.name, kind: best.mapping.kind)
      throw InputError(
        file: file, line: 1, field: field.name,
        problem: "missing required column '\(field.name)' for \(best.mapping.kind.name)"
          + " (accepted headers: \(accepted.joined(separator: ", ")))",
        fix: "add the column, or map its header under `columns:` in models/aliases.yaml")
    }
    let present = Set(best.mapping.columns.map(\.field))
    if case .records(let k) = best.mapping.kind, k == .incidents || k == .petitions {
      let located =
        present.contains("grid_id") || (present.contains("lon") && present.contains("lat"))
        || present.contains("address") || (k == .incidents && present.contains("shop_id"))
      guard located else {
        throw InputError(
          file: file, line: 1, field: "grid_id",
          problem: "no location column: \(k.rawValue) need grid_id, lon+lat or address"
            + " (accepted headers: \(aliases.accepted("grid_id", kind: best.mapping.kind).joined(separator: ", ")))",
          fix: "add one of these columns")
      }
    }
    return best.mapping
  }

  private init(headers: [String], kind: FileKind, aliases: AliasMap) {
    self.kind = kind
    let fields = kind.fields
    var slots: [Int?] = []
    var columns: [(String, String)] = []
    var unknown: [String] = []
    for h in headers {
      let header = TextNormalization.clean(h)
      if let field = aliases.field(forHeader: header, kind: kind),
        let i = fields.firstIndex(where: { $0.name == field })
      {
        slots.append(i)
        columns.append((header, field))
      } else {
        slots.append(nil)
        if !header.isEmpty { unknown.append(header) }
      }
    }
    self.slots = slots
    self.columns = columns
    self.unknown = unknown
  }
}
