import Crypto
import Foundation
import Records

#if canImport(Glibc)
  import Glibc
#endif

/// The secret that keys petitioner pseudonyms: HMAC-SHA-256 (RFC 2104, FIPS 198-1) of the
/// normalized identity, so the same person links across petitions and runs while the raw value
/// is kept nowhere. Whoever holds the key can test a guessed identity, so it stays owner-only.
public struct PseudonymKey: Sendable {
  /// The HMAC state with the key absorbed, copied per pseudonym (see `KeyedHMAC`).
  private let keyed: KeyedHMAC

  /// A key from raw bytes (at least 16; 32 recommended).
  public init?(bytes: [UInt8]) {
    guard bytes.count >= 16 else { return nil }
    keyed = KeyedHMAC(HMAC<SHA256>(key: SymmetricKey(data: bytes)))
  }

  /// A key from hexadecimal text (at least 32 hex digits).
  public init?(hex: String) {
    guard let bytes = Hex.decode(hex) else { return nil }
    self.init(bytes: bytes)
  }

  /// Where the key comes from, first that applies:
  /// 1. `$YANPAN_KEY_FILE`: a file holding the key in hex;
  /// 2. `$YANPAN_PSEUDONYM_KEY`: the key in hex;
  /// 3. the file `url` (by convention `<db>.key` beside the store): read if present, else created
  ///    now with 32 random bytes in hex and permissions 0600 (owner read/write only).
  /// - Throws: `InputError` when a named key file is missing or not hex, or the key file cannot
  ///   be created.
  public static func load(
    orCreateAt url: URL, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> PseudonymKey {
    if let path = environment["YANPAN_KEY_FILE"], !path.isEmpty {
      return try read(URL(fileURLWithPath: path), source: "$YANPAN_KEY_FILE")
    }
    if let hex = environment["YANPAN_PSEUDONYM_KEY"], !hex.isEmpty {
      guard let key = PseudonymKey(hex: hex) else {
        throw InputError(
          file: "$YANPAN_PSEUDONYM_KEY", problem: "not a key of at least 32 hexadecimal digits",
          fix: "set it to the hex key (e.g. `openssl rand -hex 32`) or unset it")
      }
      return key
    }
    if FileManager.default.fileExists(atPath: url.path) {
      return try read(url, source: url.path)
    }
    return try create(at: url)
  }

  /// The pseudonym of a raw identity (ID-card or phone number): lowercase hex HMAC-SHA-256 of its
  /// normalized form (see `normalizeIdentity`); nil for an empty identity.
  public func pseudonym(of raw: String) -> String? {
    var normalized = PseudonymKey.normalizeIdentity(raw)
    guard !normalized.isEmpty else { return nil }
    var hmac = keyed.state
    normalized.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
    return Hex.encode(Array(hmac.finalize()))
  }

  /// Full-width characters folded to ASCII, spaces and hyphens removed, letters upper-cased (the
  /// check digit `x` of an ID-card number becomes `X`), a leading `+86`/`0086` dropped from phones.
  public static func normalizeIdentity(_ raw: String) -> String {
    // Fast path: digits and capitals only (most ID-card and phone numbers) are already normal.
    if !raw.isEmpty, raw.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }),
      !raw.hasPrefix("0086")
    {
      return raw
    }
    var text = TextNormalization.foldWidth(raw).uppercased()
    text.removeAll { $0.isWhitespace || $0 == "-" }
    if text.hasPrefix("+86") { text.removeFirst(3) } else if text.hasPrefix("0086") { text.removeFirst(4) }
    return text
  }

  private static func read(_ url: URL, source: String) throws -> PseudonymKey {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw InputError(
        file: source, problem: "cannot read the pseudonym key file \(url.path)",
        fix: "point it at a readable file holding the key in hex")
    }
    guard let key = PseudonymKey(hex: text) else {
      throw InputError(
        file: source, problem: "the pseudonym key file \(url.path) does not hold a hex key",
        fix: "write at least 32 hexadecimal digits into it (e.g. `openssl rand -hex 32`)")
    }
    return key
  }

  private static func create(at url: URL) throws -> PseudonymKey {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    let text = Hex.encode(bytes) + "\n"
    // O_EXCL: never overwrite a key another process just created; 0600: owner only.
    let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    if fd < 0 {
      if errno == EEXIST { return try read(url, source: url.path) }
      throw InputError(
        file: url.path, problem: "cannot create the pseudonym key file (\(String(cString: strerror(errno))))",
        fix: "make its folder writable, or set $YANPAN_KEY_FILE or $YANPAN_PSEUDONYM_KEY")
    }
    defer { close(fd) }
    let written = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
    guard written == text.utf8.count else {
      throw InputError(
        file: url.path, problem: "cannot write the pseudonym key file",
        fix: "check the disk, or set $YANPAN_KEY_FILE or $YANPAN_PSEUDONYM_KEY")
    }
    return PseudonymKey(bytes: bytes)!
  }
}

/// HMAC-SHA-256 after the key's blocks, shared read-only: each use copies the value, and
/// swift-crypto's hash states copy on write (`isKnownUniquelyReferenced` before every update),
/// so concurrent users never touch the same state. Saves the key setup (two SHA-256 blocks and a
/// key allocation) per pseudonym.
private final class KeyedHMAC: @unchecked Sendable {
  let state: HMAC<SHA256>
  init(_ state: HMAC<SHA256>) { self.state = state }
}
