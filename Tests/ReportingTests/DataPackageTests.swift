import Foundation
import Testing
@testable import Reporting

@Suite struct DataPackageTests {
    static let table = TableDescription(
        name: "forecast", path: "forecast.csv", title: "Forecast", description: "Per year and item.",
        fields: [
            TableField("year", .integer, "Year.", minimum: 1900, maximum: 2200),
            TableField("region_level", .string, "Level.", allowedValues: ["province", "county"]),
            TableField("mean", .number, "Mean.", unit: "yuan", required: false),
        ],
        primaryKey: ["year", "region_level"])

    @Test func theCSVHeaderIsTheSchemasFieldNames() {
        var table = Table(Self.table)
        table.append(["2017", "province", "1.5"])
        #expect(table.text == "year,region_level,mean\n2017,province,1.5\n")
        #expect(Self.table.header == ["year", "region_level", "mean"])
    }

    @Test func theDescriptorIsATabularDataPackageWithATableSchemaPerTable() throws {
        let package = DataPackage(name: "Yunnan 2017 vs X", title: "T", description: "D", tables: [Self.table])
        #expect(package.name == "yunnan-2017-vs-x")
        let json = try JSONSerialization.jsonObject(with: package.jsonData()) as! [String: Any]
        #expect(json["profile"] as? String == "tabular-data-package")
        let resource = (json["resources"] as! [[String: Any]])[0]
        #expect(resource["path"] as? String == "forecast.csv")
        #expect(resource["profile"] as? String == "tabular-data-resource")
        let schema = resource["schema"] as! [String: Any]
        #expect(schema["primaryKey"] as? [String] == ["year", "region_level"])
        let fields = schema["fields"] as! [[String: Any]]
        #expect(fields.map { $0["name"] as? String } == ["year", "region_level", "mean"])
        #expect(fields.map { $0["type"] as? String } == ["integer", "string", "number"])
        #expect(fields[2]["unit"] as? String == "yuan")
        let year = fields[0]["constraints"] as! [String: Any]
        #expect(year["required"] as? Bool == true && year["minimum"] as? Int == 1900)
        #expect((fields[1]["constraints"] as! [String: Any])["enum"] as? [String] == ["province", "county"])
        #expect((fields[2]["constraints"] as! [String: Any])["required"] == nil)
        // Deterministic bytes: sorted keys.
        #expect(try package.jsonData() == (try package.jsonData()))
    }

    @Test func slugsAreValidPackageNames() {
        #expect(DataPackage.slug("yunnan-2017") == "yunnan-2017")
        #expect(DataPackage.slug("云南") == "--")
        #expect(DataPackage.slug("") == "output")
    }
}
