import Foundation
import LinearAlgebra
import Records

extension FeatureBuilder {
  /// Chinese and English names of the taxonomy's incident groups.
  static func groupLabel(_ group: String) -> (zh: String, en: String) {
    switch group {
    case "violence": ("暴力类", "violent")
    case "public_order": ("治安类", "public-order")
    case "property": ("侵财类", "property")
    case "safety": ("安全事故类", "safety")
    case "environment": ("环境类", "environment")
    case "welfare": ("特殊人群类", "vulnerable-person")
    case "dispute": ("矛盾纠纷", "dispute")
    case Taxonomy.other: ("其他", "other")
    default: (group, group)
    }
  }

  func gridFeatures(
    _ c: Int32, shops sa: ShopAccumulators, nearRepeat: NearRepeatModel?, horizon: Int
  ) -> FeatureMatrix {
    let n = index.gridCount
    let t = tables
    let hls = FeatureBuilder.halfLives
    let groups = t.incidentGroups.count
    let zero = [Double](repeating: 0, count: n)
    // Decayed and window counts: [group | all | severe(≥2) | major(≥3)] × half-life, kept per
    // grid side by side in one block (grid g's slot s decayed at g · perGrid + 2s, its window count
    // next to it; then its open disputes, and its incidents and severe ones of the last 180
    // days), so that one incident touches a few adjacent cache lines, not two dozen far apart.
    // Each count still adds its incidents in table order: the same sums as any layout.
    let classes = groups + 3
    let slots = classes * hls.count
    let perGrid = 2 * slots + 3
    let (disputeSlot, rateSlot, severeSlot) = (2 * slots, 2 * slots + 1, 2 * slots + 2)
    var counts = [Double](repeating: 0, count: perGrid * n)
    counts.withUnsafeMutableBufferPointer { acc in
      /// Adds one incident dated on or before the cut (its day, group, severity and the day it
      /// stops being an open dispute) to the block of counts at `base`.
      @inline(__always)
      func add(_ base: Int, _ day: Int32, _ group: UInt8, _ sev: UInt8, _ openUntil: Int32) {
        let lag = Int(c - day)
        if openUntil > c { acc[base + disputeSlot] += 1 }
        if lag >= FeatureBuilder.maxLag { return }
        if lag < 180 {
          acc[base + rateSlot] += 1
          if sev >= 2 { acc[base + severeSlot] += 1 }
        }
        let cls0 = Int(group)
        for h in 0..<hls.count {
          let w = decay[h][lag]
          let inWindow = lag < hls[h] ? 1.0 : 0.0
          var slot = base + (cls0 * hls.count + h) * 2
          acc[slot] += w
          acc[slot + 1] += inWindow
          slot = base + (groups * hls.count + h) * 2
          acc[slot] += w
          acc[slot + 1] += inWindow
          if sev >= 2 {
            slot = base + ((groups + 1) * hls.count + h) * 2
            acc[slot] += w
            acc[slot + 1] += inWindow
          }
          if sev >= 3 {
            slot = base + ((groups + 2) * hls.count + h) * 2
            acc[slot] += w
            acc[slot + 1] += inWindow
          }
        }
      }
      if let inc = incidentsByGrid {
        // Grid by grid: each grid's block takes its incidents while it is in the cache, in
        // table order (so by day, up to the first after the cut).
        for g in 0..<n {
          let base = g * perGrid
          for k in inc.range(of: g) {
            let day = inc.day[k]
            if day > c { break }
            add(base, day, inc.group[k], inc.severity[k], inc.openUntil[k])
          }
        }
      } else {
        for k in 0..<EventTables.prefix(t.incidentDay, through: c) {
          add(
            Int(t.incidentGrid[k]) * perGrid, t.incidentDay[k], t.incidentGroup[k], t.incidentSeverity[k],
            t.incidentOpenUntil(k))
        }
      }
    }
    var cols = FeatureColumns(rows: n)
    /// Every grid's decayed (`window` false) or window count of class `cls` at half-life `h`.
    func slice(_ cls: Int, _ h: Int, window: Bool) -> [Double] {
      column((cls * hls.count + h) * 2 + (window ? 1 : 0))
    }
    /// Every grid's value at `offset` in its block.
    func column(_ offset: Int) -> [Double] { (0..<n).map { counts[$0 * perGrid + offset] } }
    let openDisputes = column(disputeSlot)
    let rateAll = column(rateSlot)
    let rateSevere = column(severeSlot)
    for cls in 0..<classes {
      let (name, family, zh, en): (String, String, String, String)
      switch cls - groups {
      case 0: (name, family, zh, en) = ("all", "incidents.all", "案事件", "incidents")
      case 1:
        (name, family, zh, en) = ("severe", "incidents.severe", "较重(2级以上)案事件", "incidents of severity 2+")
      case 2:
        (name, family, zh, en) = ("major", "incidents.major", "严重(3级以上)案事件", "incidents of severity 3+")
      default:
        let g = t.incidentGroups[cls]
        let label = FeatureBuilder.groupLabel(g)
        let noun = g == "dispute" ? "矛盾纠纷" : label.zh + "案事件"
        (name, family, zh, en) = (g, "incidents.\(g)", noun, "\(label.en) incidents")
      }
      for (h, hl) in hls.enumerated() {
        let unit = name == "dispute" ? "起" : "起"
        cols.add(
          FeatureDescriptor(
            name: "incidents.\(name).hl\(hl)", family: family, transform: .log1p,
            zh: "近\(hl)天\(zh) {n} \(unit)", en: "{n} \(en) in the last \(hl) days"),
          slice(cls, h, window: false), display: slice(cls, h, window: true))
      }
    }

    // Petitions: decayed counts, overdue, late closure, dissatisfaction, repeats, collective.
    var petDecayed = [[Double]](repeating: zero, count: hls.count)
    var petWindow = [[Double]](repeating: zero, count: hls.count)
    var overduePetitions = zero
    var late = zero
    var lateWin = zero
    var unsatisfied = zero
    var unsatisfiedWin = zero
    var collective = zero
    var collectiveWin = zero
    var acceptedLate = zero
    var acceptedLateWin = zero
    var repeats = zero
    var seen = [Int32](repeating: 0, count: t.petitionerCount)
    let nPet = EventTables.prefix(t.petitionDay, through: c)
    let d180 = decay[2]
    for k in 0..<nPet {
      let g = Int(t.petitionGrid[k])
      let lag = Int(c - t.petitionDay[k])
      if lag < FeatureBuilder.maxLag {
        for h in 0..<hls.count {
          petDecayed[h][g] += decay[h][lag]
          if lag < hls[h] { petWindow[h][g] += 1 }
        }
      }
      let due = t.petitionDue[k]
      let closed = t.petitionClosed[k]
      if due < c, closed > c { overduePetitions[g] += 1 }
      if closed <= c, closed > due, c - closed < Int32(FeatureBuilder.maxLag) {
        late[g] += d180[Int(c - closed)]
        if c - closed < 180 { lateWin[g] += 1 }
      }
      if closed <= c, t.petitionSatisfied[k] < 0, c - closed < Int32(FeatureBuilder.maxLag) {
        unsatisfied[g] += d180[Int(c - closed)]
        if c - closed < 180 { unsatisfiedWin[g] += 1 }
      }
      // 及时受理 (timely acceptance): the acceptance notice is due within 15 days of receipt
      // (信访工作条例 2022, art. 22). Late once it came after that, or, where the source records
      // notices, once the 15 days passed without one on a petition still open; dated the day it
      // became late.
      let acceptBy = t.petitionDay[k] + Int32(Petition.acceptanceDays)
      let accepted = t.petitionAccepted[k]
      if acceptBy < c, accepted > acceptBy,
        accepted != EventTables.never || (t.tracksAcceptance && closed > c)
      {
        let since = Int(c - acceptBy - 1)
        if since < FeatureBuilder.maxLag {
          acceptedLate[g] += d180[since]
          if since < 180 { acceptedLateWin[g] += 1 }
        }
      }
      if t.petitionCount[k] >= Int32(Petition.collectiveThreshold), lag < FeatureBuilder.maxLag {
        collective[g] += d180[lag]
        if lag < 180 { collectiveWin[g] += 1 }
      }
      let p = Int(t.petitioner[k])
      if p >= 0, lag < Int(FeatureBuilder.repeatWindow) {
        if seen[p] > 0 { repeats[g] += 1 }
        seen[p] += 1
      }
    }
    for (h, hl) in hls.enumerated() {
      cols.add(
        FeatureDescriptor(
          name: "petitions.hl\(hl)", family: "petitions", transform: .log1p,
          zh: "近\(hl)天信访 {n} 件", en: "{n} petitions in the last \(hl) days"),
        petDecayed[h], display: petWindow[h])
    }
    cols.add(
      FeatureDescriptor(
        name: "petitions.overdue", family: "petitions.overdue", transform: .log1p,
        zh: "{n} 件信访超期未办结", en: "{n} petitions past their due date and still open"),
      overduePetitions)
    cols.add(
      FeatureDescriptor(
        name: "petitions.late.hl180", family: "petitions.late", transform: .log1p,
        zh: "近180天 {n} 件信访未按期办结", en: "{n} petitions closed late in the last 180 days"),
      late, display: lateWin)
    cols.add(
      FeatureDescriptor(
        name: "petitions.unsatisfied.hl180", family: "petitions.unsatisfied", transform: .log1p,
        zh: "近180天 {n} 件信访群众不满意", en: "{n} petitioners dissatisfied in the last 180 days"),
      unsatisfied, display: unsatisfiedWin)
    cols.add(
      FeatureDescriptor(
        name: "petitions.repeat.d90", family: "petitions.repeat", transform: .log1p,
        zh: "近90天同一信访人重复信访 {n} 次", en: "{n} repeat petitions by the same person in the last 90 days"),
      repeats)
    cols.add(
      FeatureDescriptor(
        name: "petitions.collective.hl180", family: "petitions.collective", transform: .log1p,
        zh: "近180天集体访 {n} 件", en: "{n} collective petitions (5+ people) in the last 180 days"),
      collective, display: collectiveWin)
    cols.add(
      FeatureDescriptor(
        name: "petitions.accepted_late.hl180", family: "petitions.accepted_late", transform: .log1p,
        zh: "近180天 {n} 件信访未在15日内告知受理", en: "{n} petitions not accepted within 15 days in the last 180 days"),
      acceptedLate, display: acceptedLateWin)
    cols.add(
      FeatureDescriptor(
        name: "disputes.open", family: "disputes.open", transform: .log1p,
        zh: "{n} 起矛盾纠纷尚未化解", en: "{n} disputes not yet resolved"), openDisputes)

    // Shops feed their grid.
    var openHazards = zero
    var overdueHazards = zero
    var overdueDays = zero
    var hazards = zero
    var hazardsWin = zero
    var recurrences = zero
    var keyShops = zero
    var shopCount = zero
    for s in 0..<index.shopCount {
      let g = Int(index.gridOfShop[s])
      if g < 0 { continue }
      openHazards[g] += sa[s, .openHazards]
      overdueHazards[g] += sa[s, .overdueHazards]
      overdueDays[g] = max(overdueDays[g], sa[s, .overdueDays])
      hazards[g] += sa[s, .hazards180]
      hazardsWin[g] += sa[s, .winHazards180]
      recurrences[g] += sa[s, .recurrences]
      if shopOpen[s] {
        shopCount[g] += 1
        if shopFlags[s] != 0 { keyShops[g] += 1 }
      }
    }
    cols.add(
      FeatureDescriptor(
        name: "shops.open_hazards", family: "hazards.open", transform: .log1p,
        zh: "辖区商铺 {n} 项隐患尚未整改", en: "{n} hazards in its shops not yet rectified"),
      openHazards)
    cols.add(
      FeatureDescriptor(
        name: "shops.overdue_hazards", family: "hazards.overdue", transform: .log1p,
        zh: "{n} 项隐患逾期未整改", en: "{n} hazards past their rectification deadline"),
      overdueHazards)
    cols.add(
      FeatureDescriptor(
        name: "shops.overdue_days", family: "hazards.overdue", transform: .log1p,
        zh: "隐患整改最长逾期 {n} 天", en: "a hazard rectification is {n} days overdue"),
      overdueDays)
    cols.add(
      FeatureDescriptor(
        name: "shops.hazards.hl180", family: "hazards.found", transform: .log1p,
        zh: "辖区商铺近180天发现隐患 {n} 项", en: "{n} hazards found in its shops in the last 180 days"),
      hazards, display: hazardsWin)
    cols.add(
      FeatureDescriptor(
        name: "shops.recurrence.d90", family: "hazards.recurrence", transform: .log1p,
        zh: "隐患整改后90天内又发生案事件 {n} 起",
        en: "{n} incidents within 90 days after a hazard was marked rectified"),
      recurrences)
    cols.add(
      FeatureDescriptor(
        name: "shops.key", family: "shops.key", transform: .log1p,
        zh: "辖区有重点商铺 {n} 家(涉危涉爆/人员密集/食品药品)",
        en: "{n} key shops (hazardous, crowded, food) in the grid"), keyShops)
    cols.add(
      FeatureDescriptor(
        name: "shops.count", family: "shops.count", transform: .log1p,
        zh: "辖区营业商铺 {n} 家", en: "{n} open shops in the grid"), shopCount)

    // Exposure and empirical-Bayes rates per 100 households.
    cols.add(
      FeatureDescriptor(
        name: "exposure.households", family: "exposure", transform: .log1p,
        zh: "辖区 {n} 户", en: "{n} households"), index.households)
    let exposure = EmpiricalBayes.exposures(households: index.households)
    let ebAll = EmpiricalBayes.shrink(counts: rateAll, exposures: exposure)
    let ebSevere = EmpiricalBayes.shrink(counts: rateSevere, exposures: exposure)
    var ebAllShown = ebAll
    var ebSevereShown = ebSevere
    for g in 0..<n {
      ebAllShown[g] = (ebAll[g] * 10).rounded() / 10
      ebSevereShown[g] = (ebSevere[g] * 10).rounded() / 10
    }
    var rateAllDesc = FeatureDescriptor(
      name: "rate.all.eb", family: "rate.all", transform: .log1p,
      zh: "近180天每百户案事件 {n} 起(经验贝叶斯平滑)",
      en: "{n} incidents per 100 households in 180 days (empirical-Bayes smoothed)")
    rateAllDesc.integral = false
    var rateSevereDesc = FeatureDescriptor(
      name: "rate.severe.eb", family: "rate.severe", transform: .log1p,
      zh: "近180天每百户较重案事件 {n} 起(经验贝叶斯平滑)",
      en: "{n} incidents of severity 2+ per 100 households in 180 days (empirical-Bayes smoothed)")
    rateSevereDesc.integral = false
    cols.add(rateAllDesc, ebAll, display: ebAllShown)
    cols.add(rateSevereDesc, ebSevere, display: ebSevereShown)

    // Grids roll up to communities and subdistricts: the mean per grid of the unit's recent count.
    let all30 = slice(groups, 1, window: false)
    let all30Win = slice(groups, 1, window: true)
    for (unit, of, count, zh, en) in [
      ("community", index.communityOfGrid, index.communityCount, "所在社区", "its community"),
      ("subdistrict", index.subdistrictOfGrid, index.subdistrictCount, "所在街道", "its subdistrict"),
    ] {
      var sum = [Double](repeating: 0, count: count)
      var sumWin = [Double](repeating: 0, count: count)
      var members = [Double](repeating: 0, count: count)
      for g in 0..<n {
        let u = Int(of[g])
        sum[u] += all30[g]
        sumWin[u] += all30Win[g]
        members[u] += 1
      }
      cols.add(
        FeatureDescriptor(
          name: "\(unit).incidents.hl30", family: "\(unit)", transform: .log1p,
          zh: "\(zh)近30天案事件 {n} 起", en: "{n} incidents in \(en) in the last 30 days"),
        (0..<n).map { sum[Int(of[$0])] / members[Int(of[$0])] },
        display: (0..<n).map { sumWin[Int(of[$0])] })
    }

    // Spatial lag: row-standardized W times a block of columns; sentences quote neighbour sums.
    let lagSources: [(String, [Double], [Double], String, String)] = [
      (
        "lag.incidents.hl7", slice(groups, 0, window: false), slice(groups, 0, window: true),
        "相邻网格近7天 {n} 起案事件",
        "{n} incidents in neighbouring grids in the last 7 days"
      ),
      (
        "lag.incidents.hl30", all30, all30Win, "相邻网格近30天 {n} 起案事件",
        "{n} incidents in neighbouring grids in the last 30 days"
      ),
      (
        "lag.severe.hl30", slice(groups + 1, 1, window: false), slice(groups + 1, 1, window: true),
        "相邻网格近30天较重案事件 {n} 起",
        "{n} incidents of severity 2+ in neighbouring grids in the last 30 days"
      ),
      (
        "lag.rate.severe.eb", ebSevere, ebSevere, "相邻网格每百户较重案事件 {n} 起",
        "neighbouring grids average {n} severity 2+ incidents per 100 households"
      ),
    ]
    let block = Matrix(columns: lagSources.map(\.1))
    let lagged = index.spatialLag(block)
    for (j, src) in lagSources.enumerated() {
      var desc = FeatureDescriptor(
        name: src.0, family: "lag." + (j == 3 ? "rate" : "incidents"), transform: .log1p, zh: src.3,
        en: src.4)
      let shown: [Double]
      if j == 3 {
        desc.integral = false
        shown = index.spatialLag(Matrix(columns: [src.2])).storage
      } else {
        shown = index.neighborSum(src.2)
      }
      cols.add(desc, lagged.column(j), display: shown)
    }

    // Near-repeat: expected incidents over the horizon triggered by recent ones.
    var nrDesc = FeatureDescriptor(
      name: "nearrepeat", family: "nearrepeat", transform: .log1p,
      zh: "近期案事件带来短期重复风险,未来\(horizon)天预计再发 {n} 起",
      en: "recent incidents raise near-term risk: {n} more expected in \(horizon) days")
    nrDesc.integral = false
    if let nearRepeat {
      let e = nearRepeat.expectedTriggered(tables: t, index: index, cut: c, horizon: horizon)
      cols.add(nrDesc, e.expected, display: e.expected.map { ($0 * 10).rounded() / 10 })
    } else {
      cols.add(nrDesc, zero)
    }
    return cols.build()
  }
}
