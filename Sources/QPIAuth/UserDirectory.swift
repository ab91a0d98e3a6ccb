#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Looks users up in the system's passwd database (files, LDAP, … as NSS is configured).
///
/// Uses the reentrant `getpwuid_r`/`getpwnam_r`, so it is safe from any thread. Each lookup
/// may block on NSS (a directory server, for example).
public struct UserDirectory: Sendable {
    /// A directory over the system's passwd database.
    public init() {}

    /// The login name of `uid`; `uid<N>` (for example `uid4242`) when the database has no
    /// entry, so a credential from an unknown user still has a stable, printable name.
    public func name(for uid: UInt32) -> String {
        let entry = Self.lookUp { entry, buffer, size, result in
            getpwuid_r(uid, entry, buffer, size, result)
        }
        return entry?.name ?? "uid\(uid)"
    }

    /// The uid of the user called `name`, or nil when there is no such user.
    public func uid(for name: String) -> UInt32? {
        let entry = Self.lookUp { entry, buffer, size, result in
            getpwnam_r(name, entry, buffer, size, result)
        }
        return entry?.uid
    }

    private typealias Query = (
        UnsafeMutablePointer<passwd>,
        UnsafeMutablePointer<CChar>,
        Int,
        UnsafeMutablePointer<UnsafeMutablePointer<passwd>?>
    ) -> Int32

    /// Runs `query` with a buffer that grows while the entry does not fit (bounded at 1 MiB).
    private static func lookUp(_ query: Query) -> (name: String, uid: UInt32)? {
        var size = 1024
        while size <= 1 << 20 {
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            var buffer = [CChar](repeating: 0, count: size)
            let status = buffer.withUnsafeMutableBufferPointer { buffer in
                query(&entry, buffer.baseAddress!, buffer.count, &result)
            }
            if status == ERANGE {
                size *= 2
                continue
            }
            guard status == 0, result != nil, let name = entry.pw_name else { return nil }
            // The strings in `entry` point into `buffer`, alive until this scope ends.
            return (String(cString: name), entry.pw_uid)
        }
        return nil
    }
}
