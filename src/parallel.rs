//! Work spread over the machine's cores. A leaf: every stage may use it
//! (parsing files, compiling patterns) without depending on another.

/// Maps `f` over `0..n` on up to all available cores, keeping order.
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
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
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
            });
        }
    });
    slots.into_iter().flatten().collect()
}

/// Runs `a` on a thread of its own and `b` on this one.
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let first = scope.spawn(a);
        let second = b();
        (
            first
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            second,
        )
    })
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
