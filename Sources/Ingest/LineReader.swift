import Records

/// Splits bytes into lines (LF or CRLF) read in chunks, for JSON Lines.
/// - Complexity: O(bytes); memory bounded by the chunk size plus the longest line.
struct LineReader {
  private let source: ByteSource
  private var buffer: [UInt8] = []
  private var start = 0
  private var eof = false
  private let chunk: Int
  /// The current line's number (1-based) and bytes, without the line break.
  private(set) var number = 0
  private(set) var line: [UInt8] = []

  init(source: ByteSource, chunk: Int = 1 << 20) {
    self.source = source
    self.chunk = chunk
  }

  /// Advances to the next line; false at the end.
  mutating func next() throws(InputError) -> Bool {
    while true {
      if let nl = buffer[start...].firstIndex(of: 0x0A) {
        var endIndex = nl
        if endIndex > start && buffer[endIndex - 1] == 0x0D { endIndex -= 1 }
        line = Array(buffer[start..<endIndex])
        start = nl + 1
        number += 1
        return true
      }
      if eof {
        guard start < buffer.count else { return false }
        line = Array(buffer[start...])
        if line.last == 0x0D { line.removeLast() }
        start = buffer.count
        number += 1
        return true
      }
      buffer.removeFirst(start)
      start = 0
      let old = buffer.count
      buffer.append(contentsOf: repeatElement(0, count: chunk))
      let n = try source.read(into: &buffer, at: old, count: chunk)
      buffer.removeLast(chunk - n)
      if n == 0 { eof = true }
    }
  }
}
