/// Chinese names for the synthetic district, built from syllable lists. Place names are unique by
/// construction (an index picks prefix, suffix and ordinal); people's names are random
/// surname + given-name combinations and belong to no real person.
package enum Names {
  /// The district every address starts with.
  package static let district = "东河区"

  static let placePrefixes = [
    "和平", "建设", "民主", "团结", "幸福", "胜利", "光明", "兴盛", "繁荣", "友谊", "解放", "人民",
    "文化", "振华", "新华", "长青", "阳光", "春风", "东兴", "西园", "南苑", "北辰", "朝阳", "青山",
    "翠柳", "金川", "银河", "钢城", "黄河", "阴山", "巴彦", "沙河", "南海", "东风", "红星", "工业",
    "育才", "安居", "和顺", "吉祥", "福寿", "永安", "康乐", "锦绣", "丰收", "兴业", "振兴", "富强",
    "鹿城", "草原", "乌兰", "敕勒", "明珠", "紫荆", "梧桐", "白杨", "松柏", "海棠", "丁香", "玉兰",
  ]
  static let streetSuffixes = ["路", "街", "大街", "巷", "道"]
  static let numerals = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

  /// 1 → 一, 12 → 十二, 45 → 四十五, 120 → 一百二十.
  package static func chineseNumeral(_ n: Int) -> String {
    precondition(n > 0 && n < 10_000, "numerals cover 1…9999")
    if n < 10 { return numerals[n] }
    if n < 20 { return "十" + numerals[n - 10] }
    if n < 100 { return numerals[n / 10] + "十" + numerals[n % 10] }
    if n < 1000 {
      let rest = n % 100
      let tail =
        rest == 0 ? "" : (rest < 10 ? "零" + numerals[rest] : (rest < 20 ? "一" : "") + chineseNumeral(rest))
      return numerals[n / 100] + "百" + tail
    }
    let rest = n % 1000
    let tail = rest == 0 ? "" : (rest < 100 ? "零" : "") + chineseNumeral(rest)
    return numerals[n / 1000] + "千" + tail
  }

  /// A place stem unique per index: prefix, then an ordinal once the prefixes run out.
  static func stem(_ index: Int, perRound: Int) -> (prefix: String, ordinal: String, round: Int) {
    let p = placePrefixes[index % placePrefixes.count]
    let round = index / perRound
    return (p, round == 0 ? "" : chineseNumeral(round + 1), round)
  }

  /// The `index`-th street: 和平路, 建设街, …, 和平二路, ….
  package static func street(_ index: Int) -> String {
    let perRound = placePrefixes.count * streetSuffixes.count
    let s = stem(index, perRound: perRound)
    let suffix = streetSuffixes[(index / placePrefixes.count) % streetSuffixes.count]
    return s.prefix + s.ordinal + suffix
  }

  static let subdistrictStems = [
    "和平", "河东", "沙尔沁", "西脑包", "南圪洞", "东站", "杨圪塄", "环城", "铁西", "回民", "二里半",
    "天骄", "东兴", "北梁", "南门外", "大青山",
  ]

  /// The `index`-th subdistrict (街道) or town (镇).
  package static func subdistrict(_ index: Int, town: Bool) -> String {
    let n = subdistrictStems.count
    let ordinal = index / n == 0 ? "" : chineseNumeral(index / n + 1)
    return subdistrictStems[index % n] + ordinal + (town ? "镇" : "街道")
  }

  static let communityStems = [
    "新建", "和平", "幸福", "光华", "富民", "惠民", "安康", "翠苑", "康居", "阳光", "春晖", "龙湖",
    "金桥", "友谊", "东方", "华苑", "丰盈", "三合", "太平", "前进", "五星", "红旗", "兴旺", "东园",
  ]

  /// The `index`-th community (社区) or village (村).
  package static func community(_ index: Int, village: Bool) -> String {
    let n = communityStems.count
    let ordinal = index / n == 0 ? "" : chineseNumeral(index / n + 1)
    return communityStems[index % n] + ordinal + (village ? "村" : "社区")
  }

  static let surnames = Array(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
  ).map(String.init)
  static let givenSyllables = Array(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏建红飞鑫宇浩凯俊帅欣怡佳琪雪梦晨阳博文昊然子涵思远志国海波春梅立新宏亮德永福海燕凤琴晶丹斌辉玲燕"
  ).map(String.init)

  /// A synthetic person's name: surname + one or two given-name syllables.
  package static func person(_ rng: inout Xoshiro256StarStar) -> String {
    let s = surnames[rng.below(surnames.count)]
    let g1 = givenSyllables[rng.below(givenSyllables.count)]
    if rng.bernoulli(0.3) { return s + g1 }
    return s + g1 + givenSyllables[rng.below(givenSyllables.count)]
  }

  static let tradeFirst = Array("鑫金福兴隆顺盛华利德和佳美乐好新老宏永康泰恒通达鸿瑞祥丰源聚").map(String.init)
  static let tradeSecond = Array("源旺达祥泰丰来发昌记坊轩阁园居堂号家缘客福").map(String.init)

  /// Nouns that name a shop of each category (taxonomy code); others use the category's label.
  static let shopNouns: [String: [String]] = [
    "shop.restaurant": ["餐馆", "饭店", "面馆", "火锅店", "烧烤", "小吃店"],
    "shop.grocery": ["超市", "便利店", "副食店"],
    "shop.bakery": ["食品厂", "糕点坊", "面包房"],
    "shop.pharmacy": ["大药房", "药店"],
    "shop.retail": ["商店", "百货", "五金店", "服装店", "日杂店"],
    "shop.hotel": ["宾馆", "旅馆", "快捷酒店"],
    "shop.entertainment": ["KTV", "网吧", "歌厅", "棋牌室"],
    "shop.beauty": ["美发店", "美容院"],
    "shop.education": ["培训学校", "教育中心"],
    "shop.repair": ["汽修厂", "汽车维修"],
    "shop.fuel": ["加油站", "液化气站"],
    "shop.fireworks": ["烟花爆竹店"],
    "shop.logistics": ["快递站", "物流"],
    "shop.service": ["洗衣店", "维修部", "家政服务"],
  ]

  /// A synthetic shop name: a trade name and a noun for its category.
  package static func shop(category: String, label: String, _ rng: inout Xoshiro256StarStar) -> String {
    let trade: String
    if rng.bernoulli(0.2) {
      trade = "老" + surnames[rng.below(surnames.count)] + "家"
    } else {
      trade = tradeFirst[rng.below(tradeFirst.count)] + tradeSecond[rng.below(tradeSecond.count)]
    }
    guard let nouns = shopNouns[category] else { return trade + label }
    return trade + nouns[rng.below(nouns.count)]
  }

  /// The street's merchants' self-governance body (the "+1").
  package static func partner(street: String) -> String { street + "商户自治联合会" }

  /// The address of the `number`-th door on `street`.
  package static func address(street: String, number: Int) -> String {
    district + street + String(number) + "号"
  }
}
