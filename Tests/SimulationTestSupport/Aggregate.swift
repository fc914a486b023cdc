import Forecast
import Simulation

/// Runs a model and returns the aggregator after every draw.
public func aggregate(_ runner: MonteCarloRunner) throws -> ForecastAggregator {
    let regions = RegionTable(population: runner.model.population, provinceID: "p", provinceName: "Province")
    var aggregator = ForecastAggregator(regions: regions, items: ForecastItems(runner: runner),
                                        years: runner.configuration.years, countyCount: runner.model.population.counties.count)
    try runner.run { result in aggregator.add(rows: aggregator.regionRows(of: result)) }
    return aggregator
}
