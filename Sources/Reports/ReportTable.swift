import Foundation

/// A list the engine hands to people: named columns and typed rows, rendered as CSV, JSON,
/// Markdown or an aligned terminal table from the same value, so every format shows the same
/// columns in the same order.
public struct ReportTable: Sendable, Hashable {
  public struct Column: Sendable, Hashable {
    /// The contract name: CSV header and JSON key (`grid_id`, `score`, …).
    public var key: String
    /// The heading a person reads in a terminal or Markdown table (may be Chinese).
    public var title: String

    public init(_ key: String, title: String? = nil) {
      self.key = key
      self.title = title ?? key
    }
  }

  public var columns: [Column]
  /// Each row has one cell per column.
  public var rows: [[Cell]]

  public init(columns: [Column], rows: [[Cell]] = []) {
    self.columns = columns
    self.rows = rows
  }

  /// Adds a row; it must have one cell per column.
  public mutating func append(_ row: [Cell]) {
    precondition(row.count == columns.count, "a row needs one cell per column")
    rows.append(row)
  }

  /// The same table with the column `key` moved just before the column `other` (for display:
  /// files keep the contract's order). Unknown keys leave the table as it is.
  public func moving(_ key: String, before other: String) -> ReportTable {
    guard let from = columns.firstIndex(where: { $0.key == key }),
      columns.contains(where: { $0.key == other })
    else { return self }
    var order = Array(columns.indices)
    order.remove(at: from)
    order.insert(from, at: order.firstIndex { columns[$0].key == other }!)
    return ReportTable(columns: order.map { columns[$0] }, rows: rows.map { row in order.map { row[$0] } })
  }

  /// RFC 4180 CSV text with the column keys as header.
  public func csvText() -> String {
    String(decoding: ReportTable.csvBytes(columns: columns, rows: rows), as: UTF8.self)
  }

  /// CSV bytes in `encoding`: UTF-8 with BOM unless told otherwise.
  public func csv(encoding: TextEncoding = .utf8BOM) throws -> Data {
    try ReportTable.csv(columns: columns, rows: rows, encoding: encoding)
  }

  /// The CSV of `rows` under `columns` in `encoding`, each row rendered as it comes: a list of a
  /// million rows need not be held as a table first. UTF-8 is written straight into the returned
  /// bytes (such a list is a quarter of a gigabyte).
  public static func csv<Rows: Sequence<[Cell]>>(
    columns: [Column], rows: Rows, encoding: TextEncoding = .utf8BOM
  ) throws -> Data {
    switch encoding {
    case .utf8: Data(csvBytes(columns: columns, rows: rows))
    case .utf8BOM: Data(csvBytes(columns: columns, rows: rows, prefix: TextEncoding.byteOrderMark))
    case .gb18030:
      try encoding.encode(String(decoding: csvBytes(columns: columns, rows: rows), as: UTF8.self))
    }
  }

  /// The CSV as UTF-8 after `prefix`.
  private static func csvBytes<Rows: Sequence<[Cell]>>(
    columns: [Column], rows: Rows, prefix: [UInt8] = []
  ) -> [UInt8] {
    var out = CSV.Bytes(capacity: 32 * (columns.count + 1) * (rows.underestimatedCount + 1), prefix: prefix)
    out.record(columns.map(\.key))
    for row in rows {
      for (k, cell) in row.enumerated() {
        if k > 0 { out.comma() }
        out.field(cell.text)
      }
      out.endRecord()
    }
    return out.bytes
  }

  /// An array of objects, one per row, keys in column order.
  public func json() -> JSONValue {
    .array(
      rows.map { row in
        .object(zip(columns, row).map { ($0.key, $1.json) })
      })
  }

  /// A GitHub-flavoured Markdown table with the column titles as heading.
  public func markdown() -> String {
    MarkdownTable.render(
      header: columns.map(\.title), rows: rows.map { $0.map(\.text) },
      rightAligned: rightAlignedColumns())
  }

  /// An aligned plain-text table for a terminal, Chinese text counted two columns wide; cells
  /// other than the last column's are cut at `maxCellWidth` columns.
  public func terminal(maxCellWidth: Int = 60) -> String {
    TerminalTable.render(
      header: columns.map(\.title), rows: rows.map { $0.map(\.text) },
      rightAligned: rightAlignedColumns(), maxCellWidth: maxCellWidth)
  }

  /// Columns whose every non-empty cell is a number.
  private func rightAlignedColumns() -> [Bool] {
    columns.indices.map { c in
      let cells = rows.map { $0[c] }.filter { $0 != .empty }
      return !cells.isEmpty && cells.allSatisfy(\.isNumeric)
    }
  }
}
