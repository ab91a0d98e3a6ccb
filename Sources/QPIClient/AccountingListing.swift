import Foundation
import QPICore
import QPIWire

/// What `qacct`, `qres requests` and `qctl request` print, as pure functions of the
/// controller's answers.
public enum AccountingListing {
    static let jobColumns: [TextTable.Column] = [
        .init("JOBID", .right), .init("NAME"), .init("USER"), .init("QPU"), .init("STATE"), .init("START"),
        .init("END"), .init("QPU_SECONDS", .right),
    ]

    static let userColumns: [TextTable.Column] = [
        .init("USER"), .init("JOBS", .right), .init("USED_SECONDS", .right), .init("BALANCE", .right),
    ]

    /// `qacct`: per-job usage (sacct's layout), then per-user totals and balances.
    public static func report(_ answer: AccountingRequest.Response, header: Bool = true) -> String {
        var jobs = TextTable(columns: Self.jobColumns)
        for job in answer.jobs { jobs.append(Self.jobRow(job)) }
        var users = TextTable(columns: Self.userColumns)
        for user in answer.users { users.append(Self.userRow(user)) }
        return jobs.render(header: header) + "\n" + users.render(header: header)
    }

    /// `qacct --parsable`: the same two tables, `|`-separated, without padding.
    public static func parsableReport(_ answer: AccountingRequest.Response, header: Bool = true) -> String {
        func lines(_ columns: [TextTable.Column], _ rows: [[String]]) -> String {
            let all = (header ? [columns.map(\.title)] : []) + rows
            return all.map { $0.joined(separator: "|") + "\n" }.joined()
        }
        return lines(Self.jobColumns, answer.jobs.map(Self.jobRow)) + "\n"
            + lines(Self.userColumns, answer.users.map(Self.userRow))
    }

    static func jobRow(_ job: JobUsage) -> [String] {
        [
            job.reference.description, JobListing.truncated(job.name, 12), JobListing.truncated(job.user, 10),
            job.qpu ?? "",
            job.state.rawValue, job.startTime.map(JobListing.timestamp) ?? "Unknown",
            job.endTime.map(JobListing.timestamp) ?? "Unknown", Self.seconds(job.qpuSeconds),
        ]
    }

    static func userRow(_ user: UserBalance) -> [String] {
        [user.user, String(user.jobs), Self.seconds(user.usedSeconds), Self.balance(user.balance)]
    }

    /// `qres requests`: one line per time request.
    public static func timeRequests(_ requests: [QPUTimeRequest], header: Bool = true) -> String {
        var table = TextTable(columns: [
            .init("ID", .right), .init("USER"), .init("SECONDS", .right), .init("STATE"), .init("CREATED"),
            .init("DECIDED_BY"), .init("NOTE"), .init("REASON"),
        ])
        for request in requests {
            table.append([
                String(request.id), request.user, Self.seconds(request.seconds), request.state.rawValue,
                JobListing.timestamp(request.createdAt), request.decidedBy ?? "", request.note ?? "", request.reason,
            ])
        }
        return table.render(header: header)
    }

    /// A balance as printed: `unlimited`, or seconds with at most 3 decimals.
    public static func balance(_ value: Double?) -> String {
        value.map(Self.seconds) ?? "unlimited"
    }

    /// Seconds with 3 decimals, the precision of the executors' clocks worth showing.
    static func seconds(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}
