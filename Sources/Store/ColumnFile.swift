import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A flat binary file of typed columns, written and read in the same order: each column is its
/// element count (Int64) and its elements' bytes as they lie in memory, padded to 8 bytes; a text
/// column is its UTF-8 bytes and their offsets. The file ends with a checksum of everything before
/// it and the total length, so a torn or truncated file reads as absent, not as wrong numbers.
///
/// Columns go straight between the array buffers and the file (`write(2)`, `read(2)`): no copy of
/// the whole file is held in memory on either side. Host byte order: a cache, read back only on
/// the machine that wrote it.
enum ColumnFile {
  /// Writes columns to a new file at `path` (created or truncated).
  final class Writer {
    private let path: String
    private let fd: Int32
    private var checksum = Checksum()
    private var length = 0

    init(path: String) throws {
      self.path = path
      fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      guard fd >= 0 else { throw ColumnFile.Failure(path: path, what: "create") }
    }

    deinit { close(fd) }

    /// One column of plain values (numbers, flags).
    func put<T: BitwiseCopyable>(_ values: [T]) throws {
      try put(Int64(values.count))
      try values.withUnsafeBytes { try raw($0) }
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

    func put(_ value: Int64) throws {
      try withUnsafeBytes(of: value) { try raw($0) }
    }

    /// Ends the file: checksum and length.
    func finish() throws {
      let sum = checksum.value
      let total = Int64(length + 16)
      try withUnsafeBytes(of: sum) { try write($0) }
      try withUnsafeBytes(of: total) { try write($0) }
    }

    private func raw(_ bytes: UnsafeRawBufferPointer) throws {
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

  /// Reads the columns of a file `Writer` wrote, in the same order. `nil` from `open` when the
  /// file is absent, too short or does not end with the right length; `verify()` at the end
  /// checks the checksum of everything read.
  final class Reader {
    private let fd: Int32
    private let size: Int
    private var checksum = Checksum()
    private var offset = 0
    /// Room left in every column read, past its values (as many more elements): columns that
    /// will grow by that much grow in place.
    var spare = 0

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
      guard pread(fd, &total, 8, off_t(size - 8)) == 8, total == Int64(size) else {
        close(fd)
        return nil
      }
    }

    deinit { close(fd) }

    /// The next column of plain values; nil when the file ends first.
    func values<T: BitwiseCopyable>(_: T.Type) -> [T]? {
      guard let count = int(), count >= 0,
        count <= (size - offset) / max(MemoryLayout<T>.stride, 1)
      else { return nil }
      let bytes = count * MemoryLayout<T>.stride
      let values = [T](unsafeUninitializedCapacity: count + spare) { buffer, initialized in
        initialized = read(into: UnsafeMutableRawBufferPointer(buffer), count: bytes) ? count : 0
      }
      return values.count == count ? values : nil
    }

    /// The next column of texts; nil when the file ends first or the offsets are out of order.
    func texts() -> [String]? {
      guard let ends = values(Int64.self), let bytes = values(UInt8.self) else { return nil }
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

    func int() -> Int? {
      var value: Int64 = 0
      let ok = withUnsafeMutableBytes(of: &value) { read(into: $0, count: 8) }
      return ok ? Int(value) : nil
    }

    /// Whether everything read is what was written: the checksum matches, and nothing is left
    /// but the checksum and length.
    func verify() -> Bool {
      var stored: UInt64 = 0
      guard offset == size - 16, pread(fd, &stored, 8, off_t(offset)) == 8 else { return false }
      return stored == checksum.value
    }

    /// Reads `count` bytes (then the padding to 8) into `buffer`.
    private func read(into buffer: UnsafeMutableRawBufferPointer, count: Int) -> Bool {
      let padded = count + (8 - count % 8) % 8
      guard offset + padded <= size - 16 else { return false }
      var done = 0
      while done < count {
        let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { return false }
        done += n
      }
      checksum.add(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
      if padded > count {
        var pad = [UInt8](repeating: 0, count: padded - count)
        guard pread(fd, &pad, pad.count, off_t(offset + count)) == pad.count else { return false }
        pad.withUnsafeBytes { checksum.add($0) }
      }
      offset += padded
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
