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

  /// The CSV of `count` rows under `columns` in `encoding`, rendered on the available cores: the
  /// rows are cut into contiguous chunks, `chunk(range)` gives the rows of one (each chunk may
  /// keep state of its own, such as a cache), and the chunks' bytes are joined in order, so the
  /// result is the same bytes as one pass (`csv(columns:rows:encoding:)`).
  public static func csv<Rows: Sequence<[Cell]> & SendableMetatype>(
    columns: [Column], count: Int, encoding: TextEncoding = .utf8BOM,
    chunk: @Sendable (Range<Int>) -> Rows
  ) throws -> Data {
    // Chunks of at least 20 000 rows (a small list is one chunk), two per core.
    let pieces = max(1, min(2 * ProcessInfo.processInfo.activeProcessorCount, count / 20_000))
    let bounds = (0...pieces).map { $0 * count / pieces }
    var parts = [[UInt8]](repeating: [], count: pieces)
    parts.withUnsafeMutableBufferPointer { buffer in
      let out = SendableBytes(buffer.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: pieces) { k in
        var bytes = CSV.Bytes(capacity: 48 * columns.count * (bounds[k + 1] - bounds[k]))
        records(chunk(bounds[k]..<bounds[k + 1]), into: &bytes)
        out.base[k] = bytes.bytes
      }
    }
    var head = CSV.Bytes(
      capacity: 64 * columns.count, prefix: encoding == .utf8BOM ? TextEncoding.byteOrderMark : [])
    head.record(columns.map(\.key))
    var data = Data(capacity: head.bytes.count + parts.reduce(0) { $0 + $1.count })
    data.append(contentsOf: head.bytes)
    for k in parts.indices {
      data.append(contentsOf: parts[k])
      parts[k] = []
    }
    return encoding == .gb18030 ? try encoding.encode(String(decoding: data, as: UTF8.self)) : data
  }

  /// The CSV as UTF-8 after `prefix`.
  private static func csvBytes<Rows: Sequence<[Cell]>>(
    columns: [Column], rows: Rows, prefix: [UInt8] = []
  ) -> [UInt8] {
    var out = CSV.Bytes(capacity: 32 * (columns.count + 1) * (rows.underestimatedCount + 1), prefix: prefix)
    out.record(columns.map(\.key))
    records(rows, into: &out)
    return out.bytes
  }

  /// Appends one CSV record per row.
  private static func records<Rows: Sequence<[Cell]>>(_ rows: Rows, into out: inout CSV.Bytes) {
    for row in rows {
      for (k, cell) in row.enumerated() {
        if k > 0 { out.comma() }
        out.field(cell.text)
      }
      out.endRecord()
    }
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

/// Where concurrent chunks put their bytes (each its own element).
private struct SendableBytes: @unchecked Sendable {
  let base: UnsafeMutablePointer<[UInt8]>
  init(_ base: UnsafeMutablePointer<[UInt8]>) { self.base = base }
}
