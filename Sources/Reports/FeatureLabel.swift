/// Readable names for scoring's feature codes (`incidents.violence.hl30`, `shops.open_hazards`,
/// `petitions.repeat.d90`, …), built word by word so that a new feature still reads sensibly.
/// Unknown words are shown as they are.
public enum FeatureLabel {
  /// `incidents.violence.hl30` → "案事件·暴力·半衰期30天" (zh) or "incidents · violence ·
  /// half-life 30 d" (en).
  public static func describe(_ code: String, _ language: ReportLanguage) -> String {
    let words = code.split(separator: ".").map { word(String($0), language) }
    return words.joined(separator: language == .zh ? "·" : " · ")
  }

  static func word(_ w: String, _ l: ReportLanguage) -> String {
    if w.hasPrefix("hl"), let days = Int(w.dropFirst(2)) {
      return l.pick(zh: "半衰期\(days)天", en: "half-life \(days) d")
    }
    if w.hasPrefix("d"), let days = Int(w.dropFirst(1)) {
      return l.pick(zh: "近\(days)天", en: "last \(days) d")
    }
    guard let (zh, en) = words[w] else { return w }
    return l.pick(zh: zh, en: en)
  }

  static let words: [String: (String, String)] = [
    "incidents": ("案事件", "incidents"), "petitions": ("信访", "petitions"),
    "disputes": ("矛盾纠纷", "disputes"), "dispute": ("纠纷", "disputes"), "shops": ("商铺", "shops"),
    "all": ("全部", "all"), "severe": ("较重", "severe"), "major": ("严重", "major"),
    "violence": ("暴力", "violence"), "public_order": ("治安", "public order"),
    "property": ("侵财", "property"), "safety": ("安全", "safety"),
    "environment": ("环境", "environment"), "welfare": ("特殊人群", "welfare"),
    "open": ("未结", "open"), "overdue": ("逾期", "overdue"), "late": ("超期办结", "closed late"),
    "accepted_late": ("未及时受理", "not accepted in time"),
    "unsatisfied": ("不满意", "unsatisfied"), "repeat": ("重复信访", "repeat"),
    "collective": ("集体访", "collective"), "open_hazards": ("未整改隐患", "open hazards"),
    "overdue_hazards": ("逾期未整改隐患", "overdue hazards"), "overdue_days": ("逾期天数", "days overdue"),
    "hazards": ("隐患", "hazards"), "recurrence": ("整改后复发", "recurrence after rectification"),
    "key": ("重点商铺", "key shops"), "count": ("数量", "count"), "exposure": ("暴露", "exposure"),
    "households": ("户数", "households"), "rate": ("发生率", "rate"), "eb": ("经验贝叶斯", "empirical Bayes"),
    "lag": ("邻近网格", "neighbours"), "nearrepeat": ("近重复", "near-repeat"),
    "since_inspection": ("距上次检查", "since last inspection"), "inspection": ("检查", "inspection"),
    "flags": ("重点标签", "flags"), "hazmat": ("涉危涉爆", "hazmat"), "crowded": ("人员密集", "crowded"),
    "food": ("食品药品", "food"), "category": ("行业", "category"), "grid": ("所在网格", "grid"),
    "score": ("风险分", "score"), "age": ("开业时长", "age"), "subdistrict": ("所在街道", "subdistrict"),
    "community": ("所在社区", "community"), "shop": ("商铺", "shop"), "flag": ("标签", "flag"),
    "major_hazards": ("重大隐患", "major hazards"), "severity": ("固有风险等级", "inherent severity"),
    "street": ("所在街路", "street"), "days": ("天数", "days"), "last_inspected": ("距上次检查", "since inspected"),
  ]
}
