//! Running independent per-school work on all processor cores, with results in input order.
//!
//! Each item is processed by exactly one thread, and nothing an item computes depends on
//! which thread ran it or when, so the results are the same as a serial run. Results are
//! handed back, and reported through the callback, in input order: the console shows the
//! same lines in the same order whatever the timing.

use std::sync::Mutex;
use std::sync::mpsc;
use std::thread;

/// Maps `work` over `items` on up to one thread per core and returns the results in order.
pub fn map_in_order<T, R, W>(items: Vec<T>, work: W) -> Vec<R>
where
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
{
    map_reporting(items, work, |_, _| {})
}

/// As [`map_in_order`], and calls `done` with each result's index and result in input
/// order, as soon as it and every result before it are finished. `done` runs on the calling
/// thread, so it may print.
pub fn map_reporting<T, R, W, D>(items: Vec<T>, work: W, mut done: D) -> Vec<R>
where
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    D: FnMut(usize, &R),
{
    let count = items.len();
    let workers = worker_count(count);
    if workers <= 1 {
        return serial(items, &work, &mut done);
    }
    let queue = Mutex::new(items.into_iter().enumerate());
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    let mut results: Vec<Option<R>> = (0..count).map(|_| None).collect();
    thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let queue = &queue;
            let work = &work;
            scope.spawn(move || {
                while let Some((index, item)) = next_item(queue) {
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut reported = 0;
        for (index, result) in receiver {
            results[index] = Some(result);
            while let Some(Some(result)) = results.get(reported) {
                done(reported, result);
                reported += 1;
            }
        }
    });
    // Every index was sent exactly once unless a worker panicked, and a panic in a scoped
    // thread is raised again when the scope ends, so no result is missing here.
    results.into_iter().flatten().collect()
}

fn serial<T, R>(items: Vec<T>, work: &impl Fn(T) -> R, done: &mut impl FnMut(usize, &R)) -> Vec<R> {
    let mut results = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let result = work(item);
        done(index, &result);
        results.push(result);
    }
    results
}

fn next_item<I: Iterator>(queue: &Mutex<I>) -> Option<I::Item> {
    match queue.lock() {
        Ok(mut items) => items.next(),
        // A worker that panicked while holding the lock; the panic reaches the caller when
        // the scope ends, so the other workers just stop.
        Err(_) => None,
    }
}

/// Returns one worker per available core, never more than there are items.
fn worker_count(items: usize) -> usize {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_and_reports_come_in_input_order() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        let results = map_reporting(
            items,
            |n| {
                // Uneven work, so later items often finish first.
                let spin = (200 - n) * 1000;
                (0..spin).fold(n, |a, b| a.wrapping_add(b % 3))
                    - (0..spin).map(|b| b % 3).sum::<u64>()
            },
            |index, result| seen.push((index, *result)),
        );
        let expected: Vec<u64> = (0..200).collect();
        assert_eq!(results, expected);
        assert_eq!(
            seen.iter().map(|(i, _)| *i as u64).collect::<Vec<_>>(),
            expected
        );
        assert_eq!(seen.iter().map(|(_, r)| *r).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn empty_input_gives_empty_output() {
        let results: Vec<u32> = map_in_order(Vec::<u32>::new(), |n| n);
        assert!(results.is_empty());
    }
}
