import Records

/// Splits CSV or TSV bytes into records and fields (RFC 4180): fields separated by the delimiter,
/// records by LF, CRLF or CR; a field in double quotes may hold delimiters, line breaks and `""`
/// (one quote). Lenient where exports are sloppy: a quote inside an unquoted field is kept as is,
/// text after a closing quote is appended, an unterminated quote runs to the end of the file.
///
/// Works on bytes, so it is encoding-agnostic for UTF-8 and GB18030 alike (neither uses bytes
/// below 0x40 inside a multi-byte character). Reads the source in chunks: memory is bounded by the
/// chunk size plus the longest record.
///
/// - Complexity: O(bytes); each byte is looked at once (plus once more for a record that straddles
///   a chunk boundary).
struct DelimitedTokenizer {
  private let source: ByteSource
  let delimiter: UInt8
  private var buffer: [UInt8]
  private var start = 0
  private var end = 0
  private var eof = false
  private var nextLine = 1
  private let chunk: Int

  /// The current record's unescaped field bytes, concatenated; field `i` is
  /// `fieldBytes[fieldEnds[i-1] ..< fieldEnds[i]]` (with `fieldEnds[-1]` = 0).
  private(set) var fieldBytes: [UInt8] = []
  private(set) var fieldEnds: [Int] = []
  /// The line the current record starts on (1-based).
  private(set) var line = 0
  /// Whether the file began with a UTF-8 byte-order mark (skipped).
  private(set) var hadBOM = false

  init(source: ByteSource, delimiter: UInt8, chunk: Int = 1 << 20) {
    self.source = source
    self.delimiter = delimiter
    self.chunk = chunk
    buffer = [UInt8](repeating: 0, count: chunk)
    fieldBytes.reserveCapacity(4096)
    fieldEnds.reserveCapacity(64)
  }

  var fieldCount: Int { fieldEnds.count }

  /// Calls `body` with the bytes of field `i` of the current record.
  func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let lo = i == 0 ? 0 : fieldEnds[i - 1]
    return fieldBytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[lo..<fieldEnds[i]])) }
  }

  /// Advances to the next record; false at the end of the input.
  mutating func next() throws(InputError) -> Bool {
    while true {
      if start == end {
        if eof { return false }
        try fill()
        continue
      }
      if let consumed = parse() {
        start = consumed
        return true
      }
      // The record runs past the buffered bytes: read more and parse it again.
      try fill()
    }
  }

  /// Moves unconsumed bytes to the front, grows the buffer if a record is longer than it, reads.
  private mutating func fill() throws(InputError) {
    guard !eof else { return }
    if start > 0 {
      let pending = end - start
      if pending > 0 {
        buffer.withUnsafeMutableBytes { p in
          p.baseAddress!.copyMemory(from: p.baseAddress! + start, byteCount: pending)
        }
      }
      start = 0
      end = pending
    }
    if buffer.count - end < chunk / 2 { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
    let before = end
    let n = try source.read(into: &buffer, at: end, count: buffer.count - end)
    end += n
    if n == 0 { eof = true }
    if before == 0 && nextLine == 1 && !hadBOM && end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB
      && buffer[2] == 0xBF
    {
      hadBOM = true
      start = 3
    }
  }

  /// Parses one record at `start`; returns the offset after it, or nil if more bytes are needed.
  private mutating func parse() -> Int? {
    var fieldBytes = self.fieldBytes
    var fieldEnds = self.fieldEnds
    self.fieldBytes = []
    self.fieldEnds = []
    fieldBytes.removeAll(keepingCapacity: true)
    fieldEnds.removeAll(keepingCapacity: true)
    defer {
      self.fieldBytes = fieldBytes
      self.fieldEnds = fieldEnds
    }
    var newlines = 0
    let quote = UInt8(ascii: "\"")
    let cr = UInt8(ascii: "\r")
    let lf = UInt8(ascii: "\n")
    let delimiter = self.delimiter
    let eof = self.eof
    let start = self.start
    let end = self.end
    let result: Int? = buffer.withUnsafeBufferPointer { buf -> Int? in
      let p = buf.baseAddress!
      var i = start
      while true {
        // Start of a field.
        if i == end {
          guard eof else { return nil }
          fieldEnds.append(fieldBytes.count)
          return i
        }
        if p[i] == quote {
          i += 1
          while true {
            var j = i
            while j < end && p[j] != quote { j += 1 }
            if j == end {
              guard eof else { return nil }
              DelimitedTokenizer.append(p, i, j, &fieldBytes, &newlines)
              i = j
              break
            }
            DelimitedTokenizer.append(p, i, j, &fieldBytes, &newlines)
            if j + 1 == end && !eof { return nil }
            if j + 1 < end && p[j + 1] == quote {
              fieldBytes.append(quote)
              i = j + 2
              continue
            }
            i = j + 1
            break
          }
        }
        // Unquoted text (or what follows a closing quote) up to the delimiter or line end.
        var j = i
        while j < end {
          let c = p[j]
          if c == delimiter || c == lf || c == cr { break }
          j += 1
        }
        if j > i { fieldBytes.append(contentsOf: UnsafeBufferPointer(start: p + i, count: j - i)) }
        if j == end {
          guard eof else { return nil }
          fieldEnds.append(fieldBytes.count)
          return j
        }
        fieldEnds.append(fieldBytes.count)
        let c = p[j]
        if c == delimiter {
          i = j + 1
          continue
        }
        if c == cr {
          if j + 1 == end && !eof { return nil }
          return (j + 1 < end && p[j + 1] == lf) ? j + 2 : j + 1
        }
        return j + 1
      }
    }
    if result != nil {
      line = nextLine
      nextLine += 1 + newlines
    }
    return result
  }

  private static func append(
    _ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, _ fieldBytes: inout [UInt8], _ newlines: inout Int
  ) {
    guard to > from else { return }
    let slice = UnsafeBufferPointer(start: p + from, count: to - from)
    for b in slice where b == 0x0A { newlines += 1 }
    fieldBytes.append(contentsOf: slice)
  }
}
