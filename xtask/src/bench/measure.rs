//! Timing a command: wall clock of whole processes (start included), the median and the fastest of N runs
//! after one warm-up run, and the child's peak resident memory from one more run under GNU time
//! (`/usr/bin/time -f %M`, the `ru_maxrss` that `wait4` returns for that child). The memory run is separate
//! so the timed runs carry no extra process; without GNU time the memory is reported as unknown.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;

const GNU_TIME: &str = "/usr/bin/time";

/// One timed command.
#[derive(Debug, Clone)]
pub(super) struct Timing {
    pub(super) runs: usize,
    pub(super) median: Duration,
    pub(super) min: Duration,
    /// The exit code of the last run (`None`: killed by a signal).
    pub(super) code: Option<i32>,
    /// The child's maximum resident set size, in kilobytes.
    pub(super) peak_kb: Option<u64>,
}

/// Whether GNU time is there to report a child's peak memory.
pub(super) fn gnu_time_available() -> bool {
    Command::new(GNU_TIME)
        .args(["-f", "%M", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Whether `program --version` runs.
pub(super) fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs `command()` once to warm the page cache, `runs` times timed, and once under GNU time when
/// `memory_file` is given.
pub(super) fn time(
    runs: usize,
    memory_file: Option<&Path>,
    command: impl Fn() -> Command,
) -> anyhow::Result<Timing> {
    time_runs(1, runs, memory_file, command)
}

/// [`time`] without the warm-up run, for a slow command over files other runs have just read.
pub(super) fn time_warm(
    runs: usize,
    memory_file: Option<&Path>,
    command: impl Fn() -> Command,
) -> anyhow::Result<Timing> {
    time_runs(0, runs, memory_file, command)
}

fn time_runs(
    warm_up: usize,
    runs: usize,
    memory_file: Option<&Path>,
    command: impl Fn() -> Command,
) -> anyhow::Result<Timing> {
    let mut times = Vec::with_capacity(runs);
    let mut code = None;
    for run in 0..warm_up + runs {
        let started = Instant::now();
        let status = command()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .with_context(|| format!("running {}", command().get_program().display()))?;
        let elapsed = started.elapsed();
        code = status.code();
        // The warm-up runs fill the page cache and are not counted.
        if run >= warm_up {
            times.push(elapsed);
        }
    }
    times.sort();
    let peak_kb = match memory_file {
        Some(file) => peak_memory(file, &command())?,
        None => None,
    };
    Ok(Timing {
        runs,
        median: times[times.len() / 2],
        min: times[0],
        code,
        peak_kb,
    })
}

/// The peak resident memory of one run of `command`, in kilobytes, as GNU time reports it.
fn peak_memory(file: &Path, command: &Command) -> anyhow::Result<Option<u64>> {
    let _ = fs::remove_file(file);
    let status = Command::new(GNU_TIME)
        .args(["-f", "%M", "-o"])
        .arg(file)
        .arg(command.get_program())
        .args(command.get_args())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("running /usr/bin/time")?;
    // GNU time writes the figure whatever the exit code; a failed start leaves no number.
    let _ = status;
    Ok(fs::read_to_string(file)
        .ok()
        .and_then(|text| text.lines().last()?.trim().parse().ok()))
}
