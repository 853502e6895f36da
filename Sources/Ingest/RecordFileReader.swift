import Foundation
import Records

/// Reads one input file row by row and normalizes each row into a record, streaming: memory stays
/// bounded by a read chunk (1 MiB) plus the longest row, whatever the file's size.
///
/// Formats, told by the name (a trailing `.gz` is inflated on the fly) and confirmed by content:
/// `.csv` (or a tab-separated first line: TSV), `.tsv`/`.tab`, `.jsonl`/`.ndjson` (a `.json` file
/// that is a FeatureCollection is boundaries, else JSON Lines), `.geojson` (grid boundaries).
/// Encodings: UTF-8, UTF-8 with BOM, GB18030/GBK, detected row by row without being told.
///
/// ```swift
/// let reader = try RecordFileReader(url: url, kind: nil, options: options)  // header checked here
/// while let row = try reader.next() {
///   switch row.result {
///   case .success(let record): store(record, fingerprint: record.fingerprint)
///   case .failure(let problem): reject(file: reader.summary.file, line: row.line, problem, row.raw)
///   }
/// }
/// report(reader.summary)  // unknown columns, unknown category labels with counts, encoding
/// ```
///
/// Every data row yields exactly one `IngestRow` (blank rows excepted); nothing a row holds is
/// dropped silently. A petitioner's raw identity never leaves the reader: records carry its
/// pseudonym, rejected rows' `raw` and problem reasons carry `***`.
public final class RecordFileReader {
  /// What is known about the file: kind, format, encoding and columns from the start; row counts,
  /// rejections and unknown category labels as rows are read. The encoding is final at the end.
  public private(set) var summary: FileSummary

  private enum Body {
    case delimited(DelimitedTokenizer, HeaderMapping)
    case jsonLines(LineReader, firstObject: (line: Int, object: [String: Any])?)
    case features([GeoJSONBoundaries.Feature], next: Int)
    case finished
  }

  private var body: Body
  private let normalizer: RowNormalizer
  private let decoder = TextDecoder()
  private let aliases: AliasMap
  private let isPetitions: Bool
  private var knownUnknownColumns: Set<String>
  /// The kind's canonical field names (computed once: `FileKind.fields` builds its list per call).
  private let fieldNames: [String]
  private let fieldSlots: [String: Int]

  /// Opens `url`, reads its header and maps it to `kind` (inferred from the header when nil).
  /// - Throws: `InputError` (exit 65) before any row when the file cannot be opened or read, is
  ///   not in a format it can read, or its header lacks a required column (naming the field and
  ///   the headers it accepts) or any location column.
  public init(url: URL, kind: FileKind? = nil, options: IngestOptions) throws(InputError) {
    let file = url.path
    var name = url.lastPathComponent.lowercased()
    if name.hasSuffix(".gz") { name.removeLast(3) }
    let ext = (name as NSString).pathExtension
    aliases = options.aliases

    var format: FileFormat
    switch ext {
    case "geojson": format = .geoJSON
    case "jsonl", "ndjson", "json": format = .jsonLines
    case "tsv", "tab": format = .tsv
    default: format = .csv
    }
    if kind == .boundaries { format = .geoJSON }
    // Confirm by content: a `.json` FeatureCollection is boundaries; a CSV whose first line has
    // tabs and no commas is TSV.
    let head = try ByteSource(url: url).prefix(8192)
    let firstLine = head.prefix(while: { $0 != 0x0A && $0 != 0x0D })
    if ext == "json" && String(decoding: head, as: UTF8.self).contains("FeatureCollection") {
      format = .geoJSON
    } else if format == .csv && firstLine.contains(0x09) && !firstLine.contains(0x2C) {
      format = .tsv
    }
    let source = try ByteSource(url: url)

    switch format {
    case .csv, .tsv:
      var t = DelimitedTokenizer(source: source, delimiter: format == .tsv ? 0x09 : 0x2C)
      guard try t.next() else {
        throw InputError(file: file, problem: "the file is empty", fix: "give a file with a header row")
      }
      var headers: [String] = []
      for i in 0..<t.fieldCount {
        let text = t.withField(i) { [decoder] bytes in decoder.decode(bytes, as: decoder.classify(bytes)) }
        guard let text else {
          throw InputError(
            file: file, line: 1, problem: "the header is neither UTF-8 nor GB18030 text",
            fix: "save the file as UTF-8 (CSV UTF-8 in Excel) or GB18030")
        }
        headers.append(text)
      }
      let mapping = try HeaderMapping.make(headers: headers, kind: kind, aliases: options.aliases, file: file)
      summary = FileSummary(
        file: file, kind: mapping.kind, format: format, compressed: source.compressed,
        encoding: decoder.fileEncoding(bom: t.hadBOM), columns: mapping.columns,
        unknownColumns: mapping.unknown)
      body = .delimited(t, mapping)
      normalizer = RowNormalizer(kind: mapping.kind, options: options)

    case .jsonLines:
      var lines = LineReader(source: source)
      var first: (Int, [String: Any])? = nil
      let decoder = self.decoder
      while try lines.next() {
        var bytes = lines.line
        if lines.number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
        guard let text = decoder.decodeAll(bytes),
          let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else {
          throw InputError(
            file: file, line: lines.number, problem: "the first record is not a JSON object",
            fix: "write one JSON object per line (JSON Lines)")
        }
        first = (lines.number, object)
        break
      }
      guard let first else {
        throw InputError(
          file: file, problem: "the file holds no records", fix: "give a file with at least one row")
      }
      let keys = first.1.keys.sorted()
      let mapping = try HeaderMapping.make(headers: keys, kind: kind, aliases: options.aliases, file: file)
      summary = FileSummary(
        file: file, kind: mapping.kind, format: .jsonLines, compressed: source.compressed,
        encoding: decoder.fileEncoding(bom: false), columns: mapping.columns, unknownColumns: mapping.unknown)
      body = .jsonLines(lines, firstObject: first)
      normalizer = RowNormalizer(kind: mapping.kind, options: options)

    case .geoJSON:
      if kind != nil && kind != .boundaries {
        throw InputError(
          file: file, problem: "a GeoJSON file holds grid boundaries, not \(kind!.name)",
          fix: "drop --kind for .geojson files, or give a CSV/TSV/JSON Lines file")
      }
      let bytes = try source.readAll()
      var content = bytes[...]
      if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
      guard let text = decoder.decodeAll(Array(content)) else {
        throw InputError(file: file, problem: "the file is not UTF-8 text", fix: "save the GeoJSON as UTF-8")
      }
      let features = try GeoJSONBoundaries.read(text, crs: options.crs, aliases: options.aliases, file: file)
      summary = FileSummary(
        file: file, kind: .boundaries, format: .geoJSON, compressed: source.compressed,
        encoding: decoder.fileEncoding(bom: bytes.starts(with: [0xEF, 0xBB, 0xBF])))
      body = .features(features, next: 0)
      normalizer = RowNormalizer(kind: .boundaries, options: options)
    }
    isPetitions = summary.kind == .records(.petitions)
    knownUnknownColumns = Set(summary.unknownColumns)
    fieldNames = summary.kind.fields.map(\.name)
    fieldSlots = Dictionary(uniqueKeysWithValues: fieldNames.enumerated().map { ($1, $0) })
  }

  /// The next row's outcome; nil after the last row.
  /// - Throws: `InputError` only when the file cannot be read further (I/O error, corrupt `.gz`).
  public func next() throws(InputError) -> IngestRow? {
    let row: IngestRow?
    switch body {
    case .delimited(var tokenizer, let mapping):
      body = .finished
      row = try nextDelimited(&tokenizer, mapping)
      body = .delimited(tokenizer, mapping)
      if case .delimited(let t, _) = body { summary.encoding = decoder.fileEncoding(bom: t.hadBOM) }
    case .jsonLines(var lines, let first):
      body = .finished
      row = try nextJSONLine(&lines, first)
      body = .jsonLines(lines, firstObject: nil)
      summary.encoding = decoder.fileEncoding(bom: false)
    case .features(let features, let i):
      if i < features.count {
        let f = features[i]
        body = .features(features, next: i + 1)
        row = IngestRow(line: f.number, raw: (try? f.result.get()) == nil ? f.raw : "", result: f.result)
      } else {
        body = .finished
        row = nil
      }
    case .finished:
      row = nil
    }
    if let row {
      summary.rows += 1
      if case .failure = row.result { summary.rejected += 1 }
    }
    return row
  }

  /// Every remaining row (for tests and small files; ingest should stream with `next()`).
  public func readAll() throws(InputError) -> [IngestRow] {
    var rows: [IngestRow] = []
    while let row = try next() { rows.append(row) }
    return rows
  }

  // MARK: - CSV / TSV

  private func nextDelimited(_ t: inout DelimitedTokenizer, _ mapping: HeaderMapping) throws(InputError)
    -> IngestRow?
  {
    let fieldCount = fieldNames.count
    while try t.next() {
      // A blank line or a row of empty cells (Excel leaves them) is not a row.
      guard t.fieldBytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
      let encoding = t.fieldBytes.withUnsafeBufferPointer { decoder.classify($0) }
      var cells = [String](repeating: "", count: fieldCount)
      var problem: RowProblem? = nil
      var taken: UInt64 = 0  // bit `slot`: a column gave the field a value (kinds have < 64 fields)
      for i in 0..<t.fieldCount {
        let slot = i < mapping.slots.count ? mapping.slots[i] : nil
        if let slot {
          // The first column of a field that is not empty (before cleaning) gives its value.
          guard taken & (1 << slot) == 0 else { continue }
          // Cleaned here, from the bytes when they are ASCII (the normalizer is told so).
          let text = t.withField(i) { bytes in
            if !bytes.isEmpty { taken |= 1 << slot }
            return TextNormalization.clean(bytes) { decoder.decode($0, as: encoding) }
          }
          guard let text else {
            problem = RowProblem(
              field: fieldNames[slot], reason: "bytes are neither UTF-8 nor GB18030")
            break
          }
          cells[slot] = text
        } else if i >= mapping.slots.count {
          let empty = t.withField(i) { $0.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
          if !empty {
            problem = RowProblem(
              field: nil,
              reason: "the row has \(t.fieldCount) cells but the header has \(mapping.slots.count)")
            break
          }
        }
      }
      let result: Result<NormalizedRecord, RowProblem>
      if let problem {
        result = .failure(problem)
      } else {
        let outcome = normalizer.normalize(cells, cleaned: true)
        if let label = outcome.unknownCategory {
          summary.unknownCategories[isPetitions ? PersonalDataMask.maskNumbers(label) : label, default: 0] +=
            1
        }
        result = outcome.result
      }
      switch result {
      case .success:
        return IngestRow(line: t.line, raw: "", result: result)
      case .failure(let p):
        return IngestRow(line: t.line, raw: rawText(t, mapping, encoding), result: .failure(masked(p)))
      }
    }
    return nil
  }

  /// The row as delimited text again, with personal data masked in a petitions file.
  private func rawText(_ t: DelimitedTokenizer, _ mapping: HeaderMapping, _ encoding: TextDecoder.RowEncoding)
    -> String
  {
    var parts: [String] = []
    let personal = fieldSlots["petitioner_id"]
    for i in 0..<t.fieldCount {
      var text = t.withField(i) { decoder.decode($0, as: encoding) ?? String(decoding: $0, as: UTF8.self) }
      if isPetitions {
        let slot = i < mapping.slots.count ? mapping.slots[i] : nil
        if slot != nil && slot == personal {
          if !text.isEmpty { text = PersonalDataMask.mask }
        } else {
          text = PersonalDataMask.maskNumbers(text)
        }
      }
      let delimiter = Character(Unicode.Scalar(t.delimiter))
      if text.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        text = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      }
      parts.append(text)
    }
    return parts.joined(separator: String(Character(Unicode.Scalar(t.delimiter))))
  }

  private func masked(_ p: RowProblem) -> RowProblem {
    guard isPetitions else { return p }
    return RowProblem(field: p.field, reason: PersonalDataMask.maskNumbers(p.reason))
  }

  // MARK: - JSON Lines

  private func nextJSONLine(_ lines: inout LineReader, _ first: (line: Int, object: [String: Any])?)
    throws(InputError)
    -> IngestRow?
  {
    if let first { return jsonRow(line: first.line, object: first.object, rawLine: nil) }
    while try lines.next() {
      let bytes = lines.line
      guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
      guard let text = decoder.decodeAll(bytes) else {
        return IngestRow(
          line: lines.number, raw: "",
          result: .failure(RowProblem(field: nil, reason: "bytes are neither UTF-8 nor GB18030")))
      }
      guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        let raw = isPetitions ? PersonalDataMask.maskNumbers(text) : text
        return IngestRow(
          line: lines.number, raw: raw, result: .failure(RowProblem(field: nil, reason: "not a JSON object")))
      }
      return jsonRow(line: lines.number, object: object, rawLine: text)
    }
    return nil
  }

  private func jsonRow(line: Int, object: [String: Any], rawLine: String?) -> IngestRow {
    let kind = normalizer.kind
    var cells = [String](repeating: "", count: fieldNames.count)
    var personalValues: [String] = []
    for (key, value) in object.sorted(by: { $0.key < $1.key }) {
      let header = TextNormalization.clean(key)
      guard let field = aliases.field(forHeader: header, kind: kind),
        let slot = fieldSlots[field]
      else {
        if !header.isEmpty && !knownUnknownColumns.contains(header) {
          knownUnknownColumns.insert(header)
          summary.unknownColumns.append(header)
        }
        continue
      }
      let text = JSONCell.text(value)
      if field == "petitioner_id" && !text.isEmpty { personalValues.append(text) }
      if cells[slot].isEmpty { cells[slot] = text }
    }
    let outcome = normalizer.normalize(cells)
    if let label = outcome.unknownCategory {
      summary.unknownCategories[isPetitions ? PersonalDataMask.maskNumbers(label) : label, default: 0] += 1
    }
    switch outcome.result {
    case .success:
      return IngestRow(line: line, raw: "", result: outcome.result)
    case .failure(let p):
      var raw = rawLine ?? JSONCell.text(object)
      if isPetitions {
        // Mask the petitioner's values wherever they appear (escaped or not), then number-like tokens.
        for v in personalValues {
          raw = raw.replacingOccurrences(of: v, with: PersonalDataMask.mask)
          let escaped = JSONCell.text([v]).dropFirst(2).dropLast(2)
          if !escaped.isEmpty {
            raw = raw.replacingOccurrences(of: String(escaped), with: PersonalDataMask.mask)
          }
        }
        raw = PersonalDataMask.maskNumbers(raw)
      }
      return IngestRow(line: line, raw: raw, result: .failure(masked(p)))
    }
  }
}
