import Foundation
import ProjectedPopulation
import Scenario
import Settlement
import Simulation

/// Fits multipliers on utilisation and costs to published aggregates
/// (`fundsim calibrate --targets TARGETS.csv`), for the province or one county.
///
/// **What is fitted.** Three multipliers, each on a group of simulation parameters
/// (``MultiplierGroup/all``): `admissions` on `inpatient.admissions_per_year` (every
/// age group), `inpatient_cost` on `inpatient.cost_mean` (every level) and
/// `outpatient_cost` on `general_outpatient.cost_per_visit` (outpatient visits and
/// cost per visit are not told apart by these aggregates, so only the cost moves).
/// Catalog conditions (the 28 and the 15) are not multiplied: their costs are
/// per-case fees or disease-specific. For a county the multiplied values go into
/// `simulation.county_overrides.COUNTY` (created from the province's values).
///
/// **How.** Each evaluation sets the multiplied values with overrides, loads the
/// scenario and runs the Monte Carlo model on **common random numbers**: the same
/// seed and draws every time, parameters at their point values (no parameter
/// uncertainty: the aggregates are averages), only the county (or every county).
/// The objective is `Σ wᵢ ((simulatedᵢ − targetᵢ) / targetᵢ)² + λ Σ θⱼ²` over
/// log-multipliers θ (relative misfit; the absolute one for a target of 0); the
/// small ridge λ (``Options/penalty``) keeps a multiplier that no target informs at
/// 1. It is minimised by Levenberg–Marquardt on θ (a Gauss–Newton step on the
/// relative residuals with a forward-difference Jacobian, step 0.05 in θ, damped when
/// a step does not lower the objective), started at θ = 0, clamped to
/// `[log 0.2, log 5]`, stopping when no θ moves by more than 0.001 or after
/// ``Options/maxEvaluations`` evaluations (each Jacobian costs 3).
///
/// **Uncertainty and misfit.** Each simulated aggregate's Monte Carlo standard error
/// is the spread of its per-draw values ÷ √draws. At the optimum a forward-difference
/// Jacobian (3 more evaluations) turns those into each multiplier's standard error
/// (sandwich form of the weighted least squares). The remaining misfit of each
/// target is reported with its z-score (misfit ÷ standard error); |z| > 3 means the
/// targets cannot all be met by these multipliers (inconsistent targets, or a
/// target that needs parameters the fit does not move).
public struct TargetFit: Sendable {
    /// A multiplier and the parameters it scales (paths below `simulation.`).
    public struct MultiplierGroup: Sendable, Hashable {
        /// The multiplier's id.
        public var id: String
        /// The parameter paths it multiplies, relative to `simulation.` (or to the county's override).
        public var paths: [String]

        /// The three multipliers of the fit.
        public static let all = [
            MultiplierGroup(id: "admissions", paths: AgeGroup.allCases.map { "inpatient.admissions_per_year.\($0.fileName)" }),
            MultiplierGroup(id: "inpatient_cost", paths: FacilityLevel.allCases.map { "inpatient.cost_mean.\($0.fileName)" }),
            MultiplierGroup(id: "outpatient_cost", paths: ["general_outpatient.cost_per_visit"]),
        ]
    }

    /// How to fit.
    public struct Options: Sendable {
        /// The seed of every evaluation (common random numbers).
        public var seed: UInt64 = 20_170_927
        /// Draws per evaluation.
        public var draws: Int = 8
        /// Worker threads.
        public var threads: Int = 1
        /// The years the aggregates refer to (each draw sums them).
        public var years: [Int]
        /// The county fitted (its id), or `nil` for the province.
        public var county: String?
        /// At most this many evaluations in the optimiser (the Jacobian's come on top).
        public var maxEvaluations: Int = 80
        /// The ridge λ on squared log-multipliers.
        public var penalty: Double = 1e-3

        /// Options for the given years.
        public init(years: [Int]) { self.years = years }
    }

    /// The simulated aggregates at one point.
    public struct Evaluation: Sendable {
        /// The multipliers.
        public var multipliers: [Double]
        /// Each target's simulated value (mean over draws).
        public var simulated: [Double]
        /// Each simulated value's Monte Carlo standard error.
        public var standardErrors: [Double]
        /// The objective.
        public var objective: Double
    }

    /// The targets.
    public let targets: [CalibrationTarget]
    /// The fitted multipliers (``MultiplierGroup/all`` order).
    public let multipliers: [Double]
    /// Each multiplier's Monte Carlo standard error (of its logarithm ≈ relative).
    public let logStandardErrors: [Double]
    /// The fit at the optimum.
    public let best: Evaluation
    /// Evaluations used (optimiser and Jacobian).
    public let evaluations: Int
    /// The overrides that set the fitted values (path, value text, base value text, multiplier index).
    public let fittedValues: [(path: String, value: String, base: String, group: Int)]
    /// The options.
    public let options: Options
    /// The forward-difference step of the Jacobian, on log-multipliers.
    static let step = 0.05
    /// The optimiser stops when no log-multiplier moves by more than this.
    static let tolerance = 1e-3

    /// Fits. `load` loads the base scenario with extra overrides (the caller's `--set`
    /// already included); `targets` from ``TargetsFile``.
    public init(targets: [CalibrationTarget], options: Options,
                load: @escaping ([ParameterOverride]) throws -> Scenario) throws {
        let base = try load([])
        guard base.simulation != nil else { throw TargetFitError("scenario '\(base.id)' has no simulation section; fitting needs one") }
        if let county = options.county, !(base.simulation!.model.population.counties.contains { $0.region.id == county }) {
            throw TargetFitError("--county \(county): no such county in scenario '\(base.id)'")
        }
        // The base value of every multiplied path: the county's own when it overrides it, else the province's.
        var paths: [(path: String, base: Double, text: String, unit: String, group: Int)] = []
        var entries: [String: ParameterEntry] = [:]
        for entry in base.parameterEntries() { entries[entry.path] = entry }
        for (g, group) in MultiplierGroup.all.enumerated() {
            for relative in group.paths {
                let province = "simulation." + relative
                let target = options.county.map { "simulation.county_overrides.\($0).\(relative)" } ?? province
                guard let parameter = entries[target] ?? entries[province], let value = Double(parameter.value) else {
                    throw TargetFitError("scenario '\(base.id)' has no number at \(province)")
                }
                paths.append((target, value, parameter.value, parameter.unit, g))
            }
        }
        func overrides(_ theta: [Double]) -> [(path: String, value: String, base: String, group: Int)] {
            paths.map { entry in
                let value = entry.base * exp(theta[entry.group])
                let text = entry.unit == "yuan" ? String(format: "%.2f", value) : String(format: "%.6f", value)
                return (entry.path, text, entry.text, entry.group)
            }
        }
        let lower = log(0.2), upper = log(5.0)
        var count = 0
        func evaluate(_ raw: [Double]) throws -> Evaluation {
            let theta = raw.map { min(upper, max(lower, $0)) }
            count += 1
            let scenario = try load(overrides(theta).map { ParameterOverride(path: $0.path, value: $0.value, origin: "calibrate --targets") })
            let (mean, se) = try Self.simulate(scenario, targets: targets, options: options)
            var objective = options.penalty * theta.reduce(0) { $0 + $1 * $1 }
            for (i, target) in targets.enumerated() {
                let scale = target.value > 0 ? target.value : 1
                let r = (mean[i] - target.value) / scale
                objective += target.weight * r * r
            }
            return Evaluation(multipliers: theta.map { exp($0) }, simulated: mean, standardErrors: se, objective: objective)
        }
        let n = targets.count, p = MultiplierGroup.all.count
        let weights = targets.map { $0.weight / pow($0.value > 0 ? $0.value : 1, 2) }
        func jacobianAt(_ point: Evaluation) throws -> [[Double]] {
            let theta = point.multipliers.map { log($0) }
            var jacobian = [[Double]](repeating: [Double](repeating: 0, count: p), count: n)
            for j in 0..<p {
                var moved = theta
                moved[j] += theta[j] + Self.step > upper ? -Self.step : Self.step
                let e = try evaluate(moved)
                for i in 0..<n { jacobian[i][j] = (e.simulated[i] - point.simulated[i]) / (moved[j] - theta[j]) }
            }
            return jacobian
        }
        // Levenberg–Marquardt on θ: solve (JᵀWJ + (λ + μ)I) δ = −(JᵀW r + λθ), accept δ when the objective falls.
        var best = try evaluate([Double](repeating: 0, count: p))
        var jacobian = try jacobianAt(best)
        var damping = 1e-3
        while count + 1 <= options.maxEvaluations {
            let theta = best.multipliers.map { log($0) }
            var normal = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            var gradient = [Double](repeating: 0, count: p)
            for a in 0..<p {
                for i in 0..<n {
                    gradient[a] += jacobian[i][a] * weights[i] * (best.simulated[i] - targets[i].value)
                    for b in 0..<p { normal[a][b] += jacobian[i][a] * weights[i] * jacobian[i][b] }
                }
                gradient[a] += options.penalty * theta[a]
                normal[a][a] += options.penalty + damping * max(normal[a][a], 1e-6)
            }
            let inverse = Self.invert(normal)
            let delta = (0..<p).map { a in -(0..<p).reduce(0) { $0 + inverse[a][$1] * gradient[$1] } }
            let proposal = (0..<p).map { min(upper, max(lower, theta[$0] + delta[$0])) }
            let moved = (0..<p).map { abs(proposal[$0] - theta[$0]) }.max() ?? 0
            if moved < Self.tolerance { break }
            let trial = try evaluate(proposal)
            if trial.objective < best.objective {
                best = trial
                damping = max(1e-6, damping / 4)
                if count + p > options.maxEvaluations { break }
                jacobian = try jacobianAt(best)
            } else {
                damping *= 8
                if damping > 1e6 { break }
            }
        }
        let theta = best.multipliers.map { log($0) }
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var meat = hessian
        for a in 0..<p {
            for b in 0..<p {
                for i in 0..<n {
                    let scale = targets[i].value > 0 ? targets[i].value : 1
                    let w = targets[i].weight / (scale * scale)
                    hessian[a][b] += jacobian[i][a] * w * jacobian[i][b]
                    meat[a][b] += jacobian[i][a] * w * best.standardErrors[i] * best.standardErrors[i] * w * jacobian[i][b]
                }
            }
            hessian[a][a] += options.penalty
        }
        let inverse = Self.invert(hessian)
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for a in 0..<p { for b in 0..<p { for c in 0..<p { for d in 0..<p { covariance[a][b] += inverse[a][c] * meat[c][d] * inverse[d][b] } } } }
        self.targets = targets
        self.best = best
        multipliers = best.multipliers
        logStandardErrors = (0..<p).map { sqrt(max(0, covariance[$0][$0])) }
        evaluations = count
        fittedValues = overrides(theta)
        self.options = options
    }

    /// Runs the scenario (point values, the options' seed, draws and county) and returns each
    /// target's mean over draws and its standard error.
    public static func simulate(_ scenario: Scenario, targets: [CalibrationTarget], options: Options) throws -> ([Double], [Double]) {
        guard let simulation = scenario.simulation else { throw TargetFitError("scenario '\(scenario.id)' has no simulation section") }
        let model = simulation.model
        let county = options.county.flatMap { id in model.population.counties.firstIndex { $0.region.id == id } }
        let configuration = RunConfiguration(seed: options.seed, draws: options.draws, threads: options.threads, years: options.years,
                                             parameterUncertainty: false, onlyCounties: county.map { [$0] })
        let population: (any PopulationProjection)? = model.cohort == nil ? nil
            : try CohortPopulation(model: model, years: options.years, baseYear: scenario.years.lowerBound)
        let runner = try MonteCarloRunner(plan: scenario.plan, model: model, fiscal: scenario.fiscal, configuration: configuration,
                                          population: population, catastrophicShare: simulation.catastrophicShare)
        let layout = runner.layout
        let counties = model.population.counties.count
        let tiers = scenario.plan.tiers.count
        let slots = (admissions: layout.index(.admissions), people: layout.index(.registeredPoor),
                     cost: layout.index(.totalCost), oop: layout.index(.outOfPocket))
        var perDraw: [[Double]] = []
        try runner.run { result in
            var admissions = 0.0, people = 0.0, cost = 0.0, oop = 0.0
            var tier = [Double](repeating: 0, count: tiers)
            for y in options.years.indices {
                for c in 0..<counties where county == nil || county == c {
                    let row = (y * counties + c) * layout.count
                    admissions += result.values[row + slots.admissions]
                    people += result.values[row + slots.people]
                    cost += result.values[row + slots.cost]
                    oop += result.values[row + slots.oop]
                    for t in 0..<tiers { tier[t] += result.values[row + t] }
                }
            }
            perDraw.append(targets.map { target in
                switch target.kind {
                case .admissionRate: people > 0 ? admissions / people : .nan
                case .outOfPocketShare: cost > 0 ? oop / cost : .nan
                case .threeLayerRatio: cost > 0 ? (tier[0] + tier[1] + tier[2]) / cost : .nan
                case .tierPerPerson(let t): people > 0 ? tier[t] / people : .nan
                }
            })
        }
        let d = Double(perDraw.count)
        var mean = [Double](repeating: 0, count: targets.count)
        var se = mean
        for i in targets.indices {
            let values = perDraw.map { $0[i] }
            mean[i] = values.reduce(0, +) / d
            let variance = d > 1 ? values.reduce(0) { $0 + ($1 - mean[i]) * ($1 - mean[i]) } / (d - 1) : 0
            se[i] = sqrt(variance / d)
        }
        return (mean, se)
    }

    /// Inverts a small symmetric positive-definite matrix (Gauss–Jordan with partial pivoting).
    static func invert(_ matrix: [[Double]]) -> [[Double]] {
        let n = matrix.count
        var a = matrix
        var inverse = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for col in 0..<n {
            let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            a.swapAt(col, pivot)
            inverse.swapAt(col, pivot)
            let d = a[col][col]
            guard d != 0 else { continue }
            for k in 0..<n { a[col][k] /= d; inverse[col][k] /= d }
            for row in 0..<n where row != col {
                let f = a[row][col]
                for k in 0..<n { a[row][k] -= f * a[col][k]; inverse[row][k] -= f * inverse[col][k] }
            }
        }
        return inverse
    }

    /// The remaining misfit, one row per target: `target, unit, value, simulated,
    /// simulated_se, misfit, relative_misfit, z, source` (`targets-fit.csv`), then one
    /// row per multiplier: `multiplier:ID, ratio, 1, value, log_se, …`.
    public var csv: String {
        var text = "target,unit,value,simulated,simulated_se,misfit,relative_misfit,z,source\n"
        for (i, target) in targets.enumerated() {
            let misfit = best.simulated[i] - target.value
            let relative = target.value > 0 ? misfit / target.value : .nan
            let z = best.standardErrors[i] > 0 ? misfit / best.standardErrors[i] : .nan
            text += [target.id, target.unit, FitReport.number(target.value), FitReport.number(best.simulated[i]),
                     FitReport.number(best.standardErrors[i]), FitReport.number(misfit), FitReport.number(relative),
                     FitReport.number(z), Self.quoted(target.source)].joined(separator: ",") + "\n"
        }
        for (j, group) in MultiplierGroup.all.enumerated() {
            text += ["multiplier:\(group.id)", "multiplier", "", FitReport.number(multipliers[j]),
                     FitReport.number(logStandardErrors[j]), "", "", "", Self.quoted("fitted; simulated_se is the standard error of its logarithm")]
                .joined(separator: ",") + "\n"
        }
        return text
    }

    /// Targets whose remaining misfit is more than 3 Monte Carlo standard errors.
    public var misfitTargets: [Int] {
        targets.indices.filter { i in
            let se = best.standardErrors[i]
            let misfit = abs(best.simulated[i] - targets[i].value)
            return se > 0 ? misfit > 3 * se : misfit > 1e-9 * max(1, targets[i].value)
        }
    }

    /// A short text summary.
    public var summary: String {
        var text = "fitted \(MultiplierGroup.all.count) multipliers to \(targets.count) targets in \(evaluations) evaluations "
            + "(\(options.draws) draws each, seed \(options.seed)\(options.county.map { ", county \($0)" } ?? ", the province"))\n"
        for (j, group) in MultiplierGroup.all.enumerated() {
            text += "  \(group.id) × \(FitReport.number(multipliers[j])) (log standard error \(FitReport.number(logStandardErrors[j])))\n"
        }
        for (i, target) in targets.enumerated() {
            text += "  \(target.id): target \(FitReport.number(target.value)), simulated \(FitReport.number(best.simulated[i])) "
                + "± \(FitReport.number(best.standardErrors[i]))\n"
        }
        let off = misfitTargets
        if off.isEmpty {
            text += "every target is met within 3 Monte Carlo standard errors\n"
        } else {
            text += "misfit: \(off.map { targets[$0].id }.joined(separator: ", ")) not met within 3 Monte Carlo standard errors; "
                + "the targets are inconsistent with each other under this model, or need parameters the fit does not move\n"
        }
        return text
    }

    static func quoted(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// The overlay that applies the fit: `extends` the base, sets every multiplied value with its source.
    /// `extends` is the base as the overlay file should name it (a built-in name or a path relative to the overlay).
    public func overlay(extends base: String, baseID: String, baseTitle: String, targetsName: String, targetsSHA256: String) -> String {
        func yamlString(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        let id = String((baseID + "-targets").prefix(64))
        var text = "# Written by `fundsim calibrate --targets`: multipliers on utilisation and costs fitted to published aggregates.\n"
        text += "extends: \(yamlString(base))\n"
        text += "scenario: {id: \(id), title: \(yamlString(baseTitle + ", fitted to " + targetsName))}\n"
        text += "set:\n"
        for entry in fittedValues {
            let group = MultiplierGroup.all[entry.group]
            let source = "fitted to targets \(targetsName) (sha256 \(targetsSHA256), \(targets.map(\.id).joined(separator: ", "))): "
                + "\(group.id) multiplier \(FitReport.number(multipliers[entry.group])) × \(entry.base)"
            text += "  \(entry.path): {value: \(entry.value), source: \(yamlString(source))}\n"
        }
        return text
    }
}

/// A fit that cannot start: no simulation section, an unknown county, a missing parameter.
public struct TargetFitError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var description: String
    init(_ description: String) { self.description = description }
}
