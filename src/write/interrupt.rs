//! The interrupt flag: set by Ctrl-C, read before every write and before a commit.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the Ctrl-C handler: writes stop and the staging folder is removed.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Asks running builds to stop at their next write (Ctrl-C).
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// True once [`interrupt`] has been called.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
