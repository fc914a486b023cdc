import Foundation
import Testing
import FundsimTestSupport

/// `fundsim run` on the three variant scenarios (POLICY.md section 4): each on a
/// shrunken copy of its file, so a debug build runs it in seconds. Each must
/// write every table, with its own tiers as the payers, and keep the accounting
/// identity; the prefecture's 2:8 split and Xinbin's per-person payments must
/// reach the forecast.
@Suite("fundsim run on the variants", .serialized)
struct VariantRunTests {
    /// A variant, how much to shrink it, and its tier ids in settlement order.
    struct Variant: CustomTestStringConvertible, Sendable {
        var file: String
        var divisor: Int
        var tiers: [String]
        var testDescription: String { file }
    }

    static let prefecture = Variant(file: "prefecture-2018", divisor: 100,
                                    tiers: ["basic_insurance", "critical_illness", "medical_assistance", "backstop"])
    static let xinbin = Variant(file: "xinbin-2018", divisor: 5,
                                tiers: ["fee_reduction", "ncms_basic", "critical_illness", "medical_assistance", "ncms_secondary",
                                        "special_fund", "designated_hospital"])
    static let qujiang = Variant(file: "qujiang-2018", divisor: 5,
                                 tiers: ["basic_insurance", "critical_illness", "medical_assistance", "supplementary_insurance",
                                         "secondary_assistance"])

    /// Runs a variant (3 draws, its whole horizon) and returns the output folder; the caller removes `folder`.
    static func run(_ variant: Variant, in folder: URL) throws -> String {
        let scenario = try RunCommandTests.smallScenario(in: folder, file: variant.file, divisor: variant.divisor)
        let out = folder.appendingPathComponent("out").path
        let result = try FundsimRunner.run(["run", scenario, "--draws", "3", "--threads", "2", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(variant.file): \(result.stderr)")
        return out
    }

    @Test("every table is written; the tier items are the variant's own tiers; tiers + out_of_pocket = total_cost",
          arguments: [prefecture, xinbin, qujiang])
    func tablesTiersAndIdentity(variant: Variant) throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try Self.run(variant, in: folder)
        for file in ["forecast.csv", "county_liability.csv", "indicators.csv", "population.csv", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(file)"), "\(variant.file): \(file)")
        }
        let forecast = try ForecastCSV(path: "\(out)/forecast.csv")
        // Tier items come first in the ledger, before out_of_pocket.
        let tierItems = Array(forecast.items.prefix { $0 != "out_of_pocket" })
        #expect(tierItems == variant.tiers)
        #expect(forecast.years == [2018, 2019, 2020])
        for year in forecast.years {
            for region in forecast.regions {
                let paid = variant.tiers.map { forecast.mean(year, region, $0) ?? .nan }.reduce(0, +)
                let oop = try #require(forecast.mean(year, region, "out_of_pocket"))
                let total = try #require(forecast.mean(year, region, "total_cost"))
                #expect(total > 0, "\(variant.file) \(year) \(region): no cost simulated")
                #expect(abs(paid + oop - total) <= 1e-6 * total,
                        "\(variant.file) \(year) \(region): tiers \(paid) + out of pocket \(oop) ≠ total \(total)")
            }
        }
        for tier in variant.tiers {
            let paid = forecast.years.map { forecast.mean($0, forecast.regions[0], tier) ?? 0 }.reduce(0, +)
            #expect(paid > 0, "\(variant.file): tier \(tier) never pays")
        }
    }

    @Test("prefecture 2:8: the counties pay part of the premium and family-doctor subsidy; in Yunnan they pay none")
    func prefectureCountyShare() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let variant = try ForecastCSV(path: "\(try Self.run(Self.prefecture, in: folder))/forecast.csv")
        let yunnanScenario = try RunCommandTests.smallScenario(in: folder, file: "yunnan-2017", divisor: 2000)
        let yunnanOut = folder.appendingPathComponent("yunnan").path
        let result = try FundsimRunner.run(["run", yunnanScenario, "--draws", "2", "--years", "2018", "--out", yunnanOut, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let yunnan = try ForecastCSV(path: "\(yunnanOut)/forecast.csv")
        for year in variant.years {
            let region = variant.regions[0]
            let county = try #require(variant.mean(year, region, "premium_subsidy_county"))
            let prefecture = try #require(variant.mean(year, region, "premium_subsidy_prefecture"))
            #expect(county > 0 && prefecture > 0)
            #expect(abs(county - 4 * prefecture) <= 1e-6 * county, "2:8 of the non-provincial part: county = 4 × prefecture")
            #expect(try #require(variant.mean(year, region, "family_doctor_county")) > 0)
        }
        #expect(yunnan.mean(2018, "yunnan", "premium_subsidy_county") == 0)
        #expect(try #require(yunnan.mean(2018, "yunnan", "premium_subsidy_prefecture")) > 0)
    }

    @Test("Xinbin's special fund pays 8 yuan per person for the contract and 150 for the check-up")
    func xinbinPerPersonPayments() throws {
        let folder = try FundsimRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let forecast = try ForecastCSV(path: "\(try Self.run(Self.xinbin, in: folder))/forecast.csv")
        for year in forecast.years {
            for region in forecast.regions {
                let people = try #require(forecast.mean(year, region, "registered_poor"))
                #expect(people > 0)
                let contract = try #require(forecast.mean(year, region, "per_person_family_doctor_contract"))
                let checkup = try #require(forecast.mean(year, region, "per_person_health_checkup"))
                #expect(abs(contract - 8 * people) <= 1e-6 * contract, "\(year) \(region)")
                #expect(abs(checkup - 150 * people) <= 1e-6 * checkup, "\(year) \(region)")
            }
        }
    }
}
