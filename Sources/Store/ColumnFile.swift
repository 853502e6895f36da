import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A flat binary file of typed columns, written and read in the same order: each column is its
/// element count (Int64), its elements' bytes as they lie in memory, padded to 8 bytes, and a
/// checksum of both; a text column is its UTF-8 bytes and their offsets. The file ends with its
/// total length. A column whose checksum fails reads as absent, not as wrong numbers, and so does
/// a truncated file; a reader may skip the columns it does not need without reading them.
///
/// Columns go straight between the array buffers and the file (`write(2)`, `read(2)`): no copy of
/// the whole file is held in memory on either side. Host byte order: a cache, read back only on
/// the machine that wrote it.
enum ColumnFile {
  /// Writes columns to a new file at `path` (created or truncated).
  final class Writer {
    private let path: String
    private let fd: Int32
    private var length = 0

    init(path: String) throws {
      self.path = path
      fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      guard fd >= 0 else { throw ColumnFile.Failure(path: path, what: "create") }
    }

    deinit { close(fd) }

    /// One column of plain values (numbers, flags): count, bytes, checksum.
    func put<T: BitwiseCopyable>(_ values: [T]) throws {
      var checksum = Checksum()
      let count = Int64(values.count)
      try withUnsafeBytes(of: count) { try raw($0, &checksum) }
      try values.withUnsafeBytes { try raw($0, &checksum) }
      try withUnsafeBytes(of: checksum.value) { try write($0) }
    }

    /// One column of texts: the count, the end offset of each text, then the bytes.
    func put(_ texts: [String]) throws {
      var ends = [Int64]()
      ends.reserveCapacity(texts.count)
      var bytes = [UInt8]()
      for text in texts {
        bytes.append(contentsOf: text.utf8)
        ends.append(Int64(bytes.count))
      }
      try put(ends)
      try put(bytes)
    }

    /// Ends the file: its length.
    func finish() throws {
      let total = Int64(length + 8)
      try withUnsafeBytes(of: total) { try write($0) }
    }

    private func raw(_ bytes: UnsafeRawBufferPointer, _ checksum: inout Checksum) throws {
      checksum.add(bytes)
      try write(bytes)
      let pad = (8 - bytes.count % 8) % 8
      if pad > 0 {
        let zeros = [UInt8](repeating: 0, count: pad)
        try zeros.withUnsafeBytes { z in
          checksum.add(z)
          try write(z)
        }
      }
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
      var done = 0
      while done < bytes.count {
        let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { throw ColumnFile.Failure(path: path, what: "write") }
        done += n
      }
      length += bytes.count
    }
  }

  /// Reads the columns of a file `Writer` wrote, in the same order (or skips them). `nil` from
  /// `open` when the file is absent, too short or does not end with the right length; a column
  /// whose checksum fails reads as nil; `verify()` at the end checks that every column was read
  /// or skipped.
  final class Reader {
    private let fd: Int32
    private let size: Int
    private var offset = 0
    /// Room left in every column read, past its values (as many more elements): columns that
    /// will grow by that much grow in place.
    var spare = 0

    /// A reader of the file at `path` whose next column starts at byte `offset` (a `position`
    /// another reader of it reached), with `spare` room in every column it reads.
    convenience init?(path: String, at offset: Int, spare: Int = 0) {
      self.init(path: path)
      guard offset >= 0, offset <= size - 8 else { return nil }
      self.offset = offset
      self.spare = spare
    }

    /// Where the next column starts.
    var position: Int { offset }

    init?(path: String) {
      fd = open(path, O_RDONLY)
      guard fd >= 0 else { return nil }
      var info = stat()
      guard fstat(fd, &info) == 0, info.st_size >= 16 else {
        close(fd)
        return nil
      }
      size = Int(info.st_size)
      var total: Int64 = 0
      guard size >= 8, pread(fd, &total, 8, off_t(size - 8)) == 8, total == Int64(size) else {
        close(fd)
        return nil
      }
    }

    deinit { close(fd) }

    /// The next column of plain values; nil when the file ends first or the column's checksum
    /// fails. `keep` false: the column is skipped (not read) and comes back empty.
    func values<T: BitwiseCopyable>(_: T.Type, _ keep: Bool = true) -> [T]? {
      var checksum = Checksum()
      var count: Int64 = 0
      guard withUnsafeMutableBytes(of: &count, { read(into: $0, count: 8, &checksum) }), count >= 0,
        count <= (size - offset) / max(MemoryLayout<T>.stride, 1)
      else { return nil }
      let bytes = Int(count) * MemoryLayout<T>.stride
      guard keep else {
        offset += bytes + (8 - bytes % 8) % 8 + 8
        return offset <= size - 8 ? [] : nil
      }
      let values = [T](unsafeUninitializedCapacity: Int(count) + spare) { buffer, initialized in
        initialized =
          read(into: UnsafeMutableRawBufferPointer(buffer), count: bytes, &checksum) ? Int(count) : 0
      }
      var stored: UInt64 = 0
      guard values.count == count, withUnsafeMutableBytes(of: &stored, { read(into: $0, count: 8) }),
        stored == checksum.value
      else { return nil }
      return values
    }

    /// The next column of texts; nil when the file ends first, a checksum fails or the offsets are
    /// out of order. `keep` false: skipped, empty.
    func texts(_ keep: Bool = true) -> [String]? {
      guard let ends = values(Int64.self, keep), let bytes = values(UInt8.self, keep) else { return nil }
      var texts = [String]()
      texts.reserveCapacity(ends.count + spare)
      var start = 0
      return bytes.withUnsafeBufferPointer { b -> [String]? in
        for end in ends {
          guard end >= start, end <= b.count else { return nil }
          texts.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<Int(end)]), as: UTF8.self))
          start = Int(end)
        }
        return texts
      }
    }

    /// Whether every column was read or skipped: nothing is left but the length.
    func verify() -> Bool {
      offset == size - 8
    }

    /// Reads `count` bytes (then the padding to 8) into `buffer`, adding them to `checksum`.
    private func read(into buffer: UnsafeMutableRawBufferPointer, count: Int, _ checksum: inout Checksum)
      -> Bool
    {
      let padded = count + (8 - count % 8) % 8
      guard read(into: buffer, count: count) else { return false }
      checksum.add(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
      if padded > count {
        var pad = [UInt8](repeating: 0, count: padded - count)
        guard pread(fd, &pad, pad.count, off_t(offset)) == pad.count else { return false }
        pad.withUnsafeBytes { checksum.add($0) }
        offset += pad.count
      }
      return true
    }

    /// Reads `count` bytes into `buffer`.
    private func read(into buffer: UnsafeMutableRawBufferPointer, count: Int) -> Bool {
      guard offset + count <= size - 8 else { return false }
      var done = 0
      while done < count {
        let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { return false }
        done += n
      }
      offset += count
      return true
    }
  }

  /// A 64-bit checksum of a byte stream, fed in pieces: FNV-1a over the bytes of each piece
  /// (Fowler–Noll–Vo, http://www.isthe.com/chongo/tech/comp/fnv/), eight lanes at a time over
  /// whole 8-byte words for speed. It finds torn and zeroed blocks; it is no defence against
  /// deliberate tampering (the file is a cache of the store beside it).
  struct Checksum {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
      var h = value
      let words = bytes.count / 8
      var i = 0
      while i < words {
        h = (h ^ bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* Self.prime
        i += 1
      }
      for k in (words * 8)..<bytes.count {
        h = (h ^ UInt64(bytes[k])) &* Self.prime
      }
      value = h
    }
  }

  /// A column file that could not be written (the system's reason taken when it failed).
  struct Failure: Error, CustomStringConvertible {
    var path: String
    var what: String
    var reason = String(cString: strerror(errno))
    var description: String { "cannot \(what) the column file \(path) (\(reason))" }
  }
}
