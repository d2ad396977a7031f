//! Independent trainings on every core: job i runs on thread i mod workers, results come back
//! in job order (so the output never depends on the thread count).

/// Threads to use when the user names none: every core.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `job(i)` for i in 0..jobs on `workers` threads; `None` for a job whose thread panicked
/// (a bug, reported by the caller rather than re-panicking here).
pub fn map<R: Send>(jobs: usize, workers: usize, job: impl Fn(usize) -> R + Sync) -> Vec<Option<R>> {
    let workers = workers.clamp(1, jobs.max(1));
    let mut slots: Vec<Option<R>> = (0..jobs).map(|_| None).collect();
    let job = &job;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| scope.spawn(move || (w..jobs).step_by(workers).map(|i| (i, job(i))).collect::<Vec<_>>()))
            .collect();
        for handle in handles {
            for (i, result) in handle.join().unwrap_or_default() {
                slots[i] = Some(result);
            }
        }
    });
    slots
}
