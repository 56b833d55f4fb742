//! Settings of the C allocator for a long-running server. glibc only; elsewhere they do nothing.
//!
//! glibc keeps memory it was given back by `free` for later, in one arena per thread that
//! allocates (up to eight per core): the start-up's transient work (parsing the gap finder's
//! knowledge, building the OpenAPI document) and every blocking thread's bursts would otherwise
//! stay resident for the life of the process.

/// Caps the arenas at two: the blocking threads share them instead of each keeping its own.
pub fn share_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a setting of the allocator; called before any thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Gives the free memory of every arena back to the system (after start-up).
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim is thread-safe and only returns unused pages.
    unsafe {
        libc::malloc_trim(0);
    }
}
