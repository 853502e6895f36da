/// What went wrong with one input row: the canonical field (nil for the row as a whole) and why,
/// in words an analyst can act on. Never contains a petitioner's identity.
public struct RowProblem: Error, Hashable, Sendable, CustomStringConvertible {
  public var field: String?
  public var reason: String

  public init(field: String?, reason: String) {
    self.field = field
    self.reason = reason
  }

  /// `field 'f': reason`, or the reason alone.
  public var description: String { field.map { "field '\($0)': \(reason)" } ?? reason }
}

/// One input row as the reader hands it on: exactly one per data row of the file (blank lines and
/// rows whose every cell is empty are not rows).
public struct IngestRow: Sendable {
  /// The 1-based physical line the row starts on (the header is line 1 of a CSV).
  public var line: Int
  /// For a rejected row, its source text with personal data masked (`***`): the petitioner field
  /// and anything that looks like a phone or ID-card number in a petitions row. Empty for an
  /// accepted row, whose content is `result`.
  public var raw: String
  public var result: Result<NormalizedRecord, RowProblem>

  public init(line: Int, raw: String, result: Result<NormalizedRecord, RowProblem>) {
    self.line = line
    self.raw = raw
    self.result = result
  }
}

/// The text encoding a file turned out to be in.
public enum TextEncoding: String, Sendable, Hashable {
  case ascii = "ascii"
  case utf8 = "utf-8"
  case utf8BOM = "utf-8-bom"
  case gb18030 = "gb18030"
  /// Rows in both UTF-8 and GB18030 (files concatenated from different exports).
  case mixed = "mixed"
}

/// The physical format of a file.
public enum FileFormat: String, Sendable, Hashable {
  case csv
  case tsv
  case jsonLines = "jsonl"
  case geoJSON = "geojson"
}

/// What a reader learned about a whole file; the header part is known as soon as the reader is
/// made, the counts grow as rows are read.
public struct FileSummary: Sendable {
  public var file: String
  public var kind: FileKind
  public var format: FileFormat
  /// Whether the bytes were gzip-compressed.
  public var compressed: Bool
  public var encoding: TextEncoding
  /// Each recognised header (as written) and the canonical field it maps to, in file order.
  public var columns: [(header: String, field: String)]
  /// Headers that map to no field of the kind: kept aside, not an error.
  public var unknownColumns: [String]
  /// Category labels the taxonomy does not know (stored as `other`), with how many rows had each.
  public var unknownCategories: [String: Int]
  /// Data rows read so far, and how many of them were rejected.
  public var rows: Int
  public var rejected: Int

  public init(
    file: String, kind: FileKind, format: FileFormat, compressed: Bool, encoding: TextEncoding,
    columns: [(header: String, field: String)] = [], unknownColumns: [String] = []
  ) {
    self.file = file
    self.kind = kind
    self.format = format
    self.compressed = compressed
    self.encoding = encoding
    self.columns = columns
    self.unknownColumns = unknownColumns
    self.unknownCategories = [:]
    self.rows = 0
    self.rejected = 0
  }
}
