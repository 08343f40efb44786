//! Work spread over the machine's cores. A leaf: every stage may use it
//! (parsing files, compiling patterns) without depending on another.

/// Maps `f` over `0..n` on up to all available cores, keeping order.
/// Where no thread can be started, the work is done on this one.
pub(crate) fn map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .min(n);
    if threads <= 1 {
        return (0..n).map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<T>> = (0..n).map(|_| None).collect();
    let results = std::sync::Mutex::new(&mut slots);
    let work = || {
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if i >= n {
                break;
            }
            let value = f(i);
            if let Ok(mut r) = results.lock() {
                r[i] = Some(value);
            }
        }
    };
    std::thread::scope(|scope| {
        let started: Vec<_> = (0..threads)
            .filter_map(|_| spawn(scope, work).ok())
            .collect();
        if started.is_empty() {
            work();
        }
        // Joined, not only waited for (as the scope's end does): a joined
        // thread has ended, and glibc's heap ("arena") it allocated in is
        // free for the next thread started. A thread that had not quite
        // ended made the next one start a new arena, where the memory freed
        // before could not be used again: `topoc check`'s peak at 1,000
        // sites was 360 MB or 415 MB, run to run.
        for thread in started {
            if let Err(panic) = thread.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    slots.into_iter().flatten().collect()
}

/// Runs `a` on a thread of its own and `b` on this one; where no thread
/// can be started, `a` then `b` on this one.
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    // Taken by whichever thread runs it.
    let a = std::sync::Mutex::new(Some(a));
    let take = || {
        a.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    };
    let (first, second) = std::thread::scope(|scope| match spawn(scope, || take().map(|a| a())) {
        Ok(first) => {
            let second = b();
            let first = first
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (first, second)
        }
        Err(_) => {
            let first = take().map(|a| a());
            (first, b())
        }
    });
    (
        first.expect("`a` runs once, on the thread that took it"),
        second,
    )
}

/// Starts a thread in `scope` (named, as every thread topoc starts).
fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> std::io::Result<std::thread::ScopedJoinHandle<'scope, T>> {
    #[cfg(test)]
    if tests::NO_THREADS.get() {
        return Err(std::io::Error::other("no threads in this test"));
    }
    std::thread::Builder::new()
        .name("topoc-work".into())
        .spawn_scoped(scope, f)
}
/// Whether [`drop_aside`] frees on a thread of its own.
static ASIDE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Lets [`drop_aside`] free on threads of their own: for a process that
/// ends soon after its work (a command of the command line), which need
/// not wait for its memory to be freed. Off by default: a library, its
/// tests and fuzzing (whose leak checks see a thread still freeing at
/// exit) and a server that runs on (the language server) free in place.
pub fn free_aside(on: bool) {
    ASIDE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Drops `value`: where [`free_aside`] is on, on a thread of its own, off
/// the caller's path (freeing a thousand files' syntax trees takes tens of
/// milliseconds that nothing waits for); otherwise, or where no thread can
/// be started, here.
pub(crate) fn drop_aside<T: Send + 'static>(value: T) {
    if !ASIDE.load(std::sync::atomic::Ordering::Relaxed) {
        return drop(value);
    }
    // On failure the closure, and the value with it, is dropped here.
    let _ = std::thread::Builder::new()
        .name("topoc-drop".into())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    thread_local! {
        /// Whether [`super::spawn`] fails on this thread, as it does where
        /// the system allows no more threads.
        pub static NO_THREADS: Cell<bool> = const { Cell::new(false) };
    }

    fn both_ways(check: impl Fn()) {
        check();
        NO_THREADS.set(true);
        check();
        NO_THREADS.set(false);
    }

    #[test]
    fn map_keeps_order_with_or_without_threads() {
        both_ways(|| {
            let squares = super::map(1_000, |i| i * i);
            assert_eq!(squares, (0..1_000).map(|i| i * i).collect::<Vec<_>>());
        });
    }

    #[test]
    fn join_runs_both_with_or_without_threads() {
        both_ways(|| {
            let ran = std::sync::atomic::AtomicUsize::new(0);
            let (a, b) = super::join(
                || {
                    ran.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    "a"
                },
                || "b",
            );
            assert_eq!((a, b), ("a", "b"));
            assert_eq!(ran.load(std::sync::atomic::Ordering::Relaxed), 1);
        });
    }

    #[test]
    fn a_panic_on_the_other_thread_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| super::join(|| panic!("in a"), || 1));
        assert!(caught.is_err());
    }

    #[test]
    fn a_panic_in_a_mapped_item_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            super::map(100, |i| {
                assert_ne!(i, 57, "item 57");
                i
            })
        });
        assert!(caught.is_err());
    }
}
