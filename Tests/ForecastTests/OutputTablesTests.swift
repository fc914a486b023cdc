import Foundation
import SimulationTestSupport
import Testing
@testable import Forecast
@testable import Simulation
import Reporting

/// The output tables a person can join and plot: one region vocabulary, a unit per value, and a
/// header that is exactly the schema's field list.
@Suite("output tables")
struct OutputTablesTests {
    static func tables() throws -> [Table] {
        let runner = try MonteCarloRunner(plan: TinyPlans.yunnanLike, model: TinyModel.full(), fiscal: TinyModel.fiscal,
                                          configuration: RunConfiguration(seed: 5, draws: 4, threads: 1, years: [2017]))
        let a = try aggregate(runner)
        return [a.forecastTable(), a.countyLiabilityTable(),
                a.indicatorTable(IndicatorSpec.specs(targets: runner.model.indicatorTargets, catastrophicShare: runner.catastrophicShare))]
    }

    /// The rows of a table as column name → value (no quoted commas in these tables).
    static func rows(_ table: Table) -> [[String: String]] {
        let lines = table.text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    @Test("every table's header is its schema's field names, and every row fits the schema's types and allowed values")
    func headersAndRowsFitTheSchema() throws {
        for table in try Self.tables() {
            let header = String(table.text.prefix { $0 != "\n" })
            #expect(header == table.description.fields.map(\.name).joined(separator: ","))
            for row in Self.rows(table) {
                for field in table.description.fields {
                    let value = try #require(row[field.name])
                    if value.isEmpty { #expect(!field.required, "\(table.description.name).\(field.name)"); continue }
                    switch field.type {
                    case .integer: #expect(Int(value) != nil, "\(field.name) = \(value)")
                    case .number: #expect(Double(value) != nil, "\(field.name) = \(value)")
                    case .boolean: #expect(value == "true" || value == "false")
                    case .string: break
                    }
                    if let allowed = field.allowedValues { #expect(allowed.contains(value), "\(field.name) = \(value)") }
                }
            }
        }
    }

    @Test("English and Chinese names are separate columns; county rows carry their prefecture; the province splits its name")
    func regionColumns() throws {
        let forecast = Self.rows(try Self.tables()[0])
        let county = try #require(forecast.first { $0["region_id"] == "c0" })
        #expect(county["region_level"] == "county")
        #expect(county["region_name"] == "County 0" && county["region_name_zh"] == "县0")
        #expect(county["prefecture_id"] == "north")
        let prefecture = try #require(forecast.first { $0["region_id"] == "south" })
        #expect(prefecture["region_name"] == "South" && prefecture["region_name_zh"] == "南州" && prefecture["prefecture_id"] == "south")
        let liability = Self.rows(try Self.tables()[1])
        #expect(liability.allSatisfy { $0["region_level"] == "county" && $0["prefecture_id"] != "" })
        #expect(RegionTable.splitName("Yunnan 云南省") == ("Yunnan", "云南省"))
        #expect(RegionTable.splitName("Province") == ("Province", ""))
    }

    @Test("people, claims and households have distinct units; money is yuan; no table uses people_or_claims")
    func units() throws {
        let forecast = Self.rows(try Self.tables()[0])
        func unit(_ item: String) -> String? { forecast.first { $0["item"] == item }?["unit"] }
        #expect(unit("claims") == "claims")
        #expect(unit("households") == "households")
        #expect(unit("registered_poor") == "people")
        #expect(unit("people_with_claims") == "people")
        #expect(unit("out_of_pocket") == "yuan")
        #expect(unit("per_capita_out_of_pocket") == "yuan_per_person")
        #expect(try Self.tables().allSatisfy { !$0.text.contains("people_or_claims") })
        let indicators = Self.rows(try Self.tables()[2])
        #expect(indicators.first { $0["indicator"] == "people_at_income_line" }?["unit"] == "people")
    }
}
