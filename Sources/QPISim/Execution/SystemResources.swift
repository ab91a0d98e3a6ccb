#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The two facts about the machine the simulator needs: how many cores to use by default
/// and how much memory a statevector may take. Read once through `sysconf` (glibc answers
/// the core count from sysfs, which is too slow to ask on every run of a small circuit).
enum SystemResources {
    static let activeProcessorCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Physical memory in bytes, or nil when the system does not say.
    static let physicalMemory: Int? = {
        let pages = Int(sysconf(Int32(_SC_PHYS_PAGES)))
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        return pages > 0 && pageSize > 0 ? pages * pageSize : nil
    }()
}
