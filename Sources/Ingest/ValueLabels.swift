import Records

/// The labels enumerated fields accept out of the box: canonical values, the Chinese labels of
/// CONTRACT.md §1 and common variants seen in exports. `models/aliases.yaml` (`values:`) adds more.
enum ValueLabels {
  /// kind → field → label → canonical value.
  static let builtIn: [String: [String: [String: String]]] = [
    "grids": ["kind": map(Grid.Kind.self, ["urban": ["城区", "城市", "城镇"], "rural": ["农区", "农村", "乡村"]])],
    "shops": [
      "status": map(
        Shop.Status.self, ["open": ["营业", "在营", "正常营业", "开业"], "closed": ["停业", "歇业", "关闭", "注销", "闭店"]]),
      "flags": Dictionary(
        uniqueKeysWithValues: ShopFlag.allCases.flatMap {
          [($0.rawValue, $0.rawValue), ($0.label, $0.rawValue)]
        }),
    ],
    "incidents": [
      "status": map(
        Incident.Status.self,
        [
          "open": ["待处理", "处理中", "办理中", "未办结", "在办", "受理", "已受理"],
          "resolved": ["已办结", "办结", "已解决", "已处理", "完成", "已完成"],
          "mediated": ["调解成功", "已调解", "已化解", "化解"],
          "failed": ["调解失败", "未化解"],
          "escalated": ["上报", "已上报", "移交", "已移交", "升级"],
        ]),
      "severity": [
        "1": "1", "2": "2", "3": "3", "4": "4", "轻微": "1", "一般": "2", "较大": "3", "重大": "4", "特别重大": "4",
      ],
    ],
    "petitions": [
      "channel": map(
        Petition.Channel.self,
        [
          "visit": ["来访", "走访", "上访"], "letter": ["来信", "信件"], "online": ["网上", "网络", "网上信访", "网信"],
          "hotline": ["12345", "电话", "热线", "市长热线"],
        ]),
      "satisfied": map(
        Petition.Satisfaction.self,
        [
          "yes": ["是", "满意", "非常满意", "基本满意", "y", "true", "1"],
          "no": ["否", "不满意", "非常不满意", "n", "false", "0"],
          "unknown": ["未评价", "未知", "不详", "无"],
        ]),
    ],
    "inspections": [
      "result": map(
        Inspection.Result.self,
        ["pass": ["合格", "通过"], "hazard": ["存在隐患", "有隐患", "不合格"], "suspended": ["停业整顿", "责令停业"]])
    ],
  ]

  /// The canonical values an enumerated field takes (empty for a free field).
  static func canonicalValues(kind: String, field: String) -> Set<String> {
    Set(builtIn[kind]?[field]?.values.map { $0 } ?? [])
  }

  private static func map<E: RawRepresentable & CaseIterable>(_: E.Type, _ labels: [String: [String]])
    -> [String: String] where E.RawValue == String
  {
    var out: [String: String] = [:]
    for c in E.allCases { out[c.rawValue] = c.rawValue }
    for (value, names) in labels { for name in names { out[name] = value } }
    return out
  }
}
