import Testing
import RandomStreams

@Suite("Parameter validation and stream consumption")
struct ParameterValidationTests {
    /// Asserts that `make` throws an error blaming `parameter`.
    func expectRejected<T>(_ parameter: String, _ make: () throws(DistributionParameterError) -> T) {
        do {
            _ = try make()
            Issue.record("expected \(parameter) to be rejected")
        } catch {
            #expect(error.parameter == parameter, "\(error)")
        }
    }

    @Test("bad parameters are rejected with the parameter named")
    func badParametersThrow() {
        expectRejected("bounds") { () throws(DistributionParameterError) in try Uniform.validated(lowerBound: 1, upperBound: 1) }
        expectRejected("bounds") { () throws(DistributionParameterError) in try Uniform.validated(lowerBound: 0, upperBound: .infinity) }
        expectRejected("bounds") { () throws(DistributionParameterError) in try Uniform.validated(lowerBound: -1e308, upperBound: 1e308) }
        expectRejected("probability") { () throws(DistributionParameterError) in try Bernoulli.validated(probability: 1.01) }
        expectRejected("probability") { () throws(DistributionParameterError) in try Bernoulli.validated(probability: .nan) }
        expectRejected("count") { () throws(DistributionParameterError) in try Binomial.validated(count: -1, probability: 0.5) }
        expectRejected("probability") { () throws(DistributionParameterError) in try Binomial.validated(count: 3, probability: -0.1) }
        expectRejected("mean") { () throws(DistributionParameterError) in try Poisson.validated(mean: -1) }
        expectRejected("mean") { () throws(DistributionParameterError) in try Poisson.validated(mean: .nan) }
        expectRejected("mean") { () throws(DistributionParameterError) in try Poisson.validated(mean: 1e13) }
        expectRejected("weights") { () throws(DistributionParameterError) in try Categorical.validated(weights: []) }
        expectRejected("weights") { () throws(DistributionParameterError) in try Categorical.validated(weights: [1, -1, 2]) }
        expectRejected("weights") { () throws(DistributionParameterError) in try Categorical.validated(weights: [0, 0]) }
        expectRejected("weights") { () throws(DistributionParameterError) in try Categorical.validated(weights: [1, .nan]) }
        expectRejected("standardDeviation") { () throws(DistributionParameterError) in try Normal.validated(mean: 0, standardDeviation: -1) }
        expectRejected("mean") { () throws(DistributionParameterError) in try Normal.validated(mean: .infinity, standardDeviation: 1) }
        expectRejected("logStandardDeviation") { () throws(DistributionParameterError) in try LogNormal.validated(logMean: 0, logStandardDeviation: -0.5) }
        expectRejected("mean") { () throws(DistributionParameterError) in try LogNormal.validated(mean: 0, coefficientOfVariation: 1) }
        expectRejected("coefficientOfVariation") { () throws(DistributionParameterError) in try LogNormal.validated(mean: 5, coefficientOfVariation: -1) }
        expectRejected("shape") { () throws(DistributionParameterError) in try Gamma.validated(shape: 0, scale: 1) }
        expectRejected("scale") { () throws(DistributionParameterError) in try Gamma.validated(shape: 1, scale: .nan) }
        expectRejected("alpha") { () throws(DistributionParameterError) in try Beta.validated(alpha: -2, beta: 1) }
        expectRejected("beta") { () throws(DistributionParameterError) in try Beta.validated(alpha: 2, beta: 0) }
    }

    @Test("good parameters give the same distribution as the plain initializer")
    func goodParametersAccepted() throws {
        #expect(try Uniform.validated(lowerBound: -1, upperBound: 1) == Uniform(lowerBound: -1, upperBound: 1))
        #expect(try Bernoulli.validated(probability: 0) == Bernoulli(probability: 0))
        #expect(try Binomial.validated(count: 0, probability: 1) == Binomial(count: 0, probability: 1))
        #expect(try Poisson.validated(mean: 0) == Poisson(mean: 0))
        #expect(try Categorical.validated(weights: [0, 2]) == Categorical(weights: [0, 2]))
        #expect(try Normal.validated(mean: 3, standardDeviation: 0) == Normal(mean: 3, standardDeviation: 0))
        #expect(try LogNormal.validated(mean: 5, coefficientOfVariation: 0) == LogNormal(mean: 5, coefficientOfVariation: 0))
        #expect(try Gamma.validated(shape: 0.01, scale: 1e6) == Gamma(shape: 0.01, scale: 1e6))
        #expect(try Beta.validated(alpha: 0.2, beta: 3) == Beta(alpha: 0.2, beta: 3))
        let error = DistributionParameterError(distribution: "Poisson", parameter: "mean", requirement: "0 <= mean <= 2^40")
        #expect(error.description == "Poisson: mean must satisfy 0 <= mean <= 2^40")
    }

    @Test("normal and lognormal draws consume exactly two UInt64s (four words)")
    func fixedConsumption() {
        let key = StreamKey(seed: 11, purpose: .treatmentCost, draw: 1, county: 2, year: 2030, person: 3)
        var sampled = RandomStream(key: key), skipped = RandomStream(key: key)
        _ = Normal.standard.sample(&sampled)
        _ = LogNormal(logMean: 7, logStandardDeviation: 1).sample(&sampled)
        _ = Normal.standard.samplePair(&sampled)
        for _ in 0..<12 { _ = skipped.nextUInt32() }
        #expect(sampled.nextUInt32() == skipped.nextUInt32())
    }

    @Test("a draw for one person is reproducible without drawing anyone else")
    func recomputeOnePerson() {
        func costs(person: UInt32) -> [Double] {
            var stream = RandomStream(seed: 77, purpose: .treatmentCost, draw: 7, county: 3, year: 2026, person: person)
            let episodes = Poisson(mean: 2.3).sample(&stream)
            return (0..<episodes).map { _ in LogNormal(mean: 4200, coefficientOfVariation: 1.2).sample(&stream) }
        }
        let wholeCounty = (0..<50).map { costs(person: $0) }
        #expect(costs(person: 12) == wholeCounty[12])
        #expect(Set(wholeCounty.map { $0.count }).count > 1, "episode counts should vary across persons")
    }
}
