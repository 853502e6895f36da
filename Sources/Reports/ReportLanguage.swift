import Records

/// The language of the words in a list, a map or an explanation (`--lang zh|en`). Column keys
/// stay the contract's English names in both; values that are words (level, trend, reasons)
/// follow the language, and with `en` they are the engine's codes.
public enum ReportLanguage: String, Sendable, CaseIterable {
  case zh
  case en

  /// Picks the text for this language.
  public func pick(zh: String, en: String) -> String { self == .zh ? zh : en }

  /// A reason in this language.
  public func text(_ reason: Reason) -> String { self == .zh ? reason.zh : reason.en }

  /// 红 / orange … as lists show a level.
  public func level(_ level: RiskLevel) -> String { self == .zh ? level.label : level.rawValue }

  /// 红 重大风险 / red (major) … as legends show a level.
  public func levelLong(_ level: RiskLevel) -> String {
    switch self {
    case .zh: "\(level.label) \(level.meaning)"
    case .en:
      switch level {
      case .red: "red (major)"
      case .orange: "orange (significant)"
      case .yellow: "yellow (general)"
      case .blue: "blue (low)"
      }
    }
  }

  /// An emerging-hotspot class (`new`, `intensifying`, …) as people read it; unknown classes are
  /// shown as given. Class names follow the space-time hot-spot classes of ArcGIS "Emerging Hot
  /// Spot Analysis" (Getis-Ord Gi* over time bins with a Mann-Kendall trend).
  public func trend(_ code: String?) -> String? {
    guard let code, !code.isEmpty else { return nil }
    guard self == .zh else { return code }
    return switch code {
    case "new": "新热点"
    case "consecutive": "连续热点"
    case "intensifying": "加剧热点"
    case "persistent": "持续热点"
    case "diminishing": "减弱热点"
    case "sporadic": "零星热点"
    case "oscillating": "振荡热点"
    case "historical": "历史热点"
    case "cold": "冷点"
    case "none": "无"
    default: code
    }
  }
}

/// How a risk level looks on a map: the fill colour and whether text on it should be dark.
public enum LevelStyle {
  /// Fill colours close to the 安全风险四色图 convention (red, orange, yellow, blue), chosen so
  /// that black labels stay legible on yellow and white outlines separate neighbours.
  public static func fill(_ level: RiskLevel) -> String {
    switch level {
    case .red: "#e03131"
    case .orange: "#f76707"
    case .yellow: "#fcc419"
    case .blue: "#4dabf7"
    }
  }

  /// The fill of a grid that has no score.
  public static let unscoredFill = "#dee2e6"
}
