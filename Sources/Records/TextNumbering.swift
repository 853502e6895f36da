/// Dense numbers for distinct strings, in order of first appearance (for the text tables of
/// column types such as `ShopColumns` and `ScoreSheet`).
struct TextNumbering {
  private(set) var texts: [String] = []
  private var numbers: [String: Int32] = [:]

  init() {}

  /// The number of `text`, given it the first time it is seen.
  mutating func number(_ text: String) -> Int32 {
    if let n = numbers[text] { return n }
    let n = Int32(texts.count)
    numbers[text] = n
    texts.append(text)
    return n
  }
}
